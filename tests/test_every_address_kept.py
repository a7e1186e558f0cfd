"""Every address the site has ever had keeps working, not only those someone listed by hand.

The build keeps data/addresses.txt itself: each page address a real build writes is added the
first time it appears (nothing else in the file changes), and a later build where one of them
would stop leading to a page stops with the fix: `former_slugs` after a rename, a line under
`gone:` after a removal. The home page's exercises are lists in the data, so renaming one is a
plain message about the data, never a broken page.
"""

from __future__ import annotations

import copy
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from bs4 import BeautifulSoup
from conftest import article, build_error, build_site, page_path, write_data
from test_addresses import exercise, name_anew, twin_of
from test_links import redirect_target
from tools.project import ROOT

from lazyathlete.__main__ import COMMANDS
from lazyathlete.data import DATA_FILE
from lazyathlete.site.links import PUBLISHED_URLS

ADDRESSES = Path("data") / "addresses.txt"  # the list the build keeps, beside published-urls.txt


def make_build(project: Path) -> subprocess.CompletedProcess[str]:
    """`python -m lazyathlete build` in the project, as the owner runs it (what `make build` runs)."""
    return subprocess.run([sys.executable, "-m", "lazyathlete", "build"], cwd=project, capture_output=True,
                          text=True, timeout=600)


def line_of(project: Path, text: str) -> int:
    """The line of the project's data file holding `text` (1 for the first line)."""
    lines = (project / "data" / "glutes.yml").read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if text in line)


def published(project: Path) -> str:
    return (project / PUBLISHED_URLS).read_text(encoding="utf-8")


# --- A rename and a removal of pages nobody listed ----------------------------------------------------


def test_a_renamed_page_that_was_never_listed_stops_the_build_until_former_slugs_is_added(project_copy, raw_data, caplog):
    assert "/exercises/donkey-kick/" not in published(project_copy)  # only the build's own list knows it
    data = copy.deepcopy(raw_data)
    exercise(data, "donkey-kick")["slug"] = "donkey-kicks"
    name_anew(data, "donkey-kick", "donkey-kicks")  # every reference updated, as the owner would
    write_data(project_copy, data)
    message = build_error(project_copy, caplog)
    line = line_of(project_copy, "slug: donkey-kicks")
    for words in ("The page /exercises/donkey-kick/ was published and would disappear",
                  f"'donkey-kicks', line {line} of data/glutes.yml", "`former_slugs: [donkey-kick]`",
                  "under `gone:` in data/glutes.yml"):
        assert words in message, f"{words!r} not in: {message}"
    assert "Traceback" not in message

    exercise(data, "donkey-kicks")["former_slugs"] = ["donkey-kick"]  # as the message says
    write_data(project_copy, data)
    site = build_site(project_copy, project_copy / "site")
    old = BeautifulSoup(page_path(site, "exercises/donkey-kick/").read_text(encoding="utf-8"), "lxml")
    assert redirect_target(old) == "exercises/donkey-kicks/"


def without_donkey_kick(raw_data: dict) -> dict:
    """The data with the donkey kick taken out, and the routine and the plans that used it without it."""
    data = copy.deepcopy(raw_data)
    data["exercises"] = [e for e in data["exercises"] if e["slug"] != "donkey-kick"]
    for block in (b for r in data["routines"] for b in r["blocks"]):
        block["exercises"] = [i for i in block["exercises"] if i["exercise"] != "donkey-kick"]
    for session in (s for p in data.get("plans") or [] for w in p["weeks"] for s in w["sessions"]):
        session["doses"] = [d for d in session.get("doses", []) if d["exercise"] != "donkey-kick"]
    return data


def test_a_removed_page_stops_the_build_until_its_readers_are_sent_to_another(project_copy, raw_data, caplog):
    data = without_donkey_kick(raw_data)
    write_data(project_copy, data)
    message = build_error(project_copy, caplog)
    assert "The page /exercises/donkey-kick/ was published and would disappear" in message, message
    assert "say where to send its readers: under `gone:` in data/glutes.yml, write `/exercises/donkey-kick/: /exercises/`" in message
    assert "Traceback" not in message

    # As the message says, for the page and for its short link.
    data["gone"] = {"/exercises/donkey-kick/": "/exercises/fire-hydrant/", "/go/donkey/": "/exercises/fire-hydrant/"}
    write_data(project_copy, data)
    site = build_site(project_copy, project_copy / "site")
    for old in ("exercises/donkey-kick/", "go/donkey/"):
        soup = BeautifulSoup(page_path(site, old).read_text(encoding="utf-8"), "lxml")
        assert redirect_target(soup) == "exercises/fire-hydrant/"
    assert "/exercises/donkey-kick/ /exercises/fire-hydrant/ 301" in (site / "_redirects").read_text(encoding="utf-8")


