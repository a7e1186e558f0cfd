"""Every address the site answers: pages, short links and the redirects that keep old links alive.

Links printed in video descriptions stay online for years, so the rules here
are strict: a short link may never shadow a page, and every address listed in
data/published-urls.txt must still lead somewhere when the site is built.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .catalog import Catalog

PUBLISHED_URLS = Path("data") / "published-urls.txt"  # relative to mkdocs.yml


def redirects(catalog: Catalog) -> dict[str, str]:
    """Old or short path -> current page path, both without a leading slash ('go/clam/')."""
    mapping: dict[str, str] = {}
    for exercise in catalog.exercises.values():
        target = catalog.exercise_url(exercise.slug)
        mapping[short_url(exercise.short)] = target
        for old in exercise.former_slugs:
            mapping[catalog.exercise_url(old)] = target
    for routine in catalog.routines.values():
        mapping[short_url(routine.short)] = catalog.routine_url(routine.slug)
    return mapping


def short_url(short: str) -> str:
    return f"go/{short}/"


def read_published(path: Path) -> list[str]:
    """The addresses already handed out, one per line ('#' starts a comment)."""
    if not path.exists():
        return []
    lines = (line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line]


def normalise(url: str) -> str:
    """'/go/clam' and 'go/clam/' name the same address: 'go/clam/'."""
    path = url.strip().strip("/")
    return f"{path}/" if path else ""


def collisions(mapping: dict[str, str], pages: set[str]) -> list[str]:
    """Redirect sources that would overwrite a real page."""
    return sorted(source for source in mapping if source in pages)


def dead_published(published: Iterable[str], mapping: dict[str, str], pages: set[str]) -> list[str]:
    """Published addresses that would lead nowhere."""
    dead = []
    for url in published:
        path = normalise(url)
        if path not in pages and mapping.get(path) not in pages:
            dead.append(url)
    return dead


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
