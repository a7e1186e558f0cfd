"""Publishing works as the README says: GitHub's workflow runs what CI runs, with the
Python it set up, publishes only when the tests and Lighthouse pass, and builds for the
address the site is published at."""

from __future__ import annotations

import re
import shutil
import subprocess

import yaml
from conftest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "publish.yml"
CI_RUN = ROOT / ".ci" / "run"


def steps() -> list[dict]:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    return workflow["jobs"]["test-and-build"]["steps"]


def step_running(command: str) -> dict:
    found = [step for step in steps() if command in step.get("run", "")]
    assert len(found) == 1, f"one step should run {command!r}"
    return found[0]


def test_the_checks_run_with_the_python_the_workflow_set_up():
    names = [step.get("uses", "") for step in steps()]
    assert any(name.startswith("actions/setup-python@") for name in names)
    run = step_running(".ci/run")["run"]
    assert "sudo" not in run, "sudo resets PATH: make and pip would use the system's Python, not the one set up"
    assert step_running("make build")["run"].strip() == "make build"


def test_publishing_waits_for_the_tests_and_lighthouse():
    ci = CI_RUN.read_text(encoding="utf-8")
    commands = [line.strip() for line in ci.splitlines() if line.strip().startswith("make ")]
    assert commands[:1] == ["make test"] and "make audit" in commands
    order = [step.get("run", step.get("uses", "")) for step in steps()]
    at = {name: next(i for i, text in enumerate(order) if name in text) for name in (".ci/run", "make build", "upload-pages-artifact")}
    assert at[".ci/run"] < at["make build"] < at["upload-pages-artifact"]
    assert "Lighthouse" in step_running(".ci/run")["name"]
    assert "Lighthouse" in WORKFLOW.read_text(encoding="utf-8").split("name:")[0], "the header says Lighthouse gates publishing"


def test_ci_asks_for_root_only_to_install_programs():
    ci = CI_RUN.read_text(encoding="utf-8")
    for line in ci.splitlines():
        if re.search(r"\bapt-get\b", line) and not line.lstrip().startswith("#"):
            assert '"${as_root[@]}" apt-get' in line, line
    assert 'as_root=(sudo' in ci and '[ "$(id -u)" -eq 0 ]' in ci


def test_the_published_build_points_at_the_pages_address():
    pages = [step for step in steps() if step.get("uses", "").startswith("actions/configure-pages@")]
    assert len(pages) == 1 and pages[0].get("id")
    site_url = step_running("make build").get("env", {}).get("SITE_URL", "")
    assert site_url == "${{ steps." + pages[0]["id"] + ".outputs.base_url }}/"


# `make serve` on a fresh clone installs the site, not the test toolchain (a browser
# driver, linters): what make would run, read from a dry run in an empty folder.
def test_the_preview_installs_only_what_the_site_needs(tmp_path):

    shutil.copy2(ROOT / "Makefile", tmp_path / "Makefile")
    shutil.copy2(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    serve = subprocess.run(["make", "-n", "serve"], cwd=tmp_path, capture_output=True, text=True, check=True).stdout
    installs = [line for line in serve.splitlines() if "pip install" in line]
    assert installs and all("[test]" not in line for line in installs), serve
    test = subprocess.run(["make", "-n", "setup"], cwd=tmp_path, capture_output=True, text=True, check=True).stdout
    assert any("pip install" in line and "[test]" in line for line in test.splitlines()), test
