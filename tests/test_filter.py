"""The exercises index narrows its list as a reader picks muscle, equipment and level."""

from __future__ import annotations

import pytest
from conftest import ROOT

from lazyathlete.data import DATA_FILE, load_catalog

pytestmark = pytest.mark.browser
CATALOG = load_catalog(ROOT / DATA_FILE)


def visible_names(page) -> list[str]:
    return page.eval_on_selector_all(
        ".la-card:not([hidden]) .la-card__link", "links => links.map(link => link.textContent.trim())"
    )


def test_filters_narrow_the_list_and_say_how_many(browser, base_url):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(base_url + "exercises/")
    assert len(visible_names(page)) == len(CATALOG.exercises)
    page.select_option("#la-filter-equipment", "kettlebell")
    expected = [e.name for e in CATALOG.exercises.values() if "kettlebell" in e.equipment]
    assert visible_names(page) == expected
    assert page.inner_text(".la-filter__status") == f"Showing {len(expected)} of {len(CATALOG.exercises)} exercises"
    page.select_option("#la-filter-equipment", "")
    page.select_option("#la-filter-level", "beginner")
    page.select_option("#la-filter-muscle", "gluteus-medius")
    expected = [
        e.name for e in CATALOG.exercises.values()
        if e.level == "beginner" and "gluteus-medius" in e.primary_muscles + e.secondary_muscles
    ]
    assert expected and visible_names(page) == expected
    context.close()


def test_without_javascript_the_filters_are_not_shown(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "exercises/")
    assert not page.is_visible("form.la-filter")
    assert len(visible_names(page)) == len(CATALOG.exercises)
    page.goto(base_url + "routines/the-five-from-the-video/")
    assert not page.is_visible("[data-la-print]")
    context.close()


def test_print_button_shows_with_javascript(browser, base_url):
    context = browser.new_context()
    page = context.new_page()
    page.goto(base_url + "routines/the-five-from-the-video/")
    assert page.is_visible("[data-la-print]")
    context.close()
