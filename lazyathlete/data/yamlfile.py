"""Reading the data file: UTF-8 text, YAML 1.2, in bounded time, and syntax problems in words."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import ryaml
import yaml

from lazyathlete.data.problems import DataError, entry_label, report, shown

try:  # libyaml is many times faster than the pure-Python loader
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml is in every PyYAML wheel
    _Loader = yaml.SafeLoader


# ryaml (Rust) reads the file about ten times faster than PyYAML's libyaml
# loader, whose objects are still built in Python: 0.1 s instead of 1.2 s
# at 1,000 exercises. It reads YAML 1.2, where `yes` and `no` stay words,
# and it refuses a key given twice in one entry, which PyYAML lets the
# second one win silently.
def read_yaml(path: str) -> Any:
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
        return report(path, [repeated])
    return f"{path}: YAML error: {shown(str(error))}"


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
    return entry_label(section, index, next((value.value for key, value in pairs if key.value == "slug"), None))
