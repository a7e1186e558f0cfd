"""The models' complaints in the owner's words: each pydantic error type becomes what is wrong
and the fix, using only the models' own field names, descriptions, limits and patterns, so a
field added to the models gets good messages without a line here."""

from __future__ import annotations

import difflib
import math
import re
import types
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from inspect import isclass
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails
from pydantic_core.core_schema import ErrorType

from lazyathlete.data.errors import Problem, problem_at
from lazyathlete.data.models import SiteData
from lazyathlete.data.places import Loc, cleaned, compose, cut, line_of, place

# --- A problem found in the parsed data -----------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """What is wrong at a place in the data, said after the place's subject ("`sets` is 0...")."""

    loc: Loc
    said: str  # follows the subject: "is missing: ...", or after a colon when it starts with a capital or `
    key: bool = False  # its line is the key's own (a field that should not be there)


# The findings as problems with their lines; the file is composed once, only when there are some.
def located(findings: Iterable[Finding], raw: Any, text: str) -> list[Problem]:
    findings = list(findings)
    root = compose(text) if findings else None
    problems = []
    for finding in findings:
        loc = cleaned(finding.loc, raw)
        named = place(loc, raw)
        said = finding.said
        subject = f"the {named.subject}" if said.startswith("is missing") and named.subject.startswith("`") else named.subject
        where = named.where
        if said[:1].islower():  # "`sets` is 0"
            sentence = f"{subject} {said}"
        elif subject == "it":  # the entry's own problem, said whole
            sentence = said
        elif subject.startswith("`"):  # "`figure`: `turn` and `tilt`: ..."
            sentence = f"{subject}: {said}"
        else:  # a position is part of the place: "the 1st exercise, 'x', pose 2 of `figure`: `hip` ..."
            where, sentence = f"{where}, {subject}" if where else subject, said
        where = f"{where}: " if where else ""
        problems.append(problem_at(line_of(root, loc, finding.key), None, where + sentence))
    return problems


# --- The models, read for their words --------------------------------------------------------------


# The types a value may take at one annotation: Annotated and unions opened up, None left out.
def _members(annotation: Any) -> Iterator[Any]:
    origin = get_origin(annotation)
    if origin is Annotated:
        yield from _members(get_args(annotation)[0])
    elif origin is Union or origin is types.UnionType:
        for member in get_args(annotation):
            yield from _members(member)
    elif annotation is not type(None):
        yield annotation


# The field the path ends at (for its description), and the models that could hold its last part.
def field_at(loc: Loc) -> tuple[FieldInfo | None, list[type[BaseModel]]]:
    annotations: list[Any] = [SiteData]
    field: FieldInfo | None = None
    holders: list[type[BaseModel]] = []
    for part in loc:
        following: list[Any] = []
        field, holders = None, []
        for member in (m for a in annotations for m in _members(a)):
            origin = get_origin(member)
            if isclass(member) and issubclass(member, BaseModel):
                holders.append(member)
                if isinstance(part, str) and part in member.model_fields:
                    field = member.model_fields[part]
                    following.append(field.annotation)
            elif origin is list and isinstance(part, int):
                following.append(get_args(member)[0])
            elif origin is dict:
                following.append(get_args(member)[1])
        annotations = following
    return field, holders


# The words a literal or enum takes, in the order the model gives them.
def _choices(annotation: Any) -> list[str]:
    words: list[str] = []
    for member in _members(annotation):
        if get_origin(member) is Literal:
            words += [str(word) for word in get_args(member)]
        elif isclass(member) and issubclass(member, BaseModel) and "kind" in member.model_fields:
            words += _choices(member.model_fields["kind"].annotation)
        elif isclass(member) and hasattr(member, "__members__"):
            words += [str(getattr(item, "value", item)) for item in member.__members__.values()]
    return words


# What a field is for: the first sentence of its description, to follow "is missing:".
def purpose(loc: Loc) -> str:
    field, _ = field_at(loc)
    text = (field.description if field else None) or ""
    first = _first_sentence(text.strip())
    return first[:1].lower() + first[1:] if first[1:2].islower() or first[1:2] == " " else first


