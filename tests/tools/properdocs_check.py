"""`make properdocs`: the engine insurance. Build the site with ProperDocs, the maintained
fork of MkDocs 1.6, and check that it writes the same site as MkDocs, file by file.

    python tests/tools/properdocs_check.py --properdocs build/properdocs/venv/bin/properdocs

ProperDocs lives in its own virtual environment (the Makefile makes it) with the `mkdocs`
package uninstalled: its command points `import mkdocs...` at its own modules, so
mkdocs-material, mkdocs-macros and our hooks run on ProperDocs alone. Both builds get
the same SOURCE_DATE_EPOCH, so the sitemap's dates (and the gzip header of sitemap.xml.gz)
cannot differ by the clock. The one engine-specific line Material writes, its generator tag
("mkdocs-1.6.1" here, "mkdocs-ProperDocs 1.6.7" there), is left out by our own `site_meta`
block in overrides/main.html. So nothing is normalised: any difference is a failure.
"""

from __future__ import annotations

import argparse
import difflib
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "build" / "properdocs"


# --- The two builds ------------------------------------------------------------------------------


def run(command: list[str], env: dict[str, str]) -> None:
    """Run one build command from the project folder; stop with its output when it fails."""
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"properdocs check: `{' '.join(command)}` failed ({result.returncode}):\n{result.stdout}{result.stderr}")


def version(python: Path, distribution: str) -> str | None:
    """The installed version of `distribution` in the environment of `python`, or None."""
    code = (
        "import importlib.metadata as m, sys\n"
        f"try: print(m.version({distribution!r}))\n"
        "except m.PackageNotFoundError: sys.exit(1)"
    )
    result = subprocess.run([str(python), "-c", code], capture_output=True, text=True)
    return result.stdout.strip() if result.returncode == 0 else None


def build_both(properdocs: Path, mkdocs_python: Path, out: Path) -> tuple[Path, Path]:
    """The site built by MkDocs (as `make build` does) and by ProperDocs, at one timestamp."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", str(int(time.time())))}
    by_mkdocs, by_properdocs = out / "site-mkdocs", out / "site-properdocs"
    run([str(mkdocs_python), "-m", "lazyathlete", "build", "--site-dir", str(by_mkdocs)], env)
    run([str(properdocs), "build", "--strict", "--config-file", "mkdocs.yml", "--site-dir", str(by_properdocs)], env)
    return by_mkdocs, by_properdocs


# --- The comparison ------------------------------------------------------------------------------


def files_in(site: Path) -> dict[str, Path]:
    return {path.relative_to(site).as_posix(): path for path in sorted(site.rglob("*")) if path.is_file()}


def first_difference(a: bytes, b: bytes) -> str:
    """Where two versions of a file first part, in a line or two a person can read."""
    try:
        lines_a, lines_b = a.decode("utf-8").splitlines(), b.decode("utf-8").splitlines()
    except UnicodeDecodeError:
        at = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
        return f"binary, {len(a)} and {len(b)} bytes, first differ at byte {at}"
    diff = list(difflib.unified_diff(lines_a, lines_b, "mkdocs", "properdocs", n=0, lineterm=""))[2:]
    diff = [line for line in diff if not line.startswith("@@")][:2]
    return " | ".join(line[:160] for line in diff)


def compare(by_mkdocs: Path, by_properdocs: Path) -> list[str]:
    """Every way the two sites differ, one line each; empty when they are the same, byte for byte."""
    left, right = files_in(by_mkdocs), files_in(by_properdocs)
    problems = [f"only in the MkDocs build: {name}" for name in left.keys() - right.keys()]
    problems += [f"only in the ProperDocs build: {name}" for name in right.keys() - left.keys()]
    for name in sorted(left.keys() & right.keys()):
        a, b = left[name].read_bytes(), right[name].read_bytes()
        if a != b:
            problems.append(f"differs: {name}: {first_difference(a, b)}")
    return sorted(problems)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--properdocs", type=Path, required=True, help="the properdocs command, in its own venv")
    parser.add_argument("--mkdocs-python", type=Path, default=Path(sys.executable), help="the Python of the MkDocs venv")
    args = parser.parse_args(argv)
    properdocs_python = args.properdocs.parent / "python"
    properdocs_version = version(properdocs_python, "properdocs")
    if properdocs_version is None:
        sys.exit(f"properdocs check: no properdocs installed beside {args.properdocs}")
    if (stray := version(properdocs_python, "mkdocs")) is not None:
        sys.exit(f"properdocs check: mkdocs {stray} is installed beside ProperDocs, so the build might not be ProperDocs' own")
    mkdocs_version = version(args.mkdocs_python, "mkdocs")

    by_mkdocs, by_properdocs = build_both(args.properdocs, args.mkdocs_python, OUT)
    problems = compare(by_mkdocs, by_properdocs)
    count = len(files_in(by_mkdocs))
    engines = f"ProperDocs {properdocs_version} against MkDocs {mkdocs_version}"
    if problems:
        print(f"properdocs check: FAILED, {engines}: {len(problems)} of {count} files differ")
        for line in problems:
            print(f"  {line}")
        print(f"  (both builds are kept under {OUT.relative_to(ROOT)}/)")
        return 1
    print(f"properdocs check: {engines}: all {count} files identical, byte for byte (nothing normalised)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
