"""mkdocs-macros module: the macros that Markdown pages call, by slug.

Pages pass slugs, never text, into these macros; the text comes from the
validated data and is escaped by the templates (see lazyathlete/site/render.py).
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from lazyathlete.data import catalog_for
from lazyathlete.site import held
from lazyathlete.site.render import Renderer, content_templates


def define_env(env) -> None:
    catalog = catalog_for(env.conf)  # raises on bad data, before any page renders
    templates = content_templates(env.conf)

    def renderer() -> Renderer:
        return Renderer(catalog, templates, env.page.url, env.conf["site_url"])

    # Every macro returns a block of finished HTML: it is held out of
    # Markdown and put back by the hooks (see lazyathlete/site/held.py).
    def block_macro(render: Callable[..., str]) -> Callable[..., str]:
        @functools.wraps(render)
        def macro(*args, **kwargs) -> str:
            return held.hold(env.page.file.src_uri, render(*args, **kwargs))
        return env.macro(macro)

    @block_macro
    def exercise_page(slug: str) -> str:
        """The body of one exercise page."""
        return renderer().exercise_page(catalog.exercise(slug))

    @block_macro
    def exercise_cards(slugs: list[str] | None = None, filters: bool = False) -> str:
        """Cards for the given exercises (all of them by default), optionally with filters."""
        chosen = [catalog.exercise(s) for s in slugs] if slugs else list(catalog.exercises.values())
        return renderer().exercise_cards(chosen, filters=filters)

    @block_macro
    def facet_page(kind: str, key: str) -> str:
        """The body of a browse page such as 'all exercises for the gluteus medius'."""
        return renderer().facet_page(kind, key)

    @block_macro
    def browse() -> str:
        """Links to every browse page, grouped by muscle, equipment and level."""
        return renderer().browse()

    @block_macro
    def expert_says(slug: str) -> str:
        """A claim from the owner's post, attributed as the post attributes it."""
        return renderer().expert_says(slug)

    @block_macro
    def routine_page(slug: str) -> str:
        """The body of a routine page, with its printable card."""
        return renderer().routine_page(catalog.routine(slug))

    @block_macro
    def pocket_card(slug: str) -> str:
        """The body of a routine's A6 pocket-card page."""
        return renderer().pocket_card(catalog.routine(slug))

    @block_macro
    def routine_list(slugs: list[str] | None = None) -> str:
        """Cards linking to the given routines (all of them by default)."""
        chosen = [catalog.routine(s) for s in slugs] if slugs else list(catalog.routines.values())
        return renderer().routine_list(chosen)

    @block_macro
    def routine_builder() -> str:
        """The routine builder: pick moves, share the link, print and play it."""
        return renderer().routine_builder()

    @block_macro
    def print_all() -> str:
        """Every routine's card, one per printed sheet."""
        return renderer().print_all()
