"""Every address the site answers: pages, short links and the redirects that keep old links alive.

Links printed in video descriptions stay online for years, so the rules here
are strict: a short link may never shadow a page, and every address the site
has had (data/addresses.txt, kept by the build: site/addresses.py) or that is
listed in data/published-urls.txt must still lead somewhere when the site is built.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import jinja2

from lazyathlete.data import Catalog
from lazyathlete.data.models import MAX_SLUG, SHORT_PATTERN, SLUG_PATTERN
from lazyathlete.site.build_error import BuildError
from lazyathlete.site.builder import BUILDER_URL
from lazyathlete.site.kinds import KINDS, PageKind, page_at, page_titles

PUBLISHED_URLS = Path("data") / "published-urls.txt"  # relative to mkdocs.yml


@dataclass(frozen=True)
class Redirect:
    """An address that sends the reader on to a page: a short link or a former slug."""

    source: str  # 'go/clam/', without a leading slash
    target: str  # 'exercises/clamshell/'
    owner: str  # who asked for it, in words: "the short name of exercises 'clamshell'"


def redirect_list(catalog: Catalog) -> list[Redirect]:
    """Every short link and former address, as the data asks for them (clashes included, for the check)."""
    found = []
    for slug, pages in entry_pages(catalog):
        page = pages[0]
        if page.short is not None:
            short = page.short(catalog, slug)
            found.append(Redirect(short_url(short), page.address(slug), f"the short name '{short}' of {page.entry.format(slug=slug)}"))
        for old in page.former_slugs(catalog, slug):
            owner = f"the former slug '{old}' of {page.entry.format(slug=slug)}"
            found += [Redirect(each.address(old), each.address(slug), owner) for each in pages]
    for old, new in catalog.gone.items():  # pages taken down on purpose (whether `new` is a page: hooks)
        found.append(Redirect(normalise(old), normalise(new), f"the line '{old}' under 'gone:' in the data"))
    return found


def entry_pages(catalog: Catalog) -> list[tuple[str, list[PageKind]]]:
    """Each entry with pages of its own, and its pages' kinds, in the table's order: an old
    slug of a routine leads to its page and its pocket card alike."""
    grouped: dict[tuple[str, str], list[PageKind]] = {}
    for kind in KINDS.values():
        for slug in kind.slugs(catalog):
            grouped.setdefault((kind.entry, slug), []).append(kind)
    return [(slug, kinds) for (_, slug), kinds in grouped.items()]


def redirects(catalog: Catalog) -> dict[str, str]:
    """Old or short path -> current page path, both without a leading slash ('go/clam/')."""
    return {redirect.source: redirect.target for redirect in redirect_list(catalog)}


def output_path(url: str) -> str:
    """The file a page's address is written to: 'go/clam/' -> 'go/clam/index.html'."""
    return f"{url}index.html" if url.endswith("/") or not url else url


def clashes(claims: Iterable[tuple[str, str]]) -> list[str]:
    """(output file, who writes it) pairs -> a sentence for each file two of them would write."""
    owners: dict[str, list[str]] = {}
    for path, owner in claims:
        owners.setdefault(path, []).append(owner)
    return [
        f"/{path.removesuffix('index.html')} is claimed by {' and by '.join(names)}"
        for path, names in sorted(owners.items())
        if len(names) > 1
    ]


def short_url(short: str) -> str:
    return f"go/{short}/"


# '#' starts a comment at the start of a line or after a space; in an address
# it starts a fragment ('/exercises/clamshell/#how-to-do-it'), which is checked too.
COMMENT = re.compile(r"(?:^|\s)#.*")
BOM = "\ufeff"  # Windows editors put it before the first line; it is no part of an address


class PublishedListError(BuildError):
    """The list of published addresses cannot be read."""


def published_entries(path: Path) -> list[tuple[int, str]]:
    """(line number, address) for every address already handed out (none if the file is missing)."""
    if not path.exists():
        return []
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        number = raw[: error.start].count(b"\n") + 1
        raise PublishedListError(
            f"{path}: line {number} is not UTF-8 text; save the file as UTF-8 (any editor's 'Save with encoding')"
        ) from None
    entries = []
    for number, line in enumerate(text.splitlines(), 1):  # CRLF and CR endings as well as LF
        address = COMMENT.sub("", line.replace(BOM, "")).strip()
        if address:
            entries.append((number, address))
    return entries


