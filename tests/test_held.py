"""Macro output is held out of Markdown and put back whole (lazyathlete/held.py)."""

from __future__ import annotations

import pytest

from lazyathlete import held


def markdown_of(text: str) -> str:
    import markdown

    return markdown.markdown(text)


def test_blocks_come_back_in_place_and_in_order_even_past_ten():
    page = "demo.md"
    held.forget(page)
    source = "# Title\n" + "".join(held.hold(page, f'<div class="b{n}">*{n}*</div>') + f"Text {n}\n" for n in range(12))
    html = held.restored(page, markdown_of(source))
    for n in range(12):
        assert f'<div class="b{n}">*{n}*</div>' in html  # untouched by Markdown
    assert [html.index(f'class="b{n}"') for n in range(12)] == sorted(html.index(f'class="b{n}"') for n in range(12))
    assert "LAZYATHLETEHELD" not in html


def test_a_block_markdown_lost_stops_with_the_page_named():
    held.forget("lost.md")
    held.hold("lost.md", "<p>kept</p>")
    with pytest.raises(held.LostBlockError, match=r"lost\.md: the output of macro call 1"):
        held.restored("lost.md", "<p>Markdown dropped it</p>")


def test_a_failed_render_leaves_nothing_for_the_next_one():
    held.hold("again.md", "<p>from a build that failed</p>")
    held.forget("again.md")
    mark = held.hold("again.md", "<p>this build</p>")
    assert held.restored("again.md", markdown_of(mark)) == "<p>this build</p>"


def test_table_of_contents_nests_headings_from_the_finished_html():
    toc = held.table_of_contents(
        '<h1 id="t">Title</h1><h2 id="a">A &amp; <em>b</em></h2><h3 id="a1">A1</h3><h2 id="c">C</h2><h2>No id</h2>'
    )
    top = list(toc)
    assert [item.title for item in top] == ["Title"]
    assert [(c.id, c.title) for c in top[0].children] == [("a", "A &amp; b"), ("c", "C")]
    assert [c.id for c in top[0].children[0].children] == ["a1"]
