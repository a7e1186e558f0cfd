"""The MkDocs adapter: MkDocs events, translated into calls on the data and the site.

Listed under `hooks:` in mkdocs.yml. Everything else in the package works
without MkDocs; this is the one module to rewrite for another engine. The
events, in the order a build runs them (ARCHITECTURE.md has the whole flow):

  on_startup        which command runs: a real build records the page addresses it writes;
                    the preview (`mkdocs serve`) shows what stops the site on every page
  on_config         the one gate: bad data stops the build before any page (the preview
                    shows the problems instead: site/preview.py)
  on_files          the generated pages and the open data join the site; one address, one page;
                    every address the site has had, and every published one, still leads somewhere
  on_page_markdown  a generated page's title and description
  on_page_content   macro output back in place of its placeholders (site/macro_output.py)
  on_env            published #fragments still on their pages; globals for templates; the
                    search index written (site/search.py)
  on_post_page      theme markup the HTML checker rejects, fixed
  on_post_build     redirect pages, _redirects, link-preview images, _headers and the
                    service worker written; new page addresses recorded (site/addresses.py)
"""

from __future__ import annotations

import os
import re
from dataclasses import replace
from pathlib import Path

from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from lazyathlete.data import Catalog, DataError, catalog_for, data_path
from lazyathlete.site import addresses, components, headers, links, macro_output, offline, preview, previews, search, site_folder
from lazyathlete.site.open_data import open_data_files
from lazyathlete.site.pages import generated_pages, page_words
from lazyathlete.site.render import COMPILED_TEMPLATES, content_templates, template_env

# --- Which command runs ----------------------------------------------------------------------

# MkDocs says which command runs only in on_startup, once, before the builds, and
# keeps this module for the whole process: the one piece of state kept between builds.
# Only a real build (`mkdocs build`, `python -m lazyathlete build`, `make build`) adds
# to the list of addresses the site has had (site/addresses.py): a page only previewed
# was never published. The preview (`mkdocs serve`) shows what stops the site on a page
# of its own, so no request waits for a build that cannot finish. A build started
# without the command line (a test's, in-process) does neither.
_command: str | None = None
# What the preview's current build shows instead of the site; None when the site builds.
_shown: preview.Problems | None = None

log = get_plugin_logger("lazyathlete")


def on_startup(command: str, dirty: bool) -> None:
    global _command
    _command = command


def on_shutdown() -> None:
    global _command
    _command = None


def recording() -> bool:
    return _command in ("build", "gh-deploy")


def serving() -> bool:
    return _command == "serve"


# --- The gate ----------------------------------------------------------------------------------

# Runs before every plugin (macros included), so bad data stops the build
# before a single page is rendered or written.
@event_priority(100)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _shown
    _shown = None
    template_env.cache_clear()  # templates edited under `mkdocs serve` are read again
    # MkDocs empties site_dir next: only a folder a build wrote (or an empty one) may be it.
    refused = site_folder.refusal(Path(config.site_dir), Path(config.docs_dir), Path(config.config_file_path).parent)
    if refused is not None:
        raise PluginError(refused)
    try:
        catalog_for(config)
    except DataError as error:
        if not serving():
            raise PluginError(str(error)) from None
        _shown = preview.data_problems(error, project_folder(config))
        log.info(f"{error}\nThe preview shows these on every page until the file is fixed.")
    check_site_url(config)
    return config


def project_folder(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).parent


# The public address is printed raw into QR codes, previews and redirects: checked like the data.
# A copyright line's links written from the host's root ('/disclaimer/') go inside the site's folder.
def check_site_url(config: MkDocsConfig) -> None:
    problem = links.site_url_problem(config.site_url)
    if problem is not None:
        from_env = os.environ.get("SITE_URL")
        source = (
            f"the SITE_URL environment variable ({from_env!r})"
            if from_env is not None and (config.site_url or "").rstrip("/") == from_env.rstrip("/")
            else f"site_url in {config.config_file_path}"
        )
        raise PluginError(f"{source}: {problem}")
    if config.copyright:
        config.copyright = links.under_site_path(config.copyright, links.site_path(config.site_url))


# --- Generated pages -----------------------------------------------------------------------------


# High priority so every other plugin sees these pages. In the preview, a
# problem found here (an address that would break, two pages at one address)
# is shown like a data problem.
@event_priority(50)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    global _shown
    if _shown is None:
        try:
            return site_files(files, config)
        except PluginError as error:
            if not serving():
                raise
            _shown = preview.build_problems(str(error))
            log.info(f"{error}\nThe preview shows this on every page until it is fixed.")
    _shown = replace(_shown, addresses=shown_addresses(files, config))
    config.nav = None  # no nav naming the pages left out
    return Files([])