def read_published(path: Path) -> list[str]:
    """The addresses already handed out, one per line, as written (none if the file is missing)."""
    return [address for _, address in published_entries(path)]


def normalise(url: str) -> str:
    """'/go/clam', 'go/clam/' and '/go/clam/?utm_source=x#steps' name the same page: 'go/clam/'."""
    path = urlsplit(url.strip()).path.strip("/")
    return f"{path}/" if path else ""


def page_address(url: str) -> str:
    """A page's address as MkDocs writes it ('./' for the home page, percent-encoded) as read here ('')."""
    return "" if url == "./" else unquote(url)


def relative_url(target: str, page: str) -> str:
    """A link from the page at `page` to the site path `target`, as MkDocs writes its own
    ('exercises/' from 'routines/home/' is '../../exercises/'; a file's address, with a dot
    in its last part, links from its folder). Ours, so the package needs no MkDocs."""
    folder, _, last = page.rpartition("/")
    here, there = _path_parts(folder if "." in last else page), _path_parts(target)
    common = 0
    while common < min(len(here), len(there)) and here[common] == there[common]:
        common += 1
    relative = "/".join([".."] * (len(here) - common) + there[common:]) or "."
    return relative + "/" if target.endswith("/") else relative


def _path_parts(path: str) -> list[str]:
    """'/a/./b/../c/' -> ['a', 'c']: '..' goes up, never above the site's root."""
    normal = posixpath.normpath(path if path.startswith("/") else "/" + path)[1:]
    return normal.split("/") if normal else []


def address_path(url: str, site_url: str | None) -> tuple[str | None, str]:
    """(path under the site's folder, fragment) of a published address.

    '/go/clam#steps', 'https://host/go/clam/?utm=x' and 'host/go/clam' (as printed on
    a card, without https://) all give ('go/clam', 'steps') or ('go/clam/', ...). Paths
    are read from the site's root; a full address of a site under a folder
    (https://host/glutes/) must be inside it, else the path is None. Neither the
    scheme (http or https) nor the host is compared: the build keeps paths alive."""
    site = urlsplit(site_url or "/")
    host = (site.hostname or "").lower()
    if host and url.lower().split("/", 1)[0] == host:  # written as a card prints it
        url = "//" + url
    parts = urlsplit(url)
    path = unquote(parts.path)
    base = site.path or "/"
    if base != "/" and (path + "/").startswith(base):
        return path[len(base):], parts.fragment
    if base != "/" and parts.netloc:
        return None, parts.fragment  # on the host, outside the site's folder
    return path.lstrip("/"), parts.fragment


@dataclass(frozen=True)
class Served:
    """Everything the built site answers, to read published addresses against."""

    site_url: str
    files: frozenset[str]  # every file the build writes: 'exercises/clamshell/index.html', 'data/exercises.json'
    pages: frozenset[str]  # the pages' addresses: 'exercises/clamshell/', '' for the home page
    redirects: dict[str, str]  # short links and former slugs: 'go/clam/' -> 'exercises/clamshell/'
    exercise_names: frozenset[str]  # what a builder link may name: every slug and former slug

    def landing(self, path: str) -> str | None:
        """What a host shows at `path`: a page's address (after its redirect) or a file; None if nothing."""
        if path == "index.html" or path.endswith("/index.html"):
            path = path.removesuffix("index.html")
        if path and not path.endswith("/") and path in self.files:
            return path  # a file: the open data, a preview picture, the sitemap
        page = normalise(path)
        if page in self.pages:
            return page
        target = self.redirects.get(page)
        if target is not None and target in self.pages:
            return target
        return page if output_path(page) in self.files else None


# --- Routine-builder links: the fragment is a routine, not a place on the page -------------------

ROUTINE_FRAGMENT = re.compile(r"v\d+(?:&|$)")
BUILDER_PIECE = re.compile(r"([a-z0-9-]+)(?:\.\d+x\d+s?)?")  # as builder.js reads a block's piece
REST_PIECE = re.compile(r"r\d+")


