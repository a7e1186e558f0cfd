"""`make build`: build the site into a folder of its own, then swap it in whole.

    python -m lazyathlete build [--config mkdocs.yml] [--site-dir site]

`site/` is only ever replaced by a complete, strict build: each build writes
into a fresh folder beside it (two builds at once never share one), and the
swap is two renames under a lock on the project folder, so a reader of
`site/` sees the old site or the new one, never a mix. The old site is
renamed away before it is deleted, so a site left by another user (a build
run as root in CI) is replaced all the same; if its files cannot be deleted,
the build says where they are and still succeeds.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from mkdocs.__main__ import cli


def mkdocs_build(config: Path, site_dir: Path) -> int:
    """`mkdocs build --strict` in this process (the same messages as the command); its exit code."""
    try:
        cli.main(["build", "--strict", "--config-file", str(config), "--site-dir", str(site_dir)],
                 prog_name="mkdocs", standalone_mode=True)
    except SystemExit as done:
        return done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    return 0


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[None]:
    """One swap at a time in this project (an advisory lock on the folder itself: no lock file to leave behind)."""
    handle = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)  # releases the lock


def fresh_folder(beside: Path, prefix: str) -> Path:
    """A new empty folder next to `beside`, readable like any other the user makes (mkdtemp's is private)."""
    folder = Path(tempfile.mkdtemp(prefix=prefix, dir=beside.parent))
    umask = os.umask(0)
    os.umask(umask)
    folder.chmod(0o777 & ~umask)
    return folder


def swap_in(new: Path, site: Path) -> Path | None:
    """Put the finished build `new` at `site`; the old site's folder if it could not be deleted."""
    with locked(site.parent):
        old = None
        if site.exists():
            old = fresh_folder(site, ".site-old-")
            os.rename(site, old)  # an empty folder is replaced: one rename, no copying
        os.rename(new, site)
    if old is None:
        return None
    shutil.rmtree(old, ignore_errors=True)
    return old if old.exists() else None


def build(config: Path, site: Path) -> int:
    """Build into a fresh folder and swap it in on success; the exit code."""
    new = fresh_folder(site, ".site-new-")
    try:
        code = mkdocs_build(config, new)
        if code != 0:
            return code
        left = swap_in(new, site)
    finally:
        shutil.rmtree(new, ignore_errors=True)  # gone already when the swap happened
    if left is not None:
        print(
            f"note: the previous site could not be deleted (its files belong to another user);"
            f" it was moved aside to {left}: remove it with the rights of its owner",
            file=sys.stderr,
        )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lazyathlete build", description=__doc__.splitlines()[0])
    parser.add_argument("--config", type=Path, default=Path("mkdocs.yml"), help="the site's mkdocs.yml")
    parser.add_argument("--site-dir", type=Path, default=None, help="where the site goes (default: site/ beside mkdocs.yml)")
    args = parser.parse_args(argv)
    config = args.config.resolve()
    if not config.is_file():
        print(f"error: {args.config}: no such configuration file", file=sys.stderr)
        return 1
    site = (args.site_dir or config.parent / "site").resolve()
    return build(config, site)


if __name__ == "__main__":
    sys.exit(main())
