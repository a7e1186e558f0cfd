"""Load the data file once, validate it, and answer questions about it.

This is the door every page, macro and hook goes through: nothing renders
until the whole file has passed. Problems are collected and reported
together, each naming the file, the entry (slug, or position when there is
no slug) and the field.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from stat import S_ISDIR, S_ISREG
from typing import Any

import ryaml
import yaml
from pydantic import ValidationError

from .figures import figure_problems
from .models import Exercise, Expert, Routine, SiteData, Term
from .routines import MAX_CARD_EXERCISES, item_dose, routine_seconds

try:  # libyaml is many times faster than the pure-Python loader
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml is in every PyYAML wheel
    _Loader = yaml.SafeLoader


class DataError(Exception):
    """The data file is wrong; the message says where and why."""


# --- Loading ---------------------------------------------------------------------


# Cached on (path, mtime, size) so a build loads the file once, and an edit
# under `mkdocs serve` is picked up on the next rebuild.
#
# `figures=False` leaves out the figures' geometry checks (where each joint
# lands, what rests on what: 0.2 s at 1,000 exercises) when nothing else is
# wrong: a build runs them in a helper process on the second core and waits
# for the verdict before it writes a page (hooks.py). When anything else is
# wrong they run here, so every problem is still reported at once.
def load_catalog(path: str | os.PathLike[str], figures: bool = True) -> Catalog:
    path = _absolute(Path(path))
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise DataError(f"{path}: data file not found") from None
    except OSError as error:
        raise DataError(f"{path}: cannot read the data file: {error.strerror or error}") from None
    if S_ISDIR(stat.st_mode):
        raise DataError(f"{path}: is a folder, not a file: the data is one YAML file")
    if not S_ISREG(stat.st_mode):  # a pipe or a device would be read forever
        raise DataError(f"{path}: is not a plain file (a pipe or a device?): the data is one YAML file")
    return _load(str(path), stat.st_mtime_ns, stat.st_size, figures)


# The path as messages name it; a symbolic link that loops cannot be resolved (the read then says so).
def _absolute(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # RuntimeError: Python before 3.13 on a link loop
        return path.absolute()


@lru_cache(maxsize=4)
def _load(path: str, _mtime_ns: int, _size: int, figures: bool) -> Catalog:
    raw = _read_yaml(path)
    if not isinstance(raw, dict):
        raise DataError(_report(path, [_not_sections(raw)]))
    try:
        data = SiteData.model_validate(raw)
    except ValidationError as error:
        raise DataError(_report(path, _shape_problems(error, raw))) from None
    problems = list(_reference_problems(data))
    if problems or figures:
        problems += _figure_problems(data)
    if problems:
        raise DataError(_report(path, problems))
    return Catalog(data)


def figure_report(path: str | os.PathLike[str], problems: list[str]) -> str:
    """The message for figure problems found outside load_catalog (see above), worded as it words them."""
    return _report(str(Path(path).resolve()), problems)


# ryaml (Rust) reads the file about ten times faster than PyYAML's libyaml
# loader, whose objects are still built in Python: 0.1 s instead of 1.2 s
# at 1,000 exercises. It reads YAML 1.2, where `yes` and `no` stay words,
# and it refuses a key given twice in one entry, which PyYAML lets the
# second one win silently.
def _read_yaml(path: str) -> Any:
    text = _read_text(path)
    if _may_hide_structure(text) and (problem := _structure_problem(text)):
        raise DataError(f"{path}: {problem}")
    try:
        return ryaml.loads(text)
    except ValueError as error:  # InvalidYamlError, or an unhashable key
        raise DataError(_yaml_problem(path, text, error)) from None


# The file's text; in any other encoding than UTF-8, the line of the first byte that is not.
def _read_text(path: str) -> str:
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise DataError(f"{path}: cannot read the data file: {error.strerror or error}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise DataError(
            f"{path}: line {line}: the byte {data[error.start]:#04x} is not UTF-8 text"
            " (the file was saved in another encoding, such as Latin-1); save it as UTF-8"
        ) from None


# --- What the data file may not hold, found before it is parsed ---------------------

# How deep lists and mappings may sit inside each other; the real data goes seven deep.
MAX_DEPTH = 32
# ryaml slows with the square of how deep brackets nest: with fewer than this
# many in the file it still answers within half a second, so only a file with
# more has its nesting measured first.
_BRACKETS_UNMEASURED = 20_000
# Where an anchor (&name) or alias (*name) could begin: a cheap sieve, so the
# token scan runs only when one may be there ("bum & legs" is not one).
_ANCHOR_LIKE = re.compile(r"(?:^|[\s\[{,:])[&*][^\s\[\]{},]")
# Characters YAML refuses raw in a file: tab, line feed and carriage return are fine.
_RAW_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_OPENS = (yaml.BlockMappingStartToken, yaml.BlockSequenceStartToken, yaml.FlowMappingStartToken, yaml.FlowSequenceStartToken)
_CLOSES = (yaml.BlockEndToken, yaml.FlowMappingEndToken, yaml.FlowSequenceEndToken)


# True unless the file surely has no anchor, alias or deep nesting: the real file is not scanned twice.
def _may_hide_structure(text: str) -> bool:
    if text.count("[") + text.count("{") > _BRACKETS_UNMEASURED:
        return True
    return ("&" in text or "*" in text) and _ANCHOR_LIKE.search(text) is not None


# Aliases can make a short file expand to billions of values ("billion laughs")
# and deep nesting takes a parser quadratic time or all its stack; the data
# needs neither. libyaml's token scan finds both in one pass, in linear time,
# and stops at the first.
def _structure_problem(text: str) -> str | None:
    depth = 0
    try:
        for token in yaml.scan(text, Loader=_Loader):
            if isinstance(token, (yaml.AnchorToken, yaml.AliasToken)):
                return (
                    f"line {token.start_mark.line + 1}: YAML anchors and aliases (&name, *name) are not"
                    " allowed in the data file: write the value out in full"
                )
            depth += isinstance(token, _OPENS) - isinstance(token, _CLOSES)
            if depth > MAX_DEPTH:
                return (
                    f"line {token.start_mark.line + 1}: lists and mappings nested more than {MAX_DEPTH}"
                    " deep; the data never needs that many"
                )
    except yaml.YAMLError as error:  # refused unread: what follows could hold anything
        return _pyyaml_problem(text) or _syntax_problem(text, error)
    return None


# A raw control character: the line it is on, and which it is (most editors do not show it).
def _raw_control_problem(text: str) -> str | None:
    found = _RAW_CONTROL.search(text)
    if found is None:
        return None
    line = text.count("\n", 0, found.start()) + 1
    return (
        f"line {line}: the control character U+{ord(found.group()):04X} is in the file;"
        " delete it (most editors do not show it)"
    )


# PyYAML's words for a file it cannot read: line, column and problem.
def _syntax_problem(text: str, error: yaml.YAMLError) -> str:
    if isinstance(error, yaml.MarkedYAMLError):
        mark = error.problem_mark or error.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "unknown line"
        return f"YAML syntax error at {where}: {error.problem or error.context}"
    return _raw_control_problem(text) or f"YAML error: {error}"


# PyYAML's words when it cannot read the file, which name the line where its
# parser stopped; None when it can. Safe on any file: PyYAML builds an aliased
# value once, and libyaml refuses nesting over 1,000 deep.
def _pyyaml_problem(text: str) -> str | None:
    try:
        yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as failed:
        return _syntax_problem(text, failed)
    except ValueError:  # a value YAML 1.1 cannot build (a date like 2024-13-01): not a syntax error
        return None
    return None


# What ryaml refused, in the best words found: a raw control character,
# PyYAML's line and column for a syntax error, an anchor or deep nesting,
# or the entry and field of a repeated key; else ryaml's own words. The
# checks before the walk over the graph keep it linear (no aliases) and shallow.
def _yaml_problem(path: str, text: str, error: Exception) -> str:
    if problem := _raw_control_problem(text) or _pyyaml_problem(text) or _structure_problem(text):
        return f"{path}: {problem}"
    repeated = _repeated_key(yaml.compose(text, Loader=_Loader))
    if repeated:
        return _report(path, [repeated])
    return f"{path}: YAML error: {_shown(str(error))}"


# The first key given twice in one mapping, named like the other problems:
# the entry, the field, and both lines.
def _repeated_key(root: yaml.Node | None) -> str | None:
    if not isinstance(root, yaml.MappingNode):
        return None
    inside = (_repeated_in(node, label, "") for node, label in _entry_nodes(root))
    return _twice(root, "(top level)", "") or next((problem for problem in inside if problem), None)


# Each entry with its label: an item of a list section, or a whole other section.
def _entry_nodes(root: yaml.MappingNode) -> Iterator[tuple[yaml.Node, str]]:
    for section, value in root.value:
        if isinstance(value, yaml.SequenceNode):
            for index, item in enumerate(value.value):
                yield item, _node_label(section.value, item, index)
        else:
            yield value, str(section.value)


# A key given twice in this one mapping.
def _twice(node: yaml.MappingNode, entry: str, field: str) -> str | None:
    seen: dict[str, int] = {}
    for key, _ in node.value:
        line = key.start_mark.line + 1
        if key.value in seen:
            name = f"{field}.{key.value}" if field else str(key.value)
            return f"{entry}: field '{name}': given twice (lines {seen[key.value]} and {line})"
        seen[key.value] = line
    return None


# A key given twice anywhere inside one entry.
def _repeated_in(node: yaml.Node, entry: str, field: str) -> str | None:
    if isinstance(node, yaml.SequenceNode):
        children = [(item, f"{field}.{i}" if field else str(i)) for i, item in enumerate(node.value)]
    elif isinstance(node, yaml.MappingNode):
        if found := _twice(node, entry, field):
            return found
        children = [(value, f"{field}.{key.value}" if field else str(key.value)) for key, value in node.value]
    else:
        return None
    return next((p for child, name in children if (p := _repeated_in(child, entry, name))), None)


# The entry's label, as _entry_label gives it for parsed data.
def _node_label(section: str, item: yaml.Node, index: int) -> str:
    pairs = item.value if isinstance(item, yaml.MappingNode) else []
    return _label(section, index, next((value.value for key, value in pairs if key.value == "slug"), None))


def _report(path: str, problems: Iterable[str]) -> str:
    lines = [_shown(line) for line in dict.fromkeys(problems)]  # keep order, drop repeats
    count = len(lines)
    head = f"{path}: {count} problem{'s' if count != 1 else ''} in the data"
    return "\n".join([head, *(f"  - {line}" for line in lines)])


# Invisible or direction-changing characters quoted from the data, written as
# escapes: a message prints as it reads, and one line stays one line.
_UNSHOWN = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _shown(text: str) -> str:
    return _UNSHOWN.sub(lambda found: f"\\u{ord(found.group()):04x}", text)


# The file is not the mapping of sections it should be: say what it holds instead.
def _not_sections(raw: Any) -> str:
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
    return _label(section, index, slug if isinstance(slug, str) else None)


# `exercises[3] 'clamshell'`, or by position when the entry has no slug; a slug
# too long to be one is cut short (its own field says what is wrong with it).
def _label(section: str, index: int, slug: str | None) -> str:
    if not slug:
        return f"{section}[{index}] (entry {index + 1})"
    return f"{section}[{index}] '{_cut(slug)}'"


def _cut(text: str) -> str:
    return text if len(text) <= 80 else text[:77] + "..."


def _shape_problems(error: ValidationError, raw: Any) -> list[str]:
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


def _reference_problems(data: SiteData) -> Iterable[str]:
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


def _figure_problems(data: SiteData) -> list[str]:
    return [
        figure_problem(index, exercise.slug, problem)
        for index, exercise in enumerate(data.exercises)
        for problem in figure_problems(exercise.slug, exercise.figure)
    ]


def figure_problem(index: int, slug: str, problem: str) -> str:
    return f"{_label('exercises', index, slug)}: field 'figure': {problem}"


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
def _short_slug_problems(section: str, entries: Sequence[Exercise] | Sequence[Routine]) -> Iterable[str]:
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
def _former_problems(section: str, kind: str, entries: Sequence[Exercise] | Sequence[Routine]) -> Iterable[str]:
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


# --- Questions the site asks of the data -------------------------------------------------


@dataclass(frozen=True)
class Facet:
    """One way to browse: by muscle, by equipment or by level."""

    kind: str  # "muscle", "equipment" or "level": also the URL folder
    title: str
    terms: dict[str, Term]


class Catalog:
    """The validated data, with the look-ups pages need."""

    def __init__(self, data: SiteData) -> None:
        self.data = data

    @cached_property
    def exercises(self) -> dict[str, Exercise]:
        return {exercise.slug: exercise for exercise in self.data.exercises}

    @cached_property
    def former_slugs(self) -> dict[str, str]:
        return {old: e.slug for e in self.data.exercises for old in e.former_slugs}

    def exercise(self, slug: str) -> Exercise:
        """The exercise with this slug, or that had it: a page naming an old slug keeps working."""
        try:
            return self.exercises[self.former_slugs.get(slug, slug)]
        except KeyError:
            raise KeyError(f"no exercise with the slug '{slug}'") from None

    def expert(self, slug: str) -> Expert:
        return self.data.experts[slug]

    @cached_property
    def facets(self) -> dict[str, Facet]:
        vocab = self.data.vocabulary
        return {
            "muscle": Facet("muscle", "Muscle", vocab.muscles),
            "equipment": Facet("equipment", "Equipment", vocab.equipment),
            "level": Facet("level", "Level", vocab.levels),
        }

    def facet_keys(self, exercise: Exercise) -> dict[str, list[str]]:
        """The facet terms an exercise is filed under, by facet kind."""
        return {
            "muscle": [*exercise.primary_muscles, *exercise.secondary_muscles],
            "equipment": list(exercise.equipment),
            "level": [exercise.level],
        }

    @cached_property
    def exercises_by_term(self) -> dict[tuple[str, str], list[Exercise]]:
        """(facet kind, term) -> the exercises filed under it, built once."""
        index: dict[tuple[str, str], list[Exercise]] = {}
        for exercise in self.data.exercises:
            for kind, keys in self.facet_keys(exercise).items():
                for key in dict.fromkeys(keys):
                    index.setdefault((kind, key), []).append(exercise)
        return index

    def exercises_under(self, kind: str, key: str) -> list[Exercise]:
        return self.exercises_by_term.get((kind, key), [])

    def terms_in_use(self, kind: str) -> dict[str, Term]:
        """The terms of a facet that at least one exercise is filed under (no empty pages)."""
        return {key: term for key, term in self.facets[kind].terms.items() if self.exercises_under(kind, key)}

    def search_terms(self, exercise: Exercise) -> list[str]:
        """Every word a reader might type for this exercise; each is also shown on its page."""
        vocab = self.data.vocabulary
        terms = [exercise.name, *exercise.also_called, *exercise.helps_with]
        for key in exercise.primary_muscles:
            terms += [vocab.muscles[key].name, *vocab.muscles[key].also]
        for key in exercise.equipment:
            terms.append(vocab.equipment[key].name)
        return list(dict.fromkeys(terms))

    @cached_property
    def routines(self) -> dict[str, Routine]:
        return {routine.slug: routine for routine in self.data.routines}

    @cached_property
    def former_routine_slugs(self) -> dict[str, str]:
        return {old: r.slug for r in self.data.routines for old in r.former_slugs}

    def routine(self, slug: str) -> Routine:
        """The routine with this slug, or that had it: a page naming an old slug keeps working."""
        try:
            return self.routines[self.former_routine_slugs.get(slug, slug)]
        except KeyError:
            raise KeyError(f"no routine with the slug '{slug}'") from None

    @cached_property
    def routines_by_exercise(self) -> dict[str, list[Routine]]:
        """Exercise slug -> the routines that use it, built once (not once per page)."""
        index: dict[str, list[Routine]] = {}
        for routine in self.data.routines:
            for slug in dict.fromkeys(i.exercise for b in routine.blocks for i in b.exercises):
                index.setdefault(slug, []).append(routine)
        return index

    def routines_using(self, slug: str) -> list[Routine]:
        return self.routines_by_exercise.get(slug, [])

    def routine_seconds(self, routine: Routine) -> int:
        return routine_seconds(routine, self.exercises)

    def routine_url(self, slug: str) -> str:
        return f"routines/{slug}/"

    def card_url(self, slug: str) -> str:
        return f"routines/{slug}/card/"

    def exercise_url(self, slug: str) -> str:
        return f"exercises/{slug}/"

    def facet_url(self, kind: str, key: str) -> str:
        return f"exercises/{kind}/{key}/"


# --- Where the data lives -------------------------------------------------------------

DATA_FILE = Path("data") / "glutes.yml"  # relative to mkdocs.yml


def data_path(config: Any) -> Path:
    """The data file that belongs to this MkDocs configuration."""
    return Path(config["config_file_path"]).parent / DATA_FILE


def catalog_for(config: Any) -> Catalog:
    """The catalog a build works from, every check passed."""
    return load_catalog(data_path(config))