def site_files(files: Files, config: MkDocsConfig) -> Files:
    catalog = catalog_for(config)
    generated = generated_pages(catalog)
    for src_uri, page in generated.items():
        existing = files.get_file_from_path(src_uri)
        if existing is not None:
            raise PluginError(
                f"{file_owner(existing, config, {})} and {page.owner} are both docs/{src_uri}:"
                " rename or delete the hand-written file, or rename the entry in the data"
            )
        files.append(File.generated(config, src_uri, content=page.markdown, inclusion=InclusionLevel.NOT_IN_NAV))
    owners = {src: page.owner for src, page in generated.items()}
    for src_uri, text in open_data_files(catalog, config.site_url or "").items():
        existing = files.get_file_from_path(src_uri)
        if existing is not None:
            raise PluginError(f"{file_owner(existing, config, {})} and the open data are both {src_uri}: move the file under docs/")
        files.append(File.generated(config, src_uri, content=text))
        owners[src_uri] = f"the open data file {src_uri}"
    check_one_page_per_address(catalog, files, config, owners)
    check_published_addresses(catalog, files, config)
    return files


# Where the preview shows its problem page: every page of the docs folder, every
# address the site has had or handed out; on_post_build writes it there, and no
# page is built at all.
def shown_addresses(files: Files, config: MkDocsConfig) -> tuple[str, ...]:
    pages = (links.page_address(file.url) for file in files.documentation_pages())
    listed = [*readable_list(addresses_file(config)), *readable_list(published_file(config))]
    paths = (links.address_path(address, config.site_url)[0] for _, address in listed)
    return (*pages, *(path for path in paths if path is not None))


# One of the lists of addresses, for the problem page; a list that cannot be read adds none.
def readable_list(path: Path) -> list[tuple[int, str]]:
    try:
        return links.published_entries(path)
    except links.PublishedListError:
        return []


# Runs after mkdocs-macros (priority 0), which would otherwise evaluate a `{{`
# in a title; the theme prints titles unescaped, so they are escaped here once.
@event_priority(-50)
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    words = page_words(page.meta, catalog_for(config))
    if words is not None:
        # Markup: escaped once here, and never again by a template's `| e`.
        page.meta["title"] = page.title = escape(words.title)
        page.meta["description"] = escape(words.description)
    page.meta["components"] = components.page_components(page.meta, f"docs/{page.file.src_uri}")  # read by main.html
    preview = previews.preview_of(page.meta, catalog_for(config))
    if preview is not None:
        # Read by overrides/main.html for og:image and twitter:image (printed there with `| e`).
        page.meta["preview_image"] = preview.path
        page.meta["preview_alt"] = preview.alt
    return markdown


# --- Macro output, held out of Markdown (site/macro_output.py) -----------------------------------


def on_pre_page(page: Page, config: MkDocsConfig, files: Files) -> Page:
    macro_output.forget(page.file.src_uri)
    return page


# First, so every other plugin sees the whole page.
@event_priority(100)
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    try:
        whole = macro_output.restored(page.file.src_uri, html)
    except macro_output.LostBlockError as error:
        raise PluginError(str(error)) from None
    if whole != html:
        page.toc = macro_output.table_of_contents(whole)
    return whole


# --- Templates' globals --------------------------------------------------------------------------

SITE_CSS = Path("stylesheets") / "site.css"  # in docs/, inlined by overrides/main.html


# Every page has its content and nothing is written yet: the last checks.
# Every page gets the site's own CSS inline (it is small; a separate file
# would be one more render-blocking request); the 404 page, a theme
# template, gets the exercises and routines.
def on_env(env, config: MkDocsConfig, files: Files):
    env.bytecode_cache = COMPILED_TEMPLATES  # the theme's templates, compiled once per process
    if _shown is not None:
        return env
    catalog = catalog_for(config)
    check_published_anchors(catalog, files, config)
    env.globals["la_site_css"] = Markup((Path(config.docs_dir) / SITE_CSS).read_text(encoding="utf-8"))
    env.globals.update(components.template_globals(Path(config["theme"].custom_dir)))  # a page's components' styles, scripts
    env.globals["la_root"] = links.site_path(config.site_url)
    env.globals["la_exercises"] = [(e.name, catalog.exercise_url(e.slug)) for e in catalog.exercises.values()]
    env.globals["la_routines"] = [(r.title, catalog.routine_url(r.slug)) for r in catalog.routines.values()]
    site_folder.mark(Path(config.site_dir))  # just before MkDocs writes the first file: a half-built site is the build's too
    write_search_index(catalog, files, config)
    return env


