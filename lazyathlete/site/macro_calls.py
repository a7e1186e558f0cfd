"""Macro calls in hand-written pages, checked against the catalog (no MkDocs here).

A page in docs/ may quote the data by name: `{{ expert_says('metzl') }}`,
`{{ exercise_cards(['clamshell']) }}`. When the data changes under it (an entry
removed, a typo, a list written as text), the build must say which page, which
line and which name, in words, instead of a Python traceback. `macros.py` calls
these checks before rendering; `call_line` finds the call in the page's source.
"""

from __future__ import annotations

import ast
import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from lazyathlete.data import Catalog


class CallError(ValueError):
    """A macro call the data cannot answer, in plain words (the page and line are added by the caller)."""


# --- Values, as a page writes them --------------------------------------------------------------


def shown(value: Any) -> str:
    """A value as the page would have written it: 'clamshell' quoted, 3 as 3, a list in brackets."""
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, bool) or value is None or isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(shown(v) for v in value) + "]"
    return f"a {type(value).__name__}"


def quoted(names: Iterable[str]) -> str:
    return ", ".join(f"'{name}'" for name in names)


def suggestion(name: str, names: Sequence[str], kind: str) -> str:
    """Close names if there are any ('did you mean ...?'), otherwise the names there are."""
    close = difflib.get_close_matches(name, names, n=3, cutoff=0.6)
    close += [n for n in names if name and name in n and n not in close]  # a name cut short
    close = close[:3]
    if close:
        return f"did you mean {' or '.join(repr(c) for c in close)}?"
    return f"the {kind} are {quoted(names)}" if names else f"the data has no {kind}"


# --- One name, or a list of names ---------------------------------------------------------------


def name_or_error(value: Any, what: str, example: str) -> str:
    """A name in quotes, or a CallError saying how to write one."""
    if not isinstance(value, str):
        raise CallError(f"{what} is written in quotes, like {example}, not {shown(value)}")
    return value


def names_or_error(value: Any, what: str, example: str) -> list[str] | None:
    """None (every entry), or a list of names in square brackets; anything else is a CallError."""
    if value is None:
        return None
    if isinstance(value, str):
        raise CallError(f"{what} are written as a list in square brackets, like {example}, not the text {shown(value)}")
    if not isinstance(value, (list, tuple)):
        raise CallError(f"{what} are written as a list in square brackets, like {example}, not {shown(value)}")
    if not value:
        raise CallError(f"{what}: the list is empty; leave it out to show every one, or name some, like {example}")
    names = [name_or_error(v, f"each of the {what}", example) for v in value]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise CallError(f"{what}: {quoted(twice)} named twice")
    return names


def flag_or_error(value: Any, name: str) -> bool:
    if not isinstance(value, bool):
        raise CallError(f"{name} is True or False, not {shown(value)}")
    return value


# --- Names checked against the catalog ----------------------------------------------------------


def exercise_slug(catalog: Catalog, value: Any) -> str:
    """A slug an exercise has (or had: a former slug keeps working, as its old address does)."""
    slug = name_or_error(value, "an exercise's slug", "'clamshell'")
    if slug in catalog.exercises or slug in catalog.former_slugs:
        return slug
    hint = f"'{slug}' is a routine" if slug in catalog.routines else suggestion(slug, list(catalog.exercises), "exercises")
    raise CallError(f"no exercise has the slug '{slug}' ({hint})")


def exercise_slugs(catalog: Catalog, value: Any) -> list[str] | None:
    names = names_or_error(value, "the exercises", "['glute-bridge', 'clamshell']")
    return None if names is None else [exercise_slug(catalog, n) for n in names]


def routine_slug(catalog: Catalog, value: Any) -> str:
    slug = name_or_error(value, "a routine's slug", "'pre-run-activation'")
    if slug in catalog.routines or slug in catalog.former_routine_slugs:
        return slug
    hint = f"'{slug}' is an exercise" if slug in catalog.exercises else suggestion(slug, list(catalog.routines), "routines")
    raise CallError(f"no routine has the slug '{slug}' ({hint})")


def routine_slugs(catalog: Catalog, value: Any) -> list[str] | None:
    names = names_or_error(value, "the routines", "['pre-run-activation']")
    return None if names is None else [routine_slug(catalog, n) for n in names]


def expert_slug(catalog: Catalog, value: Any) -> str:
    slug = name_or_error(value, "an expert's name", "'metzl'")
    experts = catalog.data.experts
    if slug not in experts:
        raise CallError(f"no expert is listed as '{slug}' under 'experts' in the data ({suggestion(slug, list(experts), 'experts')})")
    return slug


def home_list(catalog: Catalog, name: Any) -> list[str]:
    """The slugs of one of the home page's lists, by the list's name under `home_page` in the data."""
    name = name_or_error(name, "the name of a list under 'home_page' in the data", "'new_to_strength'")
    lists = catalog.home_page
    if name not in lists:
        raise CallError(f"there is no list called '{name}' under 'home_page' in the data ({suggestion(name, list(lists), 'lists')})")
    return lists[name]


