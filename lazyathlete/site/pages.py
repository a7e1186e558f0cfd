"""The pages that come from the data: their Markdown (a slug in the front matter and one
macro call, rendered by mkdocs-macros like any page), and their title and description."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from lazyathlete.data import Catalog


@dataclass(frozen=True)
class GeneratedPage:
    markdown: str
    owner: str  # what the page is for, in words, for messages: "the page of exercise 'clamshell'"


# The slug travels in the front matter, and the body names it by that key:
# every page of a kind has the same source.
def generated_pages(catalog: Catalog) -> dict[str, GeneratedPage]:
    """Source path under docs/ -> the page, for every page that comes from the data."""
    pages = {
        f"exercises/{slug}.md": GeneratedPage(
            f"---\nexercise: {slug}\n---\n\n{{{{ exercise_page(exercise) }}}}\n",
            f"the page of exercise '{slug}'",
        )
        for slug in catalog.exercises
    }
    for slug in catalog.routines:
        pages[f"routines/{slug}.md"] = GeneratedPage(
            f"---\nroutine: {slug}\n---\n\n{{{{ routine_page(routine) }}}}\n", f"the page of routine '{slug}'"
        )
        pages[f"routines/{slug}/card.md"] = GeneratedPage(
            # Kept out of search: the routine's own page already answers.
            f"---\nroutine: {slug}\npocket: true\nsearch:\n  exclude: true\n---\n\n{{{{ pocket_card(routine) }}}}\n",
            f"the pocket card of routine '{slug}'",
        )
    for kind in catalog.facets:
        # README.md, not index.md, though both become /exercises/<kind>/: a word keyed 'index'
        # has the source exercises/<kind>/index.md, and two pages with one source would leave
        # one silently; with two sources the one-address-one-page check names both.
        pages[f"exercises/{kind}/README.md"] = GeneratedPage(
            f"---\nfacets: {kind}\n---\n\n{{{{ facet_list(facets) }}}}\n", f"the page listing every {kind}"
        )
        for key in catalog.terms_in_use(kind):
            pages[f"exercises/{kind}/{key}.md"] = GeneratedPage(
                f"---\nfacet: {kind}\nterm: {key}\n---\n\n{{{{ facet_page(facet, term) }}}}\n",
                f"the {kind} browse page for '{key}'",
            )
    return pages


@dataclass(frozen=True)
class PageWords:
    """What a generated page says about itself: plain text, escaped where it lands."""

    title: str
    description: str


def page_words(meta: Mapping[str, Any], catalog: Catalog) -> PageWords | None:
    """The words of a generated page, from its front matter; None for a hand-written one."""
    if "exercise" in meta:
        exercise = catalog.exercise(meta["exercise"])
        return PageWords(exercise.name, exercise.summary)
    if "routine" in meta:
        routine = catalog.routine(meta["routine"])
        if meta.get("pocket"):
            return PageWords(f"{routine.title}: pocket card", f"Printable A6 pocket card: {routine.title}.")
        return PageWords(routine.title, routine.purpose)
    if "facet" in meta:
        facet = catalog.facets[meta["facet"]]
        term = facet.terms[meta["term"]]
        description = f"Glute exercises for runners, by {facet.title.lower()}: {term.name}. {term.about}"
        return PageWords(f"{term.name} exercises", description)
    if "facets" in meta:
        facet = catalog.facets[meta["facets"]]
        names = ", ".join(term.name for term in catalog.terms_in_use(facet.kind).values())
        description = f"Glute exercises for runners, by {facet.title.lower()}: {names}."
        return PageWords(f"Exercises by {facet.title.lower()}", description)
    return None
