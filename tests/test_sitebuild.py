"""`make build` (python -m lazyathlete build): site/ is replaced by a complete build or not at all,
with two builds at once, after a failed build, and over a site an earlier build left as another user."""

from __future__ import annotations

import os
import pwd
import subprocess
import sys
import tempfile
import traceback
from pathlib import Path

import pytest
from conftest import IN_CI, write_data
from tools.project import copy_project

BUILD = [sys.executable, "-m", "lazyathlete", "build"]


def files_under(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}


def assert_complete(site: Path, reference: Path) -> None:
    """Every file of a good build is there, and every page is whole."""
    assert files_under(site) == files_under(reference)
    for page in site.rglob("*.html"):
        assert page.read_text(encoding="utf-8").rstrip().endswith("</html>"), page


def leftovers(project: Path) -> list[str]:
    return sorted(p.name for p in project.iterdir() if p.name.startswith(".site-"))


def test_two_builds_at_once_each_ship_a_complete_site(project_copy: Path, site: Path) -> None:
    config = str(project_copy / "mkdocs.yml")
    builds = [subprocess.Popen([*BUILD, "--config", config], stderr=subprocess.PIPE, text=True) for _ in range(3)]
    for running in builds:
        _, errors = running.communicate(timeout=300)
        assert running.returncode == 0, errors[-2000:]
    assert_complete(project_copy / "site", site)
    assert leftovers(project_copy) == []


def test_a_failed_build_leaves_the_last_good_site_untouched(project_copy: Path, site: Path) -> None:
    config = str(project_copy / "mkdocs.yml")
    assert subprocess.run([*BUILD, "--config", config], capture_output=True).returncode == 0
    before = {p: p.stat().st_mtime_ns for p in (project_copy / "site").rglob("*")}
    write_data(project_copy, "exercises: [")
    failed = subprocess.run([*BUILD, "--config", config], capture_output=True, text=True)
    assert failed.returncode != 0 and "glutes.yml" in failed.stderr and "Traceback" not in failed.stderr
    assert {p: p.stat().st_mtime_ns for p in (project_copy / "site").rglob("*")} == before
    assert_complete(project_copy / "site", site)
    assert leftovers(project_copy) == []


def test_a_build_writes_nothing_in_the_project_but_its_site(project_copy: Path) -> None:
    """No cache or scratch folder that a build by another user could not read, write or delete."""
    before = files_under(project_copy)
    result = subprocess.run([*BUILD, "--config", str(project_copy / "mkdocs.yml")], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    written = {f for f in files_under(project_copy) - before if not f.startswith("site/")}
    assert written == set() and leftovers(project_copy) == []


def test_a_missing_configuration_is_a_message(tmp_path: Path) -> None:
    result = subprocess.run([*BUILD, "--config", str(tmp_path / "mkdocs.yml")], capture_output=True, text=True)
    assert result.returncode == 1 and "mkdocs.yml" in result.stderr and "Traceback" not in result.stderr


# --- An earlier build ran as another user (CI builds as root; the publish job as a normal user) ---


def as_user(uid: int, gid: int, work) -> int:
    """Run `work()` in a forked copy of this process with another user's rights; its exit code.

    A fork, not a new interpreter: the other user may not be able to read the Python install
    (it lies under /root here), but everything the build needs is already imported.
    """
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 70
        try:
            os.setgroups([])
            os.setgid(gid)
            os.setuid(uid)
            code = work()
        except BaseException:
            traceback.print_exc()
        finally:
            os._exit(code)
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])


def test_a_site_left_by_another_user_is_replaced(site: Path) -> None:
    if os.geteuid() != 0:
        if IN_CI:
            pytest.fail("CI runs as root: this test must run there")
        pytest.skip("needs root, to build as one user and then as another")
    from lazyathlete.cli import sitebuild

    nobody = pwd.getpwnam("nobody")
    with tempfile.TemporaryDirectory() as scratch:  # under /tmp: a folder the other user can reach
        Path(scratch).chmod(0o755)
        project = copy_project(Path(scratch) / "project")
        # The earlier build, as root: site/ and everything in it belong to root.
        assert sitebuild.build(project / "mkdocs.yml", project / "site") == 0
        (project / "site" / "left-by-root.txt").write_text("root's\n", encoding="utf-8")
        for path in [project, *project.rglob("*")]:
            if not (path == project / "site" or project / "site" in path.parents):
                os.chown(path, nobody.pw_uid, nobody.pw_gid, follow_symlinks=False)
        code = as_user(nobody.pw_uid, nobody.pw_gid, lambda: sitebuild.build(project / "mkdocs.yml", project / "site"))
        assert code == 0
        assert (project / "site").stat().st_uid == nobody.pw_uid  # the new build is in place
        assert_complete(project / "site", site)
        # The old site could not be deleted by the other user: it is set aside, named, not in site/.
        assert [name.startswith(".site-old-") for name in leftovers(project)] == [True]