def is_routine_link(fragment: str) -> bool:
    """'v1&t=Home&b=glute-bridge.3x12,r45' is a routine for the builder."""
    return bool(ROUTINE_FRAGMENT.match(fragment)) or any(p.startswith(("b=", "t=")) for p in fragment.split("&"))


def builder_problems(fragment: str, names: frozenset[str]) -> list[str]:
    """What in a builder link the builder could not open, each with what brings it back."""
    problems = []
    for part in fragment.split("&"):
        if not part.startswith("b="):
            continue
        for piece in unquote(part[2:]).split(","):
            match = BUILDER_PIECE.fullmatch(piece)
            if REST_PIECE.fullmatch(piece) or (match and match[1] in names):
                continue
            if match and is_slug(match[1]):
                problems.append(
                    f"the routine builder opens it without '{match[1]}', as no exercise has or had that slug:"
                    f" if it was renamed, list '{match[1]}' under 'former_slugs' of the exercise it became"
                )
            else:
                problems.append(
                    f"the routine builder cannot read '{piece}' (an exercise's slug and a dose, like clamshell.2x15):"
                    " correct this line to the link as it was handed out"
                )
    return problems


# --- What brings a dead address back --------------------------------------------------------------



def is_slug(name: str) -> bool:
    return len(name) <= MAX_SLUG and re.fullmatch(SLUG_PATTERN, name) is not None


def revival_advice(path: str) -> str:
    """What brings a dead address back, in steps that work when followed."""
    parts = path.strip("/").split("/")
    if path and not path.endswith("/") and "." in parts[-1]:
        return f"nothing is served there now: a file at docs/{path} would be"
    if len(parts) == 2 and parts[0] == "go" and re.fullmatch(SHORT_PATTERN, parts[1]):
        return f"give an exercise or routine back the short name '{parts[1]}'"
    page = page_at(path)
    advice = page[0].revive(page[1]) if page is not None else None
    if advice is not None:
        return advice
    return (f"keep a page at docs/{path.strip('/') or 'index'}.md, listed in the nav"
            " or under not_in_nav in mkdocs.yml")


def dead_published(entries: Iterable[tuple[int, str]], served: Served) -> list[str]:
    """Published addresses that would lead nowhere (or that the builder cannot open), each with
    its line in the list and what would bring it back."""
    dead = []
    for line, url in entries:
        path, fragment = address_path(url, served.site_url)
        if path is None:
            dead.append(
                f"line {line}: {url} (outside the site's address {served.site_url}: the build cannot serve it;"
                " if it was meant as the site's own, write it with that address)"
            )
            continue
        landed = served.landing(path)
        if landed is None:
            dead.append(f"line {line}: {url} ({revival_advice(path)})")
        elif landed == BUILDER_URL and is_routine_link(fragment):
            dead += [f"line {line}: {url} ({problem})" for problem in builder_problems(fragment, served.exercise_names)]
    return dead


def lost_anchors(entries: Iterable[tuple[int, str]], served: Served,
                 ids: Callable[[str], set[str] | None]) -> list[str]:
    """Published addresses with a '#fragment' their page no longer has (ids: a page's element
    ids, None for no such page; asked only of pages a published link points into)."""
    lost = []
    for line, url in entries:
        path, fragment = address_path(url, served.site_url)
        landed = served.landing(path) if path is not None else None
        if not fragment or landed is None or fragment.startswith(":~:"):  # ':~:text=' is searched by the browser
            continue
        if landed == BUILDER_URL and is_routine_link(fragment):
            continue  # a routine, checked with the addresses
        on_page = ids(landed)
        if on_page is not None and unquote(fragment) not in on_page:
            lost.append(
                f"line {line}: {url} (/{landed} has no '#{fragment}' any more: keep a heading or element with that id)"
            )
    return lost


def redirects_file(mapping: dict[str, str], base_path: str) -> str:
    """A `_redirects` file (Netlify, Cloudflare Pages): real 301s, with and without the slash."""
    lines = ["# Generated from data/glutes.yml: short links and old addresses, as real 301s."]
    for source, target in sorted(mapping.items()):
        for variant in (source.rstrip("/"), source):
            lines.append(f"{base_path}{variant} {base_path}{target} 301")
    return "\n".join(lines) + "\n"


