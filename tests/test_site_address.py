"""The public address (site_url, or SITE_URL) is checked like the data, and a site
served under a folder (https://user.github.io/glutes/) links only inside it.

The address goes raw into QR codes, link previews, redirect pages and the open
data: a wrong one must stop the build, in words naming where it was set, before
anything is written.
"""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, build_error, build_site, copy_project

from lazyathlete.cli.describe import main as describe
from lazyathlete.data import DATA_FILE

# A wrong address and words the message must hold.
WRONG = [
    ("htps://glutes.example.com/", "must start with https://"),
    ("javascript://glutes.example.com/%0aalert(1)", "must start with https://"),
    ("ftp://glutes.example.com/", "must start with https://"),
    ("https://glutes.example.com/my site/", "no spaces, quotes or brackets"),
    ('https://glutes.example.com/a"b/', "no spaces, quotes or brackets"),
    ("https://glutes.example.com/<b>/", "no spaces, quotes or brackets"),
    ("https://glutes.example.com/a/../b/", "one folder after another"),
    ('https://glutes"example.com/', "the host"),
    ("https://glutes.example.com/?ref=x", "'?' or '#'"),
    ("https://glutes.example.com/#top", "'?' or '#'"),
    ("https://coach:secret@glutes.example.com/", "user name or password"),
    ("https://glutes.example.com:99999/", "port"),
]


@pytest.mark.parametrize("url,words", WRONG)
def test_a_wrong_site_url_from_the_environment_stops_the_build(project_copy, caplog, monkeypatch, url, words):
    monkeypatch.setenv("SITE_URL", url)
    message = build_error(project_copy, caplog)
    assert "the SITE_URL environment variable" in message and words in message, message
    assert "Traceback" not in message


@pytest.mark.parametrize("url,words", WRONG[:4])
def test_a_wrong_site_url_in_mkdocs_yml_stops_the_build_naming_the_file(project_copy, caplog, monkeypatch, url, words):
    monkeypatch.delenv("SITE_URL", raising=False)
    config = project_copy / "mkdocs.yml"
    text = re.sub(r"(?m)^site_url: .*$", f"site_url: '{url}'", config.read_text(encoding="utf-8"))
    config.write_text(text, encoding="utf-8")
    message = build_error(project_copy, caplog)
    assert f"site_url in {config}" in message and words in message, message


@pytest.mark.parametrize("url", ["javascript:alert(1)", "glutes.example.com/"])
def test_an_address_mkdocs_itself_refuses_is_said_plainly(project_copy, caplog, monkeypatch, url):
    monkeypatch.setenv("SITE_URL", url)
    message = build_error(project_copy, caplog)
    assert "site_url" in message and "http://" in message and "Traceback" not in message


@pytest.mark.parametrize("url", [
    "https://glutes.example.com/",
    "http://localhost:8000/",
    "https://Glutes.Example.com/",
    "https://example.org/my-site_2/glutes~x/",
])
def test_good_addresses_build(project_copy, monkeypatch, url):
    monkeypatch.setenv("SITE_URL", url)
    site = build_site(project_copy, project_copy / "site")
    assert f'href="{url}exercises/clamshell/"' in (site / "exercises/clamshell/index.html").read_text(encoding="utf-8")


def test_a_missing_trailing_slash_is_added(project_copy, monkeypatch):
    monkeypatch.setenv("SITE_URL", "https://example.org/glutes")
    site = build_site(project_copy, project_copy / "site")
    html = (site / "exercises/clamshell/index.html").read_text(encoding="utf-8")
    assert 'rel="canonical" href="https://example.org/glutes/exercises/clamshell/"' in html


def test_the_description_command_refuses_a_wrong_address(tmp_path, capsys, monkeypatch):
    (tmp_path / "docs").mkdir()
    (tmp_path / "data").mkdir()
    shutil.copy2(ROOT / DATA_FILE, tmp_path / DATA_FILE)
    (tmp_path / "mkdocs.yml").write_text("site_name: Glutes\nsite_url: !ENV [SITE_URL, 'https://x.example/']\n")
    monkeypatch.setenv("SITE_URL", "htps://glutes.example.com/")
    assert describe(["exercise", "clam", "--config", str(tmp_path / "mkdocs.yml")]) == 1
    out, err = capsys.readouterr()
    assert out == "" and "must start with https://" in err and "Traceback" not in err


