"""Which folder a build may write the site into: never one it did not write itself.

MkDocs empties its site folder before it builds (`mkdocs build`), and `python -m
lazyathlete build` replaces it whole, so a folder named by mistake (docs, the project,
its parent, a folder of one's own) would be lost. Every build leaves `MARKER` in the site
it writes (MkDocs' cleaning keeps hidden files, so it is there from the first file to the
last, and the next build finds it even after a build that stopped halfway). A folder may
be built into when it is missing, empty, holds the marker, or holds what every build of
this project wrote before the marker existed (`EARLIER_BUILD_FILES`); never when it is, or
holds, the docs folder, the project, the home folder or the root, or lies inside docs.
No MkDocs here: lazyathlete/hooks.py (plain `mkdocs build`) and lazyathlete/cli/sitebuild.py
(`make build`) call it with the folders they were given.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from lazyathlete.site.build_error import BuildError

MARKER = ".lazyathlete-site"  # hidden: MkDocs keeps it when it cleans, the offline list leaves it out
MARKER_TEXT = (
    "This folder was written by the build of The Lazy Athlete site (make build, python -m lazyathlete build\n"
    "or mkdocs build). The next build replaces everything in it: keep nothing of your own here.\n"
)
# What every build wrote before the marker existed: a site/ left by an earlier version is still the build's.
EARLIER_BUILD_FILES = ("index.html", "404.html", "sitemap.xml", "_headers", "sw.js")
EMPTIES = "a build first empties the folder it writes into"
ADVICE = (
    "choose another folder (--site-dir, or site_dir in mkdocs.yml): a new or empty one, or one an earlier build wrote"
)


def mark(site: Path) -> None:
    """Leave the marker in the site folder, before the build writes its first file there."""
    site.mkdir(parents=True, exist_ok=True)
    (site / MARKER).write_text(MARKER_TEXT, encoding="utf-8")


def written_by_a_build(folder: Path) -> bool:
    """The folder holds the marker, or what every build wrote before there was one."""
    return (folder / MARKER).is_file() or all((folder / name).is_file() for name in EARLIER_BUILD_FILES)


def real(path: Path) -> Path:
    return Path(os.path.realpath(path))


# The folders a site must never be, hold or lie in; the home folder and the root named as such.
def misplaced(folder: Path, docs: Path, project: Path) -> str | None:
    """Why `folder` (links resolved) can never be a site folder, in words; None when it can."""
    try:
        home: Path | None = real(Path.home())
    except RuntimeError:  # no home folder known
        home = None
    guarded = [
        (Path("/"), "the root of the file system"),
        *([(home, "your home folder")] if home else []),
        (project, "the project folder (with mkdocs.yml)"),
        (docs, "the docs folder, which holds the site's sources"),
    ]
    for place, words in guarded:
        if folder == place:
            return f"it is {words}"
        if folder in place.parents:
            return f"it holds {words}"
    if docs in folder.parents:
        return "it is inside the docs folder, so the site would be built into its own sources"
    return None


def listing(names: list[str]) -> str:
    shown = ", ".join(names[:4])
    return shown if len(names) <= 4 else f"{shown} and {len(names) - 4} more"


def write_files(site: Path, files: Mapping[str, str | bytes]) -> None:
    """Each file (path under the site folder -> its text or bytes) written, its folders made."""
    for relative, content in files.items():
        path = site / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def check(site: Path, docs_dir: Path, project: Path) -> None:
    """Stop the build (plain `mkdocs build`) before MkDocs empties a folder it must not."""
    refused = refusal(site, docs_dir, project)
    if refused is not None:
        raise BuildError(refused)


def refusal(site: Path, docs_dir: Path, project: Path, *, whole: bool = False) -> str | None:
    """Why the build must not write its site at `site`, in words naming it; None when it may.

    `whole`: the build replaces the folder whole, hidden files too (`make build`); without
    it, MkDocs empties the folder but for its hidden files (plain `mkdocs build`).
    """
    docs, home_of_config = real(docs_dir), real(project)
    target = real(site)
    named = f"{site} (a link to {target})" if site.is_symlink() else str(site)
    lead = f"will not build the site into {named}"
    at = real(site.parent) / site.name if site.name not in ("", ".", "..") else target
    for place in dict.fromkeys([target, at]):
        why = misplaced(place, docs, home_of_config)
        if why is not None:
            return f"{lead}: {why}, and {EMPTIES}; {ADVICE}."
    if not target.exists():
        return None
    if not target.is_dir():
        return f"{lead}: it is a file, not a folder; {ADVICE}."
    try:
        entries = sorted(os.listdir(target))
        ours = written_by_a_build(target)
    except OSError as error:
        return f"{lead}: this user cannot read it ({error.strerror}), so whether the build wrote it is unknown; {ADVICE}."
    if not entries:
        return None
    if not ours:
        return (
            f"{lead}: it holds files the build did not write ({listing(entries)}), and {EMPTIES};"
            f" move them away, or {ADVICE}."
        )
    hidden = [name for name in entries if name.startswith(".") and name != MARKER]
    if whole and hidden:
        return (
            f"{lead}: an earlier build wrote it, but it also holds {listing(hidden)}, which the build did not"
            f" write (plain `mkdocs build` keeps hidden files; `make build` replaces the folder whole, so they"
            f" would be lost); move them away, or {ADVICE}."
        )
    return None
