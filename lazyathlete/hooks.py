"""MkDocs hooks: check the data first, add a page per exercise, title it from the data.

Listed under `hooks:` in mkdocs.yml. The pages added here hold only a slug
in their front matter and one macro call; mkdocs-macros renders them like
any hand-written page. The redirect pages and the QR codes are made by
helper processes on the second core (helpers.py) while the pages render;
the theme's partials that are the same on many pages are drawn once
(partials.py).
"""

from __future__ import annotations

import gc
from pathlib import Path
from urllib.parse import urlsplit

from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from lazyathlete import headers, held, links
from lazyathlete.catalog import Catalog, DataError, catalog_for, data_path, figure_report
from lazyathlete.helpers import HelperError, Running, write_files
from lazyathlete.partials import share_partials
from lazyathlete.render import (
    absolute_url, compiled_templates, content_templates, figure_problems_found, start_figures, start_qr_codes,
    stop_figures, stop_qr_codes, template_env,
)

# --- Validation at the door ------------------------------------------------------------


# Runs before every plugin (macros included), so bad data stops the build
# before a single page is rendered or written.
@event_priority(100)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    template_env.cache_clear()  # templates edited under `mkdocs serve` are read again
    hand_back_live_objects()
    try:
        catalog = catalog_for(config)
    except DataError as error:
        raise PluginError(str(error)) from None
    # Every routine card carries a QR code of the routine's address: drawn on
    # the second core while the pages before them render (helpers.py).
    start_qr_codes([absolute_url(config.site_url, catalog.routine_url(slug)) for slug in catalog.routines])
    # The figures' geometry is checked (and every figure drawn) there too;
    # on_env waits for the verdict before a single page is written.
    start_figures(catalog)
    set_aside_live_objects()
    return config


# --- Garbage collection ------------------------------------------------------------------------

# Python's cycle collector walks every live object at each full collection.
# A build keeps the catalog, and then every page's content, alive to its end,
# so those walks grow with the site and the build grows faster than the page
# count. What is alive once the data is loaded, and again once every page has
# its content, is set aside (gc.freeze) for the rest of the build and handed
# back to the collector when the build ends, as it must under `mkdocs serve`.


def set_aside_live_objects() -> None:
    gc.freeze()


# Also called as a build starts: one that ended without either end hook
# (mkdocs-macros exits the process on a macro error) leaves nothing frozen.
def hand_back_live_objects() -> None:
    gc.unfreeze()


# The `mkdocs` command is about to exit. Python's last full collection, on
# the way out, would walk every object the build left alive only to find no
# garbage: 0.35 s after a build of 1,000 exercises. Set aside, they are freed
# all the same. (Not run by a build called from Python, such as the tests.)
def on_shutdown() -> None:
    set_aside_live_objects()


# --- Generated pages -----------------------------------------------------------------------


# The slug travels in the front matter, and the body names it by that key:
# every page of a kind has the same source, which mkdocs-macros then
# compiles once (see macros.py), not once per page.
def generated_pages(catalog: Catalog) -> dict[str, str]:
    """Source path -> Markdown for every page that comes from the data."""
    pages = {
        f"exercises/{slug}.md": f"---\nexercise: {slug}\n---\n\n{{{{ exercise_page(exercise) }}}}\n"
        for slug in catalog.exercises
    }
    for slug in catalog.routines:
        pages[f"routines/{slug}.md"] = f"---\nroutine: {slug}\n---\n\n{{{{ routine_page(routine) }}}}\n"
        pages[f"routines/{slug}/card.md"] = (
            # Kept out of search: the routine's own page already answers.
            f"---\nroutine: {slug}\npocket: true\nsearch:\n  exclude: true\n---\n\n{{{{ pocket_card(routine) }}}}\n"
        )
    for kind in catalog.facets:
        for key in catalog.terms_in_use(kind):
            pages[f"exercises/{kind}/{key}.md"] = (
                f"---\nfacet: {kind}\nterm: {key}\n---\n\n{{{{ facet_page(facet, term) }}}}\n"
            )
    return pages


# High priority so search and every other plugin see these pages.
@event_priority(50)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    for src_uri, content in generated_pages(catalog_for(config)).items():
        if files.get_file_from_path(src_uri) is not None:
            raise PluginError(
                f"docs/{src_uri} exists as a hand-written file, but that page is generated"
                " from the data: delete the file (or rename the entry in the data)"
            )
        files.append(
            File.generated(config, src_uri, content=content, inclusion=InclusionLevel.NOT_IN_NAV)
        )
    check_links(catalog_for(config), files, config)
    return files