# --- A site under a folder -------------------------------------------------------------------------

UNDER = "https://user.github.io/glutes/"
BASE = "/glutes/"
LINKED = [("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"), ("source", "src"),
          ("iframe", "src"), ("form", "action"), ("meta", "content")]  # fmt: skip


@pytest.fixture(scope="module")
def site_under_a_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("under") / "project")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SITE_URL", UNDER)
        return build_site(project, project / "site")


def file_at(site: Path, path: str) -> Path | None:
    """The file a host serving `site` at BASE sends for `path`, or None."""
    if not path.startswith(BASE):
        return None
    candidate = site / unquote(path[len(BASE):])
    if path.endswith("/") or candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def links_of(soup: BeautifulSoup) -> list[tuple[str, str]]:
    found = []
    for tag, attr in LINKED:
        for element in soup.find_all(tag):
            value = element.get(attr)
            if tag == "meta":  # a redirect page's refresh, and the address of the preview picture
                if element.get("http-equiv") == "refresh":
                    value = value.split("url=", 1)[1]
                elif element.get("property") not in ("og:image", "og:url") and element.get("name") != "twitter:image":
                    continue
            if value and not value.startswith(("mailto:", "data:", "#")):
                found.append((tag, value))
    return found


def test_every_link_on_every_page_stays_inside_the_folder(site_under_a_folder):
    site, outside = site_under_a_folder, []
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 50
    for html in pages:
        rel = html.relative_to(site).as_posix()
        # 404.html is served at any depth: its links must work from anywhere, so they start at BASE.
        here = "https://user.github.io" + (BASE + "no/such/page/" if rel == "404.html" else BASE + rel)
        for tag, value in links_of(BeautifulSoup(html.read_text(encoding="utf-8"), "lxml")):
            url = urlsplit(urljoin(here, value))
            if url.netloc != "user.github.io":
                continue  # another site (YouTube, the licence): a link, not part of this one
            if file_at(site, url.path) is None:
                outside.append(f"/{rel}: {tag} {value} -> {url.path}")
    assert not outside, "\n".join(outside[:40])


def test_the_footer_disclaimer_link_is_inside_the_folder(site_under_a_folder):
    soup = BeautifulSoup((site_under_a_folder / "exercises/clamshell/index.html").read_text(encoding="utf-8"), "lxml")
    footer = soup.select_one(".md-copyright")
    assert footer is not None and footer.select_one("a")["href"] == "/glutes/disclaimer/"


def test_redirects_sitemap_and_open_data_use_the_folder(site_under_a_folder):
    site = site_under_a_folder
    for line in (site / "_redirects").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            source, target, _ = line.split()
            assert source.startswith(BASE) and file_at(site, target) is not None, line
    locs = [el.text or "" for el in ET.parse(site / "sitemap.xml").iter() if el.tag.endswith("loc")]
    assert locs and all(loc.startswith(UNDER) and file_at(site, urlsplit(loc).path) for loc in locs)
    assert f'"{UNDER}data/exercises.json"' in (site / "data/exercises.json").read_text(encoding="utf-8")


def test_the_folder_check_catches_a_link_from_the_host_root(tmp_path):
    """The check above can fail: a page linking to /disclaimer/ from under /glutes/ is caught."""
    (tmp_path / "disclaimer").mkdir()
    (tmp_path / "disclaimer" / "index.html").write_text("<p>ok</p>")
    (tmp_path / "index.html").write_text('<a href="/disclaimer/">d</a> <a href="disclaimer/">d</a>')
    soup = BeautifulSoup((tmp_path / "index.html").read_text(), "lxml")
    resolved = [file_at(tmp_path, urlsplit(urljoin("https://user.github.io/glutes/", v)).path) for _, v in links_of(soup)]
    assert resolved[0] is None and resolved[1] is not None
