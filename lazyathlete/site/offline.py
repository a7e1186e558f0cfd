"""The site offline: the service worker the build writes to site/sw.js, with the list of
files it keeps on a reader's phone after one visit. Pure functions over the written
site (no MkDocs here; lazyathlete/hooks.py calls them last, when every file is written).
The worker's code is lazyathlete/site/sw.js (on) and sw-off.js (off: it removes itself),
both after sw-scope.js, which names the caches by the site's path on the host."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from lazyathlete.site import components

SERVICE_WORKER = "sw.js"  # at the site's root, so its scope is the whole site
WORKER_SCOPE_CODE = Path(__file__).with_name("sw-scope.js")
WORKER_CODE = Path(__file__).with_name("sw.js")
WORKER_OFF_CODE = Path(__file__).with_name("sw-off.js")

# Never kept: files for the host, source maps, the sitemap, the worker itself, the
# theme's search engine and its languages, which the theme copies but no page uses (the
# site's search is components/search/search.js over search.json, both kept), the scripts
# joined into components/every-page.js, which MkDocs copies too but no page asks for, and
# the link-preview pictures, which only link previews in other apps fetch.
LEFT_OUT_NAMES = {
    "_headers", "_redirects", SERVICE_WORKER, "sitemap.xml", "sitemap.xml.gz", "assets/social.png",
    *components.every_page_sources(),
}  # fmt: skip
LEFT_OUT_SUFFIXES = (".map",)
LEFT_OUT_FOLDERS = ("assets/javascripts/lunr/", "assets/javascripts/workers/", "assets/previews/")


def precached(site: Path) -> list[str]:
    """Every file a reader may need offline, as the address it is asked for, relative to
    the site's root: a page by its folder ("routines/build/"), the home page as "./"."""
    paths = []
    for path in sorted(site.rglob("*")):
        relative = path.relative_to(site).as_posix()
        if (
            not path.is_file()
            or relative in LEFT_OUT_NAMES
            or relative.endswith(LEFT_OUT_SUFFIXES)
            or relative.startswith(LEFT_OUT_FOLDERS)
            or path.name.startswith(".")
        ):
            continue
        if path.name == "index.html":
            relative = relative[: -len("index.html")] or "./"
        paths.append(relative)
    return paths


def version(site: Path, paths: list[str]) -> str:
    """A hash of every precached file's address and bytes: a new build with any change is a new cache."""
    digest = hashlib.sha256()
    for relative in paths:
        file = site / (relative + "index.html" if relative.endswith("/") else relative)
        if relative == "./":
            file = site / "index.html"
        digest.update(relative.encode("utf-8") + b"\0" + file.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def service_worker(site: Path, offline: bool) -> str:
    """The text of site/sw.js: the caching worker with this build's list, or, with the
    site's offline mode switched off, a worker that deletes the caches and unregisters."""
    scope = WORKER_SCOPE_CODE.read_text(encoding="utf-8")
    if not offline:
        return scope + WORKER_OFF_CODE.read_text(encoding="utf-8")
    paths = precached(site)
    build = f"var VERSION = {json.dumps(version(site, paths))};\nvar PRECACHE = {json.dumps(paths, indent=0)};\n"
    return scope + build + WORKER_CODE.read_text(encoding="utf-8")
