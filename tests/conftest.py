"""Shared fixtures: the site built once (strict, in-process), copies of the
project for bad-data builds, and a headless Chromium for what a person sees."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import re
import shutil
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort
from tools.project import ROOT, copy_project

from lazyathlete.data import DATA_FILE, Catalog, load_catalog

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
IN_CI = os.environ.get("CI", "").lower() == "true"

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

# Lines the suite reports at the end (measurements shown, not asserted).
REPORT: list[str] = []


def pytest_terminal_summary(terminalreporter) -> None:
    if REPORT:
        terminalreporter.section("reported measurements")
        for line in REPORT:
            terminalreporter.write_line(line)


# --- Building ------------------------------------------------------------------------------


def build_site(project: Path, site_dir: Path) -> Path:
    """Build the project at `project` into `site_dir`, strict, in this process."""
    config = load_config(config_file=str(project / "mkdocs.yml"), strict=True, site_dir=str(site_dir))
    build(config)
    return site_dir


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built once for the whole session."""
    return build_site(ROOT, tmp_path_factory.mktemp("site"))


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog(ROOT / DATA_FILE)


@pytest.fixture(scope="session")
def raw_data() -> dict:
    return yaml.safe_load((ROOT / DATA_FILE).read_text(encoding="utf-8"))


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A throwaway copy of the project whose data a test may change."""
    return copy_project(tmp_path / "project")


class _PlainDumper(yaml.SafeDumper):
    """Writes a value used twice out twice, as a person would: the data file refuses aliases."""

    def ignore_aliases(self, data) -> bool:
        return True


def rename_in_plans(data: dict, old: str, new: str) -> None:
    """What the owner does in the plans after renaming an exercise: every dose and harder
    variation that named it names its new slug."""
    for session in (s for plan in data.get("plans") or [] for week in plan["weeks"] for s in week["sessions"]):
        for entry in [*session.get("doses", []), *session.get("harder", [])]:
            for key in ("exercise", "instead_of"):
                if entry.get(key) == old:
                    entry[key] = new


def write_data(project: Path, data: dict | str) -> Path:
    path = project / DATA_FILE
    text = data if isinstance(data, str) else yaml.dump(data, Dumper=_PlainDumper, sort_keys=False, allow_unicode=True)
    path.write_text(text, encoding="utf-8")
    return path


def build_error(project: Path, caplog: pytest.LogCaptureFixture) -> str:
    """Build the copy, expect it to abort, and return the error MkDocs printed."""
    site_dir = project / "site"
    caplog.clear()
    with pytest.raises(Abort):
        build_site(project, site_dir)
    assert not site_dir.exists(), "a failed build must not write any of the site"
    return "\n".join(r.getMessage() for r in caplog.records if r.levelname == "ERROR")


def break_and_build(project: Path, data: dict | str, caplog: pytest.LogCaptureFixture) -> str:
    """Write broken data into the copy, build it, and return the build's error message."""
    data_file = write_data(project, data)
    message = build_error(project, caplog)
    assert str(data_file.resolve()) in message, "the message must name the data file"
    return message


# --- Reading the built site ---------------------------------------------------------------------


def page_path(site: Path, url: str) -> Path:
    url = url.strip("/")
    return site / url / "index.html" if url else site / "index.html"


