"""`make build`: build the site into a folder of its own, then swap it in whole.

    python -m lazyathlete build [--config mkdocs.yml] [--site-dir site]

`site` is a link to a build's own folder beside it (`.site-build-<random>`). Each build
writes a fresh folder (two builds at once never share one), then puts a new link in place
of the old in one rename, under a lock on the project folder: a reader of `site/` always
finds one complete build, the old or the new, never a mix and never nothing, even if the
build is killed at any moment. The build just replaced is kept until the next swap (a reader
may have followed the old link an instant before); older ones, and killed builds' folders,
are deleted after the swap. One a build by another user left, that this user cannot
delete, is named, and the build still succeeds.

The build replaces only what it wrote (lazyathlete/site/site_folder.py): a missing or empty
folder, its own link, a folder an earlier build wrote. Anything else is refused, in words,
before anything is touched. A `site/` that is still a real folder (a build from before the
link) becomes the link in one step where the system can exchange two names (Linux's
renameat2); elsewhere it is renamed aside first, so `site/` is missing for an instant, once.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import errno
import fcntl
import functools
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from mkdocs.__main__ import cli
from mkdocs.utils.yaml import yaml_load

from lazyathlete.data import DATA_FILE, DataError, load_catalog
from lazyathlete.site import site_folder


class RefusedError(Exception):
    """The site's place holds something the build did not write; the message says what and why."""


def mkdocs_build(config: Path, site_dir: Path) -> int:
    """`mkdocs build --strict` in this process (the same messages as the command); its exit code."""
    try:
        cli.main(["build", "--strict", "--config-file", str(config), "--site-dir", str(site_dir)],
                 prog_name="mkdocs", standalone_mode=True)
    except SystemExit as done:
        return done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    return 0


def docs_dir(config: Path) -> Path:
    """The docs folder mkdocs.yml names (docs/ unless it says otherwise)."""
    try:
        with config.open(encoding="utf-8") as text:
            name = yaml_load(text).get("docs_dir") or "docs"
    except Exception:  # a broken mkdocs.yml: the build itself says what is wrong with it
        name = "docs"
    return config.parent / name


# --- The build's own folders and link --------------------------------------------------------------


def build_prefix(site: Path) -> str:
    """The start of the name of every folder a build makes beside `site`."""
    return f".{site.name}-build-"


def own_link(site: Path) -> bool:
    """`site` is a link a build made: to a build's folder beside it."""
    if not site.is_symlink():
        return False
    target = os.readlink(site)
    return target.startswith(build_prefix(site)) and os.sep not in target


def refusal(site: Path, docs: Path, project: Path) -> str | None:
    """Why `site` is not the build's to replace, in words; None when it is."""
    reason = site_folder.refusal(site, docs, project, whole=True)
    if reason is None and site.is_symlink() and not own_link(site):
        target = os.path.realpath(site)
        return (
            f"will not build the site into {site}: it is a link to {target}, which the build did not make"
            f" (it puts its own link there); delete the link, or build into {target} with --site-dir"
        )
    return reason


def lock(folder: Path, *, wait: bool) -> int | None:
    """An advisory lock on a folder itself (no lock file to leave behind): its handle, released when
    closed or when the process ends; None when another process holds it and `wait` is false."""
    handle = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(handle)
        return None
    return handle


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[None]:
    """One swap at a time in this folder."""
    handle = lock(folder, wait=True)
    assert handle is not None  # never None when waiting
    try:
        yield
    finally:
        os.close(handle)


def new_build(site: Path) -> tuple[Path, int]:
    """A new empty folder beside `site`, readable like any other the user makes (mkdtemp's is
    private), and the lock that tells other builds it is being built (they delete it otherwise)."""
    with locked(site.parent):
        folder = Path(tempfile.mkdtemp(prefix=build_prefix(site), dir=site.parent))
        umask = os.umask(0)
        os.umask(umask)
        folder.chmod(0o777 & ~umask)
        handle = lock(folder, wait=True)
    assert handle is not None
    return folder, handle


# --- The swap ------------------------------------------------------------------------------------


