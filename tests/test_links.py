"""Links from YouTube: short links, published addresses, old slugs, 404, videos, previews."""

from __future__ import annotations

import copy
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlparse

import pytest
from bs4 import BeautifulSoup
from conftest import (
    ROOT,
    article,
    break_and_build,
    build_error,
    build_site,
    need_program,
    page_path,
    rename_in_plans,
    serve_directory,
    write_data,
)

from lazyathlete.data import DATA_FILE, load_catalog
from lazyathlete.site.links import PUBLISHED_URLS, normalise, read_published

CATALOG = load_catalog(ROOT / DATA_FILE)
SHORTS = {f"go/{e.short}/": f"exercises/{e.slug}/" for e in CATALOG.exercises.values()}
SHORTS |= {f"go/{r.short}/": f"routines/{r.slug}/" for r in CATALOG.routines.values()}


def soup_of(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup(page_path(site, url).read_text(encoding="utf-8"), "lxml")


def redirect_target(soup: BeautifulSoup) -> str | None:
    """Where a redirect page sends the reader (a path without the leading slash), or None."""
    refresh = soup.select_one("meta[http-equiv=refresh]")
    if refresh is None:
        return None
    return urlparse(refresh["content"].split("url=", 1)[1]).path.lstrip("/")


def resolves_to_page(site: Path, url: str) -> str | None:
    """The real page an address ends on (following one redirect), or the file it is
    ('data/exercises.json'), or None if it leads nowhere."""
    written = urlparse(url).path.lstrip("/")
    if written and not written.endswith("/") and (site / written).is_file():
        return written
    path = normalise(url)
    if not page_path(site, path).is_file():
        return None
    target = redirect_target(soup_of(site, path))
    if target is None:
        return path
    if page_path(site, target).is_file() and redirect_target(soup_of(site, target)) is None:
        return target
    return None


# --- Short links ---------------------------------------------------------------------------------


@pytest.mark.parametrize("short,target", sorted(SHORTS.items()))
def test_short_link_page_redirects_without_javascript(site, site_url, short, target):
    soup = soup_of(site, short)
    assert redirect_target(soup) == target
    assert soup.select_one("link[rel=canonical]")["href"] == site_url + target
    assert soup.select_one("meta[name=robots]")["content"] == "noindex"


def test_redirects_file_has_301s_with_and_without_slash(site):
    lines = set((site / "_redirects").read_text(encoding="utf-8").splitlines())
    for short, target in SHORTS.items():
        assert f"/{short} /{target} 301" in lines
        assert f"/{short.rstrip('/')} /{target} 301" in lines


@pytest.mark.browser
@pytest.mark.parametrize("address", ["go/clam/", "go/clam", "go/clam/?utm_source=youtube#how-to-do-it"])
def test_short_link_lands_on_the_page_in_a_browser(browser, base_url, address):
    context = browser.new_context()
    page = context.new_page()
    page.goto(base_url + address)
    page.wait_for_url("**/exercises/clamshell/**")
    landed = urlparse(page.url)
    assert landed.path == "/exercises/clamshell/"
    if "#" in address:
        assert landed.fragment == "how-to-do-it" and "utm_source=youtube" in landed.query
    assert page.locator("article h1").inner_text() == "Clamshell"
    context.close()


@pytest.mark.browser
def test_short_link_works_with_javascript_off(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "go/five/")
    page.wait_for_url("**/routines/the-five-from-the-video/")
    assert page.locator("article h1").inner_text() == "The five from the video"
    context.close()


def test_short_link_that_shadows_a_page_fails_the_build(project_copy, caplog):
    (project_copy / "docs" / "go").mkdir()
    (project_copy / "docs" / "go" / "clam.md").write_text("# A page of its own\n")
    message = build_error(project_copy, caplog)
    assert "/go/clam/ is claimed by docs/go/clam.md and by the redirect page for the short name 'clam'" in message


def test_short_name_used_twice_fails(project_copy, raw_data, caplog):
    data = copy.deepcopy(raw_data)
    data["routines"][0]["short"] = "clam"
    message = break_and_build(project_copy, data, caplog)
    assert "the 1st routine, 'the-five-from-the-video': `short` is 'clam', already the short name of the 4th exercise, 'clamshell'" in message


# --- Published addresses -------------------------------------------------------------------------


PUBLISHED = read_published(ROOT / PUBLISHED_URLS)


@pytest.mark.parametrize("url", PUBLISHED)
def test_every_published_address_still_leads_to_a_page(site, url):
    assert resolves_to_page(site, url) is not None, f"{url} leads nowhere"


def test_published_list_protects_seeds_routines_and_short_links():
    listed = {normalise(u) for u in PUBLISHED}
    for slug in ("glute-bridge", "single-leg-deadlift", "step-up", "clamshell", "kettlebell-swing"):
        assert f"exercises/{slug}/" in listed
    for routine in CATALOG.routines.values():
        assert f"routines/{routine.slug}/" in listed
    for short in SHORTS:
        assert short in listed, f"/{short} is printed on cards but not protected"


def rename_clamshell(data: dict, keep_old: bool) -> dict:
    data = copy.deepcopy(data)
    for exercise in data["exercises"]:
        if exercise["slug"] == "clamshell":
            exercise["slug"] = "clam-shell"
            if keep_old:
                exercise["former_slugs"] = ["clamshell"]
        for side in ("easier", "harder"):
            if exercise[side].get("exercise") == "clamshell":
                exercise[side]["exercise"] = "clam-shell"
    for routine in data["routines"]:
        for block in routine["blocks"]:
            for item in block["exercises"]:
                if item["exercise"] == "clamshell":
                    item["exercise"] = "clam-shell"
    for name, slugs in data["home_page"].items():
        data["home_page"][name] = ["clam-shell" if slug == "clamshell" else slug for slug in slugs]
    rename_in_plans(data, "clamshell", "clam-shell")
    return data


def test_renamed_slug_without_former_slug_fails_naming_the_address(project_copy, raw_data, caplog):
    write_data(project_copy, rename_clamshell(raw_data, keep_old=False))
    message = build_error(project_copy, caplog)
    assert "published-urls.txt" in message
    assert "/exercises/clamshell/" in message and "former_slugs" in message


def test_renamed_slug_keeps_the_old_address_alive(project_copy, raw_data):
    write_data(project_copy, rename_clamshell(raw_data, keep_old=True))
    site = build_site(project_copy, project_copy / "site")
    assert resolves_to_page(site, "/exercises/clamshell/") == "exercises/clam-shell/"
    assert "/exercises/clamshell /exercises/clam-shell/ 301" in (site / "_redirects").read_text()


# --- 404 -------------------------------------------------------------------------------------------


@pytest.mark.browser
def test_helpful_404_page(browser, base_url):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    response = page.goto(base_url + "exercises/no-such-thing/")
    assert response.status == 404
    assert "isn't here" in page.locator("article h1").inner_text()
    links = page.eval_on_selector_all("article a[href]", "els => els.map(e => e.href)")
    for exercise in CATALOG.exercises.values():
        assert f"{base_url}exercises/{exercise.slug}/" in links
    for routine in CATALOG.routines.values():
        assert f"{base_url}routines/{routine.slug}/" in links
    page.get_by_role("button", name="Search the site").click()
    page.get_by_role("combobox", name="Search the site").press_sequentially("clam")
    page.get_by_role("option").first.wait_for()
    assert page.locator("link[rel=stylesheet]").count() > 0  # in the site's look, not bare HTML
    context.close()


# --- Videos ----------------------------------------------------------------------------------------


def with_video(data: dict, video: dict) -> dict:
    data = copy.deepcopy(data)
    next(e for e in data["exercises"] if e["slug"] == "clamshell")["videos"] = [video]
    return data


def test_no_video_in_the_data_means_no_video_box(page):
    for exercise in CATALOG.exercises.values():
        if not exercise.videos:
            assert article(page(f"exercises/{exercise.slug}/")).select_one(".la-video") is None


@pytest.fixture
def video_site(project_copy, raw_data) -> Path:
    """The site with a video on the clamshell page, 83 s in (the real data has none yet)."""
    write_data(project_copy, with_video(raw_data, {"id": "AbCdEfGhI_-", "start": 83}))
    return build_site(project_copy, project_copy / "site")


@pytest.mark.browser
def test_watch_it_in_the_video_opens_the_private_player_at_its_second_and_nothing_loads_before(browser, video_site):
    with serve_directory(video_site) as url:
        # Without JavaScript the link itself opens the privacy-enhanced player at 1:23.
        context = browser.new_context(java_script_enabled=False, service_workers="block")
        page = context.new_page()
        page.goto(url + "exercises/clamshell/")
        watch = page.get_by_role("link", name="Watch it in the video")
        assert watch.is_visible() and "from 1:23" in watch.inner_text()
        target = urlparse(watch.get_attribute("href"))
        assert (target.scheme, target.hostname, target.path, target.query) == (
            "https", "www.youtube-nocookie.com", "/embed/AbCdEfGhI_-", "start=83")
        assert page.get_by_role("link", name="Open it on YouTube").get_attribute("href") == "https://youtu.be/AbCdEfGhI_-?t=83"
        context.close()

        # With it, nothing is asked of another host until the click; then the player plays here.
        context = browser.new_context(viewport={"width": 390, "height": 844}, service_workers="block")
        page = context.new_page()
        outside: list[str] = []

        def record(route):
            outside.append(route.request.url)
            route.abort()

        page.route(re.compile(r"^https?://(?!127\.0\.0\.1)"), record)
        page.goto(url + "exercises/clamshell/", wait_until="networkidle")
        assert outside == [], "nothing may load from YouTube before the click"
        page.get_by_role("link", name="Watch it in the video").click()
        frame = page.locator("iframe.la-video__frame")
        src = urlparse(frame.get_attribute("src"))
        assert (src.hostname, src.path) == ("www.youtube-nocookie.com", "/embed/AbCdEfGhI_-")
        assert "start=83" in src.query.split("&")
        assert page.url == url + "exercises/clamshell/", "the player opens on the page, not instead of it"
        page.wait_for_timeout(300)
        assert outside and all(urlparse(u).hostname == "www.youtube-nocookie.com" for u in outside)
        context.close()


@pytest.mark.browser
def test_the_watch_link_is_accessible_and_valid_html(browser, video_site):
    from test_quality import AXE, VNU, need, run_axe

    need(AXE, "axe-core")
    need(VNU, "vnu-jar")
    with serve_directory(video_site) as url:
        for scheme in ("light", "dark"):
            context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme=scheme, service_workers="block")
            page = context.new_page()
            page.goto(url + "exercises/clamshell/", wait_until="networkidle")
            box = page.get_by_role("link", name="Watch it in the video").bounding_box()
            assert box["width"] >= 44 and box["height"] >= 44
            assert run_axe(page) == [], scheme
            context.close()
    java = need_program("java", "default-jre-headless", "the valid-HTML test (Nu Html Checker)")
    checked = subprocess.run([java, "-jar", str(VNU), "--errors-only", str(page_path(video_site, "exercises/clamshell/"))],
                             capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr


@pytest.mark.parametrize("video,field", [
    ({"id": "too-short", "start": 5}, "video 1: `id` cannot be 'too-short'"),
    ({"id": "AbCdEfGhI<>", "start": 5}, "video 1: `id` cannot be 'AbCdEfGhI<>'"),
    ({"id": "AbCdEfGhI_-", "start": -3}, "video 1: `start` is -3; the least it takes is 0."),
    ({"id": "AbCdEfGhI_-", "start": "1:23"}, "video 1: `start` should be a whole number, not text"),
])
def test_malformed_video_fails_the_build(project_copy, raw_data, caplog, video, field):
    message = break_and_build(project_copy, with_video(raw_data, video), caplog)
    assert f"the 4th exercise, 'clamshell', {field}" in message


# --- Link previews -------------------------------------------------------------------------------


def all_pages(site: Path) -> list[str]:
    pages = []
    for html in site.rglob("index.html"):
        url = str(html.parent.relative_to(site)).replace(".", "", 1) if html.parent != site else ""
        url = f"{url}/" if url else ""
        if redirect_target(soup_of(site, url)) is None:
            pages.append(url)
    return sorted(pages)


def test_every_page_has_canonical_description_and_preview_tags(site, site_url):
    for url in all_pages(site):
        soup = soup_of(site, url)
        assert soup.select_one("link[rel=canonical]")["href"] == site_url + url, url
        description = soup.select_one("meta[name=description]")["content"]
        assert description.strip(), url
        for prop in ("og:title", "og:description", "og:url", "og:image"):
            assert soup.select_one(f"meta[property='{prop}']")["content"].strip(), (url, prop)
        assert soup.select_one("meta[property='og:url']")["content"] == site_url + url
        assert soup.select_one("meta[name='twitter:card']")["content"] == "summary_large_image"
    assert (site / "assets" / "social.png").is_file()


def test_generated_pages_describe_themselves_from_the_data(page):
    for exercise in CATALOG.exercises.values():
        soup = page(f"exercises/{exercise.slug}/")
        assert soup.select_one("meta[name=description]")["content"] == exercise.summary
        assert soup.select_one("meta[property='og:title']")["content"] == exercise.name


def test_sitemap_lists_every_page_and_no_redirect(site, site_url):
    tree = ET.parse(site / "sitemap.xml")
    locs = {el.text for el in tree.iter() if el.tag.endswith("loc")}
    for url in all_pages(site):
        assert site_url + url in locs, url
    for short in SHORTS:
        assert site_url + short not in locs


def test_site_url_comes_from_the_environment(project_copy, monkeypatch):
    monkeypatch.setenv("SITE_URL", "https://example.org/")
    site = build_site(project_copy, project_copy / "site")
    soup = soup_of(site, "exercises/clamshell/")
    assert soup.select_one("link[rel=canonical]")["href"] == "https://example.org/exercises/clamshell/"
    # get_text() without a separator: the address may break after a "/" (a <wbr> there), not a space
    assert "example.org/go/five" in soup_of(site, "routines/the-five-from-the-video/").select_one(".la-sheet__url").get_text()