def test_a_gone_line_that_sends_readers_nowhere_or_names_no_old_page_is_named_with_its_line(project_copy, raw_data, caplog):
    data = without_donkey_kick(raw_data)
    data["gone"] = {
        "/exercises/donkey-kick/": "/exercises/fire-hydrnt/",  # a typo: no such page
        "/go/donkey/": "/go/hydrant/",  # a short link, not a page
        "/exercises/donky-kick/": "/exercises/",  # never an address of the site
    }
    write_data(project_copy, data)
    message = build_error(project_copy, caplog)
    for words in (
        f"line {line_of(project_copy, '/exercises/donkey-kick/:')} of data/glutes.yml: under `gone:`,"
        " '/exercises/donkey-kick/' sends readers to '/exercises/fire-hydrnt/', which is not a page of the site"
        " (did you mean '/exercises/fire-hydrant/'?)",
        "'/go/donkey/' sends readers to '/go/hydrant/', which is not a page of the site"
        " (it only leads on to /exercises/fire-hydrant/: write that)",
        f"line {line_of(project_copy, '/exercises/donky-kick/:')} of data/glutes.yml: under `gone:`,"
        " '/exercises/donky-kick/' is not an address the site has had",
    ):
        assert words in message, f"{words!r} not in: {message}"
    assert "Traceback" not in message


def test_a_gone_line_whose_page_is_back_is_named(project_copy, raw_data, caplog):
    data = copy.deepcopy(raw_data)
    data["gone"] = {"/exercises/donkey-kick/": "/exercises/fire-hydrant/"}  # while the donkey kick is still there
    write_data(project_copy, data)
    message = build_error(project_copy, caplog)
    for words in ("/exercises/donkey-kick/ is claimed by the page of exercise 'donkey-kick'",
                  "the line '/exercises/donkey-kick/' under 'gone:' in the data",
                  "remove a line under `gone:` whose page is back"):
        assert words in message, f"{words!r} not in: {message}"


# --- The list the build keeps -------------------------------------------------------------------------


def test_a_new_exercise_is_recorded_by_a_build_and_nothing_else_in_the_list_changes(project_copy, raw_data):
    lock = project_copy / ADDRESSES
    owners = lock.read_text(encoding="utf-8") + "# a note of the owner's\n/an-old-page-of-mine/"  # no last newline
    lock.write_text(owners, encoding="utf-8")
    data = copy.deepcopy(raw_data)
    twin_of(data, "clamshell", "clamshell-on-a-bench", "clambench")
    write_data(project_copy, data)

    done = make_build(project_copy)
    assert done.returncode != 0 and "/an-old-page-of-mine/" in done.stderr  # the owner's line is checked too
    (project_copy / "docs" / "an-old-page-of-mine.md").write_text("# Mine\n", encoding="utf-8")
    config = project_copy / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("not_in_nav: |\n", "not_in_nav: |\n  /an-old-page-of-mine.md\n"),
                      encoding="utf-8")
    done = make_build(project_copy)
    assert done.returncode == 0, done.stderr

    after = lock.read_text(encoding="utf-8")
    added = ["/exercises/clamshell-on-a-bench/", "/go/clambench/"]
    assert [line for line in after.splitlines() if line not in owners.splitlines()] == added
    assert "".join(line for line in after.splitlines(keepends=True) if line.strip() not in added) == owners + "\n"
    recorded = [line for line in after.splitlines() if line.startswith("/exercises/")]
    assert recorded == sorted(recorded), "a new address goes in its place in the sorted list"
    assert make_build(project_copy).returncode == 0 and lock.read_text(encoding="utf-8") == after  # once only


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_page_only_previewed_is_not_recorded(project_copy, raw_data):
    lock = project_copy / ADDRESSES
    before = lock.read_text(encoding="utf-8")
    data = copy.deepcopy(raw_data)
    twin_of(data, "clamshell", "clamshell-on-a-bench", "clambench")
    write_data(project_copy, data)
    port = free_port()
    log = project_copy / "serve.log"
    with log.open("w") as output:
        serving = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--strict", "--no-livereload", "--dev-addr",
                                    f"127.0.0.1:{port}"], cwd=project_copy, stdout=output, stderr=subprocess.STDOUT)
    try:
        page = f"http://127.0.0.1:{port}/exercises/clamshell-on-a-bench/"
        for _ in range(600):  # until the preview serves the new page (its first build), at most a minute
            assert serving.poll() is None, log.read_text(encoding="utf-8")
            try:
                with urllib.request.urlopen(page, timeout=5) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                time.sleep(0.1)
        else:
            raise AssertionError("the preview never served the new exercise")
    finally:
        serving.terminate()
        serving.wait(timeout=30)
    assert lock.read_text(encoding="utf-8") == before


