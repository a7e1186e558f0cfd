"""Turn slugs into page content through the templates in `overrides/content/`.

Python decides what goes on a page; the templates decide how it looks. The
template environment autoescapes, so text from the data lands in HTML as
text: `<script>` shows as typed and `{{ 7*7 }}` is never evaluated (macros
render the page that *calls* us; our output is not rendered again).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
import segno
from markupsafe import Markup

from lazyathlete.data import Catalog
from lazyathlete.data.models import Block, Dose, Exercise, Plan, Routine, Term, When
from lazyathlete.data.routines import CardRow, card_rows, exercise_routine, minutes_text, routine_steps
from lazyathlete.figures import figure_motion, figure_overlay, figure_strip, figure_thumb
from lazyathlete.site import kept
from lazyathlete.site.builder import BUILDER_URL, builder_data, routine_link
from lazyathlete.site.glossary import Glosser
from lazyathlete.site.kinds import PageKind
from lazyathlete.site.links import relative_url, short_url

CONTENT_TEMPLATES = "content"  # folder inside the theme overrides
# The browser components' own templates, as "<name>/<name>.html" (components.py).
COMPONENT_TEMPLATES = "components"  # folder inside the theme overrides


# --- Words shown for data values -----------------------------------------------------


def dose_text(dose: Dose, one_sided: bool) -> str:
    """'3 × 12', '3 × 10 each side' or '2 × 30 s each side'."""
    amount = f"{dose.reps}" if dose.reps is not None else f"{dose.seconds} s"
    side = " each side" if one_sided else ""
    return f"{dose.sets} × {amount}{side}"


WHEN_TEXT = {
    When.before_run: "Before a run",
    When.after_run: "After a run",
    When.strength_day: "Strength day",
}


def kit_text(kit: list[Term]) -> str:
    """'Kettlebell, box or bench' from the vocabulary's names; 'No equipment' for none."""
    if not kit:
        return "No equipment"
    names = [term.name for term in kit]
    return ", ".join([names[0], *(name[:1].lower() + name[1:] for name in names[1:])])


def clock(seconds: int) -> str:
    """'1:05' or '1:02:05': how YouTube writes a time."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def when_text(when: When) -> str:
    return WHEN_TEXT[when]


def per_week_text(routine: Routine) -> str:
    """'2 times a week', '2–3 times a week', 'Once a week'."""
    low, high = routine.per_week, routine.per_week_max
    if high is None:
        return "Once a week" if low == 1 else f"{low} times a week"
    return f"{low}–{high} times a week"


def rest_text(block: Block, rounds: int) -> str:
    if rounds == 1 or block.rest_seconds == 0:
        return "no rest, move on" if rounds == 1 else "no rest"
    if len(block.exercises) > 1:
        return f"rest {block.rest_seconds} s after each round"
    return f"rest {block.rest_seconds} s between sets"


# How every QR code is drawn.
QR_MAKE: dict[str, Any] = {"error": "m", "micro": False}
QR_SVG: dict[str, Any] = {
    "scale": 1, "border": 2, "omitsize": True, "svgclass": "la-qr", "lineclass": None, "dark": "#000", "light": "#fff",
}  # fmt: skip


# A routine's code is on its page, its pocket card and the print-all page:
# drawn once per address (segno tries all eight masks, in pure Python).
@lru_cache(maxsize=256)
def qr_code(url: str) -> str:
    """The QR code for `url` as inline SVG."""
    return segno.make(url, **QR_MAKE).svg_inline(**QR_SVG)


# Each code costs a few milliseconds, a second of a build at a hundred routines: they are kept
# between builds (site/kept.py), named by a hash of the address and of how they are drawn.
QR_CACHE = Path(".cache") / "qr"  # under the project folder; in .gitignore


def qr_key(url: str) -> str:
    text = json.dumps([segno.__version__, QR_MAKE, QR_SVG, url], sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def routine_qr_codes(catalog: Catalog, site_url: str | None, folder: Path) -> dict[str, str]:
    """Every routine's address -> its QR code (the cards print it), kept in `folder`."""
    urls = [absolute_url(site_url, catalog.routine_url(slug)) for slug in catalog.routines]
    made = {url: (qr_key(url), lambda url=url: qr_code(url).encode()) for url in urls}
    return {url: svg.decode() for url, svg in kept.kept(made, folder, ".svg").items()}


