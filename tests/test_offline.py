"""Offline and installable: a phone that visited once opens exercises, routines, the
builder and the player with no network, and prints a card; a new build replaces what
it kept, and a page and the files it uses always come from one build; copies of the
site under other paths of the same host keep their own worker and cache; the owner
can switch it all off. Driven in Chromium with Playwright's offline mode, under the
site's security headers."""

from __future__ import annotations

import contextlib
import copy
import functools
import io
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import CHROMIUM, _QuietHandler, build_site, serve_directory, serve_with, write_data
from PIL import Image, ImageChops
from pypdf import PdfReader
from test_print import text_of
from test_security import RECORD_VIOLATIONS
from tools.icons import ASSETS, ICONS
from tools.icons import page as icon_page
from tools.project import copy_project

from lazyathlete.site import offline

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
# The site's caches are named "la-site <its path on the host> <version>".
CACHE_KEYS = "async scope => (await caches.keys()).filter(key => key.startsWith('la-site ' + scope + ' '))"
ALL_CACHE_KEYS = "async () => (await caches.keys()).sort()"
CACHED_URLS = "async key => (await (await caches.open(key)).keys()).map(r => r.url)"
REGISTRATIONS = "async () => (await navigator.serviceWorker.getRegistrations()).map(r => new URL(r.scope).pathname).sort()"


def eventually(page, script: str, check, arg=None, timeout: float = 15.0):
    """The value of `script` in the page once `check` accepts it (polled: the worker installs in the background)."""
    deadline = time.monotonic() + timeout
    while True:
        value = page.evaluate(script, arg)
        if check(value):
            return value
        assert time.monotonic() < deadline, f"still {value!r} after {timeout} s"
        page.wait_for_timeout(100)


def visit_once(context, url: str):
    """Open the home page online and wait until the service worker is in charge: it took
    charge once its cache was filled (install) and old caches deleted (activate)."""
    page = context.new_page()
    page.goto(url)
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    eventually(page, "() => navigator.serviceWorker.controller !== null", bool)
    return page


def cache_keys(page, scope: str = "/") -> list[str]:
    return page.evaluate(CACHE_KEYS, scope)


def search(page, words: str) -> str:
    """What the site's own search box lists for `words`, typed as a person would."""
    page.get_by_role("button", name="Search", exact=True).click()
    page.get_by_role("combobox", name="Search the site").press_sequentially(words)
    page.wait_for_function("() => /result/.test(document.querySelector('.la-search__status').textContent)")
    return page.get_by_role("listbox").inner_text()


_DEPLOYED_AT = [0.0]


def deploy(build: Path, live: Path) -> None:
    """Publish `build` at `live` in place of what was there, as a host would: every file
    is new as of now (the test server, like a host, answers If-Modified-Since by date, to the
    second: a deploy within the same second as the one before would look unchanged to it)."""
    if live.exists():
        shutil.rmtree(live)
    shutil.copytree(build, live)
    now = _DEPLOYED_AT[0] = max(time.time(), _DEPLOYED_AT[0] + 1)
    for path in live.rglob("*"):
        os.utime(path, (now, now))


def project_with(tmp_path_factory: pytest.TempPathFactory, name: str, *, site_url: str | None = None, offline_on: bool = True) -> Path:
    """A copy of the project built with another address or with offline switched off."""
    project = copy_project(tmp_path_factory.mktemp(name))
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    if site_url is not None:
        text = text.replace('site_url: !ENV [SITE_URL, "https://glutes.thelazyathlete.com/"]', f'site_url: "{site_url}"')
        assert site_url in text
    if not offline_on:
        text = text.replace("  offline: true", "  offline: false")
        assert "  offline: false" in text
    config.write_text(text, encoding="utf-8")
    return project


# --- The builds the tests publish (each built once for this module) -----------------------------

NEW_SCRIPTS = ("components/every-page.js", "components/player/player.js", "components/builder/builder.js")