# Up to the first full stop, semicolon or colon outside `code`.
def _first_sentence(text: str) -> str:
    quoted = False
    for index, char in enumerate(text):
        quoted ^= char == "`"
        if not quoted and char in ".;:" and (index + 1 == len(text) or text[index + 1] == " "):
            return text[:index]
    return text


# The words editors are told for each pattern (the models' `ForEditors`, from the JSON Schema).
@cache
def _pattern_words() -> dict[str, str]:
    found: dict[str, str] = {}

    def visit(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("pattern"), str) and isinstance(node.get("patternErrorMessage"), str):
                found.setdefault(node["pattern"], node["patternErrorMessage"])
            for value in node.values():
                visit(value)
        elif isinstance(node, list):
            for value in node:
                visit(value)

    visit(SiteData.model_json_schema())
    return found


# --- Values, in words -------------------------------------------------------------------------------

_NUMBER_WORDS = "zero one two three four five six seven eight nine ten eleven twelve".split()
_TRUE_FALSE = {"yes", "no", "on", "off", "y", "n", "true", "false"}


# What a value is, in words (never a programming type's name).
def kind_of(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "entries (in `[ ]` or on lines starting with `- `)"
    if isinstance(value, dict):
        return "fields (`name: value` lines)"
    return "something else"


# A value quoted back to the owner as the file writes it.
def quoted(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and not math.isfinite(value):
        return ".nan" if math.isnan(value) else ".inf" if value > 0 else "-.inf"
    if isinstance(value, (int, float)):
        return f"{value:g}" if isinstance(value, float) else str(value)
    return f"'{cut(str(value))}'"


# Text that reads as a number: "3", " 12 ", "4.5".
def _as_number(value: Any) -> float | None:
    if isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            return None
        return number if math.isfinite(number) else None
    return None


# "a, b or c".
def listed(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


# "; did you mean `key_cue`?" when one of the words is close to what was written.
def close_match(written: Any, words: Iterable[str]) -> str | None:
    if not isinstance(written, str):
        return None
    choices = list(words)
    lowered = {word.lower(): word for word in choices}
    matches = difflib.get_close_matches(written.strip().lower(), list(lowered), n=1, cutoff=0.6)
    return lowered[matches[0]] if matches else None


# --- Each kind of complaint ----------------------------------------------------------------------------


# A field left empty (`name:` and nothing after it): what to write, from what the field is for.
def _empty(wanted: str, loc: Loc) -> str:
    what = purpose(loc)
    if wanted == _ENTRIES:
        return "is empty: put each entry on its own line, starting with `- `" + (f" ({what})." if what else ".")
    if what:
        return f"is empty: write {what}."
    if wanted == "text" and loc and isinstance(loc[-1], int):
        return "is empty: write the text, or remove the line."
    return f"is empty: write {wanted.split(' (')[0]}."


# The fix for a value of the wrong type, by what was wanted and what was written.
def _wrong_type(wanted: str, value: Any, example: str) -> str:
    number = _as_number(value)
    if wanted in ("a whole number", "a number") and isinstance(value, str):
        if number is not None and (wanted == "a number" or number.is_integer()):
            return f"is in quotes: write {value.strip()} without quotes."
        word = value.strip().lower()
        if word in _NUMBER_WORDS:
            return f"should be {wanted}: write {_NUMBER_WORDS.index(word)}, in figures."
        return f"should be {wanted}, not text: write {wanted}, like {example}."
    if isinstance(value, float) and not math.isfinite(value):
        return f"should be {wanted}, not {quoted(value)}: write {wanted}, like {example or 3}."
    if wanted == "a whole number" and isinstance(value, float) and math.isfinite(value):
        if value.is_integer():
            return f"should be a whole number: write {int(value)}, without the decimal point."
        return f"should be a whole number, not {quoted(value)}: write {wanted}, like {round(value)}."
    if wanted == "true or false":
        if isinstance(value, str) and value.strip().lower() in _TRUE_FALSE:
            return f"should be true or false, not the text {quoted(value)}: write true or false, without quotes."
        return f"should be true or false, not {kind_of(value)}: write true or false."
    if wanted == "text":
        if isinstance(value, dict):
            return (
                "should be text, but reads as `name: value` because of a colon and a space in it:"
                " put the text in quotes."
            )
        if isinstance(value, (bool, int, float)):
            return f"should be text, not {kind_of(value)}: put it in quotes, \"{quoted(value)}\"."
        return f"should be text, not {kind_of(value)}: write the text itself."
    if wanted == _ENTRIES:
        return f"should be entries, not {kind_of(value)}: put each entry on its own line, starting with `- `."
    if wanted.startswith("fields"):
        if number is not None:
            return f"is in quotes: write {value.strip()} without quotes."
        return f"should be {wanted}, not {kind_of(value)}."
    return f"should be {wanted}, not {kind_of(value)}: write {wanted}, like {example}."


# pydantic's own error types; any other is a models' own, worded there.
_BUILT_IN = frozenset(get_args(ErrorType))
# Several values, one a line starting with `- ` (or in `[ ]`).
_ENTRIES = "entries"
# (what the type wants, in words, and an example) for each type error pydantic reports.
_WANTED = {
    "int_type": ("a whole number", "3"),
    "int_parsing": ("a whole number", "3"),
    "int_from_float": ("a whole number", "3"),
    "float_type": ("a number", "45"),
    "float_parsing": ("a number", "45"),
    "bool_type": ("true or false", "true"),
    "bool_parsing": ("true or false", "true"),
    "string_type": ("text", ""),
    "list_type": (_ENTRIES, ""),
    "tuple_type": (_ENTRIES, ""),
    "set_type": (_ENTRIES, ""),
    "dict_type": ("fields under it (`name: value` lines, indented)", ""),
    "model_type": ("fields under it (`name: value` lines, indented)", ""),
    "model_attributes_type": ("fields under it (`name: value` lines, indented)", ""),
    "dataclass_type": ("fields under it (`name: value` lines, indented)", ""),
}


# One pydantic error, as what is wrong and the fix (following the subject), and where.
def shape_finding(item: ErrorDetails, raw: Any) -> Finding:
    kind, value = item["type"], item.get("input")
    ctx: dict[str, Any] = dict(item.get("ctx") or {})
    loc: Loc = tuple(item["loc"])
    if loc[-1:] == ("[key]",):  # a wrong key of a mapping: the key is the value
        return Finding(loc[:-1], "cannot be a name here: it " + _said(kind, value, ctx, loc[:-1], item["msg"]), key=True)
    error = ctx.get("error")
    inside = getattr(error, "at", None)
    if kind == "value_error" and isinstance(inside, tuple):  # a validator that says where inside the value
        loc = loc + inside
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        loc = loc + (str(ctx.get("discriminator", "kind")).strip("'"),)
    return Finding(loc, _said(kind, value, ctx, cleaned(loc, raw), item["msg"]), key=kind == "extra_forbidden")


# All of a validation error's complaints, in order; a field reported missing is left out when a
# misspelling of it is reported in its place ("did you mean `key_cue`?" says it all).
def shape_findings(error: ValidationError, raw: Any) -> list[Finding]:
    items = error.errors(include_url=False)
    misspelt = {
        (tuple(item["loc"][:-1]), guess)
        for item in items
        if item["type"] == "extra_forbidden"
        and (guess := close_match(item["loc"][-1], [str(m["loc"][-1]) for m in items if m["type"] == "missing"]))
    }
    return [
        shape_finding(item, raw)
        for item in items
        if not (item["type"] == "missing" and (tuple(item["loc"][:-1]), str(item["loc"][-1])) in misspelt)
    ]


# What is wrong and the fix, for one error type.
def _said(kind: str, value: Any, ctx: dict[str, Any], loc: Loc, item_message: str = "") -> str:
    if kind == "missing" or kind == "union_tag_not_found":
        _, holders = field_at(loc)
        choices = [w for m in holders if loc[-1] in m.model_fields for w in _choices(m.model_fields[str(loc[-1])].annotation)]
        what = f"one of {listed(choices)}" if kind == "union_tag_not_found" and choices else purpose(loc)
        return f"is missing: {what}. Add it." if what else "is missing: add it."
    if kind == "extra_forbidden":
        _, holders = field_at(loc)
        fields = list(dict.fromkeys(name for model in holders for name in model.model_fields))
        guess = close_match(loc[-1], fields)
        if guess:
            return f"is not a field here: did you mean `{guess}`?"
        allowed = ", ".join(f"`{name}`" for name in fields)
        return f"is not a field here: the fields here are {allowed}." if fields else "is not a field here: remove it."
    if kind in _WANTED:
        wanted, example = _WANTED[kind]
        if value is None:
            return _empty(wanted, loc)
        return _wrong_type(wanted, value, example)
    if kind in ("enum", "literal_error", "union_tag_invalid"):
        choices = re.findall(r"'([^']*)'", str(ctx.get("expected") or ctx.get("expected_tags") or ""))
        value = ctx.get("tag", value)
        guess = close_match(value, choices)
        hint = f" did you mean {guess}? It takes" if guess else " write"
        return f"is {quoted(value)}, which it does not take:{hint} {listed(choices) if choices else 'another word'}."
    if kind == "string_too_short":
        return _empty("text", loc)
    if kind == "too_short":
        least, count = ctx.get("min_length", 1), ctx.get("actual_length", 0)
        entries = "entry" if count == 1 else "entries"
        return f"has {count or 'no'} {entries}; it needs at least {least}."
    if kind == "too_long" and "limit" in ctx:  # the models' own limit (`Most`), with its reason
        count, limit, why = ctx["count"], ctx["limit"], ctx.get("why", "")
        if ctx.get("unit") == "characters":
            return f"is {count} characters, at most {limit}{why}: shorten it by {count - limit}."
        return f"has {count} entries, at most {limit}{why}: remove {count - limit}."
    if kind == "too_long":
        count, most = ctx.get("actual_length", 0), ctx.get("max_length", 0)
        return f"has {count} entries, at most {most}: remove {count - most}."
    if kind == "string_too_long":
        most = ctx.get("max_length", 0)
        count = len(value.strip()) if isinstance(value, str) else 0
        return f"is {count} characters, at most {most}: shorten it by {count - most}."
    if kind == "string_pattern_mismatch":
        return _pattern_said(value, str(ctx.get("pattern", "")))
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        bound = ctx.get("ge", ctx.get("gt", ctx.get("le", ctx.get("lt"))))
        rule = {
            "greater_than_equal": f"the least it takes is {quoted(bound)}",
            "greater_than": f"it must be more than {quoted(bound)}",
            "less_than_equal": f"the most it takes is {quoted(bound)}",
            "less_than": f"it must be less than {quoted(bound)}",
        }[kind]
        return f"is {quoted(value)}; {rule}."
    if kind == "finite_number":
        return f"is {quoted(value)}, which is not a number you can count with: write a number, like 45."
    if kind in ("value_error", "assertion_error"):
        said = str(error) if (error := ctx.get("error")) is not None else ""
        return _sentence(said) if said else "is not right here."
    if kind not in _BUILT_IN:  # a models' own error (PydanticCustomError): its words are the owner's already
        return _sentence(str(message)) if (message := item_message) else "is not right here."
    what = purpose(loc)
    return f"is not what this field takes: {what}." if what else "is not what this field takes."


# A validator's own words, ended as a sentence.
def _sentence(said: str) -> str:
    said = said.strip()
    return said if said.endswith((".", "?", "!")) else said + "."


# A value that does not match its pattern: the words editors are told, and a version that fits.
def _pattern_said(value: Any, pattern: str) -> str:
    words = _pattern_words().get(pattern)
    takes = f": it takes {words}" if words else ""
    if isinstance(value, str):
        lowered = value.strip().lower()
        for candidate in (re.sub(r"[^a-z0-9]+", "-", lowered).strip("-"), re.sub(r"[^a-z0-9]", "", lowered)):
            if candidate != value and candidate and re.fullmatch(pattern, candidate):
                return f"cannot be {quoted(value)}{takes}. Write {candidate}?"
    return f"cannot be {quoted(value)}{takes}."
