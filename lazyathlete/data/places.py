"""Where a problem is, in the owner's words and in the file: "the 2nd exercise, 'clamshell'",
"block 5", `dose: sets`, and the line to edit.

A place in the data is a path of keys and positions (as pydantic gives it, counted from 0);
this names it as the file reads, counted from 1, and finds its line from the YAML nodes,
composed only when there is a problem to place, so a good build costs nothing more.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

try:  # libyaml composes many times faster than the pure-Python loader
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml is in every PyYAML wheel
    _Loader = yaml.SafeLoader

Loc = tuple[str | int, ...]


# --- Naming a place -----------------------------------------------------------------------------


# "1st", "2nd", "3rd", "11th", "22nd": positions as people count them.
def ordinal(number: int) -> str:
    if 10 <= number % 100 <= 20:
        return f"{number}th"
    return f"{number}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(number % 10, 'th')}"


# One of a list's entries: "exercise" for `exercises`, None when the list's name is not a plain plural.
def _noun(name: str | int | None) -> str | None:
    if isinstance(name, str) and re.fullmatch(r"[a-z]+s", name) and not name.endswith("ss"):
        return name[:-1]
    return None


# The keys that lead to a list, as the file writes them: `figure: poses`.
Keys = tuple[str | int, ...]


def _written(keys: Keys) -> str:
    return ": ".join(str(key).lower() if isinstance(key, bool) else str(key) for key in keys)


# "block 5", "pose 2 of `figure`", or "entry 2 of `also_called`" when the list's name is not a plain plural.
def _numbered(keys: Keys, index: int) -> str:
    noun = _noun(keys[-1] if keys else None)
    if noun is None:
        return f"entry {index + 1} of `{_written(keys)}`" if keys else f"entry {index + 1}"
    return f"{noun} {index + 1}" + (f" of `{_written(keys[:-1])}`" if len(keys) > 1 else "")


# "the 2nd exercise", or "the 2nd entry of `also_called`".
def _counted(keys: Keys, index: int) -> str:
    noun = _noun(keys[-1] if keys else None)
    if noun is None:
        return f"the {ordinal(index + 1)} entry" + (f" of `{_written(keys)}`" if keys else "")
    return f"the {ordinal(index + 1)} {noun}" + (f" of `{_written(keys[:-1])}`" if len(keys) > 1 else "")


# "block 5"; "the 2nd exercise in block 5" for a list inside a list.
def _positions(positions: list[tuple[Keys, int]]) -> str:
    if len(positions) == 1:
        return _numbered(*positions[0])
    *outer, inner = positions
    return " in ".join([_counted(*inner), *(_numbered(*position) for position in reversed(outer))])


# Quoted from the data, cut short when long (its own field says what is wrong with it).
def cut(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."


# What an entry is called by: its slug, else its name or title.
def _entry_name(entry: Any) -> str | None:
    if isinstance(entry, dict):
        for field in ("slug", "name", "title"):
            if isinstance(entry.get(field), str) and entry[field].strip():
                return entry[field].strip()
    return None


# "the 2nd exercise, 'banded-glute-bridge'"; an entry of a list section counted from 1.
def entry_title(section: str, index: int, entry: Any) -> str:
    name = _entry_name(entry)
    counted = _counted((section,), index)
    return f"{counted}, '{cut(name)}'" if name else counted


@dataclass(frozen=True)
class Place:
    """A problem's place: the entry (with positions inside it) and the thing itself."""

    where: str  # "the 3rd routine, 'pre-run', block 5" or "in `vocabulary`"; "" at the top level
    subject: str  # "`dose: sets`", "step 2", "it" (the entry itself)


# The path as the data holds it: pydantic adds parts that are no key (which member of a
# union it tried, `[key]`), dropped here so the path leads through the file.
def cleaned(loc: Loc, raw: Any) -> Loc:
    kept: list[str | int] = []
    node = raw
    for step, part in enumerate(loc):
        if isinstance(node, list) and isinstance(part, int):
            kept.append(part)
            node = node[part] if 0 <= part < len(node) else None
        elif isinstance(node, dict) and part in node:
            part = next((key for key in node if key == part), part)  # True, not the 1 pydantic names it by
            kept.append(part)
            node = node[part]
        elif isinstance(node, dict) and step == len(loc) - 1 and part != "[key]":
            kept.append(part)  # a field that is missing
            node = None
        elif node is None and step == len(loc) - 1 and isinstance(part, str) and not _is_member(part):
            kept.append(part)
    return tuple(kept)


# A part pydantic adds to say which type of a union it tried ("str", "function-after[...]").
def _is_member(part: str) -> bool:
    return "[" in part or part in {"str", "int", "float", "bool", "list", "dict", "none"}


# Names the place `loc` leads to in `raw` (the parsed file).
def place(loc: Loc, raw: Any) -> Place:
    if not loc:
        return Place("", "the file")
    section = loc[0]
    value = raw.get(section) if isinstance(raw, dict) else None
    if len(loc) == 1:
        return Place("", f"`{section}`")
    if isinstance(value, list) and isinstance(loc[1], int):
        entry = value[loc[1]] if 0 <= loc[1] < len(value) else None
        where, node, rest = entry_title(str(section), loc[1], entry), entry, loc[2:]
    else:
        where, node, rest = f"in `{section}`", value, loc[1:]
    positions: list[tuple[Keys, int]] = []
    keys: list[str | int] = []
    for part in rest:
        if isinstance(node, list) and isinstance(part, int):
            positions.append((tuple(keys), part))
            keys = []
            node = node[part] if 0 <= part < len(node) else None
        else:
            keys.append(part)
            node = node.get(part) if isinstance(node, dict) else None
    if keys:
        inside = f", {_positions(positions)}" if positions else ""
        return Place(where + inside, f"`{_written(tuple(keys))}`")
    if positions:
        return Place(where, _positions(positions))
    return Place(where, "it")


# --- Finding the line -----------------------------------------------------------------------------


# The file's YAML nodes, composed only when a problem needs placing; None when PyYAML cannot read it.
def compose(text: str) -> yaml.Node | None:
    try:
        return yaml.compose(text, Loader=_Loader)
    except (yaml.YAMLError, ValueError, RecursionError):
        return None


# A key node as the part of a path it stands for (`true` for True, `12` for 12).
def _same(key: yaml.Node, part: str | int) -> bool:
    if not isinstance(key, yaml.ScalarNode):
        return False
    if isinstance(part, bool):
        return str(key.value).lower() == str(part).lower()
    return str(key.value) == str(part)


# The line (from 1) of the place `loc` leads to: a value's own line, a list's or mapping's
# key line, a list entry's first line; for a place the file lacks (a missing field), the
# line of the nearest thing that holds it. With `key`, the line of the key itself.
def line_of(root: yaml.Node | None, loc: Loc, key: bool = False) -> int | None:
    if root is None:
        return None
    node, key_node = root, None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            pair = next(((k, v) for k, v in node.value if _same(k, part)), None)
            if pair is None:
                break
            key_node, node = pair
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            key_node, node = None, node.value[part]
        else:
            break
    if key_node is not None and (key or not isinstance(node, yaml.ScalarNode)):
        return int(key_node.start_mark.line) + 1
    return int(node.start_mark.line) + 1