# --- Macro output, held out of Markdown (lazyathlete/held.py) --------------------------------------


def on_pre_page(page: Page, config: MkDocsConfig, files: Files) -> Page:
    held.forget(page.file.src_uri)
    return page


# First, so every other plugin (search included) sees the whole page.
@event_priority(100)
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    try:
        whole = held.restored(page.file.src_uri, html)
    except held.LostBlockError as error:
        raise PluginError(str(error)) from None
    if whole != html:
        page.toc = held.table_of_contents(whole)
    return whole


# --- Theme markup the Nu Html Checker rejects ----------------------------------------------------

# Outside any template block in mkdocs-material 9.8, so fixed in the output:
# `autocomplete` is not allowed on a checkbox, `tabindex=""` is not an integer,
# and a dialog needs a name (axe: aria-dialog-name). The vnu and axe gates in
# tests/test_quality.py fail if a theme update moves any of these.
THEME_HTML_FIXES = (
    ('class="md-search" data-md-component="search" role="dialog"',
     'class="md-search" data-md-component="search" role="dialog" aria-label="Search"'),
    ('type="checkbox" id="__drawer" autocomplete="off"', 'type="checkbox" id="__drawer"'),
    ('type="checkbox" id="__search" autocomplete="off"', 'type="checkbox" id="__search"'),
    (' tabindex=""', ""),
)


def fixed_theme_html(output: str) -> str:
    for old, new in THEME_HTML_FIXES:
        output = output.replace(old, new)
    return output


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    try:
        output = held.restored_late(page.file.src_uri, output)
    except held.LostBlockError as error:
        raise PluginError(str(error)) from None
    return fixed_theme_html(output)


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    return fixed_theme_html(output_content)  # 404.html and other theme-only pages


# --- Links that must never break ----------------------------------------------------------------


def page_urls(files: Files) -> set[str]:
    return {file.url for file in files.documentation_pages()}


# A short link must not shadow a page, and every address already handed out
# must still lead somewhere: both stop the build.
def check_links(catalog: Catalog, files: Files, config: MkDocsConfig) -> None:
    mapping, pages = links.redirects(catalog), page_urls(files)
    clashes = links.collisions(mapping, pages)
    if clashes:
        raise PluginError(
            "these short links or former slugs would overwrite a page: "
            + ", ".join(f"/{c} (page exists; redirect to /{mapping[c]})" for c in clashes)
        )
    published_file = Path(config.config_file_path).parent / links.PUBLISHED_URLS
    dead = links.dead_published(links.read_published(published_file), mapping, pages)
    if dead:
        raise PluginError(
            f"{published_file}: these published addresses would no longer lead anywhere: "
            + ", ".join(dead)
            + ". Keep the page, or list the old slug under 'former_slugs' of the exercise it became."
        )


SITE_CSS = Path("stylesheets") / "site.css"  # in docs/, inlined by overrides/main.html


# The 404 page is a theme template: give it the exercises and routines.
# Every page gets the site's own CSS inline (it is small; a separate file
# would be one more render-blocking request).
def on_env(env, config: MkDocsConfig, files: Files):
    catalog = catalog_for(config)
    # The last of the checks at the door (see on_config): nothing is written yet.
    try:
        problems = figure_problems_found(catalog)
    except HelperError as error:
        raise PluginError(str(error)) from None
    if problems:
        raise PluginError(figure_report(data_path(config), problems))
    # The theme's templates are compiled when the first page is written, after
    # this: kept compiled between builds like ours (render.compiled_templates).
    env.bytecode_cache = compiled_templates(config.config_file_path, "theme")
    share_partials(env)  # the nav, tabs, search box... drawn once, not on every page (partials.py)
    env.globals["la_site_css"] = Markup((Path(config.docs_dir) / SITE_CSS).read_text(encoding="utf-8"))
    env.globals["la_root"] = urlsplit(config.site_url or "/").path or "/"
    env.globals["la_exercises"] = [(e.name, catalog.exercise_url(e.slug)) for e in catalog.exercises.values()]
    env.globals["la_routines"] = [(r.title, catalog.routine_url(r.slug)) for r in catalog.routines.values()]
    start_redirect_pages(catalog, config)
    set_aside_live_objects()
    return env


