"""The preview's problem page: under `mkdocs serve`, a data file that does not pass
the gate turns every page into one page that lists its problems, each with the line
to edit; the server's own live reload shows the real page again once it is fixed.

Only the preview does this. `mkdocs build` (and `make build`) stop before writing
anything, as always. Nothing here needs MkDocs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import jinja2

from lazyathlete.data import DataError
from lazyathlete.site import addresses, links
from lazyathlete.site.build_error import BuildError

PROBLEM_TEMPLATE = "problem.html"  # in overrides/content/
NOT_FOUND = "404.html"  # the server answers every other address with this file
# For an address the server answers with 404.html, which gets no live reload:
# the page asks again this often, and is the site again once the data is fixed.
RETRY_SECONDS = 2


@dataclass(frozen=True)
class Shown:
    """One problem as the page shows it: the line to edit (when known) and what to do."""

    line: int | None
    text: str

    # The text cut at its `backquotes`: (words, is it a field or value written as in the file).
    @property
    def parts(self) -> list[tuple[str, bool]]:
        return [(part, index % 2 == 1) for index, part in enumerate(self.text.split("`")) if part]


@dataclass(frozen=True)
class Problems:
    """What stops the site from building: which file, and each problem."""

    source: str | None  # the file to open, as the owner knows it ('data/glutes.yml'); None when each problem says
    problems: tuple[Shown, ...]
    addresses: tuple[str, ...] = ()  # where the page is shown: every address the site has


# --- What to show -------------------------------------------------------------------


# The gate's problems, one by one, with their lines.
def data_problems(error: DataError, project: Path) -> Problems:
    return Problems(
        source=owner_path(Path(error.path), project) if error.path else None,
        problems=tuple(Shown(problem.line, _without_line(problem.text)) for problem in error.problems),
    )


# The page shows the line above the problem, so the text need not begin with it too.
def _without_line(text: str) -> str:
    return re.sub(r"^line \d+(?:, column \d+)?: ", "", text)


# Any other check that stops a build (an address that would break, two pages at one
# address): its message as it is, one problem per listed line.
def build_problems(message: str, source: str | None = None) -> Problems:
    head, *items = message.split("\n  - ")
    if not items:
        return Problems(source=source, problems=(Shown(None, message),))
    return Problems(source=source, problems=tuple(Shown(None, f"{head} {item}") for item in items))


# What stops the site, from the gate (the data) or a later check (an address).
def problems_of(error: DataError | BuildError, project: Path) -> Problems:
    return data_problems(error, project) if isinstance(error, DataError) else build_problems(str(error))


# What the preview's server says in its log when it shows the problem page instead.
def log_line(error: DataError | BuildError) -> str:
    if isinstance(error, DataError):
        return f"{error}\nThe preview shows these on every page until the file is fixed."
    return f"{error}\nThe preview shows this on every page until it is fixed."


# The file as the owner opens it: relative to the project when it is inside it.
def owner_path(path: Path, project: Path) -> str:
    try:
        return path.resolve().relative_to(project.resolve()).as_posix()
    except ValueError:
        return str(path)


# --- The pages ------------------------------------------------------------------------------


# Every file the problem page is written to: each address the site has (its own
# pages and every address it has handed out), and the server's not-found page.
# A file's own address ('open-data/exercises.json') is left to the not-found page.
def problem_files(addresses: Iterable[str]) -> list[str]:
    folders = {address.strip("/") for address in addresses}
    pages = {links.output_path(f"{folder}/" if folder else "") for folder in folders if "." not in folder.rpartition("/")[2]}
    return sorted(pages) + [NOT_FOUND]


# Where the problem page is shown: every page of the docs folder (their addresses as
# MkDocs writes them) and every address the site has had or handed out.
def shown_addresses(page_urls: Iterable[str], project: Path, site_url: str | None) -> tuple[str, ...]:
    pages = (links.page_address(url) for url in page_urls)
    listed = [*readable_list(project / addresses.ADDRESSES), *readable_list(project / links.PUBLISHED_URLS)]
    paths = (links.address_path(address, site_url)[0] for _, address in listed)
    return (*pages, *(path for path in paths if path is not None))


# One of the lists of addresses, for the problem page; a list that cannot be read adds none.
def readable_list(path: Path) -> list[tuple[int, str]]:
    try:
        return links.published_entries(path)
    except links.PublishedListError:
        return []


def problem_page(templates: jinja2.Environment, problems: Problems, *, retry: bool) -> str:
    return templates.get_template(PROBLEM_TEMPLATE).render(problems=problems, retry_seconds=RETRY_SECONDS if retry else None)


def write_problem_pages(site: Path, templates: jinja2.Environment, problems: Problems) -> None:
    for relative in problem_files(problems.addresses):
        path = site / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(problem_page(templates, problems, retry=relative == NOT_FOUND), encoding="utf-8")

