"""Every browser component a page holds works there: the page loads its script, and in
Chromium each one starts, with no error (overrides/components/, lazyathlete/site/components.py).
What each component does is tested in the files its script names at its top."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup

from lazyathlete.site.components import EVERY_PAGE_SCRIPT, REGISTRY

# A page of each kind, and the hand-written pages that hold components of their own.
PAGES = [
    "",
    "exercises/",
    "exercises/clamshell/",
    "exercises/muscle/gluteus-medius/",
    "routines/the-five-from-the-video/",
    "routines/the-five-from-the-video/card/",
    "routines/print/",
    "routines/build/",
]


def loaded_components(html_file: Path, site: Path, site_url: str, soup: BeautifulSoup) -> set[str]:
    """The data-module names whose scripts the page loads."""
    address = urljoin(site_url, html_file.relative_to(site).as_posix())
    scripts = {urljoin(address, tag["src"]).removeprefix(site_url) for tag in soup.select("script[src]")}
    return {
        f"la-{component.name}"
        for component in REGISTRY.values()
        if (EVERY_PAGE_SCRIPT if component.every_page else component.scripts[-1]) in scripts
    }


def test_every_page_loads_the_script_of_every_component_it_holds(site, site_url):
    missing = {}
    for html_file in sorted(site.rglob("*.html")):
        soup = BeautifulSoup(html_file.read_text(encoding="utf-8"), "lxml")
        held = {element["data-module"] for element in soup.select("[data-module]")}
        lacking = held - loaded_components(html_file, site, site_url, soup)
        if lacking:
            missing[html_file.relative_to(site).as_posix()] = sorted(lacking)
    assert not missing, f"pages holding a component whose script they do not load: {missing}"


@pytest.mark.browser
@pytest.mark.parametrize("address", PAGES)
def test_every_component_on_the_page_starts_without_an_error(browser, base_url, address):
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(base_url + address)
    page.wait_for_load_state("load")
    held = page.evaluate("[...document.querySelectorAll('[data-module]')].map(e => e.getAttribute('data-module'))")
    waiting = page.evaluate("[...document.querySelectorAll('[data-module]:not([data-module-started])')].map(e => e.getAttribute('data-module'))")
    context.close()
    assert held, f"/{address} holds no component"
    assert waiting == [], f"/{address}: not started: {waiting}"
    assert errors == []
