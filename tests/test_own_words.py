"""The site says things in its own words: no page repeats a run of the owner's post word for word.

The post the site grew from is kept in tests/source/. Every built page's visible text (its
article, or the whole body of the 404 page) is cut into words; no run of eight or more
consecutive words may also appear in the post, attributions and disclosures included.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

SOURCE = Path(__file__).parent / "source" / "bum-exercises.txt"
RUN = 8  # the shortest shared run that counts as copying


def word_list(text: str) -> list[str]:
    # Curly apostrophes join the word like straight ones; every other mark splits words.
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    return re.findall(r"[a-z0-9]+(?:'[a-z0-9]+)*", text)


def grams(words: list[str], n: int = RUN) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def shared_runs(words: list[str], source: set[tuple[str, ...]]) -> list[list[str]]:
    """Every maximal run of `words` made of overlapping 8-grams of the post."""
    runs: list[list[str]] = []
    start = None
    for i in range(len(words) - RUN + 2):
        shared = i <= len(words) - RUN and tuple(words[i : i + RUN]) in source
        if shared and start is None:
            start = i
        elif not shared and start is not None:
            runs.append(words[start : i - 1 + RUN])
            start = None
    return runs


def longest_shared_run(words: list[str], source: set[tuple[str, ...]]) -> list[str]:
    """The longest run of `words` shared with the post, 8 words or more (empty if none)."""
    return max(shared_runs(words, source), key=len, default=[])


def visible_text(path: Path) -> str:
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
    for hidden in soup.select("script, style, template, svg"):
        hidden.decompose()
    node = soup.select_one("article.md-content__inner") or soup.body
    return node.get_text(" ") if node else ""


POST_GRAMS = grams(word_list(SOURCE.read_text(encoding="utf-8")))


def test_the_post_is_kept_and_measured():
    assert len(POST_GRAMS) > 500


def test_the_measure_finds_a_copied_run():
    post = word_list(SOURCE.read_text(encoding="utf-8"))
    copied = ["so"] + post[100:112] + ["anyway"]
    assert longest_shared_run(copied, POST_GRAMS) == post[100:112]
    assert longest_shared_run(post[100:107] + ["zebra"], POST_GRAMS) == []


def test_no_page_repeats_eight_words_of_the_post(site):
    pages = sorted(site.rglob("*.html"))
    assert any(p.name == "404.html" for p in pages)
    copied = {}
    for path in pages:
        runs = shared_runs(word_list(visible_text(path)), POST_GRAMS)
        if runs:
            copied[str(path.relative_to(site))] = "; ".join(f"{len(r)} words: {' '.join(r)}" for r in runs)
    assert not copied, "pages repeating the post word for word:\n" + "\n".join(f"{k}: {v}" for k, v in copied.items())


@pytest.mark.parametrize("text", ["Some links on this site may be affiliate links."])
def test_known_copied_lines_would_be_caught(text):
    assert len(longest_shared_run(word_list(text), POST_GRAMS)) >= RUN
