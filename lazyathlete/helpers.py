"""Work done by helper processes on the second core while MkDocs renders pages on the first.

MkDocs builds on one core. Two jobs need nothing from the pages and can run
beside them in a child process (`python -c`, JSON in on stdin, JSON out on
stdout): writing the redirect pages (a thousand tiny files at 1,000
exercises, all kernel time on a disk slow to create files) and drawing the
routines' QR codes (segno tries all eight masks, in pure Python). The build
picks up the result where it needs it and stops with the helper's own error
if it failed.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any


class HelperError(Exception):
    """A helper process failed; the message names the job and ends with its error."""


class Helper:
    """One job in a child process: `result()` waits for it and returns what it printed, as JSON."""

    def __init__(self, job: str, script: str, payload: Any, args: Sequence[str] = ()) -> None:
        self.job = job
        self._process = subprocess.Popen(
            [sys.executable, "-c", script, *args],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )  # fmt: skip
        stdin = self._process.stdin
        assert stdin is not None
        # The child reads everything before it starts: this returns at once.
        try:
            stdin.write(json.dumps(payload).encode("utf-8"))
        except BrokenPipeError:  # the child died at start: result() reports its error
            pass
        try:
            stdin.close()
        except BrokenPipeError:  # what was left unsent; the pipe itself is closed
            pass
        self._process.stdin = None  # so communicate() does not touch it again

    def result(self) -> Any:
        """What the child printed (None if nothing), once it has finished; HelperError if it failed."""
        out, errors = self._process.communicate()
        if self._process.returncode != 0:
            last = errors.decode("utf-8", errors="replace").strip().splitlines()[-1:] or ["no message"]
            raise HelperError(f"{self.job} failed: {last[0]}")
        return json.loads(out) if out.strip() else None

    def stop(self) -> None:
        """The build failed: end the child and release its pipes."""
        if self._process.poll() is None:
            self._process.kill()
        self._process.communicate()


class Running:
    """At most one helper of a kind per build: starting one stops the last, its result is taken once."""

    def __init__(self) -> None:
        self._helper: Helper | None = None

    def start(self, helper: Helper | None) -> None:
        self.stop()
        self._helper = helper

    def take(self) -> Helper | None:
        """The running helper, handed over (None if there is none or it was taken already)."""
        helper, self._helper = self._helper, None
        return helper

    def stop(self) -> None:
        helper = self.take()
        if helper is not None:
            helper.stop()


# Small enough to need nothing from this project.
WRITE_FILES = """
import json, os, sys
root = sys.argv[1]
for relative, text in json.load(sys.stdin):
    path = os.path.join(root, relative)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
"""


def write_files(root: Path, files: dict[str, str]) -> Helper:
    """Writes `files` (path under `root` -> text); `result()` waits until all are written."""
    return Helper(f"writing {len(files)} files under {root}", WRITE_FILES, list(files.items()), [str(root)])


DRAW_QR_CODES = """
import json, sys, segno
job = json.load(sys.stdin)
sys.stdout.write(json.dumps({url: segno.make(url, **job["make"]).svg_inline(**job["svg"]) for url in job["urls"]}))
"""


def draw_qr_codes(urls: Sequence[str], make: dict[str, Any], svg: dict[str, Any]) -> Helper:
    """QR codes as inline SVG, drawn with segno.make(url, **make).svg_inline(**svg); `result()`: url -> svg."""
    return Helper(f"drawing {len(urls)} QR codes", DRAW_QR_CODES, {"urls": list(urls), "make": make, "svg": svg})


# Needs this project's own modules: the folder that holds them comes first in argv.
# The job is read first: the build's write into the pipe returns only once it is read.
# The answer is written in one piece: json.dump() writes it in thousands of small
# pieces, each waiting for the build to read the pipe.
CHECK_AND_DRAW_FIGURES = """
import json, sys
job = json.load(sys.stdin)
sys.path.insert(0, sys.argv[1])
from lazyathlete.figures import ExerciseFigure, drawn_ahead, figure_problems
problems, drawn = [], {}
for index, slug, raw in job:
    figure = ExerciseFigure.model_validate(raw)
    found = figure_problems(slug, figure)
    problems += [[index, slug, problem] for problem in found]
    if not found:
        drawn[slug] = drawn_ahead(figure)
sys.stdout.write(json.dumps({"problems": problems, "drawn": drawn}))
"""


def check_and_draw_figures(figures: Sequence[tuple[int, str, dict[str, Any]]]) -> Helper:
    """Checks and draws figures given as (position in the data, slug, figure as JSON).

    `result()`: {"problems": [[position, slug, problem], ...], "drawn": {slug: figures.drawn_ahead()}}.
    """
    code = Path(__file__).resolve().parent.parent
    return Helper(f"checking and drawing {len(figures)} figures", CHECK_AND_DRAW_FIGURES, list(figures), [str(code)])