@functools.lru_cache(maxsize=256)
def _parse(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


@pytest.fixture(scope="session")
def page(site: Path) -> Callable[[str], BeautifulSoup]:
    """The parsed HTML of a built page, by its URL ('exercises/clamshell/')."""

    def read(url: str) -> BeautifulSoup:
        path = page_path(site, url)
        assert path.is_file(), f"no page at /{url}"
        return _parse(path)

    return read


def article(soup: BeautifulSoup) -> BeautifulSoup:
    """The page's own content, without header, nav or footer."""
    found = soup.select_one("article.md-content__inner")
    assert found is not None, "page has no article"
    return found


# The text of a node as a reader reads it, spaces as one. get_text(" ") puts a space at every tag,
# so a word linked inside a sentence ("the next <a>rep</a>.") would read "rep ."; punctuation
# goes back against its word.
def words(node) -> str:
    return re.sub(r" ([.,;:!?)])", r"\1", " ".join(node.get_text(" ").split()))


# --- A person's browser, and the other programs outside Python ----------------------------------
# Chromium and pdftoppm come from Debian, not pip. Without them a developer's `make test` still
# passes every other test and says once how to install them; under CI=true nothing may skip.

INSTALL_BROWSER = "install it with `sudo apt-get install chromium poppler-utils` (or set CHROMIUM=/path/to/chromium)"


# Every skip for a missing program is raised on this one line, so pytest's summary folds
# the skips that share a reason into a single "SKIPPED [N] ..." line instead of one per test.
def skip_or_fail(missing: str, tests: str, install: str) -> None:
    if IN_CI:
        pytest.fail(f"{missing}: {tests} may not skip under CI=true; {install}", pytrace=False)
    pytest.skip(f"{missing}: {tests} skipped; {install}")


def need_chromium() -> None:
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        skip_or_fail(f"Chromium not found at {CHROMIUM}", "browser and print tests", INSTALL_BROWSER)


def need_program(name: str, package: str, tests: str) -> str:
    """The path of a program a test runs; skipped (failed under CI) with one shared hint when missing."""
    path = shutil.which(name)
    if path is None:
        skip_or_fail(f"{name} not found", tests, f"install it with `sudo apt-get install {package}`")
    return path


# A test that drives Chromium without the `browser` marker would escape the one-line skip.
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    unmarked = [item.nodeid for item in items if "browser" in getattr(item, "fixturenames", ()) and not item.get_closest_marker("browser")]
    if unmarked:
        raise pytest.UsageError("tests that use the browser fixture need @pytest.mark.browser: " + ", ".join(unmarked))


# Before any fixture is set up: a browser test skips without building the site first.
@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("browser"):
        need_chromium()


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator:
    need_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def headers_rules(text: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """The rules of a `_headers` file (Netlify's format): (path pattern, [(name, value)]), in order."""
    rules: list[tuple[str, list[tuple[str, str]]]] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            rules.append((line.strip(), []))
            continue
        name, colon, value = line.strip().partition(":")
        if not rules or not colon:
            raise ValueError(f"_headers line {number}: expected a path, or an indented 'Name: value': {line!r}")
        rules[-1][1].append((name.strip(), value.strip()))
    return rules


def path_matches(pattern: str, path: str) -> bool:
    """Netlify's path matching, as far as we use it: an exact path, `*` standing for anything."""
    return re.fullmatch(".*".join(map(re.escape, pattern.split("*"))), path) is not None


def host_headers(site: Path, path: str) -> list[tuple[str, str]]:
    """The headers the site's `_headers` file gives the address `path`, from every rule that matches."""
    file = site / "_headers"
    if not file.is_file():
        return []
    rules = headers_rules(file.read_text(encoding="utf-8"))
    return [header for pattern, headers in rules if path_matches(pattern, path) for header in headers]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """A static host: serves files, and the site's own 404.html for what is missing.

    Like Netlify and Cloudflare Pages, it sends the headers of the site's
    `_headers` file with every response, so every browser test runs under
    the site's Content-Security-Policy."""

    def log_message(self, *args) -> None:  # keep test output clean
        pass

    def end_headers(self) -> None:
        for name, value in host_headers(Path(self.directory), unquote(urlsplit(self.path).path)):
            self.send_header(name, value)
        super().end_headers()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        not_found = Path(self.directory) / "404.html"
        if code != 404 or not not_found.is_file():
            return super().send_error(code, message, explain)
        body = not_found.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class _QuietServer(http.server.ThreadingHTTPServer):
    """A browser that closes a connection early (a page left mid-load) is no error of the site's."""

    def handle_error(self, request, client_address) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serve_directory(site: Path) -> Iterator[str]:
    """Serve a built site over HTTP on loopback, as a static host would; yields its base URL."""
    with serve_with(functools.partial(_QuietHandler, directory=str(site))) as url:
        yield url


@contextlib.contextmanager
def serve_with(handler: Callable[..., http.server.BaseHTTPRequestHandler]) -> Iterator[str]:
    """Serve on loopback with this request handler; yields the base URL."""
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def base_url(site: Path) -> Iterator[str]:
    with serve_directory(site) as url:
        yield url


@pytest.fixture(scope="session")
def site_url() -> str:
    """The public address the site is built for (QR codes point here)."""
    return load_config(config_file=str(ROOT / "mkdocs.yml"))["site_url"]