# Redirect pages come from the data, like mkdocs-redirects makes them from
# its config: see README ("Short links") for why not mkdocs-redirects
# itself. They are written by a second process while MkDocs renders the
# pages (lazyathlete/helpers.py); the build waits for it at the end.
_writer = Running()


def redirect_pages(catalog: Catalog, config: MkDocsConfig) -> dict[str, str]:
    """Path under site/ -> HTML of every short link and former address, and the _redirects file."""
    mapping = links.redirects(catalog)
    base_path = urlsplit(config.site_url or "/").path or "/"
    template = content_templates(config).get_template("redirect.html")
    pages = {
        f"{source}/index.html": template.render(
            target=base_path + target,
            canonical=(config.site_url or "/") + target,
            title=target_title(catalog, target),
        )
        for source, target in mapping.items()
    }
    pages["_redirects"] = links.redirects_file(mapping, base_path)
    return pages


# After every page has its content (so the data has passed) and after the
# site folder was cleaned, just before MkDocs starts writing pages.
def start_redirect_pages(catalog: Catalog, config: MkDocsConfig) -> None:
    _writer.start(write_files(Path(config.site_dir), redirect_pages(catalog, config)))


def on_post_build(config: MkDocsConfig) -> None:
    hand_back_live_objects()
    writer = _writer.take()
    if writer is None:
        raise PluginError("the redirect pages were never started (on_env did not run)")
    try:
        writer.result()
    except HelperError as error:
        raise PluginError(str(error)) from None
    write_security_headers(config)


def on_build_error(error: Exception) -> None:
    hand_back_live_objects()
    _writer.stop()
    stop_qr_codes()
    stop_figures()


def target_title(catalog: Catalog, target: str) -> str:
    """The name of the exercise or routine a redirect leads to."""
    kind, slug = target.strip("/").split("/", 1)
    return catalog.exercise(slug).name if kind == "exercises" else catalog.routine(slug).title


# --- Titles and descriptions from the data ---------------------------------------------------


def page_words(page: Page, catalog: Catalog) -> tuple[str, str, list[str]] | None:
    """(title, description, search terms) for a generated page, None for a hand-written one."""
    if "exercise" in page.meta:
        exercise = catalog.exercise(page.meta["exercise"])
        return exercise.name, exercise.summary, catalog.search_terms(exercise)
    if "routine" in page.meta:
        routine = catalog.routine(page.meta["routine"])
        if page.meta.get("pocket"):
            return f"{routine.title}: pocket card", f"Printable A6 pocket card: {routine.title}.", []
        return routine.title, routine.purpose, [routine.title]
    if "facet" in page.meta:
        facet = catalog.facets[page.meta["facet"]]
        term = facet.terms[page.meta["term"]]
        description = f"Glute exercises for runners, by {facet.title.lower()}: {term.name}. {term.about}"
        # Search treats every typed word as a prefix: a level's name as a tag made
        # "Intermediate" outrank real answers to "knees cave in". Levels are found by title.
        tags = list(term.also) if facet.kind == "level" else [term.name, *term.also]
        return f"{term.name} exercises", description, tags
    return None


# Runs after mkdocs-macros (priority 0), which would otherwise evaluate a `{{`
# in a title; the theme prints titles unescaped, so they are escaped here once.
@event_priority(-50)
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    words = page_words(page, catalog_for(config))
    if words is not None:
        title, description, terms = words
        # Markup: escaped once here, and never again by a template's `| e`.
        page.meta["title"] = page.title = escape(title)
        page.meta["description"] = escape(description)
        # Material's search weighs page tags far above body text; the tags
        # plugin is off, so they are not shown twice (the page shows them).
        page.meta["tags"] = terms
    return markdown


# --- Security headers (lazyathlete/headers.py) ---------------------------------------------------


# Read back from site/ once everything is written, so the policy covers every
# page: MkDocs' own, theme-only ones (404.html) and the redirect pages the
# helper wrote. About 0.2 s at 1,000 exercises (2,300 files), mostly reading them.
def write_security_headers(config: MkDocsConfig) -> None:
    site_dir = Path(config.site_dir)
    pages = (path.read_text(encoding="utf-8") for path in site_dir.rglob("*.html"))
    try:
        text = headers.headers_file(headers.blocks_of(pages))
    except headers.HeaderTooLongError as error:
        raise PluginError(str(error)) from None
    (site_dir / headers.HEADERS_FILE).write_text(text, encoding="utf-8")
