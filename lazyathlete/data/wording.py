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
from lazyathlete.data.places import Loc, Place, cleaned, compose, cut, line_of, place

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
        problems.append(problem_at(line_of(root, loc, finding.key), None, sentence(place(loc, raw), finding.said)))
    return problems


# "the 4th exercise, 'clamshell': `dose: sets` is 0; ...": the place, its subject, and what is said of it.
def sentence(named: Place, said: str) -> str:
    subject, where = named.subject, named.where
    if said.startswith("is missing") and subject.startswith("`"):
        subject = f"the {subject}"
    if said[:1].islower():  # "`sets` is 0"
        told = f"{subject} {said}"
    elif subject == "it":  # the entry's own problem, said whole
        told = said
    elif subject.startswith("`"):  # "`figure`: `turn` and `tilt`: ..."
        told = f"{subject}: {said}"
    else:  # a position is part of the place: "the 1st exercise, 'x', pose 2 of `figure`: `hip` ..."
        where, told = (f"{where}, {subject}" if where else subject), said
    return f"{where}: {told}" if where else told


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


@dataclass(frozen=True)
class Complaint:
    """One pydantic error, read: its type, the value written, its details and the place (cleaned)."""

    kind: str
    value: Any
    ctx: dict[str, Any]
    loc: Loc
    message: str  # pydantic's own words: said only for the models' own error types


# One pydantic error, as what is wrong and the fix (following the subject), and where.
def shape_finding(item: ErrorDetails, raw: Any) -> Finding:
    kind, ctx = item["type"], dict(item.get("ctx") or {})
    loc: Loc = tuple(item["loc"])
    if loc[-1:] == ("[key]",):  # a wrong key of a mapping: the key is the value
        complaint = Complaint(kind, item.get("input"), ctx, cleaned(loc[:-1], raw), item["msg"])
        return Finding(loc[:-1], "cannot be a name here: it " + said_of(complaint), key=True)
    inside = getattr(ctx.get("error"), "at", None)
    if kind == "value_error" and isinstance(inside, tuple):  # a validator that says where inside the value
        loc = loc + inside
    if kind in ("union_tag_invalid", "union_tag_not_found"):  # the problem is the `kind:` line
        loc = loc + (str(ctx.get("discriminator", "kind")).strip("'"),)
    complaint = Complaint(kind, item.get("input"), ctx, cleaned(loc, raw), item["msg"])
    return Finding(loc, said_of(complaint), key=kind == "extra_forbidden")


# All of a validation error's complaints, in order; a field reported missing is left out when a
# misspelling of it is reported in its place ("did you mean `key_cue`?" says it all).
def shape_findings(error: ValidationError, raw: Any) -> list[Finding]:
    items = error.errors(include_url=False)
    missing = [str(item["loc"][-1]) for item in items if item["type"] == "missing"]
    misspelt = {
        (tuple(item["loc"][:-1]), guess)
        for item in items
        if item["type"] == "extra_forbidden" and (guess := close_match(item["loc"][-1], missing))
    }
    return [
        shape_finding(item, raw)
        for item in items
        if not (item["type"] == "missing" and (tuple(item["loc"][:-1]), str(item["loc"][-1])) in misspelt)
    ]


# What is wrong and the fix, for one error: by its type, else in general terms.
def said_of(complaint: Complaint) -> str:
    if complaint.kind in _WANTED:
        return _wanted_said(complaint)
    if complaint.kind in _SAYERS:
        return _SAYERS[complaint.kind](complaint)
    if complaint.kind not in _BUILT_IN:  # a models' own error (PydanticCustomError): its words are the owner's
        return _sentence(complaint.message) if complaint.message else "is not right here."
    what = purpose(complaint.loc)
    return f"is not what this field takes: {what}." if what else "is not what this field takes."


# A field that is not there: what it is for (a discriminated union's `kind`: the words it takes).
def _missing_said(c: Complaint) -> str:
    _, holders = field_at(c.loc)
    name = str(c.loc[-1]) if c.loc else ""
    choices = [word for model in holders if name in model.model_fields for word in _choices(model.model_fields[name].annotation)]
    what = f"one of {listed(choices)}" if c.kind == "union_tag_not_found" and choices else purpose(c.loc)
    return f"is missing: {what}. Add it." if what else "is missing: add it."


