"""What the site's search knows about each page: the index the build writes for the search
box (overrides/components/search/search.js, over the vendored MiniSearch).

Two kinds of words per page, kept apart so a result never shows a word its page lacks:
  shown   the title, a sentence of the page's own text, and the names and problems the
          page lists ("Also called", "People look it up for"), read from the data the
          page is rendered from; a result shows these and only these.
  found   words the page is found by but that a result never shows: names joined into
          one word ("glutebridge"), the muscles and equipment the page links to, the
          print words of routines, a hand-written page's front-matter `tags` and text.

Misspellings, plurals and split words are matched in the browser (search.js), not
generated here: the index holds only words the data or the page holds.
Generated pages are described from the catalog (one pass, no HTML read back); only
hand-written pages, a handful, are read from their HTML. Blocks that repeat other pages
or say the same on every page (cards, drawings, tick boxes) carry `data-search-exclude`
in the templates, and pages with `search: exclude` in their front matter (pocket cards,
print-all) are left out. No MkDocs here: lazyathlete/hooks.py hands the pages over.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from lazyathlete.data import Catalog, Facet
from lazyathlete.data.models import Exercise, Routine, Term

INDEX_FILE = "search.json"  # at the site's root; read by overrides/components/search/search.js

# What words are split at: anything but letters and digits ("single-leg", "runner's").
SEPARATOR = re.compile(r"[^\w]+|_")


@dataclass(frozen=True)
class Entry:
    """One page in the index. Short keys keep the file small; search.js names them."""

    u: str  # address, from the site's root: "exercises/clamshell/"
    k: str  # kind, shown: "Exercise", "Routine" or "Page"
    t: str  # title, shown: the page's heading
    s: str  # a sentence of the page's own text, shown
    a: list[str] = field(default_factory=list)  # other names the page lists, shown when they match
    p: list[str] = field(default_factory=list)  # problems the page lists, shown when they match
    w: str = ""  # found by, never shown: joined names, linked terms, print words, tags
    x: str = ""  # found by, never shown: the rest of a hand-written page's text


def joined(names: Iterable[str]) -> list[str]:
    """Names of more than one word run together, as people type them: "glutebridge"."""
    forms = {"".join(SEPARATOR.split(name.lower())) for name in names if len(SEPARATOR.split(name.strip())) > 1}
    return sorted(forms)


def term_words(terms: Iterable[Term]) -> list[str]:
    return [word for term in terms for word in [term.name, *term.also]]


def exercise_entry(catalog: Catalog, exercise: Exercise) -> Entry:
    vocab = catalog.data.vocabulary
    names = [exercise.name, *exercise.also_called]
    primary = term_words(vocab.muscles[key] for key in exercise.primary_muscles)
    secondary = term_words(vocab.muscles[key] for key in exercise.secondary_muscles)
    equipment = [vocab.equipment[key].name for key in exercise.equipment]
    return Entry(
        u=catalog.exercise_url(exercise.slug),
        k="Exercise",
        t=exercise.name,
        s=exercise.summary,
        a=list(exercise.also_called),
        p=list(exercise.helps_with),
        w=" ".join([*joined(names), *primary, *equipment]),
        x=" ".join([exercise.key_cue, exercise.caution or "", *secondary]),
    )


# What people call a routine they mean to print: every routine page prints, as a sheet or a
# pocket card. Found by, never shown.
PRINT_WORDS = ["print", "printable sheet", "pocket card"]


def routine_entry(catalog: Catalog, routine: Routine) -> Entry:
    moves = dict.fromkeys(catalog.exercise(item.exercise).name for block in routine.blocks for item in block.exercises)
    return Entry(
        u=catalog.routine_url(routine.slug),
        k="Routine",
        t=routine.title,
        s=routine.purpose,
        w=" ".join([*joined([routine.title]), *PRINT_WORDS]),
        x=", ".join(moves),
    )


def facet_entry(catalog: Catalog, facet: Facet, key: str, term: Term) -> Entry:
    # A level's name is found through the title only: as a found word it made
    # "Intermediate" outrank real answers to "knees cave in".
    return Entry(
        u=catalog.facet_url(facet.kind, key),
        k="Page",
        t=f"{term.name} exercises",
        s=term.about,
        a=list(term.also),
        w=" ".join(joined([term.name, *term.also])),
    )


# The pages listing every muscle, piece of equipment or level: found by the other words
# for what they list (each word's own page answers the words themselves).
FACET_LIST_WORDS = {"muscle": ["muscle groups"], "equipment": ["kit", "gear"], "level": ["difficulty"]}


def facet_list_entry(catalog: Catalog, facet: Facet) -> Entry:
    names = [term.name for term in catalog.terms_in_use(facet.kind).values()]
    return Entry(
        u=catalog.facet_list_url(facet.kind),
        k="Page",
        t=f"Exercises by {facet.title.lower()}",
        s=", ".join(names) + ".",
        w=" ".join(FACET_LIST_WORDS.get(facet.kind, [])),
    )


def excluded(meta: Mapping[str, Any]) -> bool:
    """`search: exclude: true` in the front matter (pocket cards, print-all)."""
    search = meta.get("search")
    return isinstance(search, Mapping) and search.get("exclude") is True


# --- Hand-written pages, read from their HTML -----------------------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
UNREAD = {"script", "style", "template", "svg", "button", "select", "noscript"}


class PageText(HTMLParser):
    """A page's readable text, its first heading and first paragraph, without the blocks
    marked `data-search-exclude` and without controls."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skipping = 0  # depth inside a left-out element
        self.heading: list[str] | None = None
        self.paragraph: list[str] | None = None
        self.title = ""
        self.first_paragraph = ""
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            return
        if self.skipping or tag in UNREAD or any(name in ("data-search-exclude", "hidden") for name, _ in attrs):
            self.skipping += 1
            return
        if tag == "h1" and not self.title:
            self.heading = []
        if tag == "p" and not self.first_paragraph:
            self.paragraph = []

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if self.skipping:
            self.skipping -= 1
            return
        if tag == "h1" and self.heading is not None:
            self.title, self.heading = plain(" ".join(self.heading)), None
        if tag == "p" and self.paragraph is not None:
            self.first_paragraph, self.paragraph = plain(" ".join(self.paragraph)), None

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        self.text.append(data)
        for part in (self.heading, self.paragraph):
            if part is not None:
                part.append(data)


