"""The preview (`mkdocs serve`, what `make serve` runs) shows what is wrong with the data
on the page the owner is looking at, and the site again once it is fixed: no request
waits for a build that cannot finish. A real server process, fetched over HTTP."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import copy_project

from lazyathlete.data import DATA_FILE

PAGE = "exercises/clamshell/"  # any page: the owner may be looking at any of them
NEVER_A_PAGE = "no-such-page/"
WAIT = 30  # seconds a build may take on a slow machine; a working preview answers long before
ASK = 10  # seconds one request may take: a request that waits for a build that cannot finish fails here


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def serving(project: Path) -> Iterator[str]:
    port = free_port()
    command = [sys.executable, "-m", "mkdocs", "serve", "--strict", "--dev-addr", f"127.0.0.1:{port}"]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(project)}
    server = subprocess.Popen(command, cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        os.killpg(server.pid, signal.SIGINT)  # Ctrl-C, as the owner stops it
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


# (status, HTML) of one request, which must be answered within ASK seconds.
def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=ASK) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


# The page once it shows `wanted`; every request on the way is answered within ASK seconds.
def page_showing(url: str, wanted: str) -> tuple[int, BeautifulSoup]:
    deadline = time.monotonic() + WAIT
    seen = ""
    while time.monotonic() < deadline:
        try:
            status, html = fetch(url)
        except ConnectionError:  # the server is still starting
            time.sleep(0.2)
            continue
        except (TimeoutError, urllib.error.URLError) as error:
            if isinstance(error, urllib.error.URLError) and isinstance(error.reason, ConnectionRefusedError):
                time.sleep(0.2)
                continue
            pytest.fail(f"{url}: no answer within {ASK} s: the preview is stuck")
        soup = BeautifulSoup(html, "lxml")
        seen = " ".join(soup.get_text(" ").split())
        if wanted in seen:
            return status, soup
        time.sleep(0.2)
    pytest.fail(f"{url} did not show {wanted!r} within {WAIT} s; it showed: {seen[:400]!r}")


def break_field(project: Path) -> int:
    """Misspell the clamshell's key_cue, as a person might; the line it is on."""
    path = project / DATA_FILE
    lines = path.read_text(encoding="utf-8").split("\n")
    start = lines.index("  - slug: clamshell")
    at = next(i for i in range(start, len(lines)) if lines[i].startswith("    key_cue:"))
    lines[at] = lines[at].replace("key_cue:", "key_queue:")
    path.write_text("\n".join(lines), encoding="utf-8")
    return at + 1


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def test_a_broken_save_shows_the_problem_with_its_line_and_the_fix_brings_the_page_back(project):
    good = (project / DATA_FILE).read_text(encoding="utf-8")
    with serving(project) as root:
        status, soup = page_showing(root + PAGE, "Clamshell")
        assert status == 200 and soup.h1 is not None and "Clamshell" in soup.h1.get_text()

        line = break_field(project)
        status, soup = page_showing(root + PAGE, "to fix in data/glutes.yml")
        text = " ".join(soup.get_text(" ").split())
        assert f"data/glutes.yml, line {line}" in text, text
        assert "key_queue" in text and "clamshell" in text
        # The same page at every address, the home page and one never written included.
        for address in ("", "routines/", NEVER_A_PAGE):
            assert "to fix in data/glutes.yml" in page_showing(root + address, "to fix in")[1].get_text()

        (project / DATA_FILE).write_text(good, encoding="utf-8")
        status, soup = page_showing(root + PAGE, "Clamshell")
        assert status == 200 and "to fix in" not in soup.get_text()


def test_a_preview_started_on_broken_data_starts_and_shows_the_problem(project):
    line = break_field(project)
    with serving(project) as root:
        _, soup = page_showing(root + PAGE, "to fix in data/glutes.yml")
        assert f"line {line}" in soup.get_text()


# The problem page reloads itself: the server's live reload on every page it has,
# and a timed reload on the not-found page (the server adds no script there).
def test_the_problem_page_reloads_itself_once_the_data_is_fixed(project):
    break_field(project)
    with serving(project) as root:
        _, soup = page_showing(root + PAGE, "to fix in")
        assert any("livereload" in (script.string or "") for script in soup.find_all("script"))
        _, soup = page_showing(root + NEVER_A_PAGE, "to fix in")
        refresh = soup.find("meta", attrs={"http-equiv": "refresh"})
        assert refresh is not None and 0 < int(refresh["content"]) <= 5


def test_data_text_on_the_problem_page_is_text(project):
    path = project / DATA_FILE
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  - slug: clamshell\n", "  - slug: clamshell\n    <script>alert(1)</script>: 1\n", 1), encoding="utf-8")
    with serving(project) as root:
        _, soup = page_showing(root + PAGE, "to fix in")
        assert "<script>alert(1)</script>" in soup.get_text()
        assert not any("alert" in (script.string or "") for script in soup.find_all("script"))


def test_a_build_with_broken_data_still_writes_nothing(project):
    break_field(project)
    result = subprocess.run([sys.executable, "-m", "lazyathlete", "build"], cwd=project, capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(project)})  # fmt: skip
    assert result.returncode != 0
    assert "key_queue" in result.stdout + result.stderr
    assert not (project / "site").exists()


# Not only the data: any check that stops a build (here, a hand-written page at an
# exercise's address) is shown the same way, and removing the cause brings the site back.
def test_a_page_clashing_with_an_exercise_is_shown_and_removing_it_brings_the_site_back(project):
    clash = project / "docs" / "exercises" / "clamshell.md"
    with serving(project) as root:
        page_showing(root + PAGE, "Clamshell")
        clash.write_text("# My own clamshell page\n", encoding="utf-8")
        _, soup = page_showing(root + PAGE, "to fix")
        text = " ".join(soup.get_text(" ").split())
        assert "docs/exercises/clamshell.md" in text and "rename or delete the hand-written file" in text
        clash.unlink()
        status, soup = page_showing(root + PAGE, "Clamshell")
        assert status == 200 and "to fix" not in soup.get_text()
