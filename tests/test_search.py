"""Search as a person uses it: type into the real search box in Chromium and read the results."""

from __future__ import annotations

import statistics
import time
from urllib.parse import urlparse

import pytest
from conftest import REPORT

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


# Predicates are functions: Playwright evals a bare expression in the page, which the site's CSP refuses.
RESULTS_SHOWN = "() => document.querySelector('.md-search-result__meta').textContent.match(/matching|No matching/)"
# Marks the result list so the next update (a new list for the last keystroke) can be seen.
TIMINGS_MS: list[float] = []


def search(page, query: str) -> list[str]:
    """Clear the box, type the query key by key, and return the result pages in order.
    The time from the last keypress to its results is recorded (warm: the index is loaded)."""
    box = page.locator(".md-search__input")
    box.fill("")
    page.wait_for_function("() => document.querySelector('.md-search-result__meta').textContent.includes('Type')")
    box.press_sequentially(query[:-1])
    if len(query) > 1:
        page.wait_for_function(RESULTS_SHOWN)
        page.wait_for_timeout(100)
    before = page.evaluate("document.querySelector('.md-search-result__meta').textContent + '|' + [...document.querySelectorAll('.md-search-result__item > a')].map(a => a.href).join()")
    start = time.perf_counter()
    box.press(query[-1])
    page.wait_for_function(
        "before => { const now = document.querySelector('.md-search-result__meta').textContent + '|' + [...document.querySelectorAll('.md-search-result__item > a')].map(a => a.href).join(); return now !== before && /matching/.test(now); }",
        arg=before, polling=5,
    )
    TIMINGS_MS.append((time.perf_counter() - start) * 1000)
    page.wait_for_timeout(100)  # let a late update for the same keystroke land
    return result_paths(page)


@pytest.fixture(scope="module")
def search_page(browser, base_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(base_url)
    page.locator(".md-search__input").click()
    page.wait_for_function("() => document.querySelector('.md-search-result__meta') !== null")
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


def test_report_warm_keypress_to_results_time():
    """Reported, not asserted: speed belongs in benchmarks, not in timed tests."""
    assert len(TIMINGS_MS) >= 30, "the query tests ran first and were timed"
    REPORT.append(
        f"search: warm keypress-to-results {statistics.median(TIMINGS_MS):.0f} ms median,"
        f" {max(TIMINGS_MS):.0f} ms worst, over {len(TIMINGS_MS)} queries typed in Chromium"
    )
