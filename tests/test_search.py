"""Search as a person uses it: open the search box in Chromium, type, read the results and
the pages they lead to. The index is lazyathlete/site/search.py; the box is
overrides/components/search/search.js."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlparse

import pytest
from conftest import ROOT
from test_quality import AXE, need, run_axe

from lazyathlete.data import DATA_FILE, load_catalog

pytestmark = pytest.mark.browser

CATALOG = load_catalog(ROOT / DATA_FILE)
EXERCISES = list(CATALOG.exercises.values())

# --- Typing and reading, as a person does ---------------------------------------------------

# The status line under the box says how many results there are, or that there are none.
ANSWERED = "() => /result|Nothing found/.test(document.querySelector('.la-search__status').textContent)"
RESULTS = """() => [...document.querySelectorAll('[role=listbox] [role=option]')].map(option => ({
  path: new URL(option.href).pathname,
  title: option.querySelector('.la-search__title').textContent,
  text: (option.querySelector('.la-search__text') || {textContent: ''}).textContent,
  chips: [...option.querySelectorAll('.la-search__chip')].map(chip => chip.textContent),
}))"""


def open_search(page) -> None:
    page.get_by_role("button", name="Search", exact=True).click()
    page.get_by_role("combobox", name="Search the site").wait_for()


def search(page, query: str, *, key_by_key: bool = True) -> list[dict]:
    """Clear the box, type the query (key by key, or pasted for the long lists) and read the results."""
    box = page.get_by_role("combobox", name="Search the site")
    box.fill("")
    if key_by_key:
        box.press_sequentially(query)
    else:
        box.fill(query)
    page.wait_for_function(ANSWERED)
    results = page.evaluate(RESULTS)
    for result in results:
        result["path"] = result["path"].removeprefix("/")  # the test server serves the site at its root
    return results


def paths(results: list[dict]) -> list[str]:
    return [result["path"] for result in results]


@pytest.fixture(scope="module")
def context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context
    context.close()


@pytest.fixture(scope="module")
def search_page(context, base_url):
    page = context.new_page()
    page.goto(base_url + "exercises/")
    open_search(page)
    yield page
    page.close()


# --- Every word a result shows is a word of its page -----------------------------------------

ORDINARY = ["clam", "bridge", "kettlebell", "knee pain", "printable", "side", "band", "bum"]


def words_of(text: str) -> set[str]:
    plain = unicodedata.normalize("NFKD", text).lower()
    return {word for word in re.split(r"[^a-z0-9]+", plain) if word}


@pytest.fixture(scope="module")
def page_words(context, base_url):
    """The words a reader sees on a page: the visible text of its content, read in the browser."""
    reader = context.new_page()
    seen: dict[str, set[str]] = {}

    def read(path: str) -> set[str]:
        if path not in seen:
            reader.goto(base_url + path)
            seen[path] = words_of(reader.locator("article").inner_text())
        return seen[path]

    yield read
    reader.close()


@pytest.mark.parametrize("query", ORDINARY)
def test_every_word_a_result_shows_is_on_its_page(search_page, page_words, query):
    results = search(search_page, query)[:5]
    assert results, f"{query!r} found nothing"
    for result in results:
        shown = " ".join([result["title"], result["text"], *result["chips"]])
        missing = words_of(shown) - page_words(result["path"])
        assert not missing, f"{query!r}: the result for {result['path']} shows {sorted(missing)}, not on that page"


@pytest.mark.parametrize("query", ["clam", "kettlebell swing"])
def test_a_routine_result_reads_as_a_sentence(search_page, query):
    routines = [r for r in search(search_page, query) if r["path"].startswith("routines/") and r["path"] != "routines/"]
    assert routines, f"{query!r} lists no routine"
    for result in routines:
        assert re.fullmatch(r"[A-Z][^·|]*[a-z)][.!?]", result["text"]), result["text"]


# --- Slips a person makes still find the move ------------------------------------------------

KEYBOARD = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]
VOWELS = "aeiou"


def key_beside(letter: str) -> str:
    row = next(row for row in KEYBOARD if letter in row)
    at = row.index(letter)
    return row[at + 1] if at + 1 < len(row) else row[at - 1]


def wrong_letter(letter: str) -> str:
    return VOWELS[(VOWELS.index(letter) + 1) % 5] if letter in VOWELS else key_beside(letter)


def slips_of(word: str) -> dict[str, str]:
    """The word as a person slips typing it: in its middle a letter left out, doubled, swapped
    with the one before or hit wrong (a vowel as another vowel, else a key beside it), and its
    first vowel after the first letter wrong ("hydrent", "bulgerian")."""
    m = len(word) // 2
    slips = {
        "left out": word[:m] + word[m + 1 :],
        "doubled": word[:m] + word[m] + word[m:],
        "swapped": word[: m - 1] + word[m] + word[m - 1] + word[m + 1 :],
        "wrong letter": word[:m] + wrong_letter(word[m]) + word[m + 1 :],
    }
    vowels = [i for i in range(1, len(word)) if word[i] in VOWELS]
    if vowels:
        i = vowels[0]
        slips["wrong vowel"] = word[:i] + wrong_letter(word[i]) + word[i + 1 :]
    return {kind: slip for kind, slip in slips.items() if slip != word}


def typos(exercise) -> list[tuple[str, str]]:
    """(what was typed, which slip) for every name and alias of the exercise: each slip in
    each word of four letters or more (a slip in a shorter word is usually another word),
    the name run together, and a long word split in two."""
    found = []
    for name in [exercise.name, *exercise.also_called]:
        parts = re.split(r"([\s\-]+)", name.lower())
        for at in range(0, len(parts), 2):
            if len(parts[at]) >= 4 and parts[at].isalpha():
                for kind, slip in slips_of(parts[at]).items():
                    found.append(("".join(parts[:at] + [slip] + parts[at + 1 :]), f"{kind} in {parts[at]!r}"))
        words = [word for word in re.split(r"[\s\-]+", name.lower()) if word]
        if len(words) > 1:
            found.append(("".join(words), "run together"))
        for word in words:
            if len(word) >= 8 and word.isalpha():
                found.append((name.lower().replace(word, f"{word[: len(word) // 2]} {word[len(word) // 2 :]}"), "split"))
    return found


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.slug)
def test_a_slip_in_any_word_of_a_name_still_finds_the_move_in_the_top_three(search_page, exercise):
    expected = CATALOG.exercise_url(exercise.slug)
    cases = typos(exercise)
    assert len(cases) >= 5
    misses = []
    for typed, kind in cases:
        found = paths(search(search_page, typed, key_by_key=False))
        if expected not in found[:3]:
            misses.append(f"{typed!r} ({kind}) gave {found[:3]}")
    assert not misses, f"{len(misses)} of {len(cases)}:\n" + "\n".join(misses)


@pytest.mark.parametrize("typed,expected", [("hydrent", "fire-hydrant"), ("bulgerian", "bulgarian-split-squat"),
                                            ("glutebridge", "glute-bridge"), ("clam shell", "clamshell")])
def test_the_issues_own_slips(search_page, typed, expected):
    assert f"exercises/{expected}/" in paths(search(search_page, typed))[:3]


# --- What worked before keeps working ----------------------------------------------------------

NAMES = [(name, exercise) for exercise in EXERCISES for name in [exercise.name, *exercise.also_called]]


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.slug)
def test_a_name_or_alias_typed_exactly_comes_first(search_page, exercise):
    for name in [exercise.name, *exercise.also_called]:
        found = paths(search(search_page, name, key_by_key=False))
        assert found[:1] == [CATALOG.exercise_url(exercise.slug)], f"{name!r} gave {found[:3]}"


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.slug)
def test_a_name_in_the_plural_finds_the_move(search_page, exercise):
    plural = exercise.name + ("es" if re.search(r"(s|x|ch|sh)$", exercise.name) else "s")
    assert CATALOG.exercise_url(exercise.slug) in paths(search(search_page, plural, key_by_key=False))[:3], plural


def test_knee_pain_lists_first_the_moves_that_list_it_and_says_so(search_page):
    listing = {CATALOG.exercise_url(e.slug) for e in EXERCISES if "knee pain" in [h.lower() for h in e.helps_with]}
    assert listing, "the data lists a move for knee pain"
    results = search(search_page, "knee pain")
    assert set(paths(results)[: len(listing)]) == listing
    for result in results[: len(listing)]:
        assert "knee pain" in [chip.lower() for chip in result["chips"]], result


@pytest.mark.parametrize("query", ["print", "printable", "pocket card", "sheet"])
def test_print_words_find_the_routines(search_page, query):
    found = paths(search(search_page, query))
    assert found[:3] and all(path.startswith("routines/") for path in found[:3]), f"{query!r} gave {found[:5]}"


def test_nothing_found_says_so_in_plain_words(search_page):
    assert search(search_page, "zzzzqx") == []
    status = search_page.locator(".la-search__status").inner_text()
    assert status.startswith("Nothing found for") and "zzzzqx" in status


# --- Keyboard, screen readers, phones ------------------------------------------------------------


def test_slash_focuses_arrows_move_enter_opens(browser, base_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(base_url + "exercises/glute-bridge/")
    page.keyboard.press("/")
    box = page.get_by_role("combobox", name="Search the site")
    assert page.evaluate("document.activeElement.getAttribute('role')") == "combobox"
    assert box.get_attribute("aria-expanded") == "false"
    page.keyboard.type("clam")
    page.wait_for_function(ANSWERED)
    assert box.get_attribute("aria-expanded") == "true"
    listbox = page.locator("#" + box.get_attribute("aria-controls"))
    assert listbox.get_attribute("role") == "listbox"
    options = listbox.get_by_role("option")
    assert options.count() >= 2
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == options.nth(1).get_attribute("id")
    assert options.nth(1).get_attribute("aria-selected") == "true"
    page.keyboard.press("ArrowUp")
    assert box.get_attribute("aria-activedescendant") == options.nth(0).get_attribute("id")
    assert options.nth(1).get_attribute("aria-selected") == "false"
    page.keyboard.press("Enter")
    page.wait_for_url("**/exercises/clamshell/")
    assert page.locator("article h1").inner_text() == "Clamshell"
    # "s" opens it too; Esc closes it and the page has the keyboard again.
    page.keyboard.press("s")
    assert box.is_visible() and page.evaluate("document.activeElement.getAttribute('role')") == "combobox"
    page.keyboard.press("Escape")
    assert not box.is_visible()
    assert page.evaluate("document.activeElement.getAttribute('role')") != "combobox"
    context.close()


def test_closing_the_box_gives_focus_back_to_the_magnifier_that_opened_it(browser, base_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True)
    page = context.new_page()
    page.goto(base_url + "exercises/clamshell/")
    magnifier = page.get_by_role("button", name="Search", exact=True)
    box = page.get_by_role("combobox", name="Search the site")
    for close in (lambda: page.keyboard.press("Escape"), lambda: page.get_by_role("button", name="Close search").click()):
        magnifier.click()
        assert box.is_visible()
        close()
        assert not box.is_visible()
        assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Search"
    # The keyboard works on the page again at once: "/" opens the box a second time.
    page.keyboard.press("Escape")
    page.keyboard.press("/")
    assert box.is_visible()
    context.close()


def test_letters_typed_in_a_field_stay_there(browser, base_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(base_url + "routines/build/")
    field = page.locator("#la-builder-q")
    field.press_sequentially("s/")
    assert field.input_value() == "s/"
    assert not page.get_by_role("combobox", name="Search the site").is_visible()
    context.close()


def test_the_open_search_passes_axe_light_and_dark(browser, base_url):
    need(AXE, "axe-core")
    for scheme in ("light", "dark"):
        context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme=scheme)
        page = context.new_page()
        page.goto(base_url)
        open_search(page)
        search(page, "knee pain")
        page.keyboard.press("ArrowDown")
        violations = run_axe(page)
        assert violations == [], f"{scheme}: {violations}"
        context.close()


@pytest.mark.parametrize("size", [(390, 844), (360, 640), (844, 390)])
def test_on_a_phone_results_are_big_enough_to_tap_and_open(browser, base_url, size):
    width, height = size
    context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(base_url + "exercises/glute-bridge/")
    opener = page.get_by_role("button", name="Search", exact=True).bounding_box()
    assert opener["width"] >= 44 and opener["height"] >= 44
    page.get_by_role("button", name="Search", exact=True).tap()
    results = search(page, "clam")
    assert results[0]["path"] == "exercises/clamshell/"
    box = page.get_by_role("combobox", name="Search the site").bounding_box()
    assert box["height"] >= 44 and box["x"] >= 0 and box["x"] + box["width"] <= width
    close = page.get_by_role("button", name="Close search").bounding_box()
    assert close["width"] >= 44 and close["height"] >= 44
    for option in page.get_by_role("option").all():
        shape = option.bounding_box()
        assert shape["height"] >= 44 and shape["width"] >= 44 and shape["x"] + shape["width"] <= width + 0.5
    page.get_by_role("option").first.tap()
    page.wait_for_url("**/exercises/clamshell/")
    context.close()


def test_without_javascript_the_magnifier_leads_to_the_exercises(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "about/")
    link = page.get_by_role("link", name="All the exercises")
    assert link.is_visible()
    assert not page.get_by_role("button", name="Search", exact=True).is_visible()
    link.click()
    page.wait_for_url("**/exercises/")
    context.close()


def test_the_engine_ships_with_its_licence(site):
    engine = site / "components/search/vendor/minisearch-7.2.0.js"
    assert engine.is_file() and (site / "search.json").is_file()
    assert "Permission is hereby granted" in engine.with_name("minisearch-7.2.0.LICENSE.txt").read_text(encoding="utf-8")


def test_search_asks_only_the_site_itself(browser, base_url):
    context = browser.new_context()
    page = context.new_page()
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(base_url + "about/")
    page.wait_for_load_state("load")
    assert not any(url.endswith(("/search.json", "minisearch-7.2.0.js")) for url in asked), "a page loads no more until search opens"
    open_search(page)
    assert search(page, "bridge")
    hosts = {urlparse(url).netloc for url in asked if not url.startswith("data:")}
    assert hosts == {urlparse(base_url).netloc}
    assert any(url.endswith("/search.json") for url in asked)
    context.close()


def test_a_hand_written_page_is_found_by_its_words_not_by_its_drawings_or_templates():
    from lazyathlete.site.search import written_entry

    drawing = (
        '<svg class="la-fig" role="img"><title>Glute bridge drawing</title>'
        '<svg aria-hidden="true"><path d="M0 0"/><text>hip</text></svg>'
        '<path d="M1 1"/><svg><text>knee</text></svg><text>ankle</text></svg>'
    )
    html = (
        "<h1>All the moves</h1><p>Pick one and go.</p>"
        f"{drawing}<p>Between the drawings.</p>{drawing}"
        '<svg class="la-dot"/><p>After a drawing with no inside.</p>'
        '<template data-la-row="x"><tr><td>Row template words</td><td><svg><text>strip</text></svg></td></tr></template>'
        "<p>The end of the page.</p>"
    )
    entry = written_entry("exercises/", "Exercises", html, [])
    assert entry.t == "All the moves" and entry.s == "Pick one and go."
    for words in ("Between the drawings.", "After a drawing with no inside.", "The end of the page."):
        assert words in entry.x
    for unread in ("Glute bridge drawing", "hip", "knee", "ankle", "Row template words", "strip"):
        assert unread not in entry.x.split(" ") and unread not in entry.x


# --- The pages a worried or puzzled reader looks for (issue 28) ---------------------------------


@pytest.mark.parametrize(("query", "expected"), [
    ("pain", "pain/"), ("pain rule", "pain/"), ("hurts", "pain/"),
    ("glossary", "glossary/"), ("words explained", "glossary/"), ("am I doing it right", "self-checks/"), ("self check", "self-checks/"),
])
def test_the_pages_a_reader_looks_for_come_first(search_page, query, expected):
    assert paths(search(search_page, query))[:1] == [expected], query
