"""Macro output is held out of Markdown and put back whole (lazyathlete/site/macro_output.py)."""

from __future__ import annotations

import pytest

from lazyathlete.site import macro_output


def markdown_of(text: str) -> str:
    import markdown

    return markdown.markdown(text)


def test_blocks_come_back_in_place_and_in_order_even_past_ten():
    page = "demo.md"
    macro_output.forget(page)
    source = "# Title\n" + "".join(macro_output.hold(page, f'<div class="b{n}">*{n}*</div>') + f"Text {n}\n" for n in range(12))
    html = macro_output.restored(page, markdown_of(source))
    for n in range(12):
        assert f'<div class="b{n}">*{n}*</div>' in html  # untouched by Markdown
    assert [html.index(f'class="b{n}"') for n in range(12)] == sorted(html.index(f'class="b{n}"') for n in range(12))
    assert "LAZYATHLETEHELD" not in html


def test_a_block_markdown_lost_stops_with_the_page_named():
    macro_output.forget("lost.md")
    macro_output.hold("lost.md", "<p>kept</p>")
    with pytest.raises(macro_output.LostBlockError, match=r"lost\.md: the output of macro call 1"):
        macro_output.restored("lost.md", "<p>Markdown dropped it</p>")


def test_a_failed_render_leaves_nothing_for_the_next_one():
    macro_output.hold("again.md", "<p>from a build that failed</p>")
    macro_output.forget("again.md")
    mark = macro_output.hold("again.md", "<p>this build</p>")
    assert macro_output.restored("again.md", markdown_of(mark)) == "<p>this build</p>"


def test_table_of_contents_nests_headings_from_the_finished_html():
    from mkdocs.structure.toc import get_toc  # as hooks.py hands the tokens to MkDocs

    tokens = macro_output.toc_tokens(
        '<h1 id="t">Title</h1><h2 id="a">A &amp; <em>b</em></h2><h3 id="a1">A1</h3><h2 id="c">C</h2><h2>No id</h2>'
    )
    toc = get_toc(tokens)
    top = list(toc)
    assert [item.title for item in top] == ["Title"]
    assert [(c.id, c.title) for c in top[0].children] == [("a", "A &amp; b"), ("c", "C")]
    assert [c.id for c in top[0].children[0].children] == ["a1"]


def test_search_reads_no_drawings_or_card_lists_but_the_pages_show_them(site):
    import json

    index = json.loads((site / "search.json").read_text(encoding="utf-8"))
    texts = {doc["u"]: json.dumps(doc) for doc in index["docs"]}
    clamshell = (site / "exercises/clamshell/index.html").read_text(encoding="utf-8")
    assert 'class="la-fig' in clamshell
    assert "start to finish" not in texts["exercises/clamshell/"]  # the drawing's label
    listing = (site / "exercises/index.html").read_text(encoding="utf-8")
    assert listing.count('class="la-card ') >= 12
    assert "LAZYATHLETE" not in listing + clamshell


def test_an_edited_template_shows_on_the_next_build_in_the_same_process(project_copy):
    from conftest import build_site

    build_site(project_copy, project_copy / "site")
    template = project_copy / "overrides/content/facet.html"
    template.write_text(template.read_text(encoding="utf-8").replace("all exercises</a>", "every move</a>"), encoding="utf-8")
    site = build_site(project_copy, project_copy / "site")
    assert "every move</a>" in (site / "exercises/level/beginner/index.html").read_text(encoding="utf-8")


def test_search_reads_no_tick_boxes_or_qr_codes_but_the_cards_show_them(site):
    import json

    index = json.loads((site / "search.json").read_text(encoding="utf-8"))
    text = {doc["u"]: json.dumps(doc) for doc in index["docs"]}["routines/pre-run-activation/"]
    assert "Clamshell" in text  # the card's exercises are searchable
    assert "L R" not in text  # the side letters of one-sided tick rows are not
    page = (site / "routines/pre-run-activation/index.html").read_text(encoding="utf-8")
    assert 'class="la-sheet__side" aria-hidden="true">L</span>' in page
    assert page.count('class="la-tick"') >= 6
    assert 'class="la-qr"' in page
