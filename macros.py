"""mkdocs-macros module: the macros that Markdown pages call, by slug.

Pages pass slugs, never text, into these macros; the text comes from the
validated data and is escaped by the templates (see lazyathlete/site/render.py).

A hand-written page may name what the data no longer has, or write a list as
text: each macro checks its arguments against the catalog first
(lazyathlete/site/macro_calls.py). mkdocs-macros prints any exception a macro
raises with a Python traceback, so a macro does not raise: it notes the
problem, with the page and the line of the call, and `on_post_page_macros`
stops the build with every problem of the page in plain words.
"""

from __future__ import annotations

import functools
import inspect
from collections import Counter
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from jinja2 import StrictUndefined, TemplateSyntaxError
from mkdocs.exceptions import PluginError

from lazyathlete.data import DataError, catalog_for
from lazyathlete.site import macro_calls, macro_output
from lazyathlete.site.kinds import KINDS, PageKind, kind_of
from lazyathlete.site.macro_calls import CallError
from lazyathlete.site.render import QR_CACHE, Renderer, content_templates, routine_qr_codes

# The page being rendered: its problems, and how often each call was seen (to find its line).
_problems: list[str] = []
_calls: Counter[tuple[str, str]] = Counter()


def define_env(env) -> None:
    try:
        catalog = catalog_for(env.conf)
    except DataError:  # only in the preview, which then shows the problems instead of any page (hooks.py)
        return
    templates = content_templates(env.conf)
    project = Path(env.conf["config_file_path"]).parent
    qr_codes = routine_qr_codes(catalog, env.conf["site_url"], project / QR_CACHE)

    def renderer() -> Renderer:
        return Renderer(catalog, templates, env.page.url, env.conf["site_url"], qr_codes)

    # A macro whose output needs a component (its styles, its script) says so on the page it
    # is called from; hooks.on_page_markdown reads `components` once, after every macro ran.
    def uses(*names: str) -> None:
        listed = env.page.meta.get("components", [])
        if isinstance(listed, list):  # anything else is the page's own mistake, told by the hooks
            env.page.meta["components"] = [*listed, *(name for name in names if name not in listed)]

    def kind_page(kind: PageKind, slug: str) -> str:
        uses(*kind.components)
        return renderer().page(kind, slug)

    # Every macro returns a block of finished HTML: it is held out of
    # Markdown and put back by the hooks (see lazyathlete/site/macro_output.py).
    # `usage` is how the owner writes the call, shown when the arguments do not fit.
    def block_macro(usage: str) -> Callable[[Callable[..., str]], Callable[..., str]]:
        def register(render: Callable[..., str]) -> Callable[..., str]:
            signature = inspect.signature(render)

            @functools.wraps(render)
            def macro(*args: Any, **kwargs: Any) -> str:
                try:
                    try:
                        bound = signature.bind(*args, **kwargs)
                    except TypeError:
                        raise CallError(f"write it like this: {usage}") from None
                    html = render(*bound.args, **bound.kwargs)
                except CallError as problem:
                    note_call_problem(env, render.__name__, args, kwargs, str(problem))
                    return ""
                finally:
                    _calls[call_key(render.__name__, args, kwargs)] += 1
                return macro_output.hold(env.page.file.src_uri, html)

            return env.macro(macro)

        return register

    # Every generated page is this one call: its kind's template (site/kinds.py).
    @block_macro("page_of('exercise', 'clamshell')")
    def page_of(kind: str, slug: str) -> str:
        """The body of any page that comes from the data, by its kind and slug."""
        page_kind = KINDS[macro_calls.page_kind(KINDS, kind)]
        return kind_page(page_kind, macro_calls.page_slug(catalog, page_kind.name, list(page_kind.slugs(catalog)), slug))

    # The same pages by name, for hand-written pages.
    @block_macro("exercise_page('clamshell')")
    def exercise_page(slug: str) -> str:
        """The body of one exercise page."""
        return kind_page(KINDS["exercise"], macro_calls.exercise_slug(catalog, slug))

    @block_macro("exercise_cards(['glute-bridge', 'clamshell'], filters=True, compact=True)")
    def exercise_cards(slugs: list[str] | None = None, filters: bool = False, compact: bool = False) -> str:
        """Cards for the given exercises (all of them by default), optionally with filters;
        compact cards show the drawing, name and dose without the summary."""
        names = macro_calls.exercise_slugs(catalog, slugs)
        filters = macro_calls.flag_or_error(filters, "filters")
        compact = macro_calls.flag_or_error(compact, "compact")
        chosen = [catalog.exercise(s) for s in names] if names else list(catalog.exercises.values())
        return renderer().exercise_cards(chosen, filters=filters, compact=compact)

    @block_macro("home_exercises('new_to_strength')")
    def home_exercises(name: str) -> str:
        """Compact cards for one of the home page's lists in the data (`home_page:`): the page
        names the list, never a slug, so renaming an exercise cannot break it."""
        chosen = [catalog.exercise(slug) for slug in macro_calls.home_list(catalog, name)]
        return renderer().exercise_cards(chosen, compact=True) if chosen else ""

    @block_macro("facet_page('muscle', 'gluteus-medius')")
    def facet_page(kind: str, key: str) -> str:
        """The body of a browse page such as 'all exercises for the gluteus medius'."""
        return kind_page(KINDS["facet"], "/".join(macro_calls.facet_term(catalog, kind, key)))

    @block_macro("facet_list('muscle')")
    def facet_list(kind: str) -> str:
        """The body of the page listing every muscle, piece of equipment or level, each linking to its browse page."""
        return kind_page(KINDS["facet-list"], macro_calls.facet_kind(catalog, kind))

    @block_macro("browse()")
    def browse() -> str:
        """Links to every browse page, grouped by muscle, equipment and level."""
        return renderer().browse()

    @block_macro("expert_says('metzl')")
    def expert_says(slug: str) -> str:
        """A claim from the owner's post, attributed as the post attributes it."""
        return renderer().expert_says(macro_calls.expert_slug(catalog, slug))

    @block_macro("routine_page('pre-run-activation')")
    def routine_page(slug: str) -> str:
        """The body of a routine page, with its printable card."""
        return kind_page(KINDS["routine"], macro_calls.routine_slug(catalog, slug))

    @block_macro("pocket_card('pre-run-activation')")
    def pocket_card(slug: str) -> str:
        """The body of a routine's A6 pocket-card page."""
        return kind_page(KINDS["pocket-card"], macro_calls.routine_slug(catalog, slug))

    @block_macro("routine_list(['pre-run-activation', 'steady-hips-after-run'])")
    def routine_list(slugs: list[str] | None = None) -> str:
        """Cards linking to the given routines (all of them by default)."""
        names = macro_calls.routine_slugs(catalog, slugs)
        chosen = [catalog.routine(s) for s in names] if names else list(catalog.routines.values())
        return renderer().routine_list(chosen)

    @block_macro("plan_list()")
    def plan_list() -> str:
        """Cards linking to every plan."""
        return renderer().plan_list(list(catalog.plans.values()))

    @block_macro("plan_today()")
    def plan_today() -> str:
        """Today's session of the plan a reader follows in this browser (shown only then)."""
        uses("today")
        return renderer().plan_today()

    @block_macro("routine_builder()")
    def routine_builder() -> str:
        """The routine builder: pick moves, share the link, print and play it."""
        uses("sheet")  # its printable cards
        return renderer().routine_builder()

    @block_macro("print_all()")
    def print_all() -> str:
        """Every routine's card, one per printed sheet."""
        uses("sheet")
        return renderer().print_all()