@pytest.fixture(scope="module")
def new_build(raw_data, tmp_path_factory) -> Path:
    """The site with one more exercise (Frog pump), and scripts and styles that say they are new:
    each script adds its name to window.laBuild, each of the theme's stylesheets sets --la-build."""
    project = copy_project(tmp_path_factory.mktemp("new"))
    data = copy.deepcopy(raw_data)
    frog = copy.deepcopy(data["exercises"][0])
    frog.update(slug="frog-pump", short="frog", name="Frog pump", also_called=["frog bridge", "butterfly bridge"],
                summary="A short, quick bridge with the soles of your feet together and knees out.",
                easier={"exercise": "glute-bridge"})  # fmt: skip
    data["exercises"].append(frog)
    write_data(project, data)
    site = build_site(project, project / "site")
    for name in NEW_SCRIPTS:
        with (site / name).open("a", encoding="utf-8") as script:
            script.write(f'\n(window.laBuild = window.laBuild || []).push("{name}");\n')
    for sheet in (site / "assets/stylesheets").glob("*.min.css"):
        with sheet.open("a", encoding="utf-8") as css:
            css.write('\n:root{--la-build:"new"}\n')
    (site / offline.SERVICE_WORKER).write_text(offline.service_worker(site, True), encoding="utf-8")
    return site


@pytest.fixture(scope="module")
def off_build(tmp_path_factory) -> Path:
    project = project_with(tmp_path_factory, "off", offline_on=False)
    return build_site(project, project / "site")


@pytest.fixture(scope="module")
def path_builds(tmp_path_factory) -> dict[str, Path]:
    """The site built for /a/ and /b/ of one host, and for /a/ with offline switched off."""
    builds = {}
    for name, path, on in (("a", "a/", True), ("b", "b/", True), ("a-off", "a/", False)):
        project = project_with(tmp_path_factory, name, site_url=f"https://glutes.example.org/{path}", offline_on=on)
        builds[name] = build_site(project, project / "site")
    return builds


class _SitesHandler(_QuietHandler):
    """One host serving several sites, each under its own path ("a/" serves a folder at /a/)."""

    def __init__(self, *args, sites: dict[str, Path], **kwargs) -> None:
        self.sites = sites
        super().__init__(*args, directory=str(sites[""]) if "" in sites else os.devnull, **kwargs)

    def _site(self) -> tuple[str, Path | None]:
        path = urlsplit(self.path).path
        for prefix in sorted(self.sites, key=len, reverse=True):
            if path.startswith("/" + prefix):
                return prefix, self.sites[prefix]
        return "", None

    def parse_request(self) -> bool:
        parsed = super().parse_request()
        folder = self._site()[1]
        self.directory = str(folder) if folder else os.devnull
        return parsed

    def translate_path(self, path: str) -> str:
        prefix = self._site()[0]
        return super().translate_path("/" + path[len(prefix) + 1 :])


@contextlib.contextmanager
def serve_sites(sites: dict[str, Path]) -> Iterator[str]:
    """Serve several folders from one origin, each under its path; yields the origin's URL."""
    with serve_with(functools.partial(_SitesHandler, sites=sites)) as url:
        yield url


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE)
    context.add_init_script(RECORD_VIOLATIONS)
    yield context
    context.close()


def test_after_one_visit_the_site_works_without_a_network(phone, base_url):
    page = visit_once(phone, base_url)
    phone.set_offline(True)
    page.goto(base_url + "exercises/clamshell/?from=video")
    assert page.locator("article h1").inner_text() == "Clamshell"
    page.goto(base_url + "routines/the-five-from-the-video/")
    page.get_by_role("button", name="Start: follow along").click()
    page.get_by_role("button", name="Skip", exact=True).click()
    assert "Kettlebell swing" in page.locator("dialog.la-player [data-la-name]").inner_text()
    page.get_by_role("button", name="Stop", exact=True).click()
    page.get_by_role("button", name="Stop and save").click()
    page.get_by_role("button", name="Back to the routine").click()
    reader = PdfReader(io.BytesIO(page.pdf(format="A4")))
    assert len(reader.pages) == 1 and "The five from the video" in text_of(reader)
    page.goto(base_url + "routines/build/#v1&b=glute-bridge.3x12,r45")
    assert page.locator(".la-builder__row").count() == 1
    page.goto(base_url + "routines/pre-run-activation/card/")
    assert len(PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True))).pages) == 1
    page.goto(base_url + "exercises/")  # search, offline too
    assert "Clamshell" in search(page, "clam")
    assert page.evaluate("window.__violations") == []