def test_the_published_lists_header_names_commands_that_exist():
    header = [line for line in published(ROOT).splitlines() if line.startswith("#")]
    commands = re.findall(r"python -m ([\w.]+) (\w+)", "\n".join(header))
    assert commands, "the header says which command adds to the list"
    for module, command in commands:
        assert module == "lazyathlete" and command in COMMANDS, f"no command `python -m {module} {command}`"


def test_the_committed_list_holds_every_page_of_the_site(site):
    lock = ROOT / ADDRESSES
    recorded = set(lock.read_text(encoding="utf-8").split()) if lock.is_file() else set()
    pages = {"/" + page.parent.relative_to(site).as_posix().removeprefix(".") for page in site.rglob("index.html")}
    pages = {page if page == "/" else page + "/" for page in pages}
    assert {"/", "/exercises/clamshell/", "/go/clam/", "/routines/pre-run-activation/card/"} <= pages
    missing = sorted(pages - recorded)
    assert not missing, f"not in {ADDRESSES} (run `make build` and commit it): {missing}"


# --- The home page's exercises, from the data ----------------------------------------------------------


def home_section_links(site: Path, heading: str) -> list[str]:
    """The exercise pages linked from the home page's cards under one heading, in order."""
    soup = BeautifulSoup(page_path(site, "").read_text(encoding="utf-8"), "lxml")
    section = next(h for h in article(soup).find_all("h2") if h.get_text(strip=True) == heading)
    links = []
    for node in section.find_next_siblings():
        if node.name == "h2":
            break
        links += [a["href"] for a in node.select("a[href]") if a["href"].startswith("exercises/") and a["href"] != "exercises/"]
    return list(dict.fromkeys(links))


def test_the_home_pages_exercises_are_the_lists_in_the_data(project_copy, raw_data):
    assert "exercise_cards([" not in (ROOT / "docs" / "index.md").read_text(encoding="utf-8")  # no slug in the page
    data = copy.deepcopy(raw_data)
    data["home_page"] = {"new_to_strength": ["fire-hydrant", "donkey-kick"], "from_the_video": ["hip-thrust"]}
    write_data(project_copy, data)
    site = build_site(project_copy, project_copy / "site")
    assert home_section_links(site, "New to strength work? Start here") == ["exercises/fire-hydrant/", "exercises/donkey-kick/"]
    assert home_section_links(site, "The five from the video") == ["exercises/hip-thrust/"]


def test_renaming_a_home_page_exercise_says_which_line_of_the_data_to_change(project_copy, raw_data):
    data = copy.deepcopy(raw_data)
    exercise(data, "side-lying-leg-raise").update(slug="side-leg-raise", former_slugs=["side-lying-leg-raise"])
    home_page = copy.deepcopy(data["home_page"])
    name_anew(data, "side-lying-leg-raise", "side-leg-raise")
    data["home_page"] = home_page  # routines and variations renamed, the home page's list forgotten
    write_data(project_copy, data)
    done = make_build(project_copy)
    assert done.returncode != 0
    said = re.search(r"line (\d+): in `home_page`: entry (\d+) of `new_to_strength` is 'side-lying-leg-raise', the exercise's"
                     r" old slug: it was renamed, write side-leg-raise\.", done.stderr)
    assert said, done.stderr
    lines = (project_copy / DATA_FILE).read_text(encoding="utf-8").splitlines()
    entry = int(said.group(2))
    assert data["home_page"]["new_to_strength"][entry - 1] == "side-lying-leg-raise"
    assert "side-lying-leg-raise" in lines[int(said.group(1)) - 1], "the line named is the one to edit"
    assert "Traceback" not in done.stderr and "docs/index.md" not in done.stderr
