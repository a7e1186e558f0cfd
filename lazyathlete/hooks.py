"""MkDocs hooks: check the data first, add a page per exercise, title it from the data.

Listed under `hooks:` in mkdocs.yml. The pages added here hold only a macro
call with a slug; mkdocs-macros renders them like any hand-written page.
"""

from __future__ import annotations

from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from lazyathlete.catalog import Catalog, DataError, catalog_for

# --- Validation at the door ------------------------------------------------------------


# Runs before every plugin (macros included), so bad data stops the build
# before a single page is rendered or written.
@event_priority(100)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    try:
        catalog_for(config)
    except DataError as error:
        raise PluginError(str(error)) from None
    return config


# --- Generated pages -----------------------------------------------------------------------


def generated_pages(catalog: Catalog) -> dict[str, str]:
    """Source path -> Markdown for every page that comes from the data."""
    pages = {
        f"exercises/{slug}.md": f"---\nexercise: {slug}\n---\n\n{{{{ exercise_page('{slug}') }}}}\n"
        for slug in catalog.exercises
    }
    for slug in catalog.routines:
        pages[f"routines/{slug}.md"] = f"---\nroutine: {slug}\n---\n\n{{{{ routine_page('{slug}') }}}}\n"
        pages[f"routines/{slug}/card.md"] = (
            f"---\nroutine: {slug}\npocket: true\n---\n\n{{{{ pocket_card('{slug}') }}}}\n"
        )
    for kind in catalog.facets:
        for key in catalog.terms_in_use(kind):
            pages[f"exercises/{kind}/{key}.md"] = (
                f"---\nfacet: {kind}\nterm: {key}\n---\n\n{{{{ facet_page('{kind}', '{key}') }}}}\n"
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
    return files


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
        return f"{term.name} exercises", description, [term.name, *term.also]
    return None


# Runs after mkdocs-macros (priority 0), which would otherwise evaluate a `{{`
# in a title; the theme prints titles unescaped, so they are escaped here once.
@event_priority(-50)
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    words = page_words(page, catalog_for(config))
    if words is not None:
        title, description, terms = words
        page.meta["title"] = page.title = str(escape(title))
        page.meta["description"] = str(escape(description))
        # Material's search weighs page tags far above body text; the tags
        # plugin is off, so they are not shown twice (the page shows them).
        page.meta["tags"] = terms
    return markdown
