"""Generated HTML, kept out of Python-Markdown's way.

A macro returns a whole block of finished HTML, already escaped by our
templates. Python-Markdown would parse every tag of it again with its
HTML-block parser (once the largest single cost of a big build) only to pass
it through unchanged. So the macro's HTML is held
here, a one-word placeholder goes through Markdown in its place, and the HTML
is put back in `on_page_content`: what Python-Markdown's own htmlStash does
with raw HTML, one step earlier.
"""

from __future__ import annotations

import re
from html import unescape

from lazyathlete.site.build_error import BuildError

_held: dict[str, list[str]] = {}  # page source path -> its blocks, in order


class LostBlockError(BuildError):
    """A placeholder did not come out of Markdown: the page would be missing content."""


def placeholder(number: int) -> str:
    # Letters and digits only: no Markdown syntax can touch it, and the
    # closing letter keeps block 1 from matching block 10.
    return f"LAZYATHLETEHELD{number}X"


def forget(page: str) -> None:
    """Drop what an earlier, failed render of this page left behind."""
    _held.pop(page, None)


def hold(page: str, html: str) -> str:
    """Keep `html` for `page`; the Markdown that stands in for it, as a block of its own."""
    blocks = _held.setdefault(page, [])
    blocks.append(html)
    return f"\n\n{placeholder(len(blocks) - 1)}\n\n"


def restored(page: str, html: str) -> str:
    """The page's HTML with every held block back in its place."""
    for number, block in enumerate(_held.pop(page, [])):
        mark = placeholder(number)
        wrapped = f"<p>{mark}</p>"  # what Markdown makes of a block on its own
        if wrapped in html:
            html = html.replace(wrapped, block, 1)
        elif mark in html:  # a macro called in the middle of a sentence
            html = html.replace(mark, block, 1)
        else:
            raise LostBlockError(
                f"{page}: the output of macro call {number + 1} on this page was lost in Markdown"
            )
    return html


# Our templates write headings as <hN id="…">…</hN>; Markdown's headings carry
# an id from the toc extension. Headings without an id stay out, as in Markdown.
HEADING = re.compile(r'<h([1-6])\b[^>]*?\bid="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
TAG = re.compile(r"<[^>]+>")


def toc_tokens(html: str) -> list[dict]:
    """The page's table of contents from its finished HTML, held blocks included, as
    Python-Markdown's toc extension writes its tokens (hooks.py makes MkDocs' table from them).

    Markdown only sees placeholders, so its own table of contents would miss
    every heading a macro wrote.
    """
    roots: list[dict] = []
    open_: list[dict] = []  # the chain of headings the next one may nest under
    for level, id_, inner in HEADING.findall(html):
        token = {"level": int(level), "id": unescape(id_), "name": TAG.sub("", inner).strip(), "children": []}
        while open_ and open_[-1]["level"] >= token["level"]:
            open_.pop()
        (open_[-1]["children"] if open_ else roots).append(token)
        open_.append(token)
    # Tokens shaped as Python-Markdown's toc extension makes them (ARCHITECTURE.md, upgrade checklist).
    return roots
