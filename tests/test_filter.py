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
    button = page.get_by_role("button", name="Print this routine", include_hidden=True)
    assert button.count() == 1 and not button.is_visible()
    context.close()


def test_print_button_shows_with_javascript(browser, base_url):
    context = browser.new_context()
    page = context.new_page()
    page.goto(base_url + "routines/the-five-from-the-video/")
    assert page.get_by_role("button", name="Print this routine").is_visible()
    context.close()


# --- The choices live in the address: shareable, reloadable, and Back undoes the last one --------


def choices(page) -> dict[str, str]:
    return page.eval_on_selector_all(
        "form.la-filter select", "fields => Object.fromEntries(fields.map(f => [f.name, f.value]))"
    )


def first_two_facets() -> list[tuple[str, str]]:
    """A muscle, then a piece of equipment that leaves some of the muscle's exercises: from the data."""
    for muscle in CATALOG.terms_in_use("muscle"):
        under = CATALOG.exercises_under("muscle", muscle)
        for kit in CATALOG.terms_in_use("equipment"):
            both = [e for e in under if e in CATALOG.exercises_under("equipment", kit)]
            if both and len(both) < len(under):
                return [("muscle", muscle), ("equipment", kit)]
    raise AssertionError("the data has no muscle and equipment that narrow each other")


def test_the_choices_are_kept_in_the_address_and_back_undoes_the_last(browser, base_url):
    (kind1, key1), (kind2, key2) = first_two_facets()
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(base_url + "exercises/")
    everything = visible_names(page)
    page.select_option(f"#la-filter-{kind1}", key1)
    after_one = visible_names(page)
    assert f"{kind1}={key1}" in page.url
    page.select_option(f"#la-filter-{kind2}", key2)
    after_two = visible_names(page)
    assert f"{kind1}={key1}" in page.url and f"{kind2}={key2}" in page.url
    assert len(after_two) < len(after_one) < len(everything)
    shared = page.url

    page.reload()
    assert choices(page)[kind1] == key1 and choices(page)[kind2] == key2
    assert visible_names(page) == after_two

    other = context.new_page()  # the address sent to a friend
    other.goto(shared)
    assert choices(other)[kind2] == key2 and visible_names(other) == after_two
    assert other.inner_text(".la-filter__status") == f"Showing {len(after_two)} of {len(CATALOG.exercises)} exercises"

    page.go_back()
    assert choices(page)[kind2] == "" and choices(page)[kind1] == key1
    assert f"{kind2}=" not in page.url
    assert visible_names(page) == after_one
    page.go_back()
    assert visible_names(page) == everything and "?" not in page.url
    page.go_forward()
    assert visible_names(page) == after_one
    assert errors == []
    context.close()


def test_an_unknown_choice_in_the_address_is_left_out(browser, base_url):
    context = browser.new_context()
    page = context.new_page()
    page.goto(base_url + "exercises/?level=olympic&equipment=<b>x</b>")
    assert choices(page)["level"] == "" and choices(page)["equipment"] == ""
    assert len(visible_names(page)) == len(CATALOG.exercises)
    context.close()


@pytest.mark.parametrize("url", ["", "exercises/", *[f"exercises/{kind}/" for kind in CATALOG.facets]])
def test_each_card_filter_and_browse_link_is_a_finger_wide(browser, base_url, url):
    context = browser.new_context(viewport={"width": 360, "height": 640})
    page = context.new_page()
    page.goto(base_url + url)
    targets = page.eval_on_selector_all(
        "article .la-card--exercise, article .la-filter select, article .la-term-item__link",
        """els => els.map(el => {
          const r = el.getBoundingClientRect();
          el.scrollIntoView({block: "center"});
          const box = el.getBoundingClientRect();
          const hit = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
          const link = el.querySelector(".la-card__link");
          return {what: el.className || el.tagName, w: r.width, h: r.height,
                  tapped: !link || link === hit || link.contains(hit)};
        })""",
    )
    assert targets
    for target in targets:
        assert target["w"] >= 44 and target["h"] >= 44, target
        assert target["tapped"], f"a tap on the card opens its exercise: {target}"
    context.close()
