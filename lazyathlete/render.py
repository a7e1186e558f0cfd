"""Turn slugs into page content through the templates in `overrides/content/`.

Python decides what goes on a page; the templates decide how it looks. The
template environment autoescapes, so text from the data lands in HTML as
text: `<script>` shows as typed and `{{ 7*7 }}` is never evaluated (macros
render the page that *calls* us; our output is not rendered again).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.utils import get_relative_url

from .catalog import Catalog
from .models import Dose, Exercise

CONTENT_TEMPLATES = "content"  # folder inside the theme overrides


# --- Words shown for data values -----------------------------------------------------


def dose_text(dose: Dose, one_sided: bool) -> str:
    """'3 × 12', '3 × 10 each side' or '2 × 30 s each side'."""
    amount = f"{dose.reps}" if dose.reps is not None else f"{dose.seconds} s"
    side = " each side" if one_sided else ""
    return f"{dose.sets} × {amount}{side}"


# --- Templates ---------------------------------------------------------------------------


# One environment per template folder for the life of the process: templates
# are compiled once, not once per page.
@lru_cache(maxsize=4)
def template_env(folder: str) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=True,
    )
    env.globals["dose_text"] = dose_text
    return env


class Renderer:
    """Renders content fragments for one page of one build."""

    def __init__(self, catalog: Catalog, overrides_dir: str | Path, page_url: str) -> None:
        self.catalog = catalog
        self.env = template_env(str(Path(overrides_dir) / CONTENT_TEMPLATES))
        self.page_url = page_url

    def url(self, target: str) -> str:
        """A link from the current page to a site path such as 'exercises/clamshell/'."""
        return get_relative_url(target, self.page_url or "")

    def render(self, template: str, **context: Any) -> str:
        vocab = self.catalog.data.vocabulary
        return self.env.get_template(template).render(
            url=self.url,
            catalog=self.catalog,
            muscles=vocab.muscles,
            equipment=vocab.equipment,
            levels=vocab.levels,
            facets=self.catalog.facets,
            **context,
        )

    def exercise_page(self, exercise: Exercise) -> str:
        return self.render("exercise.html", ex=exercise)

    def exercise_cards(self, exercises: list[Exercise], filters: bool = False) -> str:
        return self.render("exercise-cards.html", exercises=exercises, filters=filters)

    def facet_page(self, kind: str, key: str) -> str:
        facet = self.catalog.facets[kind]
        return self.render(
            "facet.html",
            facet=facet,
            key=key,
            term=facet.terms[key],
            exercises=self.catalog.exercises_under(kind, key),
        )

    def browse(self) -> str:
        return self.render("browse.html")

    def expert_says(self, slug: str) -> str:
        return self.render("expert.html", expert=self.catalog.expert(slug))
