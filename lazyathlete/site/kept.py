"""What a build makes from its data and keeps between builds: files in a folder of the
project's (under `.cache/`, in .gitignore), each named by a hash of everything it is made
from, the way Material's social plugin keeps its cards. An edit to the data or to the code
that makes a file changes its name, so a stale file is never read; files of the folder
this build did not use are removed, and nothing else there is touched. A fresh clone
makes everything once. A folder this build may not read or write costs time, never the
build. Pure apart from that folder: no MkDocs here."""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable, Mapping
from pathlib import Path

KEY = "[0-9a-f]{64}"  # a sha256 in hex


def kept(made: Mapping[str, tuple[str, Callable[[], bytes]]], folder: Path, suffix: str) -> dict[str, bytes]:
    """name -> its bytes, for `made`: name -> (key, how to make it). A thing made by an
    earlier build under the same key is read from `folder`, not made again."""
    out = {}
    for name, (key, make) in made.items():
        path = folder / f"{key}{suffix}"
        try:
            out[name] = path.read_bytes()
        except OSError:  # not kept yet, or kept where this build may not read
            out[name] = make()
            keep(path, out[name])
    used = {f"{key}{suffix}" for key, _ in made.values()}
    ours = re.compile(KEY + re.escape(suffix))
    with contextlib.suppress(OSError):
        for old in folder.iterdir():
            if ours.fullmatch(old.name) and old.name not in used:
                old.unlink(missing_ok=True)
    return out


def keep(path: Path, data: bytes) -> None:
    written = path.with_name(f"{path.stem}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        written.write_bytes(data)
        os.replace(written, path)  # whole or not at all, even with two builds at once
    except OSError:
        with contextlib.suppress(OSError):
            written.unlink(missing_ok=True)