# --- Problems, said once per page ------------------------------------------------------------------


def call_key(name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[str, str]:
    return name, repr((args, sorted(kwargs.items())))


def page_source_name(env) -> str:
    """The page's file as the owner knows it: docs/index.md (from the folder of mkdocs.yml)."""
    file = env.page.file
    if not file.abs_src_path:
        return f"the generated page {file.src_uri}"
    path = Path(file.abs_src_path)
    project = Path(env.conf["config_file_path"]).parent
    return path.relative_to(project).as_posix() if path.is_relative_to(project) else str(path)


def page_source(env) -> str:
    try:
        return env.page.file.content_string
    except OSError:
        return ""


def note_problem(line: int | None, problem: str) -> None:
    """Keep a problem of this page, with the line it is written on."""
    _problems.append(f"{f'line {line}' if line is not None else 'somewhere on the page'}: {problem}")


def note_call_problem(env, name: str, args: tuple[Any, ...], kwargs: dict[str, Any], problem: str) -> None:
    line = macro_calls.call_line(page_source(env), name, args, kwargs, _calls[call_key(name, args, kwargs)])
    note_problem(line, f"{name}: {problem}")


# A name the page calls or prints that is neither a macro nor a variable: said
# like the others (Jinja's strict undefined would end in a traceback).
def undefined_for(env) -> type[StrictUndefined]:
    class NoSuchName(StrictUndefined):
        def __getattr__(self, name: str) -> Any:
            if name == "jinja_pass_arg" or name.startswith("__"):  # Jinja and markupsafe ask; an unknown name has none
                raise AttributeError(name)
            return self  # `{{ nothing.deeper }}`: said once, when printed, for the first name missing

        def __call__(self, *args: Any, **kwargs: Any) -> str:  # type: ignore[override]  # noted, not raised
            name = str(self._undefined_name)
            hint = macro_calls.suggestion(name, sorted(env.macros), "macros")
            note_call_problem(env, name, args, kwargs, f"there is no macro called '{name}' ({hint})")
            return ""

        def __str__(self) -> str:  # type: ignore[override]  # noted, not raised
            name = str(self._undefined_name)
            owner = self._undefined_obj
            known = sorted(map(str, owner)) if isinstance(owner, Mapping) else sorted(env.variables)
            hint = macro_calls.suggestion(name, known, "names there")
            note_problem(macro_calls.name_line(page_source(env), name), f"'{name}' is not defined ({hint})")
            return ""

    return NoSuchName


def on_pre_page_macros(env) -> None:
    _problems.clear()
    _calls.clear()
    env.env.undefined = undefined_for(env)
    if kind_of(env.page.meta) is not None:
        return  # a generated page: one call of ours (site/kinds.py), readable by construction
    unreadable = unreadable_call(env)
    if unreadable is not None:
        note_problem(*unreadable)
        env.markdown = ""  # nothing of the page is rendered: its problem is said by on_post_page_macros


# A `{{ ... }}` Jinja cannot read (brackets or quotes that do not pair, an unknown filter):
# mkdocs-macros would print its own error in Markdown and stop without a word of ours.
def unreadable_call(env) -> tuple[int | None, str] | None:
    """(line in the page's file, what is wrong) for a call that cannot be read; None if all can."""
    markdown = env.markdown
    try:
        env.env.from_string(markdown)
    except TemplateSyntaxError as error:
        source = page_source(env)
        start = source.find(markdown.strip()[:200]) if markdown.strip() else -1
        offset = source.count("\n", 0, start) if start > 0 else 0  # the front matter's lines
        written = markdown.splitlines()[error.lineno - 1].strip() if 0 < error.lineno <= len(markdown.splitlines()) else ""
        return error.lineno + offset, (
            f"'{written}' cannot be read ({jinja_words(error.message)}): check that every"
            " bracket and quote is closed and every name is spelt as the macros are, like"
            " {{ exercise_cards(['glute-bridge', 'clamshell']) }}"
        )
    return None


# Jinja's words for what it could not read, as a sentence's middle ("no filter named 'x'").
def jinja_words(message: str | None) -> str:
    text = (message or "a mistake in it").rstrip(".")
    return text[:1].lower() + text[1:]


def on_post_page_macros(env) -> None:
    if _problems:
        problems = list(_problems)
        _problems.clear()
        raise PluginError(
            f"{page_source_name(env)}: a macro call on the page cannot be done"
            " (change the page or the data):\n  - " + "\n  - ".join(problems)
        )
