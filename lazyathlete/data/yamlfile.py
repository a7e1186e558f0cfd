"""Reading the data file: UTF-8 text, YAML 1.2, in bounded time, and syntax problems in words."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import ryaml
import yaml

from lazyathlete.data.errors import DataError, Problem, problem_at, whole_file
from lazyathlete.data.places import Loc, compose, place

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
    return read_data(path)[1]


# The file's text (problems found later are placed in it) and what it holds.
def read_data(path: str) -> tuple[str, Any]:
    text = _read_text(path)
    if _may_hide_structure(text) and (problem := _structure_problem(text)):
        raise DataError(path, [problem])
    try:
        return text, ryaml.loads(text)
    except ValueError as error:  # InvalidYamlError, or an unhashable key
        raise DataError(path, [_yaml_problem(text, error)]) from None


# The file's text; in any other encoding than UTF-8, the line of the first byte that is not.
def _read_text(path: str) -> str:
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise DataError(path, [whole_file(f"cannot read the data file: {error.strerror or error}")]) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        said = (
            f"the byte {data[error.start]:#04x} is not UTF-8 text (the file was saved in another"
            " encoding, such as Latin-1): save it as UTF-8"
        )
        raise DataError(path, [problem_at(line, None, said)]) from None


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
def _structure_problem(text: str) -> Problem | None:
    depth = 0
    try:
        for token in yaml.scan(text, Loader=_Loader):
            if isinstance(token, (yaml.AnchorToken, yaml.AliasToken)):
                mark = token.start_mark
                return problem_at(
                    mark.line + 1, mark.column + 1,
                    f"`{text[mark.index:token.end_mark.index]}` is a YAML anchor or alias (a value starting with"
                    " & or *), which the data file does not use: write the value out in full, or put text that"
                    " starts with & or * in quotes",
                )
            depth += isinstance(token, _OPENS) - isinstance(token, _CLOSES)
            if depth > MAX_DEPTH:
                return problem_at(token.start_mark.line + 1, None, _TOO_DEEP)
    except yaml.YAMLError as error:  # refused unread: what follows could hold anything
        return _pyyaml_problem(text) or _syntax_problem(text, error)
    return None


# A raw control character: the line it is on, and which it is (most editors do not show it).
def _raw_control_problem(text: str) -> Problem | None:
    found = _RAW_CONTROL.search(text)
    if found is None:
        return None
    line = text.count("\n", 0, found.start()) + 1
    column = found.start() - (text.rfind("\n", 0, found.start()) + 1) + 1
    return problem_at(
        line, column,
        f"the control character U+{ord(found.group()):04X} is in the file: delete it (most editors do not show it)",
    )


# --- A file YAML cannot read, in the owner's words ----------------------------------------------


# PyYAML's error, told as what is wrong on which line and how to fix it (never the parser's words).
def _syntax_problem(text: str, error: yaml.YAMLError) -> Problem:
    if not isinstance(error, yaml.MarkedYAMLError):
        return _raw_control_problem(text) or whole_file(_UNREADABLE)
    mark = error.problem_mark or error.context_mark
    lines = text.split("\n")
    if mark is None:
        return whole_file(_UNREADABLE)
    line, column = mark.line, mark.column
    problem, context = error.problem or "", error.context or ""
    tab = _tab_near(lines, line)
    if "tab" in problem or tab is not None and ("cannot start any token" in problem or "indentation" in problem):
        at = tab if tab is not None else (line, column)
        return problem_at(at[0] + 1, at[1] + 1, "a tab: indent with spaces, not a tab")
    if tab is not None and (tab[0] == line or tab[0] == line - 1):
        return problem_at(tab[0] + 1, tab[1] + 1, "a tab: indent with spaces, not a tab")
    if "nesting depth" in problem:
        return problem_at(line + 1, None, _TOO_DEEP)
    if "mapping values are not allowed" in problem or "found unexpected ':'" in problem:
        return _colon_problem(lines, line, column)
    opened = error.context_mark
    if context.startswith("while parsing a flow") and opened is not None:
        bracket = text[opened.index] if opened.index < len(text) else "["
        closer = {"[": "]", "{": "}"}.get(bracket, "]")
        return problem_at(
            opened.line + 1, opened.column + 1,
            f"the `{bracket}` here is not closed: end it with `{closer}` (or put text holding brackets or commas in quotes)",
        )
    if "quoted scalar" in context and opened is not None:
        if "escape" in problem:
            return problem_at(
                line + 1, column + 1,
                "a backslash inside double quotes starts an escape: write \\\\ for a backslash, or use single quotes",
            )
        return problem_at(opened.line + 1, opened.column + 1, "the quote opened here is never closed: add the closing quote")
    if "cannot start any token" in problem and 0 <= mark.index < len(text):
        return problem_at(line + 1, column + 1, f"text cannot start with {text[mark.index]}: put the text in quotes")
    if "an alias" in context or "an anchor" in context:
        return problem_at(line + 1, column + 1, "text starting with & or * must be in quotes: put the text in quotes")
    if "block scalar" in context:
        return problem_at(
            line + 1, column + 1, "after `|` or `>` the text starts on the next line, indented: move it there"
        )
    if "could not find expected ':'" in problem and opened is not None:
        return problem_at(
            opened.line + 1, None,
            "this line has text but no `name:` at its start: write the field's name and a colon, or indent it"
            " under the field it belongs to",
        )
    if "constructor for the tag" in problem:
        return problem_at(line + 1, column + 1, "a YAML tag (starting with !) is not used in the data file: remove it")
    if "unhashable key" in problem:
        return problem_at(line + 1, column + 1, "a field's name cannot be a list or a mapping: write a plain name")
    if (quote := _open_quote(lines, line)) is not None:
        return problem_at(quote + 1, None, "the quote opened on this line is never closed: add the closing quote")
    return problem_at(line + 1, None, _MISPLACED)


# A value that opens a quote and does not close it on its line, on this line or one of the
# lines just before: YAML reads on to the next quote, and stops far below it.
_OPENED = re.compile(r"""^\s*(?:-\s+|[^\s"'#][^:#]*:\s+)(["'])(?:(?!\1).)*$""")


def _open_quote(lines: list[str], line: int) -> int | None:
    for number in range(min(line, len(lines) - 1), max(-1, line - 40), -1):
        if _OPENED.match(lines[number]):
            return number
    return None


_TOO_DEEP = (
    f"brackets or indented entries nested more than {MAX_DEPTH} deep; the data never needs that many:"
    " check the brackets and the indentation here"
)
_UNREADABLE = "the file cannot be read as YAML: check its indentation, quotes and brackets"
_MISPLACED = (
    "this line does not fit where it is: line it up with the fields around it (spaces, not tabs),"
    " and start it with `name:` or `- `"
)


# A tab in the leading space of this line or the one before: (line, column), from 0.
def _tab_near(lines: list[str], line: int) -> tuple[int, int] | None:
    for number in (line, line - 1):
        if 0 <= number < len(lines):
            lead = len(lines[number]) - len(lines[number].lstrip(" \t"))
            if "\t" in lines[number][:lead]:
                return number, lines[number].index("\t")
    return None


# "mapping values are not allowed": text holding ": ", or a line indented under a plain value.
def _colon_problem(lines: list[str], line: int, column: int) -> Problem:
    text = lines[line] if 0 <= line < len(lines) else ""
    before = text[:column]
    if ": " in before.lstrip(" -"):
        return problem_at(
            line + 1, column + 1,
            "a colon and a space inside text make it read as `name: value`: put the text in quotes",
        )
    return problem_at(
        line + 1, None,
        "this line is indented under a field that already has a value: line it up with the fields above it",
    )


# PyYAML's reading of a file it cannot read; None when it can. Safe on any file: PyYAML
# builds an aliased value once, and libyaml refuses nesting over 1,000 deep.
def _pyyaml_problem(text: str) -> Problem | None:
    try:
        yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as failed:
        return _syntax_problem(text, failed)
    except (ValueError, TypeError, RecursionError):  # a value YAML 1.1 cannot build (a date like 2024-13-01)
        return None
    return None


# What ryaml refused, in the best words found: a raw control character,
# a syntax error placed by PyYAML, an anchor or deep nesting, or the entry
# and field of a repeated key; else the line ryaml names. The checks before
# the walk over the graph keep it linear (no aliases) and shallow.
def _yaml_problem(text: str, error: Exception) -> Problem:
    if problem := _raw_control_problem(text) or _pyyaml_problem(text) or _structure_problem(text):
        return problem
    root = compose(text)
    if root is not None and (repeated := _repeated_key(root)):
        return repeated
    found = re.search(r"line (\d+) column (\d+)", str(error))
    if found:
        return problem_at(int(found.group(1)), int(found.group(2)), _UNREADABLE)
    return whole_file(_UNREADABLE)


# --- A key given twice -----------------------------------------------------------------------------


# The first key given twice in one mapping, at its second line, named like every other
# problem (the entry, the field) with both lines.
def _repeated_key(root: yaml.Node) -> Problem | None:
    found = _repeated_in(root, ())
    if found is None:
        return None
    loc, first, second = found
    named = place(loc, _plain(root))
    where = f"{named.where}: " if named.where else ""
    return problem_at(second, None, f"{where}{named.subject} is given twice (lines {first} and {second}): keep one")


# A key given twice anywhere under this node: its path, its first line and its second.
def _repeated_in(node: yaml.Node, loc: Loc) -> tuple[Loc, int, int] | None:
    if isinstance(node, yaml.SequenceNode):
        children = [(item, (*loc, index)) for index, item in enumerate(node.value)]
    elif isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key, _ in node.value:
            line = key.start_mark.line + 1
            if isinstance(key, yaml.ScalarNode) and key.value in seen:
                return (*loc, key.value), seen[key.value], line
            if isinstance(key, yaml.ScalarNode):
                seen[key.value] = line
        children = [(value, (*loc, str(key.value))) for key, value in node.value if isinstance(key, yaml.ScalarNode)]
    else:
        return None
    return next((found for child, at in children if (found := _repeated_in(child, at))), None)


# The nodes as plain data (every scalar as its text), for naming entries by slug.
def _plain(node: yaml.Node) -> Any:
    if isinstance(node, yaml.MappingNode):
        return {str(key.value): _plain(value) for key, value in node.value if isinstance(key, yaml.ScalarNode)}
    if isinstance(node, yaml.SequenceNode):
        return [_plain(item) for item in node.value]
    return node.value
