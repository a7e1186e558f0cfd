"""Every page address the site has ever had, kept by the build like a lock file (no MkDocs here).

`data/addresses.txt` lists each page address a real build wrote (pages, short links,
redirect pages), one per line, sorted. A build adds the addresses it wrote for the first
time and never removes a line; a later build where one of them would no longer lead to a
page stops, with what brings it back: `former_slugs` after a rename, a line under `gone:`
in the data after a removal. `data/published-urls.txt` stays for what this list cannot
know: places inside a page (#how-to-do-it), routine-builder links and files.
"""

from __future__ import annotations

import contextlib
import difflib
import fcntl
import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from lazyathlete.data import DATA_FILE, Catalog
from lazyathlete.site.build_error import BuildError
from lazyathlete.site.kinds import PageKind, page_at
from lazyathlete.site.links import Served, normalise, published_entries, revival_advice

ADDRESSES = Path("data") / "addresses.txt"  # relative to mkdocs.yml

HEADER = """\
# Every page address this site has had, kept by the build: `make build` (and
# `mkdocs build`) adds each new page, short link and redirect here the first time
# it is built, and stops if one of them would no longer lead to a page. Commit
# this file with your data. Never remove a line: old links in videos, on cards
# and in QR codes keep working because of it. (`make serve` adds nothing: a page
# only previewed was never published.)
#
# Renamed an exercise or routine? Its old slug goes in `former_slugs`.
# Removed one for good? Add its address under `gone:` in data/glutes.yml.
"""


# --- Reading and recording ------------------------------------------------------------------------


def page_addresses(site_dir: Path) -> set[str]:
    """Every page address a built site answers: each folder's index.html, as '/exercises/clamshell/'."""
    found = set()
    for page in site_dir.rglob("index.html"):
        relative = page.parent.relative_to(site_dir).as_posix()
        found.add("/" if relative == "." else f"/{relative}/")
    return found


# The owner's lines stay exactly as they are, in their order; each new address goes in
# before the first recorded address that sorts after it (at the end if none does), so a
# list the build wrote stays sorted.
def merged(text: str, new: Iterable[str]) -> str:
    """The file's text with the `new` addresses added, nothing else changed."""
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += newline
    waiting, next_one = sorted(new), 0
    out: list[str] = []
    for line in lines:
        address = line.split("#", 1)[0].strip() if line.lstrip().startswith("/") else ""
        while address and next_one < len(waiting) and waiting[next_one] < address:
            out.append(waiting[next_one] + newline)
            next_one += 1
        out.append(line)
    out += [address + newline for address in waiting[next_one:]]
    return "".join(out)


def record(path: Path, written: Iterable[str], known: Iterable[str]) -> list[str]:
    """Add the addresses of `written` not yet `known` to the file at `path` (made, with its header,
    if missing); the ones added. Written whole to a file beside it, then renamed over it: a reader
    or a killed build never finds half a file."""
    seen = {normalise(address) for address in known}
    if path.exists() and all(normalise(address) in seen for address in written):
        return []
    with one_writer(path.parent):  # two builds at once: the second reads what the first wrote
        return _record(path, written)


def _record(path: Path, written: Iterable[str]) -> list[str]:
    seen = {normalise(address) for address in read_list(path)}
    new = sorted({address for address in written if normalise(address) not in seen})
    if not new and path.exists():
        return []
    before = path.read_text(encoding="utf-8") if path.exists() else HEADER + "\n"
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".new")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(merged(before, new))
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o777)
        else:
            os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return new


# A list that cannot be written would leave new pages unprotected: the build stops, in words.
def record_site(site: Path, path: Path) -> None:
    """The page addresses of the written site not yet in the list at `path`, added to it."""
    try:
        record(path, page_addresses(site), read_list(path))
    except OSError as error:
        raise BuildError(
            f"{path}: the new page addresses could not be added to it ({error.strerror or error}); make the"
            " file and its folder writable and build again"
        ) from None


@contextlib.contextmanager
def one_writer(folder: Path) -> Iterator[None]:
    """One build at a time adds to the list (a lock on its folder, let go when the build ends)."""
    handle = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)


def read_list(path: Path) -> list[str]:
    """The addresses in the list as written (none if it is missing)."""
    return [address for _, address in published_entries(path)]


# --- What brings a lost address back ---------------------------------------------------------------