def test_a_page_not_kept_offline_gets_the_offline_page(phone, base_url):
    page = visit_once(phone, base_url)
    phone.set_offline(True)
    page.goto(base_url + "not-a-page-of-this-site/")
    assert page.locator("article h1").inner_text() == "You're offline"
    assert page.get_by_role("link", name="The routines").is_visible()


def test_only_the_sites_own_files_are_kept(phone, base_url):
    page = visit_once(phone, base_url)
    [key] = cache_keys(page)
    urls = page.evaluate(CACHED_URLS, key)
    origin = base_url.rstrip("/")
    assert urls and all(url.startswith(origin) for url in urls)
    assert not any(url.endswith(".map") or "/lunr/" in url for url in urls), "source maps and other languages stay out"


def test_a_new_build_replaces_the_cache_and_leaves_nothing_stale(browser, site, new_build, tmp_path):
    live = tmp_path / "live"
    deploy(site, live)
    with serve_directory(live) as url:
        context = browser.new_context(viewport=PHONE)
        page = visit_once(context, url)
        first_cache = cache_keys(page)
        assert len(first_cache) == 1
        deploy(new_build, live)
        page.evaluate("() => navigator.serviceWorker.getRegistration().then(r => r.update())")
        eventually(page, CACHE_KEYS, lambda keys: len(keys) == 1 and keys != first_cache, "/")
        context.set_offline(True)
        page.goto(url + "exercises/frog-pump/")
        assert page.locator("article h1").inner_text() == "Frog pump"
        page.goto(url + "exercises/")
        assert "Frog pump" in search(page, "frog")
        context.close()


# The first visit online after a new build: the page is the new build's, and so is every
# file it uses (the search index, its scripts, the theme's styles), though the worker in
# charge while it loads is the old build's, with the old build's cache.
@pytest.mark.parametrize(("address", "scripts"), [
    ("exercises/", ["components/every-page.js"]),
    ("exercises/frog-pump/", ["components/every-page.js", "components/player/player.js"]),
    ("routines/build/", ["components/every-page.js", "components/player/player.js", "components/builder/builder.js"]),
])  # fmt: skip
def test_the_first_visit_after_a_new_build_gets_that_build_whole(browser, site, new_build, tmp_path, address, scripts):
    live = tmp_path / "live"
    deploy(site, live)
    with serve_directory(live) as url:
        context = browser.new_context(viewport=PHONE)
        context.add_init_script(RECORD_VIOLATIONS)
        page = visit_once(context, url)
        deploy(new_build, live)
        page.goto(url + address)
        assert "Frog pump" in page.locator("article").inner_text(), "the page is the new build's"
        assert sorted(page.evaluate("() => window.laBuild || []")) == sorted(scripts), "its scripts too"
        assert page.evaluate("() => getComputedStyle(document.documentElement).getPropertyValue('--la-build')") == '"new"', "its styles too"
        assert "Frog pump" in search(page, "frog"), "and the search index"
        assert page.evaluate("window.__violations") == []
        context.close()


def test_the_owner_can_switch_it_off_for_readers_who_have_it(browser, site, off_build, tmp_path):
    assert 'name="la-offline"' not in (off_build / "index.html").read_text(encoding="utf-8")
    live = tmp_path / "live"
    deploy(site, live)
    with serve_directory(live) as url:
        context = browser.new_context(viewport=PHONE)
        page = visit_once(context, url)
        assert len(cache_keys(page)) == 1
        deploy(off_build, live)
        page.reload()
        eventually(page, REGISTRATIONS, lambda scopes: scopes == [])
        eventually(page, ALL_CACHE_KEYS, lambda keys: keys == [])
        context.close()