def qr_svg(url: str, label: str, codes: Mapping[str, str] | None = None) -> Markup:
    """An inline SVG QR code for `url`, drawn at build time (no network); from `codes` if there."""
    code = (codes or {}).get(url) or qr_code(url)
    return Markup(code.replace("<svg ", f'<svg role="img" aria-label="{Markup.escape(label)}" data-search-exclude="" ', 1))


def absolute_url(site_url: str | None, target: str) -> str:
    """A site path such as 'routines/pre-run-activation/' as a full address."""
    return (site_url or "").rstrip("/") + "/" + target


# --- Templates ---------------------------------------------------------------------------


TEMPLATE_CACHE = Path(".cache") / "templates"  # under the project folder; in .gitignore


class KeptTemplates(jinja2.FileSystemBytecodeCache):
    """Jinja's own cache of compiled templates, kept in a folder: each by name, beside a
    checksum of its text and Jinja's bytecode version, so an edited template or a new Jinja
    is compiled afresh. A folder this build may not write costs time, never the build."""

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


# Compiling templates was a sixth of a build of the real site and a quarter of the time from
# a saved edit to the page (every build and every `mkdocs serve` rebuild makes new Jinja
# environments, ours and the theme's): they are kept compiled between builds and processes.
@lru_cache(maxsize=4)
def compiled_templates(project: Path) -> jinja2.BytecodeCache | None:
    """Where the theme's templates and ours are kept compiled (None: nowhere this build may write)."""
    folder = project / TEMPLATE_CACHE
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return KeptTemplates(str(folder))


# One environment per template folder and build: templates are compiled once,
# not once per page, and never checked on disk again during the build (Jinja's
# auto_reload stats the file on every lookup, and our templates import macros
# for every card). hooks.on_config clears this cache, so `mkdocs serve` picks
# up an edited template on the next rebuild.
@lru_cache(maxsize=4)
def template_env(folders: tuple[str, ...], config_file: str) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
        bytecode_cache=compiled_templates(Path(config_file).parent),
    )
    env.globals.update(
        dose_text=dose_text,
        when_text=when_text,
        per_week_text=per_week_text,
        minutes_text=minutes_text,
        kit_text=kit_text,
        clock=clock,
    )
    return env


def content_templates(config: Any) -> jinja2.Environment:
    """The environment of our content templates (overrides/content/, and the components'
    in overrides/components/, e.g. "player/player.html") for a MkDocs config."""
    overrides = Path(config["theme"].custom_dir)
    folders = (str(overrides / CONTENT_TEMPLATES), str(overrides / COMPONENT_TEMPLATES))
    return template_env(folders, str(config["config_file_path"]))


