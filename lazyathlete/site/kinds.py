"""The kinds of page that come from the data, in one table.

Each kind says once everything the build needs about its pages: which entries have
one, its address, its source under docs/, its template, its title and description,
its search entry, its preview picture, the browser components it loads, the paper
it prints on and the old and short addresses that lead to it. A generated page
carries only `kind` and `slug` in its front matter; everything else is looked up
here (by `page_meta`, once, in the hooks) and templates read it from `page.meta`.

To add a kind of page: one entry in KINDS and one template in overrides/content/.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from lazyathlete.data import Catalog
from lazyathlete.data.models import MAX_SLUG, SLUG_PATTERN
from lazyathlete.site import previews, search
from lazyathlete.site.plan_page import plan_exercises, plan_weeks, session_minutes


@dataclass(frozen=True)
class PageWords:
    """What a generated page says about itself: plain text, escaped where it lands."""

    title: str
    description: str


@dataclass(frozen=True)
class PageKind:
    name: str  # the front matter's `kind`
    entry: str  # what one page is of, for messages: "exercise 'clamshell'"
    slugs: Callable[[Catalog], Iterable[str]]  # the entries with a page of this kind
    address: Callable[[str], str]  # 'exercises/clamshell/' (the catalog builds addresses)
    template: str  # under overrides/content/
    context: Callable[[Catalog, str], dict[str, Any]]  # the template's variables
    words: Callable[[Catalog, str], PageWords]
    search: Callable[[Catalog, str], search.Entry] | None = None  # None: left out of search
    preview: Callable[[Catalog, str], previews.Preview] | None = None  # None: the site's picture
    components: tuple[str, ...] = ()  # browser components the page loads (overrides/components/)
    paper: str | None = None  # 'pocket': prints on A6; None: the reader's own paper
    section: str = ""  # the list of its section, where the readers of a page taken down may go
    former: Callable[[Catalog, str], Iterable[str]] | None = None  # old slugs, redirected here (None: never renamed)
    short: Callable[[Catalog, str], str] | None = None  # the short name (go/<short>/) that leads here
    owner: Callable[[str], str] | None = None  # for messages, who asks for a page; default "the page of <entry>"
    follows: str | None = None  # its pages come right after the pages of this kind with the same first slug part
    index_source: bool = False  # its source is <address>/README.md, not <address>.md
    slug_parts: int = 1  # 'muscle/gluteus-medius' has two
    # What brings back a page of this kind whose address leads nowhere (None: no advice of its own).
    revive: Callable[[str], str | None] = lambda slug: None

    def source(self, slug: str) -> str:
        """Its file under docs/ (generated: nothing is written there)."""
        address = self.address(slug)
        return f"{address}README.md" if self.index_source else f"{address.rstrip('/')}.md"

    @property
    def renamable(self) -> bool:
        return self.former is not None

    def former_slugs(self, catalog: Catalog, slug: str) -> Iterable[str]:
        return self.former(catalog, slug) if self.former is not None else ()

    def owner_of(self, slug: str) -> str:
        return self.owner(slug) if self.owner is not None else f"the page of {self.entry.format(slug=slug)}"

    def slug_at(self, address: str) -> str | None:
        """The slug a page of this kind at `address` would have (its address read with the
        kind's own address function), whether or not the data has it: for addresses
        that no longer lead anywhere."""
        mark = "/".join(["\x00"] * self.slug_parts)
        pattern = re.escape(self.address(mark)).replace("\x00", f"({SLUG_PATTERN.strip('^$')})")
        found = re.fullmatch(pattern, address.strip("/") + "/")
        if found is None or any(len(part) > MAX_SLUG for part in found.groups()):
            return None
        return "/".join(found.groups())


def _exercise_words(catalog: Catalog, slug: str) -> PageWords:
    exercise = catalog.exercise(slug)
    return PageWords(exercise.name, exercise.summary)


def _routine_words(catalog: Catalog, slug: str) -> PageWords:
    routine = catalog.routine(slug)
    return PageWords(routine.title, routine.purpose)


def _card_words(catalog: Catalog, slug: str) -> PageWords:
    title = catalog.routine(slug).title
    return PageWords(f"{title}: pocket card", f"Printable A6 pocket card: {title}.")


def _facet_words(catalog: Catalog, slug: str) -> PageWords:
    kind, key = slug.split("/")
    facet = catalog.facets[kind]
    term = facet.terms[key]
    return PageWords(f"{term.name} exercises", f"Glute exercises for runners, by {facet.title.lower()}: {term.name}. {term.about}")


def _facet_list_words(catalog: Catalog, kind: str) -> PageWords:
    facet = catalog.facets[kind]
    names = ", ".join(term.name for term in catalog.terms_in_use(kind).values())
    return PageWords(f"Exercises by {facet.title.lower()}", f"Glute exercises for runners, by {facet.title.lower()}: {names}.")


def _facet_context(catalog: Catalog, slug: str) -> dict[str, Any]:
    kind, key = slug.split("/")
    facet = catalog.facets[kind]
    return {"facet": facet, "key": key, "term": facet.terms[key], "exercises": catalog.exercises_under(kind, key)}


def _facet_entry(catalog: Catalog, slug: str) -> search.Entry:
    kind, key = slug.split("/")
    facet = catalog.facets[kind]
    return search.facet_entry(catalog, facet, key, facet.terms[key])


VOCABULARY_OF = {"muscle": "muscles", "equipment": "equipment", "level": "levels"}  # browse folder -> vocabulary


def _revive_facet(slug: str) -> str | None:
    kind, key = slug.split("/")
    if kind not in VOCABULARY_OF:
        return None
    return f"keep '{key}' among the vocabulary's {VOCABULARY_OF[kind]} with at least one exercise filed under it"


def _routine_context(catalog: Catalog, slug: str) -> dict[str, Any]:
    return {"r": catalog.routine(slug)}


def _routine_former(catalog: Catalog, slug: str) -> Iterable[str]:
    return catalog.routine(slug).former_slugs


def _renamed(entry: str) -> Callable[[str], str]:
    """The advice for a lost page of an entry that can be renamed."""
    return lambda slug: f"if the {entry} was renamed, list '{slug}' under 'former_slugs' of the {entry} it became"


def _routine_preview(catalog: Catalog, slug: str) -> previews.Preview:
    return previews.routine_preview(catalog.routine(slug))


def _plan_context(catalog: Catalog, slug: str) -> dict[str, Any]:
    plan = catalog.plan(slug)
    weeks = plan_weeks(catalog, plan)
    return {"plan": plan, "weeks": weeks, "session_minutes": session_minutes(weeks), "exercises": plan_exercises(weeks)}


def _plan_words(catalog: Catalog, slug: str) -> PageWords:
    plan = catalog.plan(slug)
    return PageWords(plan.title, plan.summary)


# The order is the order pages are added to the site and old addresses are read against.
KINDS: dict[str, PageKind] = {kind.name: kind for kind in [
    PageKind(
        name="exercise",
        section="exercises/",
        entry="exercise '{slug}'",
        slugs=lambda catalog: catalog.exercises,
        address=Catalog.exercise_url,
        template="exercise.html",
        context=lambda catalog, slug: {"ex": catalog.exercise(slug)},
        words=_exercise_words,
        search=lambda catalog, slug: search.exercise_entry(catalog, catalog.exercise(slug)),
        preview=lambda catalog, slug: previews.exercise_preview(catalog.exercise(slug)),
        components=("player",),
        former=lambda catalog, slug: catalog.exercise(slug).former_slugs,
        short=lambda catalog, slug: catalog.exercise(slug).short,
        revive=_renamed("exercise"),
    ),
    PageKind(
        name="routine",
        section="routines/",
        entry="routine '{slug}'",
        slugs=lambda catalog: catalog.routines,
        address=Catalog.routine_url,
        template="routine.html",
        context=_routine_context,
        words=_routine_words,
        search=lambda catalog, slug: search.routine_entry(catalog, catalog.routine(slug)),
        preview=_routine_preview,
        components=("player", "sheet"),
        former=_routine_former,
        short=lambda catalog, slug: catalog.routine(slug).short,
        revive=_renamed("routine"),
    ),
    PageKind(
        # Kept out of search: the routine's own page already answers.
        name="pocket-card",
        section="routines/",
        entry="routine '{slug}'",
        owner=lambda slug: f"the pocket card of routine '{slug}'",
        slugs=lambda catalog: catalog.routines,
        address=Catalog.card_url,
        template="pocket.html",
        context=_routine_context,
        words=_card_words,
        preview=_routine_preview,  # the routine's own
        components=("player", "sheet"),
        paper="pocket",
        follows="routine",
        former=_routine_former,
        revive=_renamed("routine"),
    ),
    PageKind(
        # README.md, not index.md, though both become /exercises/<kind>/: a word keyed 'index'
        # has the source exercises/<kind>/index.md, and two pages with one source would leave
        # one silently; with two sources the one-address-one-page check names both.
        name="facet-list",
        section="exercises/",
        entry="{slug}",
        owner=lambda kind: f"the page listing every {kind}",
        slugs=lambda catalog: catalog.facets,
        address=Catalog.facet_list_url,
        index_source=True,
        template="facet-list.html",
        context=lambda catalog, kind: {"kind": kind, "facet": catalog.facets[kind]},
        words=_facet_list_words,
        search=lambda catalog, kind: search.facet_list_entry(catalog, catalog.facets[kind]),
    ),
    PageKind(
        name="facet",
        section="exercises/",
        entry="{slug}",
        owner=lambda slug: "the {} browse page for '{}'".format(*slug.split("/")),
        slugs=lambda catalog: [f"{kind}/{key}" for kind in catalog.facets for key in catalog.terms_in_use(kind)],
        address=lambda slug: Catalog.facet_url(*slug.split("/")),
        slug_parts=2,
        follows="facet-list",
        template="facet.html",
        context=_facet_context,
        revive=_revive_facet,
        words=_facet_words,
        search=_facet_entry,
    ),
    PageKind(
        name="plan",
        section="plans/",
        entry="plan '{slug}'",
        slugs=lambda catalog: catalog.plans,
        address=Catalog.plan_url,
        template="plan.html",
        context=_plan_context,
        words=_plan_words,
        search=lambda catalog, slug: search.plan_entry(catalog, catalog.plan(slug)),
        preview=lambda catalog, slug: previews.plan_preview(catalog.plan(slug)),
        components=("sheet", "plan", "player", "progress", "your-data"),  # the tick boxes are the routine card's
        former=lambda catalog, slug: catalog.plan(slug).former_slugs,
        short=lambda catalog, slug: catalog.plan(slug).short,
        revive=_renamed("plan"),
    ),
]}  # fmt: skip


def kind_of(meta: Mapping[str, Any]) -> PageKind | None:
    """The kind of a generated page, from its front matter; None for a hand-written page."""
    name = meta.get("kind")
    return KINDS.get(name) if isinstance(name, str) and "slug" in meta else None


@dataclass(frozen=True)
class GeneratedPage:
    markdown: str
    owner: str  # what the page is for, in words, for messages: "the page of exercise 'clamshell'"


def generated_pages(catalog: Catalog) -> dict[str, GeneratedPage]:
    """Source path under docs/ -> the page, for every page that comes from the data. Every
    page has the same body: one macro call that renders its kind's template."""
    return {
        kind.source(slug): GeneratedPage(
            f"---\nkind: {kind.name}\nslug: {slug}\n---\n\n{{{{ page_of(kind, slug) }}}}\n", kind.owner_of(slug)
        )
        for kind, slug in pages_in_order(catalog)
    }


def pages_in_order(catalog: Catalog) -> Iterator[tuple[PageKind, str]]:
    """Every generated page, each followed by the pages that follow it (a routine's pocket
    card, a way to browse's words): the order of the sitemap and of equal search results."""
    for kind in KINDS.values():
        if kind.follows is not None:
            continue
        followers = [(other, list(other.slugs(catalog))) for other in KINDS.values() if other.follows == kind.name]
        for slug in kind.slugs(catalog):
            yield kind, slug
            for other, slugs in followers:
                yield from ((other, each) for each in slugs if each.split("/")[0] == slug)


def page_meta(kind: PageKind, slug: str, catalog: Catalog) -> dict[str, Any]:
    """What a generated page's templates and the hooks read from `page.meta`, set once:
    its words (plain text, escaped where it lands), its preview, its components, its paper."""
    words = kind.words(catalog, slug)
    meta: dict[str, Any] = {"title": words.title, "description": words.description, "components": list(kind.components)}
    if kind.preview is not None:
        preview = kind.preview(catalog, slug)
        meta["preview_image"], meta["preview_alt"] = preview.path, preview.alt
    if kind.paper is not None:
        meta["paper"] = kind.paper
    if kind.search is None:
        meta["search"] = {"exclude": True}
    return meta


def search_entry(meta: Mapping[str, Any], catalog: Catalog) -> search.Entry | None:
    """A generated page's search entry; None for a hand-written page (read from its HTML)."""
    kind = kind_of(meta)
    return kind.search(catalog, meta["slug"]) if kind is not None and kind.search is not None else None


def page_at(address: str) -> tuple[PageKind, str] | None:
    """The kind and slug a page at this address would have, read with each kind's own
    address (the first kind that fits); None for any other address."""
    for kind in KINDS.values():
        slug = kind.slug_at(address)
        if slug is not None:
            return kind, slug
    return None


def page_titles(catalog: Catalog) -> dict[str, str]:
    """Every generated page's address -> its title (what a redirect page says it leads to)."""
    return {kind.address(slug): kind.words(catalog, slug).title for kind in KINDS.values() for slug in kind.slugs(catalog)}