# --- Copies of the site under other paths of the same host ---------------------------------------


def works_offline(page, url: str) -> None:
    page.goto(url + "exercises/clamshell/")
    assert page.locator("article h1").inner_text() == "Clamshell", url
    page.goto(url + "routines/build/#v1&b=glute-bridge.3x12,r45")
    assert page.locator(".la-builder__row").count() == 1, url
    page.goto(url + "exercises/")
    assert "Clamshell" in search(page, "clam"), url


# Each layout is visited in order; every site's worker must leave the others' caches alone
# (a site at the host's root and one under /a/ share the start of their paths).
@pytest.mark.parametrize("layout", [("a", "b"), ("b", "a"), ("root", "a")])
def test_copies_under_one_host_keep_their_own_workers_and_caches(browser, site, path_builds, tmp_path, layout):
    folders = {"root": ("", "/"), "a": ("a/", "/a/"), "b": ("b/", "/b/")}
    sources = {"root": site, "a": path_builds["a"], "b": path_builds["b"]}
    sites = {}
    for name in layout:
        deploy(sources[name], tmp_path / name)
        sites[folders[name][0]] = tmp_path / name
    with serve_sites(sites) as origin:
        context = browser.new_context(viewport=PHONE)
        context.add_init_script(RECORD_VIOLATIONS)
        pages = {name: visit_once(context, origin + folders[name][0]) for name in layout}
        page = pages[layout[-1]]
        assert page.evaluate(REGISTRATIONS) == sorted(folders[name][1] for name in layout)
        for name in layout:
            [key] = cache_keys(page, folders[name][1])
            urls = page.evaluate(CACHED_URLS, key)
            assert urls and all(urlsplit(u).path.startswith(folders[name][1]) for u in urls)
        assert len(page.evaluate(ALL_CACHE_KEYS)) == len(layout), "no other caches"
        context.set_offline(True)
        for name in layout:
            works_offline(page, origin + folders[name][0])
        assert page.evaluate("window.__violations") == []
        context.close()


def test_a_new_build_under_one_path_leaves_the_other_alone(browser, path_builds, tmp_path):
    """/a/ publishes a new build (here its scripts changed): /a/ gets a new cache, /b/ keeps its own."""
    newer = tmp_path / "a-newer"
    shutil.copytree(path_builds["a"], newer)
    with (newer / "components/every-page.js").open("a", encoding="utf-8") as script:
        script.write("\n// a later build\n")
    (newer / offline.SERVICE_WORKER).write_text(offline.service_worker(newer, True), encoding="utf-8")
    deploy(path_builds["a"], tmp_path / "a")
    deploy(path_builds["b"], tmp_path / "b")
    with serve_sites({"a/": tmp_path / "a", "b/": tmp_path / "b"}) as origin:
        context = browser.new_context(viewport=PHONE)
        page_a = visit_once(context, origin + "a/")
        page_b = visit_once(context, origin + "b/")
        before_a, before_b = cache_keys(page_a, "/a/"), cache_keys(page_b, "/b/")
        assert len(before_a) == 1 and len(before_b) == 1
        deploy(newer, tmp_path / "a")
        page_a.reload()
        eventually(page_a, CACHE_KEYS, lambda keys: len(keys) == 1 and keys != before_a, "/a/")
        assert cache_keys(page_b, "/b/") == before_b
        assert page_b.evaluate(REGISTRATIONS) == ["/a/", "/b/"]
        context.set_offline(True)
        works_offline(page_b, origin + "b/")
        works_offline(page_a, origin + "a/")
        context.close()