# Every page is rendered and none written yet: the search box's index (site/search.py).
# Generated pages are described from the catalog; only hand-written ones are read from their HTML.
def write_search_index(catalog: Catalog, files: Files, config: MkDocsConfig) -> None:
    entries = []
    for file in files.documentation_pages():
        page = file.page
        if page is None or search.excluded(page.meta):
            continue
        entry = search.generated_entry(page.meta, catalog)
        if entry is None:
            tags = page.meta.get("tags") or []
            entry = search.written_entry(file.url, str(page.title or ""), page.content or "", tags)
        entries.append(entry)
    (Path(config.site_dir) / search.INDEX_FILE).write_text(search.index_json(entries), encoding="utf-8")


# --- Theme markup the Nu Html Checker rejects ----------------------------------------------------

# Outside any template block in mkdocs-material 9.8, so fixed in the output:
# `autocomplete` is not allowed on a checkbox and `tabindex=""` is not an integer. The vnu and axe gates in
# tests/test_quality.py fail if a theme update moves any of these
# (ARCHITECTURE.md, upgrade checklist).
THEME_HTML_FIXES = (
    ('type="checkbox" id="__drawer" autocomplete="off"', 'type="checkbox" id="__drawer"'),
    ('type="checkbox" id="__search" autocomplete="off"', 'type="checkbox" id="__search"'),
    (' tabindex=""', ""),
)  # fmt: skip


def fixed_theme_html(output: str) -> str:
    for old, new in THEME_HTML_FIXES:
        output = output.replace(old, new)
    return output


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return fixed_theme_html(output)


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    return fixed_theme_html(output_content)  # 404.html and other theme-only pages


# --- Files for the host --------------------------------------------------------------------------


def on_post_build(config: MkDocsConfig) -> None:
    site = Path(config.site_dir)
    if _shown is not None:
        preview.write_problem_pages(site, content_templates(config), _shown)
        return
    template = content_templates(config).get_template("redirect.html")
    for relative, text in links.redirect_pages(catalog_for(config), config.site_url, template).items():
        path = site / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for relative, png in previews.preview_images(catalog_for(config)).items():
        path = site / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(png)
    write_security_headers(site)
    # Last: the worker's list and version cover every file written before it.
    (site / offline.SERVICE_WORKER).write_text(offline.service_worker(site, offline_on(config)), encoding="utf-8")
    if recording():  # the whole site is written: its page addresses join the list of those it has had
        record_addresses(site, addresses_file(config))


# A list that cannot be written would leave new pages unprotected: the build stops, in words.
def record_addresses(site: Path, path: Path) -> None:
    try:
        addresses.record(path, addresses.page_addresses(site), read_addresses(path))
    except OSError as error:
        raise PluginError(
            f"{path}: the new page addresses could not be added to it ({error.strerror or error}); make the"
            " file and its folder writable and build again"
        ) from None


def offline_on(config: MkDocsConfig) -> bool:
    """The owner's switch, `extra: offline:` in mkdocs.yml (on unless set to false)."""
    return config.extra.get("offline", True) is not False


# Read back from site/ once everything is written, so the policy covers every
# page: MkDocs' own, theme-only ones (404.html) and the redirect pages.
def write_security_headers(site: Path) -> None:
    pages = (path.read_text(encoding="utf-8") for path in site.rglob("*.html"))
    try:
        text = headers.headers_file(headers.blocks_of(pages))
    except headers.HeaderTooLongError as error:
        raise PluginError(str(error)) from None
    (site / headers.HEADERS_FILE).write_text(text, encoding="utf-8")


# --- Addresses that must never break or clash ----------------------------------------------------

HOST_FILES = ("_redirects", headers.HEADERS_FILE)  # read by Netlify and Cloudflare Pages
BUILD_FILES = (offline.SERVICE_WORKER,)  # written last by on_post_build


def file_owner(file: File, config: MkDocsConfig, generated: dict[str, str]) -> str:
    """Who puts this file in the site, in words."""
    if file.src_uri in generated:
        return generated[file.src_uri]
    if file.abs_src_path and Path(file.abs_src_path).is_relative_to(Path(config.docs_dir).resolve()):
        return f"docs/{file.src_uri}"
    return f"the theme's {file.src_uri}"


# Every file the build writes, with who writes it: pages (hand-written and
# generated), static files, the theme's assets and templates, the search
# index, redirect pages, the link-preview images and the files for the host.
def output_claims(catalog: Catalog, files: Files, config: MkDocsConfig, generated: dict[str, str]) -> list[tuple[str, str]]:
    claims = [(file.dest_uri, file_owner(file, config, generated)) for file in files if file.inclusion.is_included()]
    for template in [*config.theme.static_templates, *config.extra_templates]:
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


