"""`make bench` measures what it says it measures: its synthetic data passes the real
gate, plain Material builds the same pages as ours, the commit before builds with its
own code, and CPU time is the builds' own. Promises of the harness, never timings.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from tools import bench

from lazyathlete.data import DATA_FILE, load_catalog

REAL = yaml.safe_load((bench.ROOT / DATA_FILE).read_text(encoding="utf-8"))
SIZE = 60  # above the real exercises: clones, a partial last copy and a cloned routine


@pytest.mark.parametrize("size", [len(REAL["exercises"]), SIZE, 250, max(bench.DEFAULT_SIZES)])
def test_synthetic_data_passes_the_real_validation(size: int, tmp_path: Path) -> None:
    catalog = bench.write_data(bench.synthetic_data(size), tmp_path / "glutes.yml")
    assert len(catalog.exercises) == size
    assert len(catalog.routines) == max(len(REAL["routines"]), size // bench.EXERCISES_PER_ROUTINE)


def test_synthetic_data_keeps_the_real_entries_first() -> None:
    data = bench.synthetic_data(SIZE)
    real_exercises, real_routines = REAL["exercises"], REAL["routines"]
    assert data["exercises"][: len(real_exercises)] == real_exercises
    assert data["routines"][: len(real_routines)] == real_routines


def test_fewer_exercises_than_the_real_ones_are_refused() -> None:
    with pytest.raises(ValueError, match="real exercises"):
        bench.synthetic_data(3)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, bench.Run]]:
    """Ours and plain Material at SIZE, and the real site now and at the commit before, built once each."""
    work, data = tmp_path_factory.mktemp("bench"), bench.synthetic_data(SIZE)
    projects = {
        "ours": bench.our_project(work / "ours", data),
        "plain": bench.baseline_project(work / "plain", data),
        "current": bench.our_project(work / "current"),
        "before": bench.before_project(work / "before"),
    }
    return {name: (project, bench.timed_build(project)) for name, project in projects.items()}


def test_plain_material_builds_as_many_pages_as_ours(built: dict[str, tuple[Path, bench.Run]]) -> None:
    # Routines, pocket cards and browse pages too, not only the exercises.
    assert built["plain"][1].pages == built["ours"][1].pages > SIZE


@pytest.mark.parametrize("side", ["ours", "plain"])
def test_every_exercise_has_its_page(side: str, built: dict[str, tuple[Path, bench.Run]]) -> None:
    site = built[side][0] / "site"
    for exercise in bench.synthetic_data(SIZE)["exercises"]:
        assert (site / "exercises" / exercise["slug"] / "index.html").is_file(), exercise["slug"]


def test_the_commit_before_builds_with_its_own_code(built: dict[str, tuple[Path, bench.Run]]) -> None:
    before = built["before"][0]
    assert (before / "lazyathlete" / "partials.py").is_file()  # the theme-partials patch, gone since
    assert not (bench.ROOT / "lazyathlete" / "partials.py").exists()
    assert built["before"][1].pages > 40 and built["current"][1].pages > 40  # both whole sites


def test_the_watched_page_shows_the_summary_that_is_edited(built: dict[str, tuple[Path, bench.Run]]) -> None:
    summary = load_catalog(bench.ROOT / DATA_FILE).exercise(bench.EDITED_EXERCISE).summary
    for side in ("current", "before"):
        page = built[side][0] / "site" / "exercises" / bench.EDITED_EXERCISE / "index.html"
        assert summary in page.read_text(encoding="utf-8")


def test_the_data_edit_changes_one_summary_only(tmp_path: Path) -> None:
    text = (bench.ROOT / DATA_FILE).read_text(encoding="utf-8")
    (tmp_path / "glutes.yml").write_text(bench.edited_data(text, "Bench edit 1."), encoding="utf-8")
    before, after = load_catalog(bench.ROOT / DATA_FILE), load_catalog(tmp_path / "glutes.yml")
    changed = [slug for slug, e in after.exercises.items() if e != before.exercise(slug)]
    assert changed == [bench.EDITED_EXERCISE]
    assert after.exercise(bench.EDITED_EXERCISE).summary.startswith("Bench edit 1. ")


def test_cpu_time_is_the_childrens() -> None:
    start = bench.children_cpu()
    subprocess.run([sys.executable, "-c", "sum(range(3 * 10**7))"], check=True)
    assert bench.children_cpu() - start > 0.1


def test_floors_are_reported_met_or_not_and_left_out_when_not_measured() -> None:
    def row(ours: float, theirs: float) -> dict:
        return {"ours": {"seconds": ours, "cpu_seconds": ours}, "theirs": {"seconds": theirs, "cpu_seconds": theirs}}

    floors = bench.floors({"1000": row(3.0, 2.0), "2000": row(6.3, 4.0), "build": row(1.0, 0.9), "edit": row(0.8, 0.9)})
    assert [(f.get("ratio"), f["met"]) for f in floors] == [(1.5, True), (2.1, False), (None, True), (None, False)]
    assert floors[2]["seconds"] == 1.0 and "at most 1.0 s" in floors[2]["floor"]
    assert floors[3]["seconds"] == 0.8 and "at most 0.5 s" in floors[3]["floor"]
    slow = bench.floors({"edit": row(1.3, 0.9)})
    assert [(f["floor"].split(":")[0], f["met"]) for f in slow] == [("data edit to page", False)]