def test_switching_offline_off_under_one_path_leaves_the_other_alone(browser, path_builds, tmp_path):
    deploy(path_builds["a"], tmp_path / "a")
    deploy(path_builds["b"], tmp_path / "b")
    with serve_sites({"a/": tmp_path / "a", "b/": tmp_path / "b"}) as origin:
        context = browser.new_context(viewport=PHONE)
        page_b = visit_once(context, origin + "b/")
        page_a = visit_once(context, origin + "a/")
        kept_b = cache_keys(page_b, "/b/")
        assert len(kept_b) == 1 and len(cache_keys(page_a, "/a/")) == 1
        deploy(path_builds["a-off"], tmp_path / "a")
        page_a.reload()
        page_a.goto(origin + "a/exercises/")
        eventually(page_a, REGISTRATIONS, lambda scopes: scopes == ["/b/"])
        eventually(page_a, ALL_CACHE_KEYS, lambda keys: keys == kept_b)
        context.set_offline(True)
        works_offline(page_b, origin + "b/")
        context.close()


def test_the_site_can_be_installed_on_a_phone(browser, base_url, tmp_path):
    """Chromium's installability check, in a normal (not incognito) profile."""
    context = browser.browser_type.launch_persistent_context(str(tmp_path / "profile"), executable_path=str(CHROMIUM), viewport=PHONE)
    page = visit_once(context, base_url)
    errors = context.new_cdp_session(page).send("Page.getInstallabilityErrors")["installabilityErrors"]
    assert errors == [], errors
    manifest = context.new_cdp_session(page).send("Page.getAppManifest")
    assert not manifest.get("errors"), manifest["errors"]
    context.close()


def test_the_app_icons_are_the_sites_own_art(browser):
    for name, (size, share) in ICONS.items():
        kept = Image.open(ASSETS / name).convert("RGBA")
        assert kept.size == (size, size), name
        tab = browser.new_page(viewport={"width": size, "height": size})
        tab.set_content(icon_page(size, share))
        drawn = Image.open(io.BytesIO(tab.screenshot(omit_background=share == 1))).convert("RGBA")
        tab.close()
        difference = ImageChops.difference(kept, drawn).convert("L")
        mean = sum(i * n for i, n in enumerate(difference.histogram())) / (size * size)
        assert mean < 2, f"{name} is no longer favicon.svg drawn at {size} px (run `python -m tools.icons` in tests/)"
        assert Path(ASSETS / name).stat().st_size < 40_000


# Before caches were named by scope, the worker named them "la-site-" and a version: the first
# worker of the new kind (or the switch-off one) deletes those of its own path, not another's.
LEGACY_CACHES = {"ours": "la-site-0123456789abcdef", "another path's": "la-site-fedcba9876543210"}
KEEP_AS_LEGACY = "async ([key, url]) => { await (await caches.open(key)).put(url, new Response('kept by an older worker')); }"


@pytest.mark.parametrize("then", ["a new build", "offline switched off"])
def test_caches_named_before_scopes_are_deleted_for_this_path_only(browser, site, new_build, off_build, tmp_path, then):
    live = tmp_path / "live"
    deploy(site, live)
    with serve_directory(live) as url:
        context = browser.new_context(viewport=PHONE)
        page = visit_once(context, url)
        page.evaluate(KEEP_AS_LEGACY, [LEGACY_CACHES["ours"], url + "offline/"])
        page.evaluate(KEEP_AS_LEGACY, [LEGACY_CACHES["another path's"], url + "a/offline/"])
        first_cache = cache_keys(page)
        deploy(new_build if then == "a new build" else off_build, live)
        page.reload()
        if then == "a new build":
            [new_cache] = eventually(page, CACHE_KEYS, lambda keys: len(keys) == 1 and keys != first_cache, "/")
            expected = sorted([new_cache, LEGACY_CACHES["another path's"]])
        else:
            eventually(page, REGISTRATIONS, lambda scopes: scopes == [])
            expected = [LEGACY_CACHES["another path's"]]
        eventually(page, ALL_CACHE_KEYS, lambda keys: keys == expected)
        context.close()
