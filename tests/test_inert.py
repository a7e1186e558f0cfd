"""Text from the data is inert wherever it lands: every free-text field of the data file carries
markup, quotes and a Jinja expression, and no output of the build treats any of it as code."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import build_site, serve_directory, write_data

from lazyathlete.cli.schema import json_schema

# Markup that would run or add an element if any output pasted it raw, a quote that would end an
# HTML attribute, and a Jinja expression that would print 62615533 if it were ever evaluated.
PAYLOAD = ' <i data-pwn="1">x</i><img src="x" data-pwn onerror="window.__pwned=1">"\' {{ 7919*7907 }}'
MARKER = "data-pwn"

# Fields whose values are identifiers or fixed words (slugs, references, enums, figure settings):
# everything else in the data is free text and gets the payload. A new free-text field is covered
# without touching this test; a new identifier field belongs in this list.
NOT_TEXT = {
    "slug", "short", "former_slugs", "exercise", "level", "equipment", "primary_muscles",
    "secondary_muscles", "attribution", "when", "id", "working", "base", "anchor", "arrow", "hand",
    "around", "rests_on", "props", "new_to_strength", "from_the_video", "gone", "routine", "instead_of",
}


# Every text has a most (data/models.py): where the text and the payload would pass it, the text
# is cut to make room, and a field too short for the whole payload gets its short form (markup with
# the marker, both quotes and the Jinja expression).
SHORT_PAYLOAD = "<b data-pwn>\"'{{ 7919*7907 }}"
SCHEMA = json_schema()


def _resolved(schema: dict, value) -> dict:
    if "$ref" in schema:
        return _resolved(SCHEMA["$defs"][schema["$ref"].removeprefix("#/$defs/")], value)
    kinds = {str: "string", list: "array", dict: "object"}
    for choice in schema.get("anyOf", []):
        if choice.get("type") == kinds.get(type(value)) or "$ref" in choice:
            return _resolved(choice, value)
    return schema


def poisoned(value, key: str | None = None, schema: dict = SCHEMA):
    """The data with the payload added to every free-text string (dict keys stay as they are)."""
    if key in NOT_TEXT:
        return value
    schema = _resolved(schema, value)
    if isinstance(value, dict):
        inner = schema.get("properties", {})
        return {k: poisoned(v, k, inner.get(k, schema.get("additionalProperties") or {})) for k, v in value.items()}
    if isinstance(value, list):
        return [poisoned(v, key, schema.get("items") or {}) for v in value]
    if isinstance(value, str):
        most = schema.get("maxLength", len(value) + len(PAYLOAD))
        payload = PAYLOAD if len(PAYLOAD) <= most else SHORT_PAYLOAD
        return value[: max(0, most - len(payload))] + payload
    return value


@pytest.fixture(scope="module")
def poisoned_site(raw_data, tmp_path_factory) -> Path:
    from tools.project import copy_project

    project = copy_project(tmp_path_factory.mktemp("poisoned") / "project")
    write_data(project, poisoned(copy.deepcopy(raw_data)))
    return build_site(project, project / "site")


def test_the_payload_reached_every_kind_of_page(poisoned_site):
    """Guards the test itself: the payload is on the pages, shown as text."""
    home = (poisoned_site / "exercises" / "clamshell" / "index.html").read_text(encoding="utf-8")
    assert "&lt;img" in home and "7919*7907" in home


def test_no_output_file_holds_live_markup_from_the_data(poisoned_site):
    checked = 0
    for path in poisoned_site.rglob("*"):
        if path.suffix not in (".html", ".xml", ".json", "") or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        assert "62615533" not in text, f"{path}: a Jinja expression from the data was evaluated"
        if path.suffix == ".html":
            soup = BeautifulSoup(text, "lxml")
            live = soup.select(f"[{MARKER}], [onerror]")
            assert not live, f"{path.relative_to(poisoned_site)}: data became markup: {live[:2]}"
            checked += 1
    assert checked > 50


def test_search_index_carries_the_data_as_plain_text(poisoned_site):
    """The search box draws results as text (textContent), so the index holds the data's
    words as they are: the payload reaches the titles, names and problems searched below,
    unevaluated (no 62,608,033 from the template braces)."""
    index = json.loads((poisoned_site / "search.json").read_text(encoding="utf-8"))
    shown = [value for doc in index["docs"] for key in ("t", "s", "a", "p") for value in ([doc[key]] if isinstance(doc.get(key), str) else doc.get(key, []))]
    assert sum("7919*7907" in value and MARKER in value for value in shown) > 10
    assert not any("62608033" in json.dumps(doc) for doc in index["docs"])


def test_redirects_file_holds_only_addresses(poisoned_site):
    for line in (poisoned_site / "_redirects").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            source, target, code = line.split(" ")
            assert source.startswith("/") and target.startswith("/") and code == "301"


@pytest.fixture(scope="module")
def poisoned_url(poisoned_site):
    with serve_directory(poisoned_site) as url:
        yield url


QUERIES = ["clamshell", "bum", "knee", "five", "gluteus", "pwn"]


@pytest.mark.browser
def test_searching_poisoned_data_runs_nothing(browser, poisoned_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(poisoned_url + "exercises/")
    page.get_by_role("button", name="Search", exact=True).click()
    box = page.get_by_role("combobox", name="Search the site")
    shown = []
    for query in QUERIES:
        box.fill("")
        box.press_sequentially(query)
        page.wait_for_function("() => /result/.test(document.querySelector('.la-search__status').textContent)")
        assert page.get_by_role("option").count() > 0, query
        shown.append(page.get_by_role("listbox").inner_text())
        assert page.evaluate("window.__pwned") is None, query
        assert page.locator(f"[{MARKER}]").count() == 0, query
    assert any('<i data-pwn="1">x</i>' in text for text in shown), "the payload is shown, as text"
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("url", ["", "exercises/clamshell/", "exercises/", "routines/the-five-from-the-video/",
                                 "routines/the-five-from-the-video/card/", "go/clam/", "no-such-page/"])
def test_poisoned_pages_run_nothing(browser, poisoned_url, url):
    context = browser.new_context()
    page = context.new_page()
    page.goto(poisoned_url + url)
    page.wait_for_load_state("load")
    assert page.evaluate("window.__pwned") is None
    assert page.locator(f"[{MARKER}]").count() == 0
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("url", ["routines/the-five-from-the-video/", "routines/the-five-from-the-video/card/"])
def test_playing_a_poisoned_routine_runs_nothing_and_shows_the_text(browser, poisoned_url, url):
    """The player writes names, cues and titles into the page and into the saved
    sessions and their download: as text, every time."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, accept_downloads=True)
    page = context.new_page()
    page.clock.install()
    page.goto(poisoned_url + url)
    page.get_by_role("button", name="Start: follow along").click()
    for _ in range(6):
        page.get_by_role("button", name="Skip", exact=True).click()
        assert f"<b {MARKER}>" in page.locator("dialog.la-player [data-la-name]").inner_text()  # names carry the short payload
        assert page.evaluate("window.__pwned") is None
        assert page.locator(f"[{MARKER}]").count() == 0
    page.get_by_role("button", name="Stop", exact=True).click()
    page.get_by_role("button", name="Stop and save").click()  # Stop asks first
    page.get_by_role("button", name="Back to the routine").click()
    assert "stopped" in page.locator("[data-la-list]").inner_text()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download my sessions (CSV)").click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert "7919*7907" in text and "62615533" not in text
    assert page.evaluate("window.__pwned") is None
    assert page.locator(f"[{MARKER}]").count() == 0
    context.close()