# A field the model does not have: the one meant, or the fields there are.
def _extra_said(c: Complaint) -> str:
    _, holders = field_at(c.loc)
    fields = list(dict.fromkeys(name for model in holders for name in model.model_fields))
    guess = close_match(c.loc[-1] if c.loc else None, fields)
    if guess:
        return f"is not a field here: did you mean `{guess}`?"
    allowed = ", ".join(f"`{name}`" for name in fields)
    return f"is not a field here: the fields here are {allowed}." if fields else "is not a field here: remove it."


# A value of the wrong type, or none at all.
def _wanted_said(c: Complaint) -> str:
    wanted, example = _WANTED[c.kind]
    return _empty(wanted, c.loc) if c.value is None else _wrong_type(wanted, c.value, example)


# A word it does not take: the one meant, or the words it takes.
def _choice_said(c: Complaint) -> str:
    choices = re.findall(r"'([^']*)'", str(c.ctx.get("expected") or c.ctx.get("expected_tags") or ""))
    value = c.ctx.get("tag", c.value)
    guess = close_match(value, choices)
    hint = f" did you mean {guess}? It takes" if guess else " write"
    return f"is {quoted(value)}, which it does not take:{hint} {listed(choices) if choices else 'another word'}."


# Fewer entries than it needs.
def _too_short_said(c: Complaint) -> str:
    least, count = c.ctx.get("min_length", 1), c.ctx.get("actual_length", 0)
    return f"has {count or 'no'} {'entry' if count == 1 else 'entries'}; it needs at least {least}."


# Over a limit: the models' own (`Most`, with its reason), or a list's or a text's `max_length`.
def _too_long_said(c: Complaint) -> str:
    if "limit" in c.ctx:
        count, limit, why = c.ctx["count"], c.ctx["limit"], c.ctx.get("why", "")
        if c.ctx.get("unit") == "characters":
            return f"is {count} characters, at most {limit}{why}: shorten it by {count - limit}."
        return f"has {count} entries, at most {limit}{why}: remove {count - limit}."
    most = c.ctx.get("max_length", 0)
    if c.kind == "string_too_long":
        count = len(c.value.strip()) if isinstance(c.value, str) else 0
        return f"is {count} characters, at most {most}: shorten it by {count - most}."
    count = c.ctx.get("actual_length", 0)
    return f"has {count} entries, at most {most}: remove {count - most}."


# A number past its bound, and the bound.
def _bound_said(c: Complaint) -> str:
    rule = {
        "greater_than_equal": ("ge", "the least it takes is {}"),
        "greater_than": ("gt", "it must be more than {}"),
        "less_than_equal": ("le", "the most it takes is {}"),
        "less_than": ("lt", "it must be less than {}"),
    }[c.kind]
    return f"is {quoted(c.value)}; {rule[1].format(quoted(c.ctx.get(rule[0])))}."


# A validator's own words (models.py writes them for the owner).
def _validator_said(c: Complaint) -> str:
    error = c.ctx.get("error")
    return _sentence(str(error)) if error is not None and str(error).strip() else "is not right here."


_SAYERS = {
    "missing": _missing_said,
    "union_tag_not_found": _missing_said,
    "extra_forbidden": _extra_said,
    "enum": _choice_said,
    "literal_error": _choice_said,
    "union_tag_invalid": _choice_said,
    "string_too_short": lambda c: _empty("text", c.loc),
    "too_short": _too_short_said,
    "too_long": _too_long_said,
    "string_too_long": _too_long_said,
    "string_pattern_mismatch": lambda c: _pattern_said(c.value, str(c.ctx.get("pattern", ""))),
    "greater_than_equal": _bound_said,
    "greater_than": _bound_said,
    "less_than_equal": _bound_said,
    "less_than": _bound_said,
    "finite_number": lambda c: f"is {quoted(c.value)}, which is not a number you can count with: write a number, like 45.",
    "value_error": _validator_said,
    "assertion_error": _validator_said,
}


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
