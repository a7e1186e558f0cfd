"""MkDocs reaches the package through one adapter: only lazyathlete/hooks.py (the events),
macros.py (mkdocs-macros) and the command line (lazyathlete/cli/, lazyathlete/__main__.py)
import MkDocs. Everything else works on plain values, so another engine means rewriting
those files only (ARCHITECTURE.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from lazyathlete.site import address_checks
from lazyathlete.site.build_error import BuildError
from lazyathlete.site.links import relative_url

ROOT = Path(__file__).resolve().parent.parent
ADAPTERS = {"lazyathlete/hooks.py", "macros.py", "lazyathlete/__main__.py"}
ENGINE = ("mkdocs", "mkdocs_macros", "material")  # MkDocs, mkdocs-macros and the theme's Python


def imported_modules(source: Path) -> set[str]:
    """Every module a file imports, at its top or inside a function."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"), filename=str(source))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def is_engine(module: str) -> bool:
    return module.split(".")[0] in ENGINE


def product_files() -> list[str]:
    files = [path.relative_to(ROOT).as_posix() for path in (ROOT / "lazyathlete").rglob("*.py")]
    return sorted([*files, "macros.py"])


def test_only_the_adapter_macros_and_the_command_line_import_mkdocs():
    outside = {
        name: sorted(module for module in imported_modules(ROOT / name) if is_engine(module))
        for name in product_files()
        if name not in ADAPTERS and not name.startswith("lazyathlete/cli/")
    }
    assert {name: modules for name, modules in outside.items() if modules} == {}


def test_the_check_reads_imports_in_every_form(tmp_path: Path):
    source = tmp_path / "example.py"
    source.write_text(
        "import mkdocs.utils\nfrom mkdocs.structure.toc import get_toc\nfrom . import links\n"
        "def late():\n    import material.plugins\n",
        encoding="utf-8",
    )
    assert {module for module in imported_modules(source) if is_engine(module)} == {
        "mkdocs.utils", "mkdocs.structure.toc", "material.plugins"
    }
    assert "hooks.py" in " ".join(product_files()) and "macros.py" in product_files()


# The pages link to each other with our own relative_url (site/links.py) where MkDocs'
# get_relative_url was: the same link from every kind of address to every other.
PATHS = [
    "", "./", "/", "index.html", "exercises/", "exercises", "exercises/clamshell/", "exercises/clamshell/index.html",
    "routines/home-15/card/", "exercises/muscle/glute-medius/", "go/clam/", "data/exercises.json", "404.html",
    "sitemap.xml", "a/b/c/d/", "a/b/../c/", "../../up/", "a/./b/", "/exercises/clamshell/", "exercises//double/",
    "//two-slashes/", "builder/#v1&b=clamshell", "v1.2/notes/", "assets/images/favicon.png", "a/b/c/d.e/f",
]


@pytest.mark.parametrize("page", PATHS)
def test_links_between_pages_are_written_as_mkdocs_writes_them(page: str):
    from mkdocs.utils import get_relative_url

    assert [relative_url(target, page) for target in PATHS] == [get_relative_url(target, page) for target in PATHS]


# The address contract runs on plain values (site/address_checks.py): what MkDocs would
# write, as paths and owners, and a failed check is the package's BuildError, with no
# MkDocs in sight.
def test_the_address_contract_is_checked_on_plain_values(catalog, tmp_path: Path):
    docs = tmp_path / "docs"
    written = address_checks.Written(
        files=[
            address_checks.SiteFile("about.md", "about/index.html", str(docs / "about.md")),
            address_checks.SiteFile("go/clam.md", "go/clam/index.html", str(docs / "go" / "clam.md")),
        ],
        templates=["404.html"],
        page_urls=["about/", "go/clam/"],
        docs_dir=docs,
        site_url="https://example.org/",
    )
    with pytest.raises(BuildError, match=r"/go/clam/ is claimed by docs/go/clam\.md and by the redirect page for the short name 'clam'"):
        address_checks.check_one_page_per_address(catalog, written, {})
    assert "about/" in address_checks.served_addresses(catalog, written).pages
