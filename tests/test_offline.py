"""Offline and installable: a phone that visited once opens exercises, routines, the
builder and the player with no network, and prints a card; a new build replaces what
it kept; the owner can switch it all off. Driven in Chromium with Playwright's offline
mode, under the site's security headers."""

from __future__ import annotations

import io
import shutil
import time
from pathlib import Path

import pytest
from conftest import CHROMIUM, build_site, serve_directory, write_data
from PIL import Image, ImageChops
from pypdf import PdfReader
from test_print import text_of
from test_security import RECORD_VIOLATIONS
from tools.icons import ASSETS, ICONS
from tools.icons import page as icon_page
from tools.project import copy_project

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
CACHE_KEYS = "async () => (await caches.keys()).filter(key => key.startsWith('la-site-'))"
CACHED_URLS = "async () => { const [key] = await caches.keys(); return (await (await caches.open(key)).keys()).map(r => r.url); }"


def eventually(page, script: str, check, timeout: float = 15.0):
    """The value of `script` in the page once `check` accepts it (polled: the worker installs in the background)."""
    deadline = time.monotonic() + timeout
    while True:
        value = page.evaluate(script)
        if check(value):
            return value
        assert time.monotonic() < deadline, f"still {value!r} after {timeout} s"
        page.wait_for_timeout(100)


def visit_once(context, url: str):
    """Open the home page online and wait until the service worker has filled its cache and is in charge."""
    page = context.new_page()
    page.goto(url)
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    eventually(page, CACHE_KEYS, lambda keys: len(keys) == 1)
    eventually(page, "() => navigator.serviceWorker.controller !== null", bool)
    return page


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
    page.get_by_role("button", name="Back to the routine").click()
    reader = PdfReader(io.BytesIO(page.pdf(format="A4")))
    assert len(reader.pages) == 1 and "The five from the video" in text_of(reader)
    page.goto(base_url + "routines/build/#v1&b=glute-bridge.3x12,r45")
    assert page.locator(".la-builder__row").count() == 1
    page.goto(base_url + "routines/pre-run-activation/card/")
    assert len(PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True))).pages) == 1
    page.goto(base_url + "exercises/")  # search, offline too
    page.locator("label.md-header__button[for='__search']").click()
    page.locator(".md-search__input").press_sequentially("clam")
    page.wait_for_function("() => document.querySelector('.md-search-result__meta').textContent.includes('matching')")
    assert page.evaluate("window.__violations") == []


def test_a_page_not_kept_offline_gets_the_offline_page(phone, base_url):
    page = visit_once(phone, base_url)
    phone.set_offline(True)
    page.goto(base_url + "not-a-page-of-this-site/")
    assert page.locator("article h1").inner_text() == "You're offline"
    assert page.get_by_role("link", name="The routines").is_visible()


def test_only_the_sites_own_files_are_kept(phone, base_url):
    page = visit_once(phone, base_url)
    urls = page.evaluate(CACHED_URLS)
    origin = base_url.rstrip("/")
    assert urls and all(url.startswith(origin) for url in urls)
    assert not any(url.endswith(".map") or "/lunr/" in url for url in urls), "source maps and other languages stay out"


def test_a_new_build_replaces_the_cache_and_leaves_nothing_stale(browser, site, raw_data, tmp_path):
    project = copy_project(tmp_path / "project")
    data = raw_data | {"exercises": [dict(e) for e in raw_data["exercises"]]}
    data["exercises"][0]["summary"] = "A summary only the second build has."
    write_data(project, data)
    second = build_site(project, project / "site")
    live = tmp_path / "live"
    shutil.copytree(site, live)
    with serve_directory(live) as url:
        context = browser.new_context(viewport=PHONE)
        page = visit_once(context, url)
        first_cache = page.evaluate(CACHE_KEYS)
        shutil.rmtree(live)
        shutil.copytree(second, live)
        page.evaluate("() => navigator.serviceWorker.getRegistration().then(r => r.update())")
        eventually(page, CACHE_KEYS, lambda keys: len(keys) == 1 and keys != first_cache)
        context.set_offline(True)
        slug = data["exercises"][0]["slug"]
        page.goto(url + f"exercises/{slug}/")
        assert "A summary only the second build has." in page.content()
        context.close()


def test_the_owner_can_switch_it_off_for_readers_who_have_it(browser, site, tmp_path):
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  offline: true", "  offline: false"), encoding="utf-8")
    off = build_site(project, project / "site")
    assert 'name="la-offline"' not in (off / "index.html").read_text(encoding="utf-8")
    live = tmp_path / "live"
    shutil.copytree(site, live)
    with serve_directory(live) as url:
        context = browser.new_context(viewport=PHONE)
        page = visit_once(context, url)
        shutil.rmtree(live)
        shutil.copytree(off, live)
        page.reload()
        eventually(page, "() => navigator.serviceWorker.getRegistrations().then(all => all.length)", lambda n: n == 0)
        eventually(page, CACHE_KEYS, lambda keys: keys == [])
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
