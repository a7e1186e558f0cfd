"""What is wrong with the data, in words: each problem names the entry (slug, or
position when there is no slug) and the field, and all of them are reported at once."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from pydantic import ValidationError

from lazyathlete.data.models import MAX_CARD_EXERCISES, Exercise, Routine, SiteData
from lazyathlete.data.routines import item_dose
from lazyathlete.figures import figure_problems


class DataError(Exception):
    """The data file is wrong; the message says where and why."""


# --- The message -------------------------------------------------------------------

def report(path: str, problems: Iterable[str]) -> str:
    lines = [shown(line) for line in dict.fromkeys(problems)]  # keep order, drop repeats
    count = len(lines)
    head = f"{path}: {count} problem{'s' if count != 1 else ''} in the data"
    return "\n".join([head, *(f"  - {line}" for line in lines)])


# Invisible or direction-changing characters quoted from the data, written as
# escapes: a message prints as it reads, and one line stays one line.
_UNSHOWN = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def shown(text: str) -> str:
    return _UNSHOWN.sub(lambda found: f"\\u{ord(found.group()):04x}", text)


# The file is not the mapping of sections it should be: say what it holds instead.
def not_sections(raw: Any) -> str:
    sections = "vocabulary:, experts:, exercises: and routines:"
    if raw is None:
        return f"(top level): the file is empty; it should hold the sections {sections}"
    kinds = {list: "a list", str: "text", bool: "true or false", int: "a number", float: "a number"}
    return f"(top level): the file should hold the sections {sections}, not {kinds.get(type(raw), 'that')}"




# --- Shape problems (from pydantic) -------------------------------------------------


def _entry_label(raw: Any, section: str, index: int) -> str:
    try:
        slug = raw[section][index].get("slug")
    except (TypeError, KeyError, IndexError, AttributeError):
        slug = None
    return entry_label(section, index, slug if isinstance(slug, str) else None)


# `exercises[3] 'clamshell'`, or by position when the entry has no slug; a slug
# too long to be one is cut short (its own field says what is wrong with it).
def entry_label(section: str, index: int, slug: str | None) -> str:
    if not slug:
        return f"{section}[{index}] (entry {index + 1})"
    return f"{section}[{index}] '{_cut(slug)}'"


def _cut(text: str) -> str:
    return text if len(text) <= 80 else text[:77] + "..."


def shape_problems(error: ValidationError, raw: Any) -> list[str]:
    problems = []
    for item in error.errors():
        loc = list(item["loc"])
        message = item["msg"].removeprefix("Value error, ")
        if item["type"] == "missing":
            message = "required field is missing"
        if loc[-1:] == ["[key]"]:  # a wrong key: name its mapping, and the key as written
            loc = loc[:-2]
            message = f"key {_cut(repr(item['input']))}: {message}"
        if len(loc) >= 2 and loc[0] in ("exercises", "routines") and isinstance(loc[1], int):
            entry = _entry_label(raw, str(loc[0]), loc[1])
            field = ".".join(str(part) for part in loc[2:]) or "(the entry itself)"
        elif loc:
            entry = str(loc[0])
            field = ".".join(str(part) for part in loc[1:]) or "(the section itself)"
        else:
            entry, field = "(top level)", "(the file itself)"
        problems.append(f"{entry}: field '{field}': {message}")
    return problems


# --- Reference problems (one entry naming another) -----------------------------------


def reference_problems(data: SiteData) -> Iterable[str]:
    vocab = data.vocabulary
    counts = Counter(exercise.slug for exercise in data.exercises)
    known = set(counts)
    for slug, count in counts.items():
        if count > 1:
            yield f"exercises '{slug}': field 'slug': duplicate slug, used by {count} exercises"
    for index, exercise in enumerate(data.exercises):
        entry = f"exercises[{index}] '{exercise.slug}'"
        for field, slugs, allowed in (
            ("primary_muscles", exercise.primary_muscles, vocab.muscles),
            ("secondary_muscles", exercise.secondary_muscles, vocab.muscles),
            ("equipment", exercise.equipment, vocab.equipment),
            ("level", [exercise.level], vocab.levels),
        ):
            for slug in slugs:
                if slug not in allowed:
                    yield (
                        f"{entry}: field '{field}': unknown {field.replace('_', ' ').rstrip('s')}"
                        f" '{slug}' (known: {', '.join(allowed)})"
                    )
        if "none" in exercise.equipment and len(exercise.equipment) > 1:
            yield f"{entry}: field 'equipment': 'none' cannot be listed with other equipment"
        for field in ("easier", "harder"):
            target = getattr(exercise, field).exercise
            if target is not None and target not in known:
                yield f"{entry}: field '{field}.exercise': {_unknown_exercise(data, target)}"
            if target == exercise.slug:
                yield f"{entry}: field '{field}.exercise': an exercise cannot be its own {field} version"
        if exercise.attribution is not None and exercise.attribution not in data.experts:
            yield (
                f"{entry}: field 'attribution': unknown expert '{exercise.attribution}'"
                f" (known: {', '.join(data.experts) or 'none'})"
            )
    yield from _routine_problems(data, known)
    yield from _link_problems(data)
    yield from _home_page_problems(data, known)
    yield from _gone_problems(data)


def figure_problems_in(data: SiteData) -> list[str]:
    return [
        figure_problem(index, exercise.slug, problem)
        for index, exercise in enumerate(data.exercises)
        for problem in figure_problems(exercise.slug, exercise.figure)
    ]


def figure_problem(index: int, slug: str, problem: str) -> str:
    return f"{entry_label('exercises', index, slug)}: field 'figure': {problem}"


def _link_problems(data: SiteData) -> Iterable[str]:
    entries = [("exercises", i, e.slug, e.short) for i, e in enumerate(data.exercises)]
    entries += [("routines", i, r.slug, r.short) for i, r in enumerate(data.routines)]
    owners: dict[str, str] = {}
    for section, index, slug, short in entries:
        entry = f"{section}[{index}] '{slug}'"
        if short in owners:
            yield f"{entry}: field 'short': '{short}' is already the short name of {owners[short]}"
        owners.setdefault(short, entry)
    yield from _short_slug_problems("exercises", data.exercises)
    yield from _short_slug_problems("routines", data.routines)
    yield from _former_problems("exercises", "exercise", data.exercises)
    yield from _former_problems("routines", "routine", data.routines)


# Looked up by "slug or short name", a short name that is another entry's slug would find two.
def _short_slug_problems(section: str, entries: Sequence[Exercise | Routine]) -> Iterable[str]:
    by_slug: dict[str, str] = {}
    for index, entry in enumerate(entries):
        by_slug.setdefault(entry.slug, f"{section}[{index}] '{entry.slug}'")
    for index, entry in enumerate(entries):
        if entry.short != entry.slug and entry.short in by_slug:
            yield (
                f"{section}[{index}] '{entry.slug}': field 'short': '{entry.short}' is the slug of"
                f" {by_slug[entry.short]}; pick another short name"
            )


# A former slug keeps old links working: it may lead to one entry only, and not hide a current one.
def _former_problems(section: str, kind: str, entries: Sequence[Exercise | Routine]) -> Iterable[str]:
    current = {entry.slug for entry in entries}
    former: dict[str, str] = {}
    for index, entry in enumerate(entries):
        label = f"{section}[{index}] '{entry.slug}'"
        for old in entry.former_slugs:
            if old in current:
                yield f"{label}: field 'former_slugs': '{old}' is the slug of a current {kind}"
            elif old in former:
                yield f"{label}: field 'former_slugs': '{old}' is already a former slug of {former[old]}"
            former.setdefault(old, label)


# References name an exercise by its current slug; when the one given is a
# former slug, the message names the slug to write instead.
def _unknown_exercise(data: SiteData, slug: str) -> str:
    renamed = next((e.slug for e in data.exercises if slug in e.former_slugs), None)
    hint = f": it was renamed, write '{renamed}'" if renamed else ""
    return f"no exercise has the slug '{slug}'{hint}"


def _routine_problems(data: SiteData, exercises: set[str]) -> Iterable[str]:
    by_slug = {exercise.slug: exercise for exercise in data.exercises}
    counts = Counter(routine.slug for routine in data.routines)
    for slug, count in counts.items():
        if count > 1:
            yield f"routines '{slug}': field 'slug': duplicate slug, used by {count} routines"
    for index, routine in enumerate(data.routines):
        entry = f"routines[{index}] '{routine.slug}'"
        items = 0
        for b, block in enumerate(routine.blocks):
            sets = set()
            for i, item in enumerate(block.exercises):
                items += 1
                field = f"blocks.{b}.exercises.{i}.exercise"
                if item.exercise not in exercises:
                    yield f"{entry}: field '{field}': {_unknown_exercise(data, item.exercise)}"
                    continue
                sets.add(item_dose(item, by_slug[item.exercise]).sets)
            if len(sets) > 1:
                yield (
                    f"{entry}: field 'blocks.{b}.exercises': exercises done back to back need the"
                    f" same number of sets (got {', '.join(map(str, sorted(sets)))})"
                )
        if items > MAX_CARD_EXERCISES:
            yield (
                f"{entry}: field 'blocks': {items} exercises will not fit on one printed card"
                f" (at most {MAX_CARD_EXERCISES}); split it into two routines"
            )


# The home page's lists name exercises by slug; a former slug gets the slug to write instead.
def _home_page_problems(data: SiteData, exercises: set[str]) -> Iterable[str]:
    for field, slugs in data.home_page.model_dump().items():
        for slug in slugs:
            if slug not in exercises:
                yield f"home_page: field '{field}': {_unknown_exercise(data, slug)}"
        for slug in sorted({slug for slug in slugs if slugs.count(slug) > 1}):
            yield f"home_page: field '{field}': '{slug}' is listed twice; list each exercise once"


# A page taken down sends its readers to a page that stays (whether it is one is checked by the
# build, which knows every page): not to itself, and not to another address that is gone.
def _gone_problems(data: SiteData) -> Iterable[str]:
    gone = data.gone or {}
    for old, new in gone.items():
        if new == old:
            yield f"gone: '{old}': it sends readers to itself; write the page they should see instead"
        elif new in gone:
            yield (
                f"gone: '{old}': it sends readers to '{new}', which is gone too;"
                f" send them straight to where that one goes ('{gone[new]}')"
            )