def add_published(path: Path, urls: Iterable[str]) -> list[str]:
    """Record addresses that have just been handed out; returns the ones that were new."""
    known = {normalise(u) for u in read_published(path)}
    new = []
    for url in urls:
        if normalise(url) not in known:
            known.add(normalise(url))
            new.append(url)
    if new:
        # A last line without its newline would run into the first new address.
        before = path.read_text(encoding="utf-8") if path.exists() else ""
        ends_open = before != "" and not before.endswith(("\n", "\r"))
        with path.open("a", encoding="utf-8") as handle:
            handle.write("\n" if ends_open else "")
            handle.writelines(f"/{normalise(u)}\n" for u in new)
    return new


# --- Redirect pages ------------------------------------------------------------------------------
# Made from the data, as mkdocs-redirects makes them from its config. Not
# mkdocs-redirects itself: its map lives in mkdocs.yml, not in the data, and it
# silently overwrites a page.


def site_path(site_url: str | None) -> str:
    """The path the site is served under: '/' for https://host/, '/glutes/' for https://host/glutes/."""
    return urlsplit(site_url or "/").path or "/"


# --- The public address (site_url) ---------------------------------------------------------------
# Printed raw into QR codes, link previews, redirect pages, _redirects and the
# open data: it must be an address a phone can open, in characters that need no
# escaping anywhere. MkDocs adds a missing trailing slash itself; that is kept.

HOST_LABEL = r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?"
HOST = re.compile(rf"{HOST_LABEL}(?:\.{HOST_LABEL})*", re.IGNORECASE)
PATH = re.compile(r"(?:/(?:[A-Za-z0-9._~-]|%[0-9A-Fa-f]{2})+)*/")


def site_url_problem(site_url: str | None) -> str | None:
    """What is wrong with the public address, in words; None if it is a good one."""
    if not site_url:
        return "no public address is set; QR codes, short links and link previews need one, such as https://example.org/"
    parts = urlsplit(site_url)
    if parts.scheme not in ("http", "https"):
        return f"'{site_url}' must start with https:// (or http://), not '{parts.scheme}:'"
    if "@" in parts.netloc:
        return f"'{site_url}' has a user name or password before the host; write only https://host/"
    host = parts.hostname or ""
    if not HOST.fullmatch(host):
        return (f"'{site_url}': the host '{host}' may hold only letters a to z, digits, hyphens and dots"
                " (a name in another script is written in its xn-- form)")
    try:
        parts.port  # noqa: B018  # an impossible port raises
    except ValueError:
        return f"'{site_url}': the port after ':' must be a number from 1 to 65535"
    if parts.query or parts.fragment or site_url.endswith(("?", "#")):
        return f"'{site_url}' has a '?' or '#' part; the public address ends with the site's folder, like https://host/ or https://host/glutes/"
    segments = parts.path.split("/")[1:-1]
    if not PATH.fullmatch(parts.path) or any(s in (".", "..") for s in segments):
        return (f"'{site_url}': the path '{parts.path}' may hold only letters, digits, '-', '.', '_', '~' and '/'"
                " (no spaces, quotes or brackets), one folder after another")
    return None


ROOT_LINK = re.compile(r"""(\b(?:href|src)=["'])/(?!/)""")


def under_site_path(html: str, base_path: str) -> str:
    """Links written from the host's root ('/disclaimer/') made to point inside the site's folder."""
    return ROOT_LINK.sub(lambda m: m.group(1) + base_path, html) if base_path != "/" else html


def target_title(titles: dict[str, str], target: str) -> str:
    """The name of the page a redirect leads to (any other page, a `gone:` entry's, by its address)."""
    return titles.get(target, f"the page /{target}")


def redirect_pages(catalog: Catalog, site_url: str | None, template: jinja2.Template) -> dict[str, str]:
    """Path under site/ -> text of every short link's and former address's page, and the _redirects file."""
    mapping = redirects(catalog)
    titles = page_titles(catalog)
    base_path = site_path(site_url)
    pages = {
        output_path(source): template.render(
            target=base_path + target,
            canonical=(site_url or "/") + target,
            title=target_title(titles, target),
        )
        for source, target in mapping.items()
    }
    pages["_redirects"] = redirects_file(mapping, base_path)
    return pages
