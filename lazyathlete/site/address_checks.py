"""The address contract, checked on plain values: one address, one page; every address the
site has had or handed out still leads somewhere; every `gone:` line sends readers to a page.

No MkDocs here: hooks.py hands over what MkDocs will write as a `Written` (each file's
source and output paths, the template names, the page addresses), each page's HTML, and the
project folder, where the lists (data/addresses.txt, data/published-urls.txt) and the data
file are. A check that fails raises BuildError with the whole message. A module of its own
beside links.py (what one address is and where it lands), which would double otherwise.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from lazyathlete.data import DATA_FILE, Catalog
from lazyathlete.site import addresses, headers, links, offline, previews, search, site_folder
from lazyathlete.site.build_error import BuildError
from lazyathlete.site.kinds import generated_pages
from lazyathlete.site.open_data import open_data_files

HOST_FILES = ("_redirects", headers.HEADERS_FILE)  # read by Netlify and Cloudflare Pages
BUILD_FILES = (offline.SERVICE_WORKER,)  # written last by on_post_build


@dataclass(frozen=True)
class SiteFile:
    """One file of the site, as MkDocs knows it."""

    src_uri: str  # where it is among the sources: 'exercises/clamshell.md', 'assets/logo.svg'
    dest_uri: str  # the file written: 'exercises/clamshell/index.html'
    source: str | None  # the file it is read from on disk; None for a generated one


@dataclass(frozen=True)
class Written:
    """What MkDocs will write, as plain values (hooks.py reads them from its files and config)."""

    files: list[SiteFile]  # every file included in the site
    templates: list[str]  # the theme's static templates and the extra ones: 'sitemap.xml', '404.html'
    page_urls: list[str]  # every page's address as MkDocs writes it ('./' for the home page)
    docs_dir: Path
    site_url: str | None

    @property
    def pages(self) -> set[str]:
        return {links.page_address(url) for url in self.page_urls}


def file_owner(src_uri: str, source: str | None, docs_dir: Path, generated: Mapping[str, str]) -> str:
    """Who puts this file in the site, in words (generated: source path -> owner of each generated file)."""
    if src_uri in generated:
        return generated[src_uri]
    if source and Path(source).is_relative_to(docs_dir.resolve()):
        return f"docs/{src_uri}"
    return f"the theme's {src_uri}"


@dataclass(frozen=True)
class NewFile:
    """A file the build adds to the site: a generated page, or a file of the open data."""

    src_uri: str
    content: str
    owner: str  # who asks for it, in words: "the page of exercise 'clamshell'"
    page: bool  # a page, out of the nav; else a file published as it is


def new_files(catalog: Catalog, site_url: str | None, existing: Mapping[str, str | None], docs_dir: Path) -> Iterator[NewFile]:
    """The generated pages, then the open data, each checked as it comes against the files
    MkDocs has (existing: source path -> file on disk, if any)."""
    for src_uri, page in generated_pages(catalog).items():
        check_new_source(existing, docs_dir, src_uri, page.owner)
        yield NewFile(src_uri, page.markdown, page.owner, page=True)
    for src_uri, text in open_data_files(catalog, site_url or "").items():
        check_new_source(existing, docs_dir, src_uri, None)
        yield NewFile(src_uri, text, f"the open data file {src_uri}", page=False)


# A generated page or open-data file where a file already is: the build stops, both named.
def check_new_source(existing: Mapping[str, str | None], docs_dir: Path, src_uri: str, page_owner: str | None) -> None:
    """existing: source path -> file on disk of each file MkDocs had; page_owner: who asks for
    the generated page, None for an open-data file."""
    if src_uri not in existing:
        return
    owner = file_owner(src_uri, existing[src_uri], docs_dir, {})
    if page_owner is not None:
        raise BuildError(
            f"{owner} and {page_owner} are both docs/{src_uri}:"
            " rename or delete the hand-written file, or rename the entry in the data"
        )
    raise BuildError(f"{owner} and the open data are both {src_uri}: move the file under docs/")


# Every file the build writes, with who writes it: pages (hand-written and
# generated), static files, the theme's assets and templates, the search
# index, redirect pages, the link-preview images and the files for the host.
def output_claims(catalog: Catalog, written: Written, generated: Mapping[str, str]) -> list[tuple[str, str]]:
    claims = [(file.dest_uri, file_owner(file.src_uri, file.source, written.docs_dir, generated)) for file in written.files]
    for template in written.templates:
        claims.append((template, f"the theme's {template} template"))
        if template == "sitemap.xml":
            claims.append(("sitemap.xml.gz", "the theme's sitemap.xml template"))
    claims.append((search.INDEX_FILE, "the search index the build writes"))
    claims += [(links.output_path(r.source), f"the redirect page for {r.owner}") for r in links.redirect_list(catalog)]
    claims += [(name, f"the {name} file the build writes for the host") for name in HOST_FILES]
    claims += [(name, f"the {name} file the build writes for readers offline") for name in BUILD_FILES]
    claims += list(previews.preview_files(catalog).items())
    claims.append((site_folder.MARKER, "the marker the build leaves in every site it writes"))
    return claims


# What on_files checks once every file has joined: one address, one page; every address handed out kept.
def check_site_addresses(catalog: Catalog, written: Written, generated: Mapping[str, str], project: Path) -> None:
    check_one_page_per_address(catalog, written, generated)
    check_published_addresses(catalog, written, project)


# One address, one page: two things that would write the same file stop the build, both named.
def check_one_page_per_address(catalog: Catalog, written: Written, generated: Mapping[str, str]) -> None:
    clashes = links.clashes(output_claims(catalog, written, generated))
    if clashes:
        raise BuildError(
            "one address, one page: each of these addresses would be written twice, the second"
            " silently replacing the first; rename one of each pair (a slug, a short name, a former"
            " slug or a file under docs/), or remove a line under `gone:` whose page is back:\n  - " + "\n  - ".join(clashes)
        )


# Every address a reader can open: pages, short links and redirects, static files,
# the open data, preview pictures, the sitemap (not the host's own _redirects and _headers).
def served_addresses(catalog: Catalog, written: Written) -> links.Served:
    return links.Served(
        site_url=written.site_url or "/",
        files=frozenset(path for path, _ in output_claims(catalog, written, {}) if path not in HOST_FILES),
        pages=frozenset(written.pages),
        redirects=links.redirects(catalog),
        exercise_names=frozenset([*catalog.exercises, *catalog.former_slugs]),
    )


def data_text(project: Path) -> str:
    """The data file's text, to find the line of an entry a message names (it passed the gate)."""
    return (project / DATA_FILE).read_text(encoding="utf-8")