def plain(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# The sentence a result shows for a hand-written page: its first paragraph, cut at a word.
SNIPPET_CHARS = 160


def snippet(text: str) -> str:
    if len(text) <= SNIPPET_CHARS:
        return text
    cut = text[:SNIPPET_CHARS].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + " …"


# Drawings and templates are never read (UNREAD), and they are most of a page that lists every
# exercise (the exercise list, the builder: megabytes at a thousand exercises). They nest only in
# each other, so they are cut out by counting their tags before the parser walks every path.
DRAWING_OR_TEMPLATE_TAG = re.compile(r"<(/?)(?:svg|template)\b[^>]*>", re.IGNORECASE)


def without_drawings(html: str) -> str:
    """The HTML with every <svg> and <template> element taken out, contents and all."""
    kept: list[str] = []
    depth = 0
    start = 0
    for tag in DRAWING_OR_TEMPLATE_TAG.finditer(html):
        if tag.group(1):  # a closing tag
            if depth:
                depth -= 1
                if not depth:
                    start = tag.end()
            continue
        if not depth:
            kept.append(html[start : tag.start()])
            start = tag.end()
        if not tag.group(0).endswith("/>"):
            depth += 1
    if not depth:
        kept.append(html[start:])
    return "".join(kept)


def written_entry(url: str, title: str, html: str, tags: Iterable[str]) -> Entry:
    """A hand-written page's entry: its heading (else its title), first paragraph and text."""
    reader = PageText()
    reader.feed(without_drawings(html))
    reader.close()
    return Entry(
        u=url,
        k="Page",
        t=reader.title or title,
        s=snippet(reader.first_paragraph),
        w=" ".join(str(tag) for tag in tags),
        x=plain(" ".join(reader.text)),
    )


def index_json(entries: Iterable[Entry]) -> str:
    """The index file's text: compact, empty fields left out."""
    docs = [{key: value for key, value in asdict(entry).items() if value} for entry in entries]
    return json.dumps({"docs": docs}, ensure_ascii=False, separators=(",", ":"))


# Every page is rendered and none written yet (hooks.on_env): generated pages are described
# from the catalog (`generated`: site/kinds.py); only hand-written ones are read from their HTML.
def write_index(site_dir: Path, pages: Iterable[tuple[str, str, str, Mapping[str, Any]]],
                generated: Callable[[Mapping[str, Any]], Entry | None]) -> None:
    """search.json from every page: (address, title, HTML, front matter)."""
    entries = []
    for url, title, html, meta in pages:
        if excluded(meta):
            continue
        entry = generated(meta)
        entries.append(entry if entry is not None else written_entry(url, title, html, meta.get("tags") or []))
    (site_dir / INDEX_FILE).write_text(index_json(entries), encoding="utf-8")
