"""Theme partials that come out the same on many pages, rendered once per build.

mkdocs-material renders its whole navigation, its tabs, the search box and
the palette switch into every page. On the pages generated from the data
(exercises, routines, browse pages), none of which is listed in the nav,
those come out byte for byte the same wherever the links in them resolve to
the same relative addresses: at 1,000 exercises, 0.6 s of the build went to
drawing them again. Each partial below is rendered once for each distinct
value of its key, everything its output depends on, and reused. A page with
no safe key (one listed in the nav, where its own entry is highlighted) is
rendered as usual. A test builds the site both ways and compares every file.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from typing import Any

import jinja2
from jinja2.runtime import Context
from mkdocs.structure.nav import Navigation, Section
from mkdocs.utils.templates import url_filter

Key = Callable[[Context], Hashable | None]


def everywhere_key(context: Context) -> Hashable:
    """For partials that print only the theme's settings and words: one copy per folder depth."""
    return context.get("base_url")


def _nav_items(items: list[Any]) -> Iterator[Any]:
    for item in items:
        yield item
        if isinstance(item, Section):
            yield from _nav_items(item.children)


def outside_nav_key(context: Context) -> Hashable | None:
    """For the nav and the tabs: where each entry links to from this page, and which are open.

    None for a page listed in the nav: there, its own entry is marked as the
    current one and holds its table of contents.
    """
    page, nav = context.get("page"), context.get("nav")
    if page is None or not isinstance(nav, Navigation) or page in nav.pages:
        return None
    config = context.get("config")
    homepage = config.extra.get("homepage") if config is not None else None
    links = tuple(_entry(context, item) for item in _nav_items(nav.items))
    return context.get("base_url"), homepage and url_filter(context, homepage), links


def _entry(context: Context, item: Any) -> tuple[str | None, bool]:
    """A nav entry as this page shows it: its link (sections have none) and whether it is open."""
    url = getattr(item, "url", None)
    return (url_filter(context, url) if url is not None else None), bool(getattr(item, "active", False))


# Partials included (never imported as macro libraries) by Material 9.8's templates or ours.
SHARED_PARTIALS: dict[str, Key] = {
    "partials/search.html": everywhere_key,
    "partials/palette.html": everywhere_key,
    "partials/social.html": everywhere_key,
    "partials/top.html": everywhere_key,
    "partials/nav.html": outside_nav_key,
    "partials/tabs.html": outside_nav_key,
}


def render_once_per_key(template: jinja2.Template, key: Key) -> None:
    """Make `template` render once for each value of `key(context)` and repeat that output."""
    render = template.root_render_func
    rendered: dict[Hashable, str] = {}

    def root_render_func(context: Context) -> Iterator[str]:
        value = key(context)
        if value is None:
            yield from render(context)
            return
        if value not in rendered:
            rendered[value] = "".join(render(context))
        yield rendered[value]

    template.root_render_func = root_render_func  # what {% include %} and render() both call


def share_partials(env: jinja2.Environment) -> None:
    """Set up the theme environment of one build (a new one each build, so nothing outlives it)."""
    for name, key in SHARED_PARTIALS.items():
        render_once_per_key(env.get_template(name), key)