# One address, one page: two things that would write the same file stop the build, both named.
def check_one_page_per_address(catalog: Catalog, files: Files, config: MkDocsConfig, generated: dict[str, str]) -> None:
    clashes = links.clashes(output_claims(catalog, files, config, generated))
    if clashes:
        raise PluginError(
            "one address, one page: each of these addresses would be written twice, the second"
            " silently replacing the first; rename one of each pair (a slug, a short name, a former"
            " slug or a file under docs/), or remove a line under `gone:` whose page is back:\n  - " + "\n  - ".join(clashes)
        )


def published_file(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).parent / links.PUBLISHED_URLS


def page_urls(files: Files) -> set[str]:
    return {links.page_address(file.url) for file in files.documentation_pages()}


# Every address a reader can open: pages, short links and redirects, static files,
# the open data, preview pictures, the sitemap (not the host's own _redirects and _headers).
def served_addresses(catalog: Catalog, files: Files, config: MkDocsConfig) -> links.Served:
    return links.Served(
        site_url=config.site_url or "/",
        files=frozenset(path for path, _ in output_claims(catalog, files, config, {}) if path not in HOST_FILES),
        pages=frozenset(page_urls(files)),
        redirects=links.redirects(catalog),
        exercise_names=frozenset([*catalog.exercises, *catalog.former_slugs]),
    )


def published_entries(path: Path) -> list[tuple[int, str]]:
    try:
        return links.published_entries(path)
    except links.PublishedListError as error:
        raise PluginError(str(error)) from None


def addresses_file(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).parent / addresses.ADDRESSES


def read_addresses(path: Path) -> list[str]:
    """The page addresses the site has had, as recorded (none before the first build)."""
    return [address for _, address in published_entries(path)]


def data_text(config: MkDocsConfig) -> str:
    """The data file's text, to find the line of an entry a message names (it passed the gate)."""
    return data_path(config).read_text(encoding="utf-8")


# Every address already handed out must still lead somewhere: each page address the site has
# had (data/addresses.txt), then what else was listed by hand (data/published-urls.txt).
# An address in both is said once, with the advice for a page.
def check_published_addresses(catalog: Catalog, files: Files, config: MkDocsConfig) -> None:
    path = published_file(config)
    if not path.is_file():
        raise PluginError(
            f"{path}: not found. It lists every address handed out (videos, cards, QR codes) so the"
            " build can keep them alive; create it, empty if nothing has been published yet"
        )
    served = served_addresses(catalog, files, config)
    kept = addresses_file(config)
    recorded = published_entries(kept)
    known = {links.normalise(address) for _, address in recorded}
    lost = addresses.lost(recorded, served)
    text = data_text(config) if lost else ""
    said = {links.normalise(address) for _, address in lost}
    listed = published_entries(path)
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
        raise PluginError("\n".join(message))
    check_gone(catalog, files, config, known | {links.normalise(url) for _, url in listed} if recorded else None)


def handed_out(address: str, listed: list[tuple[int, str]], path: Path, served: links.Served) -> str:
    """' It was handed out: line 7 of .../published-urls.txt.' when the lost page is listed there too."""
    lines = [str(line) for line, url in listed if is_said(url, {links.normalise(address)}, served)]
    return f" It was handed out: line {', '.join(lines)} of {path}." if lines else ""


def is_said(url: str, said: set[str], served: links.Served) -> bool:
    """A published address that is one of the lost pages, already said (with or without a '#place')."""
    path, _ = links.address_path(url, served.site_url)
    return path is not None and links.normalise(path) in said


# A line under `gone:` sends readers to a page the site has; its old address is one the site had.
def check_gone(catalog: Catalog, files: Files, config: MkDocsConfig, had: set[str] | None) -> None:
    if not catalog.gone:
        return
    problems = addresses.gone_problems(catalog, page_urls(files), links.redirects(catalog), had, data_text(config))
    if problems:
        raise PluginError("pages taken down (`gone:` in the data):\n  - " + "\n  - ".join(problems))


ELEMENT_ID = re.compile(r'\bid="([^"]+)"')


# A published '#fragment' must still be on its page.
def check_published_anchors(catalog: Catalog, files: Files, config: MkDocsConfig) -> None:
    ids = {
        links.page_address(file.url): set(ELEMENT_ID.findall(file.page.content or ""))
        for file in files.documentation_pages()
        if file.page is not None
    }
    path = published_file(config)
    lost = links.lost_anchors(published_entries(path), served_addresses(catalog, files, config), ids)
    if lost:
        raise PluginError(
            f"{path}: these published links point into a page at a place it no longer has:\n  - " + "\n  - ".join(lost)
        )
