"""The theme partials drawn once per build (lazyathlete/partials.py) change nothing on any page."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from conftest import build_site
from lazyathlete import bench, partials


def site_files(site: Path) -> dict[str, bytes]:
    return {str(path.relative_to(site)): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # Pages at three folder depths, in and out of the nav, with the data of 20 exercises.
    return bench.our_project(tmp_path_factory.mktemp("partials") / "project", bench.synthetic_data(20))


def test_every_file_is_the_same_as_with_every_partial_drawn_on_every_page(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = site_files(build_site(project, tmp_path / "shared"))
    monkeypatch.setattr(partials, "render_once_per_key", lambda template, key: None)
    every_page = site_files(build_site(project, tmp_path / "every-page"))
    assert shared.keys() == every_page.keys()
    differ = [name for name in shared if shared[name] != every_page[name]]
    assert differ == []
    assert sum(name.endswith(".html") for name in shared) > 40


def test_the_nav_is_drawn_once_per_folder_depth_outside_the_nav(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    drawn: Counter[str] = Counter()
    share = partials.render_once_per_key

    def counting(template, key) -> None:
        render = template.root_render_func

        def counted(context):
            drawn[template.name] += 1
            return render(context)

        template.root_render_func = counted
        share(template, key)

    monkeypatch.setattr(partials, "render_once_per_key", counting)
    site = build_site(project, tmp_path / "site")
    pages = sum(1 for _ in site.rglob("index.html"))
    in_nav = 7  # mkdocs.yml: home, exercises, two routines pages, three about pages
    assert pages > 40
    # exercises/<slug>/, routines/<slug>/, routines/<slug>/card/, exercises/<kind>/<key>/ and 404.html
    assert in_nav <= drawn["partials/nav.html"] <= in_nav + 5
    assert in_nav <= drawn["partials/tabs.html"] <= in_nav + 5
    assert 1 <= drawn["partials/search.html"] <= 5


def test_the_page_being_read_is_marked_in_the_nav(site: Path) -> None:
    # Pages listed in the nav are drawn as usual: their own entry is the current one.
    about = (site / "about/index.html").read_text(encoding="utf-8")
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'md-nav__link--active' in about and 'md-nav__link--active' in home
    assert about.split('md-nav__link--active', 1)[1][:400] != home.split('md-nav__link--active', 1)[1][:400]


def test_the_nav_links_of_a_generated_page_lead_to_real_pages(site: Path) -> None:
    from bs4 import BeautifulSoup

    page = site / "exercises/clamshell/index.html"
    nav = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one("nav.md-nav--primary")
    targets = [a["href"] for a in nav.select("a[href]")]
    assert len(targets) >= 7
    for href in targets:
        target = (page.parent / href).resolve()
        assert (target / "index.html").is_file() or target.is_file(), href