def lost(entries: Iterable[tuple[int, str]], served: Served) -> list[tuple[int, str]]:
    """(line, address) of each recorded address that would no longer lead anywhere."""
    return [(line, address) for line, address in entries if served.landing(normalise(address)) is None]


def slug_line(data_text: str, slug: str) -> int | None:
    """The line of the data file where an entry's `slug:` is written (1 for the first line)."""
    pattern = re.compile(rf"^\s*(?:-\s+)?slug:\s*['\"]?{re.escape(slug)}['\"]?\s*(?:#.*)?$")
    return next((n for n, line in enumerate(data_text.splitlines(), 1) if pattern.match(line)), None)


def gone_line(data_text: str, address: str) -> int | None:
    """The line of the data file where `address` is written as a key under `gone:`."""
    pattern = re.compile(rf"^\s+['\"]?{re.escape(address)}['\"]?\s*:")
    return next((n for n, line in enumerate(data_text.splitlines(), 1) if pattern.match(line)), None)


def renamed_to(catalog: Catalog, kind: PageKind, old: str, recorded: set[str]) -> str | None:
    """The entry an old slug most likely became: the closest of those whose page is new."""
    slugs = list(kind.slugs(catalog))
    new = [slug for slug in slugs if kind.address(slug) not in recorded]
    close = difflib.get_close_matches(old, new, n=1, cutoff=0.0) or difflib.get_close_matches(old, slugs, n=1)
    return close[0] if close else None


def rename_hint(catalog: Catalog, path: str, recorded: set[str], data_text: str) -> str:
    """For an old page of an entry that can be renamed: the entry it probably became, and where it is written."""
    page = page_at(path)
    if page is None or not page[0].renamable:
        return ""
    kind, old = page
    new = renamed_to(catalog, kind, old, recorded)
    if new is None:
        return ""
    former = list(kind.former_slugs(catalog, new))
    line = slug_line(data_text, new)
    where = f", line {line} of {DATA_FILE.as_posix()}" if line is not None else f" in {DATA_FILE.as_posix()}"
    return f": is it '{new}'{where}? Then write `former_slugs: [{', '.join([*former, old])}]` in it"


def send_to(path: str) -> str:
    """A page to suggest sending a lost address's readers to: its section's list, else the home page."""
    page = page_at(path)
    return f"/{page[0].section}" if page is not None else "/"


def lost_advice(catalog: Catalog, address: str, recorded: set[str], data_text: str) -> str:
    """What to do about one recorded page address that would disappear, in plain words."""
    path = normalise(address)
    advice = revival_advice(path)
    shown = f"/{path}"
    return (
        f"The page {shown} was published and would disappear."
        f" {advice[:1].upper()}{advice[1:]}{rename_hint(catalog, path, recorded, data_text)}."
        f" If it was removed on purpose, say where to send its readers: under `gone:` in"
        f" {DATA_FILE.as_posix()}, write `{shown}: {send_to(path)}` (or another page)."
    )


# --- The entries under `gone:` ----------------------------------------------------------------------


def gone_problems(catalog: Catalog, pages: set[str], redirects: dict[str, str], published: set[str] | None,
                  data_text: str) -> list[str]:
    """What is wrong with the `gone:` entries, that only the build can see: a target that is not
    a page, or an old address the site never had (published: None while no list is kept yet)."""
    problems = []
    for old, new in catalog.gone.items():
        line = gone_line(data_text, old)
        where = f"line {line} of {DATA_FILE.as_posix()}" if line is not None else DATA_FILE.as_posix()
        target = normalise(new)
        if target not in pages:
            leads = redirects.get(target)
            hint = (f"it only leads on to /{leads}: write that" if leads in pages
                    else _closest(target, pages))
            problems.append(f"{where}: under `gone:`, '{old}' sends readers to '{new}', which is not a page of the site ({hint})")
        if published is not None and normalise(old) not in published:
            problems.append(
                f"{where}: under `gone:`, '{old}' is not an address the site has had (it is not in"
                f" {ADDRESSES.as_posix()}): correct it to the address that disappeared, or remove the line"
            )
    return problems


def _closest(target: str, pages: set[str]) -> str:
    close = difflib.get_close_matches(target, sorted(pages), n=1, cutoff=0.6)
    return f"did you mean '/{close[0]}'?" if close else "write the address of a page the site has, like /exercises/"
