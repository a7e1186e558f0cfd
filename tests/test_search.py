"""Search as a person uses it: type into the real search box in Chromium and read the results."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

pytestmark = pytest.mark.browser

# (what people type, the page that must be in the first three results)
QUERIES = [
    ("bum", "exercises/glute-bridge/"),
    ("butt", "exercises/glute-bridge/"),
    ("backside", "exercises/glute-bridge/"),
    ("glutes", "exercises/glute-bridge/"),
    ("knee pain", "exercises/step-up/"),
    ("IT band", "exercises/clamshell/"),
    ("knees cave in", "exercises/clamshell/"),
    ("balance", "exercises/single-leg-deadlift/"),
    ("explosive", "exercises/kettlebell-swing/"),
    ("kettlebell", "exercises/kettlebell-swing/"),
    ("kb swing", "exercises/kettlebell-swing/"),
    ("bench", "exercises/equipment/box-or-bench/"),
    ("box", "exercises/step-up/"),
    ("no equipment", "exercises/equipment/none/"),
    ("stabilisers", "exercises/clamshell/"),
    ("stabilizers", "exercises/clamshell/"),
    ("clam", "exercises/clamshell/"),
    ("step up", "exercises/step-up/"),
    ("stepup", "exercises/step-up/"),
    ("single leg", "exercises/single-leg-deadlift/"),
    ("bendy legs", ""),
    ("hip thrust", "exercises/hip-thrust/"),
    ("monster walk", "exercises/lateral-band-walk/"),
    ("band", "exercises/lateral-band-walk/"),
    ("split squat", "exercises/bulgarian-split-squat/"),
    ("side plank", "exercises/side-plank-leg-lift/"),
    ("glute med", "exercises/muscle/gluteus-medius/"),
    ("hip bridge", "exercises/glute-bridge/"),
    ("rdl", "exercises/single-leg-deadlift/"),
    ("donkey kick", "exercises/donkey-kick/"),
    ("fire hydrant", "exercises/fire-hydrant/"),
    ("beginner", "exercises/level/beginner/"),
    ("shin splints", ""),
    ("disclaimer", "disclaimer/"),
    ("affiliate", "affiliate-disclosure/"),
]


def result_paths(page) -> list[str]:
    hrefs = page.eval_on_selector_all(
        ".md-search-result__item > a", "links => links.map(link => link.href)"
    )
    paths = []
    for href in hrefs:
        path = urlparse(href).path.lstrip("/")
        if path not in paths:
            paths.append(path)
    return paths


def search(page, query: str) -> list[str]:
    """Clear the box, type the query key by key, and return the result pages in order."""
    box = page.locator(".md-search__input")
    box.fill("")
    page.wait_for_function("document.querySelector('.md-search-result__meta').textContent.includes('Type')")
    box.press_sequentially(query)
    page.wait_for_function(
        "document.querySelector('.md-search-result__meta').textContent.match(/matching|No matching/)"
    )
    page.wait_for_timeout(150)  # the last keystroke's results replace the previous ones
    return result_paths(page)


@pytest.fixture(scope="module")
def search_page(browser, base_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(base_url)
    page.locator(".md-search__input").click()
    page.wait_for_function("document.querySelector('.md-search-result__meta') !== null")
    yield page
    context.close()


@pytest.mark.parametrize("query,expected", QUERIES, ids=[q for q, _ in QUERIES])
def test_query_finds_its_page_in_the_first_three(search_page, query, expected):
    found = search(search_page, query)
    assert expected in found[:3], f"{query!r} gave {found[:5]}"


def test_search_on_a_phone(browser, base_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(base_url + "exercises/glute-bridge/")
    page.locator("label.md-header__button[for='__search']").click()
    found = search(page, "clam")
    assert found[0] == "exercises/clamshell/"
    page.locator(".md-search-result__item > a").first.click()
    page.wait_for_url("**/exercises/clamshell/**")
    assert page.locator("article h1").inner_text() == "Clamshell"
    context.close()
