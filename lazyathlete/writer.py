"""Files written by a helper process while MkDocs renders the pages.

Redirect pages are a thousand tiny files at 1,000 exercises: a folder and a
file each, all kernel time (0.3 to 1.3 s on the benchmark machine, whose
disk is slow to create files). MkDocs renders pages on one core; a second
process writes these on the other, and the build waits for it at the end.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

# Small enough to need nothing from this project: run as `python -c`.
WRITE = """
import json, os, sys
root = sys.argv[1]
for relative, text in json.load(sys.stdin):
    path = os.path.join(root, relative)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
"""


class WriteError(Exception):
    """The helper could not write every file."""


class BackgroundWriter:
    """Writes `files` (path under `root` -> text) in a child process; `finish()` waits for it."""

    def __init__(self, root: Path, files: dict[str, str]) -> None:
        self.root = root
        self.count = len(files)
        self._process = subprocess.Popen(
            [sys.executable, "-c", WRITE, str(root)],
            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )  # fmt: skip
        assert self._process.stdin is not None
        # The child reads everything before writing anything: this returns at once.
        try:
            self._process.stdin.write(json.dumps(list(files.items())).encode("utf-8"))
        except BrokenPipeError:  # the child died at start: finish() reports its error
            pass
        try:
            self._process.stdin.close()
        except BrokenPipeError:  # what was left unsent; the pipe itself is closed
            pass

    def finish(self) -> None:
        """Wait until every file is written; WriteError if the child failed."""
        assert self._process.stderr is not None
        errors = self._process.stderr.read().decode("utf-8", errors="replace")
        self._process.stderr.close()
        if self._process.wait() != 0:
            last = errors.strip().splitlines()[-1:] or ["no message"]
            raise WriteError(f"writing {self.count} files under {self.root} failed: {last[0]}")

    def stop(self) -> None:
        """The build failed: end the child and release its pipe."""
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        if self._process.stderr is not None:
            self._process.stderr.close()