# Every address already handed out must still lead somewhere: each page address the site has
# had (data/addresses.txt), then what else was listed by hand (data/published-urls.txt).
# An address in both is said once, with the advice for a page.
def check_published_addresses(catalog: Catalog, written: Written, project: Path) -> None:
    path = project / links.PUBLISHED_URLS
    if not path.is_file():
        raise BuildError(
            f"{path}: not found. It lists every address handed out (videos, cards, QR codes) so the"
            " build can keep them alive; create it, empty if nothing has been published yet"
        )
    served = served_addresses(catalog, written)
    kept = project / addresses.ADDRESSES
    recorded = links.published_entries(kept)
    known = {links.normalise(address) for _, address in recorded}
    lost = addresses.lost(recorded, served)
    text = data_text(project) if lost else ""
    said = {links.normalise(address) for _, address in lost}
    listed = links.published_entries(path)
    problems = [
        addresses.lost_advice(catalog, address, known, text) + handed_out(address, listed, path, served)
        for _, address in lost
    ]
    others = [(line, url) for line, url in listed if not is_said(url, said, served)]
    dead = links.dead_published(others, served)
    message = []
    if problems:
        message.append(f"{kept} lists every page the site has had; some would disappear:\n  - " + "\n  - ".join(problems))
    if dead:
        message.append(f"{path}: these published addresses would no longer lead anywhere:\n  - " + "\n  - ".join(dead))
    if message:
        raise BuildError("\n".join(message))
    check_gone(catalog, written, project, known | {links.normalise(url) for _, url in listed} if recorded else None)


def handed_out(address: str, listed: list[tuple[int, str]], path: Path, served: links.Served) -> str:
    """' It was handed out: line 7 of .../published-urls.txt.' when the lost page is listed there too."""
    lines = [str(line) for line, url in listed if is_said(url, {links.normalise(address)}, served)]
    return f" It was handed out: line {', '.join(lines)} of {path}." if lines else ""


def is_said(url: str, said: set[str], served: links.Served) -> bool:
    """A published address that is one of the lost pages, already said (with or without a '#place')."""
    path, _ = links.address_path(url, served.site_url)
    return path is not None and links.normalise(path) in said


# A line under `gone:` sends readers to a page the site has; its old address is one the site had.
def check_gone(catalog: Catalog, written: Written, project: Path, had: set[str] | None) -> None:
    if not catalog.gone:
        return
    problems = addresses.gone_problems(catalog, written.pages, links.redirects(catalog), had, data_text(project))
    if problems:
        raise BuildError("pages taken down (`gone:` in the data):\n  - " + "\n  - ".join(problems))


ELEMENT_ID = re.compile(r'\bid="([^"]+)"')


# A published '#fragment' must still be on its page (html: each page's address as MkDocs
# writes it -> its content, every page rendered).
def check_published_anchors(catalog: Catalog, written: Written, project: Path, html: Mapping[str, str]) -> None:
    by_address = {links.page_address(url): content for url, content in html.items()}

    @functools.cache
    def ids(address: str) -> set[str] | None:
        content = by_address.get(address)
        return None if content is None else set(ELEMENT_ID.findall(content))

    path = project / links.PUBLISHED_URLS
    lost = links.lost_anchors(links.published_entries(path), served_addresses(catalog, written), ids)
    if lost:
        raise BuildError(
            f"{path}: these published links point into a page at a place it no longer has:\n  - " + "\n  - ".join(lost)
        )


# The public address is printed raw into QR codes, previews and redirects: checked like the data.
def check_site_url(site_url: str | None, config_file: str, from_env: str | None) -> None:
    """from_env: the SITE_URL environment variable, named when the address came from it."""
    problem = links.site_url_problem(site_url)
    if problem is not None:
        source = (
            f"the SITE_URL environment variable ({from_env!r})"
            if from_env is not None and (site_url or "").rstrip("/") == from_env.rstrip("/")
            else f"site_url in {config_file}"
        )
        raise BuildError(f"{source}: {problem}")
