"""The error the one gate raises: the data file's path and its problems, each one line in the
owner's words with the line to edit; its text is the report the build prints."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

# --- One problem ------------------------------------------------------------------------------


# What the preview's error page shows for one problem: where (when the file has a place for it)
# and the whole line as the report prints it, without the path.
@dataclass(frozen=True)
class Problem:
    line: int | None
    column: int | None
    text: str


# A problem at a place in the file: "line 48: ..." or "line 48, column 7: ...".
def problem_at(line: int | None, column: int | None, said: str) -> Problem:
    if line is None:
        return Problem(None, None, shown(said))
    where = f"line {line}, column {column}" if column is not None else f"line {line}"
    return Problem(line, column, shown(f"{where}: {said}"))


# A problem of the whole file (not found, empty, a folder): no line to point at.
def whole_file(said: str) -> Problem:
    return Problem(None, None, shown(said))


# --- The error --------------------------------------------------------------------------------


class DataError(Exception):
    """The data file is wrong; `path` names it, `problems` says what, each with its line."""

    def __init__(self, path: str, problems: Iterable[Problem] | None = None) -> None:
        if problems is None:  # one message, already whole (its text is the problem, its path unknown)
            self.path, self.problems = "", [whole_file(path)]
            super().__init__(path)
            return
        self.path = path
        self.problems = in_file_order(problems)
        super().__init__(report(path, self.problems))


# Whole-file problems first, then by line; the same line said twice is said once.
def in_file_order(problems: Iterable[Problem]) -> list[Problem]:
    unique = list(dict.fromkeys(problems))
    return sorted(unique, key=lambda problem: (problem.line or 0, problem.column or 0))


# The report the build prints: a head line naming the file and the count, then one problem a line.
def report(path: str, problems: list[Problem]) -> str:
    count = len(problems)
    head = f"{path}: {count} problem{'s' if count != 1 else ''} in the data"
    return "\n".join([head, *(f"  - {problem.text}" for problem in problems)])


# Invisible or direction-changing characters quoted from the data, written as
# escapes: a message prints as it reads, and one line stays one line.
_UNSHOWN = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def shown(text: str) -> str:
    return _UNSHOWN.sub(lambda found: f"\\u{ord(found.group()):04x}", text)
