"""Words explained where they appear (issue 28): the glossary page has an entry for every word
the site explains, and the first time a page says one of them, it links to that entry."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlparse

import pytest
from conftest import ROOT, article, words

from lazyathlete.data import DATA_FILE, load_catalog
from lazyathlete.site.glossary import TERMS, Glosser

CATALOG = load_catalog(ROOT / DATA_FILE)
EXERCISES = list(CATALOG.exercises.values())
WORDS = ["set", "rep", "reps left in you", "hinge", "brace", "IT band", "runner's knee", "shin splints", "ribs down"]


def test_the_glossary_explains_every_word_the_issue_names(page):
    body = article(page("glossary/"))
    entries = {h2["id"]: words(h2) for h2 in body.select("h2[id]")}
    assert set(entries) == set(TERMS)
    assert sorted(entries.values(), key=str.lower) == sorted((w[:1].upper() + w[1:] for w in WORDS), key=str.lower)
    for h2 in body.select("h2[id]"):
        assert words(h2.find_next_sibling("p")), f"{h2['id']} has an explanation"


def test_a_glossary_word_links_only_where_it_first_appears():
    gloss = Glosser(lambda path: "/" + path)
    first = gloss("Do 3 sets of 12 reps, then 3 more sets; set down the bell and brace.")
    assert str(first).count('href="/glossary/#set"') == 1
    assert 'href="/glossary/#rep"' in first and 'href="/glossary/#brace"' in first
    assert ">set down" not in first, "'set' as a verb is not the noun the glossary explains"
    assert 'href="/glossary/#set"' not in gloss("Three more sets."), "a page links each word once"
    assert "&lt;b&gt;" in Glosser(lambda path: path)("<b>reps</b>"), "data stays text"


@pytest.mark.parametrize("ex", EXERCISES, ids=lambda e: e.slug)
def test_each_exercise_page_links_its_first_mention_of_each_word(page, ex):
    url = f"exercises/{ex.slug}/"
    body = article(page(url))
    links = [a for a in body.select("a.la-gloss")]
    targets = [urlparse(urljoin("https://x/" + url, a["href"])) for a in links]
    assert all(t.path == "/glossary/" for t in targets)
    anchors = [t.fragment for t in targets]
    assert len(anchors) == len(set(anchors)), "each word linked once"
    # Every word the page says (outside the printed card) is linked at its first mention.
    said = " ".join(words(p) for p in body.select(".la-exercise-head, .la-summary, .la-steps, .la-effort, .la-mistakes,"
                                                     " .la-variations, .la-why, .admonition"))
    for anchor, form in TERMS.items():
        if re.search(rf"\b(?:{form})\b", said, re.IGNORECASE):
            assert anchor in anchors, f"{ex.slug}: '{anchor}' is on the page but not linked"


@pytest.mark.browser
def test_a_word_links_to_its_definition_on_a_phone(browser, base_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(base_url + "exercises/hip-thrust/")
    page.locator("a.la-gloss", has_text="ribs down").first.tap()
    page.wait_for_url("**/glossary/#ribs-down")
    heading = page.locator("h2#ribs-down")
    box = heading.bounding_box()
    assert box is not None and 0 <= box["y"] < 844 / 2, "the entry is at the top of the screen"
    assert "ribcage" in heading.locator("xpath=following-sibling::p[1]").inner_text()
    context.close()
