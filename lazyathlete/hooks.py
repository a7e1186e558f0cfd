"""MkDocs hooks: check the data first, add a page per exercise, title it from the data.

Listed under `hooks:` in mkdocs.yml. The pages added here hold only a slug
in their front matter and one macro call; mkdocs-macros renders them like
any hand-written page. The redirect pages are written once the pages are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from lazyathlete import headers, held, links
from lazyathlete.catalog import Catalog, DataError, catalog_for
from lazyathlete.render import content_templates, template_env

# --- Validation at the door ------------------------------------------------------------


# Runs before every plugin (macros included), so bad data stops the build
# before a single page is rendered or written.
@event_priority(100)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    template_env.cache_clear()  # templates edited under `mkdocs serve` are read again
    try:
        catalog_for(config)
    except DataError as error:
        raise PluginError(str(error)) from None
    return config


# --- Generated pages -----------------------------------------------------------------------


@dataclass(frozen=True)
class GeneratedPage:
    markdown: str
    owner: str  # what the page is for, in words, for messages: "exercise 'clamshell'"


# The slug travels in the front matter, and the body names it by that key:
# every page of a kind has the same source, which mkdocs-macros then
# compiles once (see macros.py), not once per page.
def generated_pages(catalog: Catalog) -> dict[str, GeneratedPage]:
    """Source path -> Markdown for every page that comes from the data."""
    pages = {
        f"exercises/{slug}.md": GeneratedPage(
            f"---\nexercise: {slug}\n---\n\n{{{{ exercise_page(exercise) }}}}\n", f"the page of exercise '{slug}'"
        )
        for slug in catalog.exercises
    }
    for slug in catalog.routines:
        pages[f"routines/{slug}.md"] = GeneratedPage(
            f"---\nroutine: {slug}\n---\n\n{{{{ routine_page(routine) }}}}\n", f"the page of routine '{slug}'"
        )
        pages[f"routines/{slug}/card.md"] = GeneratedPage(
            # Kept out of search: the routine's own page already answers.
            f"---\nroutine: {slug}\npocket: true\nsearch:\n  exclude: true\n---\n\n{{{{ pocket_card(routine) }}}}\n",
            f"the pocket card of routine '{slug}'",
        )
    for kind in catalog.facets:
        for key in catalog.terms_in_use(kind):
            pages[f"exercises/{kind}/{key}.md"] = GeneratedPage(
                f"---\nfacet: {kind}\nterm: {key}\n---\n\n{{{{ facet_page(facet, term) }}}}\n",
                f"the {kind} browse page for '{key}'",
            )
    return pages


# High priority so search and every other plugin see these pages.
@event_priority(50)
def on_files(files: Files, config: MkDocsConfig) -> Files:
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
    check_one_page_per_address(catalog, files, config, {src: page.owner for src, page in generated.items()})
    check_published_addresses(catalog, files, config)
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
    return fixed_theme_html(output)


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    return fixed_theme_html(output_content)  # 404.html and other theme-only pages


# --- Links that must never break ----------------------------------------------------------------


def page_urls(files: Files) -> set[str]:
    return {file.url for file in files.documentation_pages()}


def file_owner(file: File, config: MkDocsConfig, generated: dict[str, str]) -> str:
    """Who puts this file in the site, in words."""
    if file.src_uri in generated:
        return generated[file.src_uri]
    if file.abs_src_path and Path(file.abs_src_path).is_relative_to(Path(config.docs_dir).resolve()):
        return f"docs/{file.src_uri}"
    return f"the theme's {file.src_uri}"


# Every file the build writes, with who writes it: pages (hand-written and
# generated), static files, the theme's assets and templates, the search
# index, redirect pages and the files for the host.
def output_claims(catalog: Catalog, files: Files, config: MkDocsConfig, generated: dict[str, str]) -> list[tuple[str, str]]:
    claims = [
        (file.dest_uri, file_owner(file, config, generated))
        for file in files
        if file.inclusion.is_included()
    ]
    for template in [*config.theme.static_templates, *config.extra_templates]:
        claims.append((template, f"the theme's {template} template"))
        if template == "sitemap.xml":
            claims.append(("sitemap.xml.gz", "the theme's sitemap.xml template"))
    if any(name.split("/")[-1] == "search" for name in config.plugins):
        claims.append(("search/search_index.json", "the search plugin's index"))
    claims += [(links.output_path(r.source), f"the redirect page for {r.owner}") for r in links.redirect_list(catalog)]
    claims += [(name, f"the {name} file the build writes for the host") for name in HOST_FILES]
    return claims


HOST_FILES = ("_redirects", headers.HEADERS_FILE)  # read by Netlify and Cloudflare Pages


# One address, one page: two things that would write the same file stop the build, both named.
def check_one_page_per_address(catalog: Catalog, files: Files, config: MkDocsConfig, generated: dict[str, str]) -> None:
    clashes = links.clashes(output_claims(catalog, files, config, generated))
    if clashes:
        raise PluginError(
            "one address, one page: each of these addresses would be written twice, the second"
            " silently replacing the first; rename one of each pair (a slug, a short name, a former"
            " slug or a file under docs/):\n  - " + "\n  - ".join(clashes)
        )


def published_file(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).parent / links.PUBLISHED_URLS


def site_path(config: MkDocsConfig) -> str:
    return urlsplit(config.site_url or "/").path or "/"


# Every address already handed out must still lead somewhere.
def check_published_addresses(catalog: Catalog, files: Files, config: MkDocsConfig) -> None:
    path = published_file(config)
    if not path.is_file():
        raise PluginError(
            f"{path}: not found. It lists every address handed out (videos, cards, QR codes) so the"
            " build can keep them alive; create it, empty if nothing has been published yet"
        )
    dead = links.dead_published(links.read_published(path), links.redirects(catalog), page_urls(files), site_path(config))
    if dead:
        raise PluginError(f"{path}: these published addresses would no longer lead anywhere:\n  - " + "\n  - ".join(dead))


# A published '#fragment' must still be on its page. Every page has its
# content by now, and nothing is written yet.
def check_published_anchors(catalog: Catalog, files: Files, config: MkDocsConfig) -> None:
    ids = {
        file.url: set(ELEMENT_ID.findall(file.page.content or ""))
        for file in files.documentation_pages()
        if file.page is not None
    }
    path = published_file(config)
    lost = links.lost_anchors(links.read_published(path), links.redirects(catalog), ids, site_path(config))
    if lost:
        raise PluginError(f"{path}: these published links point into a page at a place it no longer has:\n  - " + "\n  - ".join(lost))


ELEMENT_ID = re.compile(r'\bid="([^"]+)"')


SITE_CSS = Path("stylesheets") / "site.css"  # in docs/, inlined by overrides/main.html


# The 404 page is a theme template: give it the exercises and routines.
# Every page gets the site's own CSS inline (it is small; a separate file
# would be one more render-blocking request).
def on_env(env, config: MkDocsConfig, files: Files):
    catalog = catalog_for(config)
    check_published_anchors(catalog, files, config)
    env.globals["la_site_css"] = Markup((Path(config.docs_dir) / SITE_CSS).read_text(encoding="utf-8"))
    env.globals["la_root"] = urlsplit(config.site_url or "/").path or "/"
    env.globals["la_exercises"] = [(e.name, catalog.exercise_url(e.slug)) for e in catalog.exercises.values()]
    env.globals["la_routines"] = [(r.title, catalog.routine_url(r.slug)) for r in catalog.routines.values()]
    return env


# Redirect pages come from the data, like mkdocs-redirects makes them from
# its config: see README ("Short links") for why not mkdocs-redirects
# itself.


def redirect_pages(catalog: Catalog, config: MkDocsConfig) -> dict[str, str]:
    """Path under site/ -> HTML of every short link and former address, and the _redirects file."""
    mapping = links.redirects(catalog)
    base_path = site_path(config)
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


def on_post_build(config: MkDocsConfig) -> None:
    site = Path(config.site_dir)
    for relative, text in redirect_pages(catalog_for(config), config).items():
        path = site / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    write_security_headers(config)


def target_title(catalog: Catalog, target: str) -> str:
    """The name of the exercise or routine a redirect leads to."""
    kind, slug, *card = target.strip("/").split("/")
    if kind == "exercises":
        return catalog.exercise(slug).name
    return f"{catalog.routine(slug).title}: pocket card" if card else catalog.routine(slug).title


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
        # The theme draws a result's tags as HTML, like its title: escaped too.
        page.meta["tags"] = [escape(term) for term in terms]
    return markdown


# --- Security headers (lazyathlete/headers.py) ---------------------------------------------------


# Read back from site/ once everything is written, so the policy covers every
# page: MkDocs' own, theme-only ones (404.html) and the redirect pages. About 0.2 s at 1,000 exercises (2,300 files), mostly reading them.
def write_security_headers(config: MkDocsConfig) -> None:
    site_dir = Path(config.site_dir)
    pages = (path.read_text(encoding="utf-8") for path in site_dir.rglob("*.html"))
    try:
        text = headers.headers_file(headers.blocks_of(pages))
    except headers.HeaderTooLongError as error:
        raise PluginError(str(error)) from None
    (site_dir / headers.HEADERS_FILE).write_text(text, encoding="utf-8")
