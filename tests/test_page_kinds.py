"""The pages that come from the data are kinds in one table (lazyathlete/site/kinds.py):
a new kind of page is one entry there and one template, and the site does the rest —
its address, title, description, search entry, scripts, preview and old addresses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import build_error, build_site

from lazyathlete.data import Catalog
from lazyathlete.site import previews, search
from lazyathlete.site.kinds import KINDS, PageKind, PageWords, page_at

TEMPLATE = """<h2 id="who">Who {{ expert.name }} is</h2>
<p class="la-expert-page">{{ expert.name }} is {{ expert.described_as }}.</p>
"""


def expert_words(catalog: Catalog, slug: str) -> PageWords:
    expert = catalog.expert(slug)
    return PageWords(f"What {expert.name} says", f"{expert.name}, {expert.described_as}, on glutes and runners.")


EXPERT_KIND = PageKind(
    name="expert",
    entry="expert '{slug}'",
    slugs=lambda catalog: catalog.data.experts,
    address=lambda slug: f"experts/{slug}/",
    template="expert-page.html",
    context=lambda catalog, slug: {"expert": catalog.expert(slug)},
    words=expert_words,
    search=lambda catalog, slug: search.Entry(
        u=f"experts/{slug}/", k="Page", t=expert_words(catalog, slug).title, s=catalog.expert(slug).described_as
    ),
    preview=lambda catalog, slug: previews.routine_preview(next(iter(catalog.routines.values()))),
    components=("player",),
    former=lambda catalog, slug: ["dr-metzl"] if slug == "metzl" else [],
)


@pytest.fixture
def expert_pages(project_copy: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The project with one more kind of page — an entry in the table and a template — built."""
    (project_copy / "overrides" / "content" / "expert-page.html").write_text(TEMPLATE, encoding="utf-8")
    monkeypatch.setitem(KINDS, "expert", EXPERT_KIND)
    return build_site(project_copy, project_copy / "built")


def test_a_new_kind_of_page_is_one_table_entry_and_one_template(expert_pages: Path) -> None:
    page = expert_pages / "experts" / "metzl" / "index.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    assert soup.select_one(".la-expert-page").get_text() == "Dr. Jordan Metzl is a sports medicine doctor."
    assert soup.title.get_text().startswith("What Dr. Jordan Metzl says")
    assert soup.select_one("meta[name=description]")["content"] == "Dr. Jordan Metzl, a sports medicine doctor, on glutes and runners."
    assert soup.select_one("meta[property='og:image']")["content"].endswith(".png")
    assert any("player" in (tag.get("src") or "") for tag in soup.select("script")), "its components load"
    assert soup.select_one("nav.md-nav--secondary a[href='#who']"), "its headings make the table of contents"
    entries = json.loads((expert_pages / "search.json").read_text(encoding="utf-8"))["docs"]
    assert {"u": "experts/metzl/", "t": "What Dr. Jordan Metzl says"}.items() <= next(e for e in entries if e["u"] == "experts/metzl/").items()
    old = (expert_pages / "experts" / "dr-metzl" / "index.html").read_text(encoding="utf-8")
    assert "What Dr. Jordan Metzl says" in old, "an old address leads on, named for the page it leads to"
    assert "/experts/metzl/" in (expert_pages / "sitemap.xml").read_text(encoding="utf-8")


def test_every_generated_page_is_read_back_as_its_own_kind_and_slug(catalog: Catalog) -> None:
    """The advice for an address that leads nowhere reads it with the table's own addresses."""
    for kind in KINDS.values():
        for slug in kind.slugs(catalog):
            found = page_at(kind.address(slug))
            assert found is not None and found[1] == slug, (kind.name, slug, found)
            assert found[0].address(found[1]) == kind.address(slug)


def test_a_page_of_a_kind_the_data_lacks_is_said_in_words(project_copy: Path, caplog: pytest.LogCaptureFixture) -> None:
    (project_copy / "docs" / "oops.md").write_text("# Oops\n\n{{ page_of('exercize', 'clamshell') }}\n", encoding="utf-8")
    message = build_error(project_copy, caplog)
    assert "oops.md" in message and "line 3" in message, message
    assert "no kind of page is called 'exercize'" in message and "did you mean 'exercise'" in message, message