def facet_kind(catalog: Catalog, kind: Any) -> str:
    """A way to browse: 'muscle', 'equipment' or 'level'."""
    kind = name_or_error(kind, "the way to browse", "'muscle'")
    if kind not in catalog.facets:
        raise CallError(f"there is no way to browse by '{kind}' (write {' or '.join(map(repr, catalog.facets))})")
    return kind


def facet_term(catalog: Catalog, kind: Any, key: Any) -> tuple[str, str]:
    """A way to browse ('muscle', 'equipment', 'level') and one of its words in the vocabulary."""
    kind = facet_kind(catalog, kind)
    key = name_or_error(key, f"the {kind}", "'gluteus-medius'")
    terms = catalog.facets[kind].terms
    if key not in terms:
        raise CallError(f"no {kind} is called '{key}' in the vocabulary ({suggestion(key, list(terms), f'{kind} words')})")
    return kind, key


def page_kind(kinds: Mapping[str, Any], value: Any) -> str:
    """A kind of page that comes from the data: 'exercise', 'routine', ..."""
    kind = name_or_error(value, "the kind of page", "'exercise'")
    if kind not in kinds:
        raise CallError(f"no kind of page is called '{kind}' ({suggestion(kind, list(kinds), 'kinds of page')})")
    return kind


def page_slug(catalog: Catalog, kind: str, slugs: Sequence[str], value: Any) -> str:
    """The slug of a page of this kind the data has."""
    slug = name_or_error(value, f"the {kind}'s slug", "'clamshell'")
    if slug not in slugs:
        raise CallError(f"no {kind} page has the slug '{slug}' ({suggestion(slug, list(slugs), f'{kind} pages')})")
    return slug


# --- Where the call is in the page --------------------------------------------------------------

JINJA_NAMES = {"true": True, "false": False, "none": None, "True": True, "False": False, "None": None}


def arguments_text(source: str, start: int) -> str | None:
    """The text between the parenthesis at `start` and its partner, quotes respected."""
    depth, quote = 0, ""
    for index in range(start, len(source)):
        char = source[index]
        if quote:
            if char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
            if depth == 0:
                return source[start + 1:index]
    return None


def literal(node: ast.expr) -> Any:
    if isinstance(node, ast.Name) and node.id in JINJA_NAMES:
        return JINJA_NAMES[node.id]
    if isinstance(node, (ast.List, ast.Tuple)):
        return [literal(item) for item in node.elts]
    return ast.literal_eval(node)


def written_arguments(text: str) -> tuple[list[Any], dict[str, Any]] | None:
    """The arguments of a call as written in the page, if they are plain values."""
    try:
        call = ast.parse(f"f({text})", mode="eval").body
        assert isinstance(call, ast.Call)
        return [literal(a) for a in call.args], {k.arg or "": literal(k.value) for k in call.keywords}
    except (SyntaxError, ValueError, TypeError, AssertionError, RecursionError):
        return None


def same(written: tuple[list[Any], dict[str, Any]] | None, args: Sequence[Any], kwargs: Mapping[str, Any]) -> bool:
    if written is None:
        return False
    try:
        plain = [list(a) if isinstance(a, tuple) else a for a in args]
        return bool(written[0] == plain and written[1] == dict(kwargs))
    except Exception:  # a value that refuses comparison (an undefined name) matches nothing
        return False


def call_line(source: str, macro: str, args: Sequence[Any], kwargs: Mapping[str, Any], seen: int = 0) -> int | None:
    """The line of the page source where this call is written (1 for the first line).

    The call whose written arguments equal the ones received; `seen` is how many
    identical calls came before it on the page. Without a match (arguments made
    by Jinja), the first call of that macro."""
    found = []
    for match in re.finditer(rf"\b{re.escape(macro)}\s*\(", source):
        text = arguments_text(source, match.end() - 1)
        line = source.count("\n", 0, match.start()) + 1
        found.append((line, text is not None and same(written_arguments(text), args, kwargs)))
    matching = [line for line, ok in found if ok]
    if matching:
        return matching[min(seen, len(matching) - 1)]
    return found[0][0] if found else None


JINJA_PART = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)  # `{{ ... }}` and `{% ... %}`


def name_line(source: str, name: str) -> int | None:
    """The first line of the page source where `name` is written as a word: inside a
    `{{ ... }}` or `{% ... %}` if it is there (the same word may be in the page's text)."""
    word = re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])")
    starts = [part.start() + found.start() for part in JINJA_PART.finditer(source)
              if (found := word.search(part.group()))]
    match = word.search(source)
    start = starts[0] if starts else match.start() if match else None
    return source.count("\n", 0, start) + 1 if start is not None else None
