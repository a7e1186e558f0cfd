"""The browser components: what each one is made of, and which ones a page loads.

A component is one folder, `overrides/components/<name>/` (GOV.UK Frontend's layout): its
template if it has one (`<name>.html`), its script (`<name>.js`, a class registered with
`components/start.js` and started from `data-module="la-<name>"` on markup that works
without JavaScript), its styles (`<name>.css`) and, at the top of its script, where its
tests are. MkDocs copies a theme folder's files other than templates into the site
(`Files.add_files_from_theme`), so a script's address in the site is its path under
`overrides/`; styles are inlined by `overrides/main.html` instead (no render-blocking
request), their copies are served but no page asks for them, as before the move.

Every page loads the components any page may hold, as ONE deferred script,
`components/every-page.js` (a theme static template, `theme.static_templates` in
mkdocs.yml, printing `la_every_page_script`): the starter and their scripts, one request,
as site.js was. A page's own components (the player, the builder) are listed in
`page.meta["components"]`; main.html inlines their styles and adds their scripts.
No MkDocs here: hooks.py hands these functions plain values.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from lazyathlete.site.build_error import BuildError

STARTER = "components/start.js"  # registers and starts every component: first in every-page.js
EVERY_PAGE_SCRIPT = "components/every-page.js"  # the static template (mkdocs.yml) every page loads


@dataclass(frozen=True)
class Component:
    """One browser component: its scripts in load order and its styles, as paths under the
    theme's overrides folder (a script's path is its address in the site)."""

    name: str
    scripts: tuple[str, ...]
    style: str | None = None  # inlined: what the page shows at once
    open_style: str | None = None  # linked, not inlined: what it shows only once opened (the player's screen)
    every_page: bool = False  # in every-page.js: markup any page may hold (a macro's, the header's)


def _own(
    name: str, *, before: tuple[str, ...] = (), style: bool = False, open_style: bool = False, script: bool = True,
    every_page: bool = False,
) -> Component:  # fmt: skip
    folder = f"components/{name}/"
    return Component(
        name=name,
        scripts=(*(folder + script for script in before), *([f"{folder}{name}.js"] if script else [])),
        style=f"{folder}{name}.css" if style else None,
        open_style=f"{folder}{name}-open.css" if open_style else None,
        every_page=every_page,
    )


# In the order they start: every page's first (site.js's order, then search), then a page's own.
REGISTRY: dict[str, Component] = {
    component.name: component
    for component in (
        _own("filter", every_page=True),  # the exercise list's filter (exercise-cards.html)
        _own("print", every_page=True),  # Print buttons (routine, pocket-card, print-all pages)
        _own("moving", every_page=True),  # an exercise's moving drawing: its pause button
        _own("video", every_page=True),  # an exercise's video facade
        _own("offline", every_page=True),  # the service worker's registration (main.html's la-offline tag)
        _own("palette", every_page=True),  # the light/dark toggle (header)
        _own("search", every_page=True),  # the search box (header); its engine loads when it opens
        _own("sheet", style=True, script=False),  # a routine's printable card as it looks on screen (card.html)
        _own("player", style=True, open_style=True),  # the follow-along player
        # a plan's weeks, on screen and on paper (plan.html), and following it: after the player, which it feeds;
        # calendar.js makes the file of the reader's days for its "Add the days to my calendar"
        _own("plan", before=("schedule.js", "calendar.js"), style=True),
        _own("progress", style=True),  # your progress on a plan: charts and a table of the sessions saved (plan.html)
        _own("your-data", style=True),  # your data: the backup file, loading it, clearing it (plan.html)
        # the home page's "today" of the plan a reader follows: the plan's rules, its own few lines
        Component("today", scripts=("components/plan/schedule.js", "components/today/today.js"), style="components/today/today.css"),
        _own("builder", before=("vendor/qrcode-generator-2.0.4.js",), style=True),  # the routine builder
    )
}


class UnknownComponentError(BuildError):
    """A page lists a component the registry does not have."""


def page_components(meta: Mapping[str, object], source: str) -> list[str]:
    """The components a page loads besides every page's: those its kind needs (site/kinds.py
    sets them in `page.meta`) or, for a hand-written page, those its front matter lists
    (`components: [player, builder]`). `source` names the page in the error."""
    listed = meta.get("components", [])
    if not isinstance(listed, list) or not all(isinstance(name, str) for name in listed):
        raise UnknownComponentError(f"{source}: `components:` is a list of names, one of {', '.join(REGISTRY)}")
    unknown = [name for name in listed if name not in REGISTRY]
    if unknown:
        raise UnknownComponentError(f"{source}: no component named {', '.join(unknown)}; there are {', '.join(REGISTRY)}")
    return [name for name in REGISTRY if name in listed and not REGISTRY[name].every_page]  # the registry's order: the cascade's


def every_page_sources() -> list[str]:
    """The scripts joined into every-page.js, in order: the starter, then those of the
    components any page may hold."""
    return [STARTER, *(script for c in REGISTRY.values() if c.every_page for script in c.scripts)]


def every_page_script(overrides: Path) -> str:
    """The text of every-page.js."""
    return "\n".join((overrides / path).read_text(encoding="utf-8") for path in every_page_sources())


CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)


# Styles are inlined into every page that needs them (no render-blocking request); their
# comments are for whoever edits them, not for every reader's download (about 3 KB gzipped
# of an exercise page), so the inlined copy goes without, and without blank lines.
def inline_style(css: str) -> Markup:
    """The text of a stylesheet as it goes into a page's <style>: comments and blank lines left out."""
    lines = (line.rstrip() for line in CSS_COMMENT.sub("", css).splitlines())
    return Markup("\n".join(line for line in lines if line.strip()))


def template_globals(overrides: Path) -> dict[str, object]:
    """What main.html and every-page.js read: each page-own component's inline styles and
    script addresses by name, and the every-page script's text."""
    own = [c for c in REGISTRY.values() if not c.every_page]
    return {
        "la_component_styles": {
            c.name: inline_style((overrides / c.style).read_text(encoding="utf-8")) for c in own if c.style is not None
        },
        "la_component_open_styles": {c.name: c.open_style for c in own if c.open_style is not None},
        "la_component_scripts": {c.name: list(c.scripts) for c in own},
        "la_every_page_script": Markup(every_page_script(overrides)),
    }
