"""A machine without Chromium: `make test` passes the rest and says once how to install it;
under CI=true the same run fails. Run as a second pytest on a few real tests."""

from __future__ import annotations

import os
import subprocess
import sys
from types import SimpleNamespace

import conftest
import pytest
from conftest import ROOT

# Three browser tests (one of them marked but not using the browser fixture) and one plain test.
SELECTION = [
    "tests/test_filter.py::test_filters_narrow_the_list_and_say_how_many",
    "tests/test_filter.py::test_without_javascript_the_filters_are_not_shown",
    "tests/test_filter.py::test_print_button_shows_with_javascript",
    "tests/test_search.py::test_the_engine_ships_with_its_licence",
    "tests/test_security.py::test_hash_is_of_the_text_as_the_browser_parses_it",
]
HINT = (
    "Chromium not found at /nonexistent: browser and print tests skipped;"
    " install it with `sudo apt-get install chromium poppler-utils` (or set CHROMIUM=/path/to/chromium)"
)


def run_without_chromium(ci: bool) -> subprocess.CompletedProcess[str]:
    env = {name: value for name, value in os.environ.items() if name not in {"CI", "PYTEST_ADDOPTS"}}
    env["CHROMIUM"] = "/nonexistent"
    if ci:
        env["CI"] = "true"
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *SELECTION],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )


def test_without_chromium_the_rest_passes_and_one_line_says_how_to_install_it():
    result = run_without_chromium(ci=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("Chromium not found") == 1, result.stdout
    hint = next(line for line in result.stdout.splitlines() if "Chromium not found" in line)
    assert hint.startswith("SKIPPED [4] ") and hint.endswith(HINT), hint
    assert "1 passed, 4 skipped" in result.stdout


def test_without_chromium_under_ci_the_browser_tests_fail():
    result = run_without_chromium(ci=True)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "4 errors" in result.stdout and "1 passed" in result.stdout, result.stdout
    assert "browser and print tests may not skip under CI=true" in result.stdout


def test_a_test_using_the_browser_without_the_marker_is_refused():
    def item(nodeid: str, fixtures: list[str], marked: bool) -> SimpleNamespace:
        return SimpleNamespace(nodeid=nodeid, fixturenames=fixtures, get_closest_marker=lambda name: marked or None)

    items = [item("t::marked", ["browser"], True), item("t::plain", ["site"], False), item("t::escapes", ["browser"], False)]
    with pytest.raises(pytest.UsageError, match=r"need @pytest.mark.browser: t::escapes$"):
        conftest.pytest_collection_modifyitems(items)
    conftest.pytest_collection_modifyitems(items[:2])
