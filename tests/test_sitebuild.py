"""`make build` (python -m lazyathlete build): site/ is replaced by a complete build or not at all,
with two builds at once, after a failed build, and over a site an earlier build left as another user;
a reader of site/ always finds one whole build, even while builds swap in or are killed; and no build
(nor plain `mkdocs build`) ever replaces a folder it did not write."""

from __future__ import annotations

import hashlib
import os
import pwd
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

import pytest
from conftest import IN_CI, ROOT, write_data
from tools.project import copy_project

BUILD = [sys.executable, "-m", "lazyathlete", "build"]
MKDOCS_BUILD = [sys.executable, "-m", "mkdocs", "build", "--strict"]
MARKER = ".lazyathlete-site"  # lazyathlete/site/site_folder.py: the file every build leaves in its site
EARLIER_BUILD_FILES = ("index.html", "404.html", "sitemap.xml", "_headers", "sw.js")


def files_under(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}


def assert_complete(site: Path, reference: Path) -> None:
    """Every file of a good build is there, and every page is whole."""
    assert files_under(site) == files_under(reference)
    for page in site.rglob("*.html"):
        assert page.read_text(encoding="utf-8").rstrip().endswith("</html>"), page


def current_build(site: Path) -> str | None:
    """The name of the build folder the `site` link points at (None when site is not a link)."""
    return os.readlink(site) if site.is_symlink() else None


def leftovers(project: Path) -> list[str]:
    """The builds' own folders and links beside site/, but for the one site/ shows (after a swap, the
    build it replaced stays one swap longer, for a reader that followed the old link just before)."""
    return sorted(p.name for p in project.iterdir() if p.name.startswith(".site-") and p.name != current_build(project / "site"))


def snapshot(folder: Path) -> dict[str, str]:
    """Everything under `folder`: a file by a hash of its bytes, a link by its target, a folder as such."""
    seen = {}
    for root, folders, files in os.walk(folder):
        for name in folders + files:
            path = Path(root, name)
            relative = str(path.relative_to(folder))
            if path.is_symlink():
                seen[relative] = "link to " + os.readlink(path)
            elif path.is_dir():
                seen[relative] = "folder"
            else:
                seen[relative] = hashlib.sha256(path.read_bytes()).hexdigest()
    return seen


def earlier_site(reference: Path, at: Path) -> Path:
    """A site/ as a build before the marker left it: a real folder, every file, no marker."""
    shutil.copytree(reference, at, symlinks=True)
    at.chmod(0o755)  # as the build made it (the reference is in a private temporary folder)
    (at / MARKER).unlink(missing_ok=True)
    return at


def run(command: list[str], cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=timeout)


def test_two_builds_at_once_each_ship_a_complete_site(project_copy: Path, site: Path) -> None:
    config = str(project_copy / "mkdocs.yml")
    builds = [subprocess.Popen([*BUILD, "--config", config], stderr=subprocess.PIPE, text=True) for _ in range(3)]
    for running in builds:
        _, errors = running.communicate(timeout=300)
        assert running.returncode == 0, errors[-2000:]
    assert_complete(project_copy / "site", site)
    assert len(leftovers(project_copy)) == 1  # the build replaced last


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


