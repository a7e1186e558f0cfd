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
    "plans/six-weeks-to-the-five/",
]


def loaded_components(html_file: Path, site: Path, site_url: str, soup: BeautifulSoup) -> set[str]:
    """The data-module names whose scripts the page loads."""
    address = urljoin(site_url, html_file.relative_to(site).as_posix())
    scripts = {urljoin(address, tag["src"]).removeprefix(site_url) for tag in soup.select("script[src]")}
    return {
        f"la-{component.name}"
        for component in REGISTRY.values()
        if component.scripts and (EVERY_PAGE_SCRIPT if component.every_page else component.scripts[-1]) in scripts
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


# A routine's card looks like the paper it prints on wherever it shows: on its kind's pages and
# on hand-written pages whose macros draw cards (print-all, the builder), though its styles are
# only on those pages (overrides/components/sheet/).
@pytest.mark.browser
@pytest.mark.parametrize("address", [a for a in PAGES if a.startswith("routines/")])
def test_a_routine_card_looks_like_paper_wherever_it_shows(browser, base_url, address):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(base_url + address)
    if address == "routines/build/":  # the builder's cards show once it holds a move
        page.locator("[data-la-add]").first.click()
    card = page.locator(".la-sheet:visible").first
    looks = card.evaluate("c => { const s = getComputedStyle(c); return [s.borderTopWidth, s.borderTopStyle, s.boxShadow, s.borderRadius]; }")
    context.close()
    assert looks[:2] == ["1px", "solid"] and looks[2] != "none" and looks[3] != "0px", looks
