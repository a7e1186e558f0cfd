"""Quality gates on every page of the built site: accessibility (axe-core), valid HTML
(Nu Html Checker), sound links, privacy, and a phone layout that never scrolls sideways."""

from __future__ import annotations

import functools
import json
import re
import subprocess
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pytest
from bs4 import BeautifulSoup
from conftest import IN_CI, ROOT, need_program

TOOLS = ROOT / "tests" / "tools" / "node_modules"
AXE = TOOLS / "axe-core" / "axe.min.js"
VNU = TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"]
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
SCHEMES = ["light", "dark"]


def need(path: Path, what: str) -> None:
    if not path.exists():
        message = f"{what} not found at {path} (run `make test`, which runs npm ci in tests/tools)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)


def is_redirect(html: Path) -> bool:
    return 'http-equiv="refresh"' in html.read_text(encoding="utf-8")[:2000]


def site_pages(site: Path) -> list[str]:
    """Every page a reader can land on (redirect stubs excluded), as URLs relative to the root."""
    pages = []
    for html in sorted(site.rglob("*.html")):
        if is_redirect(html):
            continue
        rel = html.relative_to(site).as_posix()
        pages.append(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
    return pages


# --- Accessibility, privacy and phone layout, in a real browser -----------------------------------


@pytest.fixture(scope="module")
def pages(site: Path) -> list[str]:
    return site_pages(site)


def test_there_are_pages_to_check(pages):
    assert "" in pages and "exercises/clamshell/" in pages and "404.html" in pages and len(pages) > 40


@pytest.fixture(scope="module")
def browser_contexts(browser):
    need(AXE, "axe-core")
    contexts = {}
    for name, viewport in VIEWPORTS.items():
        for scheme in SCHEMES:
            contexts[(name, scheme)] = browser.new_context(viewport=viewport, color_scheme=scheme)
    yield contexts
    for context in contexts.values():
        context.close()


CUT_TEXT_JS = """
() => [...document.querySelectorAll('body *')].filter(e => {
  const s = getComputedStyle(e);
  if (s.display === 'none' || s.visibility === 'hidden' || e.closest('[hidden], .la-search, .md-sidebar, .md-header__topic + .md-header__topic')) return false;
  if (e.clientWidth <= 1 && e.clientHeight <= 1) return false;  // visually hidden on purpose: text for screen readers
  const text = [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
  return text && s.overflowX !== 'visible' && e.scrollWidth > e.clientWidth + 1;
}).map(e => e.tagName + '.' + e.className + ': ' + e.textContent.trim().slice(0, 40))
"""


# Run through DevTools, as an extension would: the site's Content-Security-Policy
# (sent by the test host) rightly refuses axe as an inline <script> tag.
@functools.cache
def axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


def axe_when_still(page) -> list[dict]:
    """axe's findings once nothing moves: a control that just took focus may scroll the page,
    and the theme's back-to-top button fades in a frame later; axe reads colours at rest."""
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")  # a scroll's effects begin
    page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")
    return run_axe(page)


def run_axe(page) -> list[dict]:
    page.evaluate(axe_source())
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS,
    )
    return [
        {"rule": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


@pytest.mark.browser
def test_every_page_passes_axe_loads_nothing_from_elsewhere_and_fits_a_phone(browser_contexts, base_url, pages):
    failures: list[str] = []
    for (viewport, scheme), context in browser_contexts.items():
        page = context.new_page()
        outside: list[str] = []

        def record(request, outside: list[str] = outside) -> None:
            if urlparse(request.url).hostname != "127.0.0.1":
                outside.append(request.url)

        page.on("request", record)
        for url in pages:
            outside.clear()
            page.goto(base_url + url, wait_until="networkidle")
            where = f"/{url} ({viewport}, {scheme})"
            for violation in run_axe(page):
                failures.append(f"{where}: axe {violation['rule']} ({violation['impact']}) at {violation['nodes']}")
            if outside:
                failures.append(f"{where}: requested other hosts: {outside}")
            if viewport == "phone":
                width = page.evaluate("document.documentElement.scrollWidth")
                if width > VIEWPORTS["phone"]["width"]:
                    failures.append(f"{where}: scrolls sideways ({width}px wide)")
                for cut in page.evaluate(CUT_TEXT_JS):
                    failures.append(f"{where}: text is cut: {cut}")
        page.close()
    assert not failures, "\n".join(failures[:60]) + (f"\n... {len(failures) - 60} more" if len(failures) > 60 else "")


# --- Valid HTML -----------------------------------------------------------------------------------------


def test_every_page_is_valid_html(site: Path):
    need(VNU, "vnu-jar")
    java = need_program("java", "default-jre-headless", "the valid-HTML test (Nu Html Checker)")
    files = [str(p) for p in sorted(site.rglob("*.html"))]
    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", *files],
        capture_output=True, text=True,
    )
    messages = json.loads(result.stderr or "{}").get("messages", [])
    errors = [f"{unquote(m.get('url', ''))}:{m.get('lastLine')}: {m['message']}" for m in messages if m["type"] == "error"]
    assert not errors, "\n".join(errors[:40])


# --- Sound links ------------------------------------------------------------------------------------------

LINKED = [("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"), ("source", "src"), ("iframe", "src")]


def ids_in(path: Path, cache: dict[Path, set[str]]) -> set[str]:
    if path not in cache:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        cache[path] = {el["id"] for el in soup.select("[id]")} | {el["name"] for el in soup.select("a[name]")}
    return cache[path]


def target_file(site: Path, path: str) -> Path | None:
    candidate = site / path.lstrip("/")
    if path.endswith("/") or candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def builder_slugs(fragment: str) -> list[str]:
    """The exercise slugs of a routine builder link (#v1&t=...&b=slug.3x12,other.2x15,r60)."""
    return [item.split(".")[0] for part in fragment.split("&") if part.startswith("b=")
            for item in part[2:].split(",") if not re.fullmatch(r"r\d+", item)]


def test_every_internal_link_anchor_and_asset_resolves(site: Path, site_url: str):
    base_path = urlparse(site_url).path
    broken, cache = [], {}
    for html in sorted(site.rglob("*.html")):
        rel = "/" + html.relative_to(site).as_posix()
        # 404.html is served at any depth: its links are absolute from the root.
        page_url = base_path if html.name == "404.html" else rel
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "lxml")
        for tag, attr in LINKED:
            for el in soup.find_all(tag):
                value = el.get(attr)
                if not value or value.startswith(("mailto:", "javascript:", "data:")):
                    continue
                if tag == "link" and set(el.get("rel", [])) & {"canonical", "alternate"}:
                    continue
                url = urlparse(urljoin("http://site" + page_url, value))
                if url.netloc != "site":
                    continue  # other sites are links, not loads: the privacy check covers loads
                target = target_file(site, unquote(url.path))
                if target is None:
                    broken.append(f"{rel}: {tag} {value} -> nothing at {url.path}")
                elif url.fragment.startswith("v1&") and url.path.endswith("/routines/build/"):
                    # A routine for the builder, not an anchor: each of its exercises has a page.
                    broken += [f"{rel}: {value} -> no exercise page {slug}" for slug in builder_slugs(url.fragment)
                               if target_file(site, f"{base_path}exercises/{slug}/") is None]
                elif url.fragment and target.suffix == ".html" and unquote(url.fragment) not in ids_in(target, cache):
                    broken.append(f"{rel}: {value} -> no #{url.fragment} on {url.path}")
    assert not broken, "\n".join(broken[:40])


def test_link_checker_catches_a_broken_link(tmp_path: Path):
    """The checker above can fail: a page with a dead link and a dead anchor is caught."""
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<p id="here"><a href="../b/">b</a> <a href="#nowhere">x</a></p>')
    with pytest.raises(AssertionError, match=r"nothing at /b/(.|\n)*no #nowhere"):
        test_every_internal_link_anchor_and_asset_resolves(tmp_path, "http://site/")
