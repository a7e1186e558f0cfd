"""The one gate: load the data file once, check everything (figures included), and
return the catalog, or raise one DataError listing every problem.

Every page, macro and hook goes through here: nothing renders until the whole
file has passed.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from stat import S_ISDIR, S_ISREG
from typing import Any

from pydantic import ValidationError

from lazyathlete.data.catalog import Catalog
from lazyathlete.data.errors import DataError, whole_file
from lazyathlete.data.models import SiteData
from lazyathlete.data.problems import figure_problems_in, not_sections, reference_problems
from lazyathlete.data.wording import located, shape_findings
from lazyathlete.data.yamlfile import read_data

# --- Loading ---------------------------------------------------------------------


# Cached on (path, mtime, size) so a build loads the file once, and an edit
# under `mkdocs serve` is picked up on the next rebuild.
def load_catalog(path: str | os.PathLike[str]) -> Catalog:
    path = _absolute(Path(path))
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise DataError(str(path), [whole_file("data file not found: the site is built from this one file")]) from None
    except OSError as error:
        raise DataError(str(path), [whole_file(f"cannot read the data file: {error.strerror or error}")]) from None
    if S_ISDIR(stat.st_mode):
        raise DataError(str(path), [whole_file("this is a folder, not a file: the data is one YAML file")])
    if not S_ISREG(stat.st_mode):  # a pipe or a device would be read forever
        raise DataError(str(path), [whole_file("this is not a plain file (a pipe or a device?): the data is one YAML file")])
    return _load(str(path), stat.st_mtime_ns, stat.st_size)


# The path as messages name it; a symbolic link that loops cannot be resolved (the read then says so).
def _absolute(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # RuntimeError: Python before 3.13 on a link loop
        return path.absolute()


@lru_cache(maxsize=4)
def _load(path: str, _mtime_ns: int, _size: int) -> Catalog:
    text, raw = read_data(path)
    if not isinstance(raw, dict):
        raise DataError(path, [not_sections(raw)])
    try:
        data = SiteData.model_validate(raw)
    except ValidationError as error:
        raise DataError(path, located(shape_findings(error, raw), raw, text)) from None
    findings = [*reference_problems(data), *figure_problems_in(data)]
    if findings:  # only now is the file composed again, for the lines
        raise DataError(path, located(findings, raw, text))
    return Catalog(data)


# --- Where the data lives -------------------------------------------------------------

DATA_FILE = Path("data") / "glutes.yml"  # relative to mkdocs.yml


def data_path(config: Any) -> Path:
    """The data file that belongs to this MkDocs configuration."""
    return Path(config["config_file_path"]).parent / DATA_FILE


def catalog_for(config: Any) -> Catalog:
    """The catalog a build works from, every check passed."""
    return load_catalog(data_path(config))