def test_a_build_writes_nothing_in_the_project_but_its_site_and_what_it_keeps(project_copy: Path) -> None:
    """Nothing but the site and, under .cache/ (which git ignores), what the next build may reuse."""
    before = snapshot(project_copy)
    result = subprocess.run([*BUILD, "--config", str(project_copy / "mkdocs.yml")], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    after = snapshot(project_copy)
    written = {f for f in after.keys() - before.keys() if f != "site" and f.split(os.sep)[0] not in (current_build(project_copy / "site"), ".cache")}
    assert written == set() and leftovers(project_copy) == []
    assert {f: after[f] for f in before} == before
    assert ".cache" in {f.split(os.sep)[0] for f in after} and "/.cache/" in (ROOT / ".gitignore").read_text(encoding="utf-8").split()


def test_a_cache_the_build_cannot_use_costs_time_not_the_build(project_copy: Path, site: Path) -> None:
    """A .cache/ another user's build made, or a file in its place: the same site, built afresh."""
    (project_copy / ".cache").write_text("not a folder", encoding="utf-8")
    result = subprocess.run([*BUILD, "--config", str(project_copy / "mkdocs.yml")], capture_output=True, text=True)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr[-2000:]
    assert (project_copy / ".cache").read_text(encoding="utf-8") == "not a folder"
    assert_complete(project_copy / "site", site)


def test_a_missing_configuration_is_a_message(tmp_path: Path) -> None:
    result = subprocess.run([*BUILD, "--config", str(tmp_path / "mkdocs.yml")], capture_output=True, text=True)
    assert result.returncode == 1 and "mkdocs.yml" in result.stderr and "Traceback" not in result.stderr


# --- Never a folder the build did not write -------------------------------------------------------
#
# Each case makes something at a place a careless command line (or mkdocs.yml) names as the
# site's folder, and says which folder the message must name and the words that say why.


def a_folder_with_a_file(project: Path) -> tuple[str, str, str]:
    (project / "notes").mkdir()
    (project / "notes" / "plan.txt").write_text("my training plan\n", encoding="utf-8")
    return "notes", "notes", "did not write"


def a_git_checkout(project: Path) -> tuple[str, str, str]:
    (project / "public" / ".git").mkdir(parents=True)
    (project / "public" / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n", encoding="utf-8")
    (project / "public" / "README.md").write_text("published copy\n", encoding="utf-8")
    return "public", "public", "did not write"


def a_link_to_docs(project: Path) -> tuple[str, str, str]:
    (project / "site").symlink_to("docs")
    return "site", "site", "docs folder"


def a_link_to_the_project(project: Path) -> tuple[str, str, str]:
    (project / "out").symlink_to(project)
    return "out", "out", "project folder"


def a_link_to_a_site_elsewhere(project: Path) -> tuple[str, str, str]:
    """Even a site a build wrote: the link is the owner's, and make build would put its own in its place."""
    (project / "elsewhere").mkdir()
    (project / "elsewhere" / MARKER).write_text("built\n", encoding="utf-8")
    (project / "site").symlink_to(project / "elsewhere")
    return "site", "elsewhere", "the build did not make"


def a_file(project: Path) -> tuple[str, str, str]:
    (project / "site.txt").write_text("not a folder\n", encoding="utf-8")
    return "site.txt", "site.txt", "is a file"


def the_docs_folder(project: Path) -> tuple[str, str, str]:
    return "docs", "docs", "docs folder"


def the_project_itself(project: Path) -> tuple[str, str, str]:
    return ".", project.name, "project folder"


def the_projects_parent(project: Path) -> tuple[str, str, str]:
    return "..", project.parent.name, "holds the project folder"


def inside_docs(project: Path) -> tuple[str, str, str]:
    return "docs/built", "built", "inside the docs folder"


REFUSED_BY_BOTH = [a_folder_with_a_file, a_git_checkout, a_link_to_docs, a_link_to_the_project]


@pytest.mark.parametrize(
    "make",
    [*REFUSED_BY_BOTH, a_link_to_a_site_elsewhere, a_file, the_docs_folder, the_project_itself, the_projects_parent, inside_docs],
)
def test_the_build_replaces_no_folder_it_did_not_write(make, tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    site_dir, named, why = make(project)
    before = snapshot(tmp_path)
    result = run([*BUILD, "--site-dir", site_dir], cwd=project)
    assert result.returncode == 1, result.stderr[-2000:]
    assert snapshot(tmp_path) == before, "the refused build must touch nothing"
    assert named in result.stderr and why in result.stderr and "Traceback" not in result.stderr, result.stderr


def a_built_site_holding_git(reference: Path, project: Path) -> None:
    """A site/ an earlier build wrote, made a git checkout since (MkDocs keeps hidden files; `make build` would not)."""
    shutil.copytree(reference, project / "site")
    (project / "site" / ".git").mkdir()
    (project / "site" / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n", encoding="utf-8")


def test_the_build_keeps_what_was_added_to_its_own_site_hidden(tmp_path: Path, site: Path) -> None:
    project = copy_project(tmp_path / "project")
    a_built_site_holding_git(site, project)
    before = snapshot(tmp_path)
    result = run(BUILD, cwd=project)
    assert result.returncode == 1 and snapshot(tmp_path) == before
    assert "site" in result.stderr and ".git" in result.stderr and "Traceback" not in result.stderr, result.stderr


@pytest.mark.parametrize("make", [*REFUSED_BY_BOTH, the_docs_folder, the_projects_parent])
def test_plain_mkdocs_build_empties_no_folder_it_did_not_write(make, tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    site_dir, named, why = make(project)
    before = snapshot(tmp_path)
    result = run([*MKDOCS_BUILD, "--site-dir", site_dir], cwd=project)
    assert result.returncode == 1, result.stderr[-2000:]
    assert snapshot(tmp_path) == before, "the refused build must touch nothing"
    if make in (the_docs_folder, the_projects_parent):  # MkDocs' own check, by the folders' names
        named, why = "docs_dir", "should not be within"
    assert named in result.stderr and why in result.stderr and "Traceback" not in result.stderr, result.stderr


def test_the_root_and_the_home_folder_are_refused_by_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from lazyathlete.site.site_folder import refusal

    project = copy_project(tmp_path / "project")
    home = tmp_path / "home"
    home.mkdir()
    (home / MARKER).write_text("even so\n", encoding="utf-8")
    monkeypatch.setenv("HOME", str(home))
    for whole in (True, False):
        assert "root of the file system" in (refusal(Path("/"), project / "docs", project, whole=whole) or "")
        assert "your home folder" in (refusal(home, project / "docs", project, whole=whole) or "")
        assert "holds your home folder" in (refusal(tmp_path, project / "docs", project, whole=whole) or "")
        assert refusal(project / "site", project / "docs", project, whole=whole) is None


def test_a_site_an_earlier_build_wrote_is_replaced(project_copy: Path, site: Path) -> None:
    """Its own folder (by the marker it leaves, or, from before the marker, by what every build writes) and its own link."""
    earlier_site(site, project_copy / "site")
    (project_copy / "site" / "left-by-hand.txt").write_text("gone with the old site\n", encoding="utf-8")
    assert all((project_copy / "site" / name).is_file() for name in EARLIER_BUILD_FILES)
    first = run(BUILD, cwd=project_copy)
    assert first.returncode == 0, first.stderr[-2000:]
    assert (project_copy / "site").is_symlink()
    assert_complete(project_copy / "site", site)
    [earlier] = leftovers(project_copy)  # the earlier site, kept until the next swap
    assert (project_copy / earlier / "left-by-hand.txt").is_file()
    # Plain mkdocs builds into the same folder (through the link: MkDocs empties and fills the folder it points at).
    plain = run([*MKDOCS_BUILD, "--site-dir", "site"], cwd=project_copy)
    assert plain.returncode == 0, plain.stderr[-2000:]
    assert_complete(project_copy / "site", site)
    replaced = current_build(project_copy / "site")
    again = run(BUILD, cwd=project_copy)
    assert again.returncode == 0, again.stderr[-2000:]
    assert_complete(project_copy / "site", site)
    assert current_build(project_copy / "site") != replaced and not (project_copy / earlier).exists()
    assert leftovers(project_copy) == [replaced]


# --- site/ is never missing -----------------------------------------------------------------------

# A reader of site/, in a process of its own (as a web server would be): reads the home page in a
# loop until told to stop, and prints how many reads it made and how many found no whole page.
READER = r"""
import pathlib, sys
page, stop = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
reads = misses = 0
while reads % 64 or not stop.exists():
    try:
        whole = page.read_text(encoding="utf-8").rstrip().endswith("</html>")
    except OSError:
        whole = False
    reads += 1
    misses += not whole
    if reads == 1:
        print("reading", flush=True)
print(reads, misses, flush=True)
"""


class Reader:
    """Reads site/index.html in a loop in another process while the `with` block runs."""

    def __init__(self, site: Path) -> None:
        self.stop = site.parent / "stop-reading"
        self.process = subprocess.Popen(
            [sys.executable, "-c", READER, str(site / "index.html"), str(self.stop)], stdout=subprocess.PIPE, text=True
        )
        assert self.process.stdout is not None and self.process.stdout.readline() == "reading\n"
        self.reads = self.misses = 0

    def __enter__(self) -> Reader:
        return self

    def __exit__(self, *exc) -> None:
        self.stop.touch()
        out, _ = self.process.communicate(timeout=60)
        self.stop.unlink()
        self.reads, self.misses = map(int, out.split())


def tiny_build(project: Path, n: int) -> Path:
    """A folder as a build leaves it beside site/, with a whole home page (a large one: reading it takes a while)."""
    folder = Path(tempfile.mkdtemp(prefix=".site-build-", dir=project))
    (folder / MARKER).write_text("built\n", encoding="utf-8")
    (folder / "index.html").write_text(f"<!doctype html><p>build {n}</p>" + "<p>text</p>" * 5000 + "</html>\n", encoding="utf-8")
    return folder


def test_a_reader_never_finds_site_missing_while_builds_swap_in(tmp_path: Path) -> None:
    """Hundreds of swaps, starting from a site/ that is still a real folder, with a reader in a loop."""
    from lazyathlete.cli import sitebuild

    site = tmp_path / "site"
    tiny_build(tmp_path, 0).rename(site)
    with Reader(site) as reader:
        for n in range(1, 301):
            sitebuild.swap_in(tiny_build(tmp_path, n), site)
    assert reader.misses == 0, f"{reader.misses} of {reader.reads} reads found no whole site/index.html"
    assert reader.reads > 300
    assert (site / "index.html").read_text(encoding="utf-8").startswith("<!doctype html><p>build 300</p>")
    [previous] = leftovers(tmp_path)
    assert (tmp_path / previous / "index.html").read_text(encoding="utf-8").startswith("<!doctype html><p>build 299</p>")


# Swaps in tiny builds in a loop, until killed.
SWAPPER = r"""
import pathlib, sys, tempfile
from lazyathlete.cli import sitebuild
site, n = pathlib.Path(sys.argv[1]), int(sys.argv[2])
print("swapping", flush=True)
while True:
    n += 1
    folder = pathlib.Path(tempfile.mkdtemp(prefix=".site-build-", dir=site.parent))
    (folder / ".lazyathlete-site").write_text("built\n")
    for page in range(100):
        (folder / f"page-{page}.html").write_text("<p>a page</p></html>\n")
    (folder / "index.html").write_text(f"<!doctype html><p>build {n}</p></html>\n")
    sitebuild.swap_in(folder, site)
"""


def test_a_build_killed_at_any_point_of_its_swap_leaves_a_whole_site(tmp_path: Path) -> None:
    from lazyathlete.cli import sitebuild

    site = tmp_path / "site"
    tiny_build(tmp_path, 0).rename(site)
    for kill in range(8):
        swapping = subprocess.Popen([sys.executable, "-c", SWAPPER, str(site), str(kill * 100_000)], stdout=subprocess.PIPE, text=True)
        assert swapping.stdout is not None and swapping.stdout.readline() == "swapping\n"
        time.sleep(0.01 + kill * 0.007)
        swapping.send_signal(signal.SIGKILL)
        swapping.communicate()
        assert (site / "index.html").read_text(encoding="utf-8").rstrip().endswith("</html>")
    sitebuild.swap_in(tiny_build(tmp_path, 1), site)
    assert len(leftovers(tmp_path)) == 1  # only the build replaced last: killed builds' folders, links and half-deleted ones are gone


def test_where_names_cannot_be_exchanged_a_site_folder_still_becomes_the_link(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without renameat2 (not Linux, or a file system without it) the earlier folder is renamed aside, then the link put in."""
    from lazyathlete.cli import sitebuild

    monkeypatch.setattr(sitebuild, "exchange", lambda a, b: False)
    site = tmp_path / "site"
    tiny_build(tmp_path, 0).rename(site)
    sitebuild.swap_in(tiny_build(tmp_path, 1), site)
    assert site.is_symlink() and (site / "index.html").read_text(encoding="utf-8").startswith("<!doctype html><p>build 1</p>")
    [earlier] = leftovers(tmp_path)
    assert (tmp_path / earlier / "index.html").read_text(encoding="utf-8").startswith("<!doctype html><p>build 0</p>")


def test_builds_swap_in_under_a_reader_from_a_site_of_an_earlier_build(project_copy: Path, site: Path) -> None:
    earlier_site(site, project_copy / "site")
    with Reader(project_copy / "site") as reader:
        builds = [subprocess.Popen(BUILD, cwd=project_copy, stderr=subprocess.PIPE, text=True) for _ in range(2)]
        for running in builds:
            _, errors = running.communicate(timeout=300)
            assert running.returncode == 0, errors[-2000:]
    assert reader.misses == 0 and reader.reads > 10
    assert_complete(project_copy / "site", site)
    assert len(leftovers(project_copy)) == 1  # the build replaced last (the earlier site is gone)


def test_a_build_killed_midway_leaves_the_site_whole_and_the_next_build_tidies_up(project_copy: Path, site: Path) -> None:
    assert run(BUILD, cwd=project_copy).returncode == 0
    first = current_build(project_copy / "site")
    for _ in range(2):
        before = set(os.listdir(project_copy))
        building = subprocess.Popen(BUILD, cwd=project_copy, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 120
        while building.poll() is None and time.monotonic() < deadline:  # until it is writing its site
            started = [project_copy / name for name in set(os.listdir(project_copy)) - before]
            if any((folder / "assets").is_dir() for folder in started):
                break
            time.sleep(0.005)
        building.send_signal(signal.SIGKILL)
        building.wait()
        assert_complete(project_copy / "site", site)
    assert len(leftovers(project_copy)) >= 1  # the killed builds' folders
    assert run(BUILD, cwd=project_copy).returncode == 0
    assert_complete(project_copy / "site", site)
    assert leftovers(project_copy) == [first]


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


@pytest.mark.parametrize("earlier", ["a build", "a build from before the marker"])
def test_a_site_left_by_another_user_is_replaced(earlier: str, site: Path, capfd: pytest.CaptureFixture[str]) -> None:
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
        if earlier == "a build":
            assert sitebuild.build(project / "mkdocs.yml", project / "site") == 0
        else:
            earlier_site(site, project / "site")
        (project / "site" / "left-by-root.txt").write_text("root's\n", encoding="utf-8")
        roots = {project / "site", (project / "site").resolve()}
        for path in [project, *project.rglob("*")]:
            if not roots & {path, *path.parents}:
                os.chown(path, nobody.pw_uid, nobody.pw_gid, follow_symlinks=False)
        def build_as_nobody() -> None:
            code = as_user(nobody.pw_uid, nobody.pw_gid, lambda: sitebuild.build(project / "mkdocs.yml", project / "site"))
            assert code == 0
            assert (project / "site").stat().st_uid == nobody.pw_uid  # the new build is in place
            assert_complete(project / "site", site)

        build_as_nobody()
        [roots] = leftovers(project)  # kept one swap longer, like any build replaced
        assert (project / roots / "left-by-root.txt").is_file()
        capfd.readouterr()
        build_as_nobody()
        # Root's site could not be deleted by the other user: it is named, and not in site/.
        assert roots in leftovers(project) and roots in capfd.readouterr().err