def exchange(a: Path, b: Path) -> bool:
    """Swap the names of `a` and `b` in one step (Linux's renameat2 RENAME_EXCHANGE); False where
    the system or the file system cannot, and nothing was done."""
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None) if sys.platform == "linux" else None
    if renameat2 is None:
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    at_cwd, rename_exchange = -100, 2
    if renameat2(at_cwd, os.fsencode(a), at_cwd, os.fsencode(b), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def put_link(new: Path, site: Path) -> str | None:
    """Make `site` a link to `new` in one rename; the name of the build it showed before, if any.
    A real folder at `site` (a build from before the link) is exchanged for the link, or renamed
    aside just before; either way it ends up beside `site` under a build's name."""
    before = os.readlink(site) if own_link(site) else None
    link = new.with_name(new.name + "-old")
    link.symlink_to(new.name)  # relative: the project folder can be moved
    if not site.is_dir() or site.is_symlink():
        os.replace(link, site)
        return before
    if exchange(link, site):
        return link.name
    aside = new.with_name(new.name + "-previous")
    os.rename(site, aside)  # site/ is missing from here to the next line, once
    try:
        os.replace(link, site)
    except OSError:
        os.rename(aside, site)
        raise
    return aside.name


def tidy(site: Path, previous: str | None) -> list[Path]:
    """Delete every build's folder and link beside `site` (a killed build's too) but the one it shows,
    the one it showed until now, and those still being built; the folders that could not be deleted.

    The build shown until now is kept until the next swap: a reader that followed the old link an
    instant before the swap may still be opening files in it."""
    keep = {os.readlink(site) if site.is_symlink() else None, previous}
    kept = []
    for entry in sorted(site.parent.iterdir()):
        if not entry.name.startswith(build_prefix(site)) or entry.name in keep:
            continue
        if entry.is_symlink() or not entry.is_dir():
            entry.unlink(missing_ok=True)
            continue
        try:
            handle = lock(entry, wait=False)
        except OSError:  # another user's folder this user cannot even read
            kept.append(entry)
            continue
        if handle is None:
            continue  # another build is writing it
        try:
            shutil.rmtree(entry, ignore_errors=True)
        finally:
            os.close(handle)
        if entry.exists():
            kept.append(entry)
    return kept


def swap_in(new: Path, site: Path, refused: Callable[[Path], str | None] = lambda site: None) -> list[Path]:
    """Put the finished build `new` at `site` (after asking `refused` again, under the lock: the place
    may have changed while the build ran); old builds deleted; the folders that could not be."""
    with locked(site.parent):
        reason = refused(site)
        if reason is not None:
            raise RefusedError(reason)
        return tidy(site, put_link(new, site))


def build(config: Path, site: Path) -> int:
    """Build into a fresh folder and swap it in on success; the exit code."""
    check = functools.partial(refusal, docs=docs_dir(config), project=config.parent)
    try:  # the data first: its problems alone on the screen, not inside MkDocs' own abort lines
        load_catalog(config.parent / DATA_FILE)
    except DataError as error:
        print(f"error: {error}\nNothing was built: fix the lines above and build again (the site is as it was).", file=sys.stderr)
        return 1
    reason = check(site)
    if reason is not None:
        print(f"error: {reason}", file=sys.stderr)
        return 1
    try:
        site.parent.mkdir(parents=True, exist_ok=True)
        new, handle = new_build(site)
    except OSError as error:
        print(f"error: cannot make a folder for the build in {site.parent}: {error.strerror}", file=sys.stderr)
        return 1
    swapped = False
    try:
        code = mkdocs_build(config, new)
        if code != 0:
            return code
        left = swap_in(new, site, check)
        swapped = True
    except RefusedError as error:
        print(f"error: {error} (it changed while the site was being built; nothing was replaced)", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"error: could not put the new build in place at {site}: {error}; the previous site is untouched", file=sys.stderr)
        return 1
    finally:
        os.close(handle)
        if not swapped:
            shutil.rmtree(new, ignore_errors=True)
    for folder in left:
        print(
            f"note: {folder}, the folder of an earlier build, could not be deleted (its files belong to"
            f" another user): remove it with the rights of its owner",
            file=sys.stderr,
        )
    return 0


def site_path(given: Path) -> Path:
    """Where `site` is, its parent's links resolved but not its own (`site` itself is the build's link)."""
    if given.name in ("", ".", ".."):
        return given.resolve()
    return given.parent.resolve() / given.name


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lazyathlete build", description=__doc__.splitlines()[0])
    parser.add_argument("--config", type=Path, default=Path("mkdocs.yml"), help="the site's mkdocs.yml")
    parser.add_argument("--site-dir", type=Path, default=None, help="where the site goes (default: site/ beside mkdocs.yml)")
    args = parser.parse_args(argv)
    config = args.config.resolve()
    if not config.is_file():
        print(f"error: {args.config}: no such configuration file", file=sys.stderr)
        return 1
    return build(config, site_path(args.site_dir or config.parent / "site"))


if __name__ == "__main__":
    sys.exit(main())
