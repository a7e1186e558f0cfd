"""The light/dark toggle: right palette on the first paint, switches by click or Enter, remembered.

The theme's own palette component is replaced by a component of ours
(overrides/components/palette/: a small inline script chooses the palette before the
first paint, palette.js switches it) so that loading a page does not restyle it
twice; these tests hold the replacement to what readers expect.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser
PAGE = "exercises/clamshell/"
BACKGROUND = "getComputedStyle(document.body).backgroundColor"


def scheme(page) -> str:
    return page.evaluate("document.body.getAttribute('data-md-color-scheme')")


def visible_toggle(page) -> str:
    return page.get_attribute("form.md-header__option label:not([hidden])", "title")


@pytest.mark.parametrize(("system", "expected", "toggle"), [
    ("light", "default", "Switch to dark mode"),
    ("dark", "slate", "Switch to light mode"),
])
def test_first_paint_follows_the_system_without_the_theme_bundle(browser, base_url, system, expected, toggle):
    context = browser.new_context(color_scheme=system)
    page = context.new_page()
    page.route("**/assets/javascripts/bundle.*.js", lambda route: route.abort())  # nothing from the theme's JS
    page.route(lambda url: "/components/" in url, lambda route: route.abort())  # nor our deferred scripts: it is chosen before
    page.goto(base_url + PAGE)
    assert scheme(page) == expected
    assert visible_toggle(page) == toggle
    assert page.evaluate("document.querySelector('meta[name=color-scheme]').content") == (
        "dark" if system == "dark" else "light")
    context.close()


def test_toggle_switches_the_colours_and_is_remembered_on_the_next_page(browser, base_url):
    context = browser.new_context(color_scheme="light")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(base_url + PAGE)
    light = page.evaluate(BACKGROUND)
    page.click("form.md-header__option label:not([hidden])")
    assert scheme(page) == "slate"
    assert page.evaluate(BACKGROUND) != light
    assert visible_toggle(page) == "Switch to light mode"
    page.goto(base_url + "routines/")
    assert scheme(page) == "slate"
    page.goto(base_url)
    assert scheme(page) == "slate"
    assert errors == []
    context.close()


def test_enter_on_the_focused_toggle_switches_and_keeps_focus_on_it(browser, base_url):
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    page.goto(base_url + PAGE)
    page.focus("#__palette_1")
    page.keyboard.press("Enter")
    assert scheme(page) == "default"
    assert page.evaluate("document.activeElement.id") == "__palette_0"
    assert visible_toggle(page) == "Switch to dark mode"
    context.close()
