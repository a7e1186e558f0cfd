"""The files that make up the site's project, for building a copy of it (tests, benchmark)."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# What `mkdocs build` reads: mkdocs.yml names lazyathlete/hooks.py by path.
PROJECT_FILES = ("mkdocs.yml", "macros.py", "lazyathlete", "docs", "overrides", "data")


def copy_project(destination: Path) -> Path:
    """A copy of the project at `destination`, ready to build (caches left out)."""
    destination.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, destination / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, destination / name)
    return destination
