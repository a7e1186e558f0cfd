"""`make bench` keeps working: its synthetic data validates, and its harness
builds our site and the baseline and returns a row of numbers.

Not a timing: the sizes are tiny and nothing here asserts a speed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tools import bench
from lazyathlete.data import DATA_FILE, load_catalog

SIZE = 20  # above the 13 real exercises, so clones and a partial round are both made


# --- The synthetic data --------------------------------------------------------------------


@pytest.fixture(scope="module")
def data() -> dict:
    return bench.synthetic_data(SIZE)


def test_synthetic_data_passes_the_real_validation(data: dict, tmp_path: Path) -> None:
    path = tmp_path / "glutes.yml"
    path.write_text(bench.yaml_text(data), encoding="utf-8")
    catalog = load_catalog(path)
    assert len(catalog.exercises) == SIZE


def test_synthetic_data_keeps_the_real_entries_first(data: dict) -> None:
    real = bench.real_data()
    assert data["exercises"][: len(real["exercises"])] == real["exercises"]
    assert data["routines"][: len(real["routines"])] == real["routines"]


@pytest.mark.parametrize("size", [SIZE, 100, 1000])
def test_routines_come_one_per_ten_exercises(size: int) -> None:
    data = bench.synthetic_data(size)
    real_routines = len(bench.real_data()["routines"])
    assert len(data["routines"]) == max(real_routines, size // bench.EXERCISES_PER_ROUTINE)
    clones = data["routines"][real_routines:]
    assert all(bench.routine_items(routine) in bench.ROUTINE_ITEMS for routine in clones)


def test_variations_of_clones_point_at_clones() -> None:
    data = bench.synthetic_data(100)
    slugs = {exercise["slug"] for exercise in data["exercises"]}
    linked = [e for e in data["exercises"] if e["slug"].endswith("-v2") and e["harder"].get("exercise")]
    assert linked, "no cloned exercise links a harder version"
    assert all(e["harder"]["exercise"].endswith("-v2") and e["harder"]["exercise"] in slugs for e in linked)


def test_too_small_a_size_is_refused() -> None:
    with pytest.raises(ValueError, match="real exercises"):
        bench.synthetic_data(3)


# --- The harness ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def row(tmp_path_factory: pytest.TempPathFactory) -> bench.SizeResult:
    """Ours and the baseline, built once each at the tiny size."""
    return bench.size_result(SIZE, repeat=1, workdir=tmp_path_factory.mktemp("bench"))


def test_our_build_has_a_page_per_exercise(row: bench.SizeResult) -> None:
    (run,) = row.ours
    assert run.exercise_pages == SIZE
    assert run.pages > SIZE  # and the routine, browse and hand-written pages


def test_baseline_has_a_page_per_exercise(row: bench.SizeResult) -> None:
    (run,) = row.baseline
    assert run.exercise_pages == SIZE


def test_baseline_builds_as_many_pages_as_ours(row: bench.SizeResult) -> None:
    # "The same number of plain Markdown pages": routines, pocket cards and
    # browse pages too, not only the exercises.
    (ours,) = row.ours
    (baseline,) = row.baseline
    assert baseline.pages == ours.pages


def test_row_has_times_memory_and_a_ratio(row: bench.SizeResult) -> None:
    assert row.our_seconds > 0 and row.baseline_seconds > 0
    assert row.our_mb > 0 and row.baseline_mb > 0
    assert row.ratio == pytest.approx(row.our_seconds / row.baseline_seconds)
    assert f"| {SIZE} |" in bench.size_table([row])


def test_targets_report_what_was_not_measured(row: bench.SizeResult) -> None:
    checks = bench.targets([row], real=[], edits=bench.Reloads([], []))
    assert checks[0].met is not None  # the ratio was measured at this size
    assert [check.met for check in checks[1:]] == [None, None, None, None]


def test_baseline_with_every_page_in_the_nav_lists_them(data: dict) -> None:
    config = bench.baseline_config(data["exercises"], all_in_nav=True)
    listed = bench.nav_pages(config["nav"])
    assert all(f"exercises/{e['slug']}.md" in listed for e in data["exercises"])


def test_rebuild_times_leave_out_the_first_build() -> None:
    log = "INFO - Documentation built in 1.20 seconds\nINFO - Documentation built in 0.81 seconds\n"
    assert bench.rebuild_seconds(log) == [0.81]


def test_the_data_edit_changes_one_summary_only() -> None:
    text = (bench.ROOT / DATA_FILE).read_text(encoding="utf-8")
    edited = bench.edited_data(text, bench.EDITED_EXERCISE, "Bench edit 1.")
    assert edited.count("Bench edit 1.") == 1
    assert len(edited.splitlines()) == len(text.splitlines())


# --- Built to grow linearly ------------------------------------------------------------------------


def test_timed_copies_of_our_project_are_byte_compiled(tmp_path: Path) -> None:
    import importlib.util

    project = bench.byte_compiled(bench.our_project(tmp_path / "project"))
    for source in [project / "macros.py", *(project / "lazyathlete").glob("*.py")]:
        assert Path(importlib.util.cache_from_source(str(source))).is_file(), source.name
