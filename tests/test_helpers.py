"""The helper processes that work on the second core while MkDocs renders pages."""

from __future__ import annotations

from pathlib import Path

import pytest
import segno

from lazyathlete import helpers, render
from lazyathlete.helpers import Helper, HelperError, draw_qr_codes, write_files

# --- Writing the redirect pages ------------------------------------------------------------------


def test_writes_every_file_in_its_folder(tmp_path: Path) -> None:
    files = {f"go/short{n}/index.html": f"<p>page {n} – café</p>" for n in range(50)}
    files["_redirects"] = "/go/a /b 301\n"
    write_files(tmp_path, files).result()
    for relative, text in files.items():
        assert (tmp_path / relative).read_text(encoding="utf-8") == text


def test_a_file_it_cannot_write_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "go").write_text("a file where a folder must go", encoding="utf-8")
    writer = write_files(tmp_path, {"go/bridge/index.html": "<p>x</p>"})
    with pytest.raises(HelperError, match=r"writing 1 files under .*: .*Error"):
        writer.result()


def test_stop_ends_the_helper(tmp_path: Path) -> None:
    writer = write_files(tmp_path, {f"d{n}/index.html": "x" * 1000 for n in range(2000)})
    writer.stop()
    assert writer._process.returncode is not None


def test_a_helper_that_dies_at_start_is_reported() -> None:
    helper = Helper("a job", "raise SystemExit('cannot start')", ["x" * 10_000] * 500)
    with pytest.raises(HelperError, match="a job failed: cannot start"):
        helper.result()


def test_one_running_helper_of_a_kind_taken_once(tmp_path: Path) -> None:
    running = helpers.Running()
    first = write_files(tmp_path / "a", {f"d{n}/index.html": "x" * 1000 for n in range(2000)})
    running.start(first)
    second = write_files(tmp_path / "b", {"index.html": "b"})
    running.start(second)  # starting another stops the first
    assert first._process.returncode is not None
    assert running.take() is second
    assert running.take() is None
    second.result()
    assert (tmp_path / "b" / "index.html").read_text(encoding="utf-8") == "b"


# --- Drawing the QR codes ------------------------------------------------------------------------

URLS = [f"https://glutes.example/routines/routine-{n}/" for n in range(5)]


def test_qr_codes_from_the_helper_are_the_ones_drawn_here() -> None:
    drawn = draw_qr_codes(URLS, render.QR_MAKE, render.QR_SVG).result()
    assert list(drawn) == URLS
    for url in URLS:
        assert drawn[url] == segno.make(url, **render.QR_MAKE).svg_inline(**render.QR_SVG)


def test_cards_take_their_qr_codes_from_the_helper(monkeypatch: pytest.MonkeyPatch) -> None:
    render.start_qr_codes(URLS[:2])
    drawn_here: list[str] = []
    make = segno.make
    monkeypatch.setattr(segno, "make", lambda url, **kw: drawn_here.append(url) or make(url, **kw))
    first = render.qr_svg(URLS[0], "QR code")
    assert 'role="img" aria-label="QR code"' in first
    render.qr_svg(URLS[1], "QR code")
    assert drawn_here == []  # both came from the helper
    render.qr_svg(URLS[3], "QR code")  # not asked for: drawn here, the same way
    assert drawn_here == [URLS[3]]


def test_a_failed_qr_helper_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(helpers, "DRAW_QR_CODES", "raise SystemExit('no segno here')")
    render.start_qr_codes(URLS)
    with pytest.raises(HelperError, match="drawing 5 QR codes failed: no segno here"):
        render.qr_code(URLS[0])


def test_no_routines_start_no_qr_helper() -> None:
    render.start_qr_codes(URLS)
    render.start_qr_codes([])  # a rebuild without routines: the last helper is stopped, none started
    assert render._qr_codes.take() is None


# --- Checking and drawing the figures ------------------------------------------------------------


@pytest.fixture(scope="module")
def catalog():
    from conftest import ROOT
    from lazyathlete.catalog import DATA_FILE, load_catalog

    return load_catalog(ROOT / DATA_FILE)


def figure_jobs(catalog, change=None) -> list:
    jobs = [(i, e.slug, e.figure.model_dump(mode="json")) for i, e in enumerate(catalog.data.exercises)]
    if change is not None:
        change(jobs)
    return jobs


def test_figures_drawn_by_the_helper_are_the_ones_drawn_here(catalog) -> None:
    from lazyathlete import figures

    result = helpers.check_and_draw_figures(figure_jobs(catalog)).result()
    assert result["problems"] == []
    assert set(result["drawn"]) == set(catalog.exercises)
    for slug, drawn in result["drawn"].items():
        figure = catalog.exercise(slug).figure
        assert [(index, left) for index, left, _ in drawn["frames"]] == figures.strip_frames(figure)
        for index, left, svg in drawn["frames"]:
            assert svg == figures._drawn_frame(figure, index, left)
        assert tuple(drawn["extent"]) == figures._measured_extent(figure)


def test_the_helper_finds_figure_problems_as_the_data_check_words_them(catalog) -> None:
    from lazyathlete.catalog import figure_problem
    from lazyathlete.figures import figure_problems

    def sink_the_bridge(jobs: list) -> None:
        index, slug, raw = next(job for job in jobs if job[1] == "glute-bridge")
        raw["poses"][1]["hip"] = 175  # beyond what a hip can do
        expected.extend(figure_problem(index, slug, p) for p in figure_problems(slug, raw))

    expected: list[str] = []
    jobs = figure_jobs(catalog, sink_the_bridge)
    result = helpers.check_and_draw_figures(jobs).result()
    found = [figure_problem(index, slug, problem) for index, slug, problem in result["problems"]]
    assert found == expected and found
    assert found[0].startswith("exercises[") and "'glute-bridge': field 'figure': glute-bridge: figure, pose 2" in found[0]
    assert "glute-bridge" not in result["drawn"] and "clamshell" in result["drawn"]


def test_a_failed_figure_helper_is_reported(catalog, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(helpers, "CHECK_AND_DRAW_FIGURES", "raise SystemExit('no figures here')")
    render.start_figures(catalog)
    with pytest.raises(HelperError, match=r"checking and drawing 13 figures failed: no figures here"):
        render.figure_problems_found(catalog)


def test_a_build_that_never_started_the_check_cannot_skip_it(catalog) -> None:
    render.stop_figures()
    with pytest.raises(RuntimeError, match="never checked"):
        render.figure_problems_found(catalog)
