"""Every address the site answers: pages, short links and the redirects that keep old links alive.

Links printed in video descriptions stay online for years, so the rules here
are strict: a short link may never shadow a page, and every address listed in
data/published-urls.txt must still lead somewhere when the site is built.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import jinja2

from lazyathlete.data import Catalog

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
    for exercise in catalog.exercises.values():
        target, entry = catalog.exercise_url(exercise.slug), f"exercise '{exercise.slug}'"
        found.append(Redirect(short_url(exercise.short), target, f"the short name '{exercise.short}' of {entry}"))
        found += [
            Redirect(catalog.exercise_url(old), target, f"the former slug '{old}' of {entry}")
            for old in exercise.former_slugs
        ]
    for routine in catalog.routines.values():
        target, entry = catalog.routine_url(routine.slug), f"routine '{routine.slug}'"
        found.append(Redirect(short_url(routine.short), target, f"the short name '{routine.short}' of {entry}"))
        for old in routine.former_slugs:
            owner = f"the former slug '{old}' of {entry}"
            found.append(Redirect(catalog.routine_url(old), target, owner))
            found.append(Redirect(catalog.card_url(old), catalog.card_url(routine.slug), owner))
    return found


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


def read_published(path: Path) -> list[str]:
    """The addresses already handed out, one per line, as written (none if the file is missing)."""
    if not path.exists():
        return []
    lines = (COMMENT.sub("", line).strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line]


def split_address(url: str, base_path: str = "/") -> tuple[str, str]:
    """('go/clam/', 'how-to-do-it') for '/go/clam#how-to-do-it', 'https://host/go/clam/?utm=x' and the like."""
    parts = urlsplit(url.strip())
    path = parts.path
    if base_path != "/" and path.startswith(base_path):  # a site served below the host's root
        path = path[len(base_path) - 1:]
    return normalise(path), parts.fragment


def normalise(url: str) -> str:
    """'/go/clam', 'go/clam/' and '/go/clam/?utm_source=x#steps' name the same page: 'go/clam/'."""
    path = urlsplit(url.strip()).path.strip("/")
    return f"{path}/" if path else ""


def landing_page(path: str, mapping: dict[str, str], pages: set[str]) -> str | None:
    """The page an address shows, following its redirect; None if it leads nowhere."""
    if path in pages:
        return path
    target = mapping.get(path)
    return target if target in pages else None


def revival_advice(path: str) -> str:
    """What brings a dead address back, in steps that work when followed."""
    parts = path.strip("/").split("/")
    if len(parts) == 2 and parts[0] == "go":
        return f"give an exercise or routine back the short name '{parts[1]}'"
    if len(parts) == 2 and parts[0] in ("exercises", "routines"):
        kind = parts[0][:-1]
        return f"if the {kind} was renamed, list '{parts[1]}' under 'former_slugs' of the {kind} it became"
    if len(parts) == 3 and parts[0] == "routines" and parts[2] == "card":
        return f"if the routine was renamed, list '{parts[1]}' under 'former_slugs' of the routine it became"
    if len(parts) == 3 and parts[0] == "exercises":
        return f"keep at least one exercise filed under '{parts[2]}' in the vocabulary's {parts[1]} words"
    return f"keep the page docs/{path.rstrip('/') or 'index'}.md (or its index.md)"


def dead_published(published: Iterable[str], mapping: dict[str, str], pages: set[str], base_path: str = "/") -> list[str]:
    """Published addresses that would lead nowhere, each with what would bring it back."""
    dead = []
    for url in published:
        path, _ = split_address(url, base_path)
        if landing_page(path, mapping, pages) is None:
            dead.append(f"{url} ({revival_advice(path)})")
    return dead


def lost_anchors(
    published: Iterable[str], mapping: dict[str, str], ids: dict[str, set[str]], base_path: str = "/"
) -> list[str]:
    """Published addresses with a '#fragment' their page no longer has (ids: page -> its element ids)."""
    lost = []
    for url in published:
        path, fragment = split_address(url, base_path)
        page = landing_page(path, mapping, set(ids))
        if fragment and page is not None and fragment not in ids[page]:
            lost.append(f"{url} (/{page} has no '#{fragment}' any more: keep a heading or element with that id)")
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


def target_title(catalog: Catalog, target: str) -> str:
    """The name of the exercise or routine a redirect leads to."""
    kind, slug, *card = target.strip("/").split("/")
    if kind == "exercises":
        return catalog.exercise(slug).name
    return f"{catalog.routine(slug).title}: pocket card" if card else catalog.routine(slug).title


def redirect_pages(catalog: Catalog, site_url: str | None, template: jinja2.Template) -> dict[str, str]:
    """Path under site/ -> text of every short link's and former address's page, and the _redirects file."""
    mapping = redirects(catalog)
    base_path = site_path(site_url)
    pages = {
        output_path(source): template.render(
            target=base_path + target,
            canonical=(site_url or "/") + target,
            title=target_title(catalog, target),
        )
        for source, target in mapping.items()
    }
    pages["_redirects"] = redirects_file(mapping, base_path)
    return pages