class Renderer:
    """Renders content fragments for one page of one build."""

    def __init__(self, catalog: Catalog, env: jinja2.Environment, page_url: str, site_url: str,
                 qr_codes: Mapping[str, str] | None = None) -> None:
        self.catalog = catalog
        self.env = env
        self.page_url = page_url
        self.site_url = site_url
        self.qr_codes = qr_codes or {}  # drawn once per build: routine_qr_codes

    def qr_svg(self, url: str, label: str) -> Markup:
        return qr_svg(url, label, self.qr_codes)

    def absolute_url(self, target: str) -> str:
        return absolute_url(self.site_url, target)

    def display_url(self, target: str) -> str:
        """The address as a person would type it: no scheme."""
        return self.absolute_url(target).split("://", 1)[-1]

    def card_rows(self, routine: Routine) -> list[CardRow]:
        return card_rows(routine, self.catalog.exercises)

    def player_data(self, routine: Routine) -> dict[str, Any]:
        """What the follow-along player plays (overrides/components/player/player.js): the card's rows
        and the routine's steps, from the model that gives the page its minutes. Lands in
        the page through `tojson`, which escapes `<`, `>`, `&` and quotes."""
        steps = routine_steps(routine, self.catalog.exercises)
        return {
            "v": 1,
            "routine": routine.slug,
            "title": routine.title,
            "perWeekText": per_week_text(routine),
            "back": "Back to the routine",
            "rows": [
                {
                    "label": row.label,
                    "exercise": row.exercise.slug,
                    "name": row.exercise.name,
                    "cue": row.exercise.key_cue,
                    "moveOn": row.exercise.move_on,
                    "url": self.url(self.catalog.exercise_url(row.exercise.slug)),
                    "sets": row.dose.sets,
                    "reps": row.dose.reps,
                    "seconds": row.dose.seconds,
                    "oneSided": row.exercise.one_sided,
                }
                for row in self.card_rows(routine)
            ],
            "steps": [
                {"kind": step.kind, "seconds": step.seconds, "row": step.row, "set": step.set, "side": step.side}
                for step in steps
            ],
        }

    def exercise_player_data(self, exercise: Exercise) -> dict[str, Any]:
        """What an exercise page's player plays: the exercise alone, at its usual dose and
        rest, in the same model; its sessions are kept with the routines' (`exercise:<slug>`)."""
        data = self.player_data(exercise_routine(exercise))
        data.update(routine="exercise:" + exercise.slug, perWeekText="", back="Back to the exercise")
        for row in data["rows"]:
            row["label"] = ""  # one exercise: no A, B to tell rows apart
        return data

    def plan_data(self, plan: Plan, exercises: list[Exercise]) -> dict[str, Any]:
        """What a plan page's script follows (overrides/components/plan/plan.js): each week's
        sessions as the player plays them, at that week's doses, and for each exercise the plan
        does (`exercises`, plan_page.plan_exercises), what its harder version is, for the offer to
        move on. Lands through `tojson`."""
        weeks = []
        for w, week in enumerate(plan.weeks, 1):
            sessions = []
            for s, session in enumerate(week.sessions, 1):
                routine = self.catalog.session_routine(session)
                data = self.player_data(routine)
                data.update(
                    routine=f"plan:{plan.slug}:{w}-{s}", plan={"slug": plan.slug, "week": w, "session": s},
                    title=f"Week {w}, session {s}: {routine.title}", perWeekText="", back="Back to the plan",
                )
                seconds = self.catalog.routine_seconds(routine)
                sessions.append({"number": s, "title": routine.title, "minutes": minutes_text(seconds), "player": data})
            weeks.append({"number": w, "lighter": week.lighter, "note": week.note, "sessions": sessions})
        return {
            "v": 1,
            "plan": plan.slug,
            "title": plan.title,
            "address": self.absolute_url(self.catalog.plan_url(plan.slug)),
            "perWeek": plan.per_week,
            "weeks": weeks,
            "exercises": {ex.slug: self._plan_exercise(ex) for ex in exercises},
        }

    def plan_figures(self, exercises: list[Exercise]) -> list[Exercise]:
        """The exercises a plan's player may show: those the plan does and the harder ones it may offer."""
        offered = [
            self.catalog.exercise(ex.harder.exercise) for ex in exercises if ex.harder and ex.harder.exercise and self._swappable(ex)
        ]
        return list({ex.slug: ex for ex in [*exercises, *offered]}.values())

    def _swappable(self, exercise: Exercise) -> bool:
        """Whether its harder exercise can take its place in a session's steps as they are:
        the same sides and the same kind of set (reps or seconds)."""
        harder = exercise.harder
        if harder is None or harder.exercise is None:
            return False
        other = self.catalog.exercise(harder.exercise)
        return other.one_sided == exercise.one_sided and (other.dose.reps is None) == (exercise.dose.reps is None)

    def _plan_exercise(self, exercise: Exercise) -> dict[str, Any]:
        harder = exercise.harder
        row = None
        if harder is not None and harder.exercise is not None and self._swappable(exercise):
            other = self.catalog.exercise(harder.exercise)
            row = {
                "exercise": other.slug, "name": other.name, "cue": other.key_cue, "moveOn": other.move_on,
                "url": self.url(self.catalog.exercise_url(other.slug)), "reps": other.dose.reps,
            }
        return {
            "name": exercise.name,
            "progressWhen": exercise.progress_when,
            "reps": exercise.dose.reps is not None,
            "harder": None if harder is None else {
                "name": self.catalog.exercise(harder.exercise).name if harder.exercise else None,
                "how": harder.how,
                "row": row,  # None: the harder version is not played in a plan's session
            },
        }

    def builder_link(self, routine: Routine) -> str:
        """A link from the current page that opens this routine in the builder, to be changed."""
        return self.url(BUILDER_URL) + "#" + routine_link(routine, self.catalog.exercises)

    def url(self, target: str) -> str:
        """A link from the current page to a site path such as 'exercises/clamshell/'."""
        return relative_url(target, self.page_url or "")

    def render(self, template: str, **context: Any) -> str:
        vocab = self.catalog.data.vocabulary
        return self.env.get_template(template).render(
            url=self.url,
            absolute_url=self.absolute_url,
            short_url=short_url,
            display_url=self.display_url,
            rest_text=rest_text,
            card_rows=self.card_rows,
            catalog=self.catalog,
            muscles=vocab.muscles,
            equipment=vocab.equipment,
            levels=vocab.levels,
            facets=self.catalog.facets,
            figure_motion=figure_motion,
            figure_overlay=figure_overlay,
            figure_strip=figure_strip,
            figure_thumb=figure_thumb,
            qr_svg=self.qr_svg,
            player_data=self.player_data,
            exercise_player_data=self.exercise_player_data,
            plan_data=self.plan_data,
            plan_figures=self.plan_figures,
            builder_link=self.builder_link,
            gloss=Glosser(self.url),  # the first mention of each glossary word on this page links to it
            **context,
        )

    def exercise_cards(self, exercises: list[Exercise], filters: bool = False, compact: bool = False) -> str:
        return self.render("exercise-cards.html", exercises=exercises, filters=filters, compact=compact)

    def page(self, kind: PageKind, slug: str) -> str:
        """The body of a page that comes from the data: its kind's template."""
        return self.render(kind.template, **kind.context(self.catalog, slug))

    def browse(self) -> str:
        return self.render("browse.html")

    def expert_says(self, slug: str) -> str:
        return self.render("expert.html", expert=self.catalog.expert(slug))

    def routine_builder(self) -> str:
        return self.render("builder/builder.html", builder_data=builder_data(self.catalog, self.url))

    def routine_list(self, routines: list[Routine]) -> str:
        return self.render("routine-list.html", routines=routines)

    def plan_list(self, plans: list[Plan]) -> str:
        return self.render("plan-list.html", plans=plans)

    def plan_today(self) -> str:
        """The home page's "today" (components/today/): each plan's weeks as its script needs them."""
        plans = {
            slug: {
                "plan": slug,
                "title": plan.title,
                "url": self.url(self.catalog.plan_url(slug)),
                "weeks": [
                    {"sessions": [{"title": self.catalog.routine(s.routine).title,
                                   "minutes": minutes_text(self.catalog.routine_seconds(self.catalog.session_routine(s)))}
                                  for s in week.sessions]}
                    for week in plan.weeks
                ],
            }
            for slug, plan in self.catalog.plans.items()
        }
        return self.render("today/today.html", plans=plans)

    def print_all(self) -> str:
        return self.render("print-all.html", routines=list(self.catalog.routines.values()))
