"""Every control a finger uses is at least 44 x 44 CSS px (WCAG 2.5.5), on every page of the
site, on a phone upright and on its side: the theme's header buttons, the menu's links, the
back-to-top button and the footer's links as much as our own buttons and fields.

Links inside running text are the one exception WCAG makes (a word in a sentence cannot be
44 px tall); the builder's and the player's own controls have their own tests."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

PHONES = {"upright": {"width": 390, "height": 844}, "on its side": {"width": 844, "height": 390}}

# What a finger presses: buttons and fields, the theme's header buttons and menu links, the
# back-to-top button and the footer's icons. Not links inside a sentence or a list of words.
CONTROLS = ", ".join([
    "button", "select", "summary", "input:not([type=hidden]):not([type=checkbox]):not([type=radio])",
    ".md-button", ".md-header__button", ".md-top", ".md-social__link", ".md-search__icon",
    ".md-nav--primary .md-nav__link",
])

SMALL = """selector => [...document.querySelectorAll(selector)].flatMap(el => {
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (!box.width || !box.height || style.visibility === "hidden") return [];
    if (el.closest("[hidden], dialog:not([open]), .md-sidebar--secondary")) return [];
    if (box.width >= 44 && box.height >= 44) return [];
    const name = (el.getAttribute("aria-label") || el.title || el.textContent || el.className || el.tagName).trim().replace(/\\s+/g, " ");
    return [`${name.slice(0, 40)} (${el.tagName.toLowerCase()}.${String(el.className).split(" ")[0]}): ${Math.round(box.width)} x ${Math.round(box.height)}`];
})"""


def site_pages(site: Path) -> list[str]:
    """Every page of the built site, as its address below the root."""
    return sorted(
        str(path.parent.relative_to(site)) + "/" if path.parent != site else ""
        for path in site.rglob("index.html")
        if "assets" not in path.parts
    )


@pytest.mark.parametrize("held", PHONES)
def test_every_control_on_every_page_is_big_enough_for_a_finger(browser, base_url, site, held):
    context = browser.new_context(viewport=PHONES[held], has_touch=True, is_mobile=True)
    page = context.new_page()
    too_small: list[str] = []
    for address in site_pages(site):
        page.goto(base_url + address)
        if page.locator("meta[http-equiv=refresh]").count():
            continue  # a short link: it moves on at once, nothing to press
        found = page.evaluate(SMALL, CONTROLS)
        # The menu on a phone slides in: its links are measured open, as a finger finds them.
        drawer = page.locator("label.md-header__button[for=__drawer]")
        if drawer.is_visible():
            drawer.click()
            page.wait_for_timeout(300)
            found += page.evaluate(SMALL, ".md-nav--primary .md-nav__link, .md-nav--primary .md-nav__button")
        too_small += [f"/{address}: {what}" for what in dict.fromkeys(found)]
    context.close()
    assert not too_small, f"{len(too_small)} controls under 44 x 44 px:\n" + "\n".join(too_small[:60])
