"""The MkDocs adapter: each event hands plain values to the package. With macros.py and the
command line, the only code importing MkDocs (tests/test_adapter.py). The package raises
BuildError (the gate, DataError); `stops_build` makes it MkDocs' PluginError. In order:

  on_startup        the command: a real build records addresses, the preview shows problems
  on_config         folders to site_folder.check, the data to the gate (data.catalog_for), site_url
                    to address_checks.check_site_url; in the preview, a DataError to site.preview
  on_files          the files MkDocs has to address_checks.new_files (generated pages, open data),
                    then what it will write (a Written) to address_checks.check_site_addresses;
                    in the preview, what fails and every page's address to site.preview
  on_page_markdown  a generated page's kind and slug to site.kinds: its page.meta, set once
  on_page_content   a page's HTML to site.macro_output: macro output back, its table of contents
  on_env            every page's HTML to address_checks (published #fragments) and site.search
                    (search.json); the templates' globals
  on_post_page      a page's HTML to site.theme_html (and on_post_template: the 404 page)
  on_post_build     the site folder to site.final_files (redirects, pictures, _headers, sw.js,
                    new addresses); in the preview, to site.preview for its problem page
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import ParamSpec, TypeVar

from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from lazyathlete.data import Catalog, DataError, catalog_for
from lazyathlete.site import (
    address_checks,
    components,
    final_files,
    links,
    macro_output,
    preview,
    previews,
    search,
    site_folder,
    theme_html,
)
from lazyathlete.site.build_error import BuildError
from lazyathlete.site.kinds import kind_of, page_meta, search_entry
from lazyathlete.site.render import compiled_templates, content_templates, template_env

# MkDocs names the command only in on_startup, and keeps this module for the whole process:
# the one state kept between builds. A build without the command line (a test's) neither
# records addresses nor shows problems.
_command: str | None = None
_shown: preview.Problems | None = None  # what the preview's current build shows instead of the site
log = get_plugin_logger("lazyathlete")
Args = ParamSpec("Args")
Result = TypeVar("Result")


def stops_build(event: Callable[Args, Result]) -> Callable[Args, Result]:
    """The event, with the package's exceptions made MkDocs': the build stops with the message alone."""

    @functools.wraps(event)
    def translated(*args: Args.args, **kwargs: Args.kwargs) -> Result:
        try:
            return event(*args, **kwargs)
        except (BuildError, DataError) as error:
            raise PluginError(str(error)) from None

    return translated


# The preview (`mkdocs serve`) shows what stops the site on a page of its own, so no request
# waits for a build that cannot finish; any other command stops.
def shown_instead(error: BuildError | DataError, config: MkDocsConfig) -> preview.Problems:
    if _command != "serve":
        raise error
    log.info(preview.log_line(error))
    return preview.problems_of(error, project(config))


def project(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).parent  # the data and the lists of addresses are under it


def on_startup(command: str, dirty: bool) -> None:
    global _command
    _command = command


def on_shutdown() -> None:
    global _command
    _command = None


# Runs before every plugin (macros included), so bad data stops the build
# before a single page is rendered or written.
@event_priority(100)
@stops_build
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _shown
    _shown = None
    template_env.cache_clear()  # templates edited under `mkdocs serve` are read again
    # MkDocs empties site_dir next: only a folder a build wrote (or an empty one) may be it.
    site_folder.check(Path(config.site_dir), Path(config.docs_dir), project(config))
    try:
        catalog_for(config)
    except DataError as error:
        _shown = shown_instead(error, config)
    address_checks.check_site_url(config.site_url, config.config_file_path, os.environ.get("SITE_URL"))
    if config.copyright:  # its links written from the host's root ('/disclaimer/') go inside the site's folder
        config.copyright = links.under_site_path(config.copyright, links.site_path(config.site_url))
    return config


# High priority so every other plugin sees these pages. In the preview, what fails
# here or in on_config leaves no page at all: on_post_build writes the problem page
# at every address the site has (its pages, every address it has had or handed out).
@event_priority(50)
@stops_build
def on_files(files: Files, config: MkDocsConfig) -> Files:
    global _shown
    if _shown is None:
        try:
            return site_files(files, config)
        except BuildError as error:
            _shown = shown_instead(error, config)
    page_urls = [file.url for file in files.documentation_pages()]
    _shown = replace(_shown, addresses=preview.shown_addresses(page_urls, project(config), config.site_url))
    config.nav = None  # no nav naming the pages left out
    return Files([])


def site_files(files: Files, config: MkDocsConfig) -> Files:
    catalog, owners = catalog_for(config), dict[str, str]()
    existing = {file.src_uri: file.abs_src_path for file in files}
    for new in address_checks.new_files(catalog, config.site_url, existing, Path(config.docs_dir)):
        inclusion = InclusionLevel.NOT_IN_NAV if new.page else InclusionLevel.UNDEFINED
        files.append(File.generated(config, new.src_uri, content=new.content, inclusion=inclusion))
        owners[new.src_uri] = new.owner
    address_checks.check_site_addresses(catalog, written(files, config), owners, project(config))
    return files


def written(files: Files, config: MkDocsConfig) -> address_checks.Written:
    """What MkDocs will write, in plain values."""
    return address_checks.Written(
        files=[address_checks.SiteFile(f.src_uri, f.dest_uri, f.abs_src_path) for f in files if f.inclusion.is_included()],
        templates=[*config.theme.static_templates, *config.extra_templates],
        page_urls=[file.url for file in files.documentation_pages()],
        docs_dir=Path(config.docs_dir),
        site_url=config.site_url,
    )


# Every page is rendered (on_env): a published '#fragment' must still be on its page.
def check_published_anchors(catalog: Catalog, files: Files, config: MkDocsConfig) -> None:
    html = {file.url: file.page.content or "" for file in files.documentation_pages() if file.page is not None}
    address_checks.check_published_anchors(catalog, written(files, config), project(config), html)


# Runs after mkdocs-macros (priority 0), which would otherwise evaluate a `{{`
# in a title; the theme prints titles unescaped, so they are escaped here once.
@event_priority(-50)
@stops_build
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    kind = kind_of(page.meta)
    if kind is not None:
        page.meta.update(page_meta(kind, page.meta["slug"], catalog_for(config)))
        # Markup: escaped once here, and never again by a template's `| e`.
        page.meta["title"] = page.title = escape(page.meta["title"])
        page.meta["description"] = escape(page.meta["description"])
    page.meta["components"] = components.page_components(page.meta, f"docs/{page.file.src_uri}")  # read by main.html
    return markdown


def on_pre_page(page: Page, config: MkDocsConfig, files: Files) -> Page:
    macro_output.forget(page.file.src_uri)  # what an earlier, failed render left
    return page


# First, so every other plugin sees the whole page.
@event_priority(100)
@stops_build
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    whole = macro_output.restored(page.file.src_uri, html)
    if whole != html:
        page.toc = get_toc(macro_output.toc_tokens(whole))  # type: ignore[arg-type]  # the toc extension's own shape
    return whole


SITE_CSS = Path("stylesheets") / "site.css"  # in docs/, inlined by overrides/main.html


# Every page has its content and nothing is written yet: the last checks.
# Every page gets the site's own CSS inline (it is small; a separate file
# would be one more render-blocking request); the 404 page, a theme
# template, gets the exercises and routines.
@stops_build
def on_env(env, config: MkDocsConfig, files: Files):
    env.bytecode_cache = compiled_templates(project(config))  # the theme's templates, compiled once
    if _shown is not None:
        return env
    catalog = catalog_for(config)
    check_published_anchors(catalog, files, config)
    env.globals["la_site_css"] = components.inline_style((Path(config.docs_dir) / SITE_CSS).read_text(encoding="utf-8"))
    env.globals.update(components.template_globals(Path(config["theme"].custom_dir)))  # a page's components' styles, scripts
    env.globals["la_root"] = links.site_path(config.site_url)
    env.globals["la_exercises"] = [(e.name, catalog.exercise_url(e.slug)) for e in catalog.exercises.values()]
    env.globals["la_routines"] = [(r.title, catalog.routine_url(r.slug)) for r in catalog.routines.values()]
    site_folder.mark(Path(config.site_dir))  # just before MkDocs writes the first file: a half-built site is the build's too
    rendered = [(f.url, str(f.page.title or ""), f.page.content or "", f.page.meta) for f in files.documentation_pages() if f.page]
    search.write_index(Path(config.site_dir), rendered, lambda meta: search_entry(meta, catalog))
    return env


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return theme_html.fixed_theme_html(output)


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    return theme_html.fixed_theme_html(output_content)  # 404.html and other theme-only pages


@stops_build
def on_post_build(config: MkDocsConfig) -> None:
    site, templates = Path(config.site_dir), content_templates(config)
    if _shown is not None:
        preview.write_problem_pages(site, templates, _shown)
        return
    final_files.write_final_files(
        site, catalog_for(config), config.site_url, templates.get_template("redirect.html"),
        offline_on=config.extra.get("offline", True) is not False,  # the owner's `extra: offline:`, on unless false
        recorded_in=project(config) if _command in ("build", "gh-deploy") else None,  # a page only previewed was never published
        pictures_kept_in=project(config) / previews.CACHE,
    )
