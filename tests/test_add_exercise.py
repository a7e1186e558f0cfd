"""Adding an exercise is one edit to the data file and nothing else."""

from __future__ import annotations

import copy
import json

from conftest import article, build_site, words, write_data


def test_one_new_entry_gives_a_page_an_index_entry_and_search_hits(project_copy, raw_data):
    data = copy.deepcopy(raw_data)
    new = copy.deepcopy(data["exercises"][0])
    new.update(
        slug="frog-pump",
        short="frog",
        name="Frog pump",
        also_called=["frog bridge", "butterfly bridge"],
        summary="A short, quick bridge with the soles of your feet together and knees out.",
        easier={"exercise": "glute-bridge"},
    )
    data["exercises"].append(new)
    write_data(project_copy, data)
    docs_before = sorted(p.relative_to(project_copy) for p in (project_copy / "docs").rglob("*"))

    site = build_site(project_copy, project_copy / "site")

    # No stub page was written next to the hand-written ones.
    assert sorted(p.relative_to(project_copy) for p in (project_copy / "docs").rglob("*")) == docs_before
    from bs4 import BeautifulSoup

    page = BeautifulSoup((site / "exercises/frog-pump/index.html").read_text(encoding="utf-8"), "lxml")
    assert words(article(page).h1) == "Frog pump"
    index = BeautifulSoup((site / "exercises/index.html").read_text(encoding="utf-8"), "lxml")
    assert "frog-pump/" in [a["href"] for a in index.select(".la-card__link")]
    level = BeautifulSoup((site / f"exercises/level/{new['level']}/index.html").read_text(encoding="utf-8"), "lxml")
    assert "Frog pump" in [words(a) for a in level.select(".la-card__link")]
    search = json.loads((site / "search.json").read_text(encoding="utf-8"))
    hits = [d for d in search["docs"] if d["u"] == "exercises/frog-pump/"]
    assert len(hits) == 1 and hits[0]["t"] == "Frog pump" and "butterfly bridge" in hits[0]["a"]
