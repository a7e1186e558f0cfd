"""`make bench`: what a build costs, with ratios, in one run (BENCHMARK.md says how and why).

Synthetic data (1,000 and 2,000 exercises) built by our site and by plain mkdocs-material
building the same pages as plain Markdown; then the real site, current code against the
commit before the simplification: `mkdocs build --strict`, and a saved data edit until
`mkdocs serve` shows it. Written to build/bench/results.json; floors reported, never asserted.

    cd tests && python -m tools.bench [--repeat 5] [--sizes 1000,2000]
"""

from __future__ import annotations

import argparse
import compileall
import copy
import json
import os
import platform
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from dataclasses import asdict, dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

import yaml
from mkdocs.utils.yaml import yaml_load
from tools.project import ROOT, copy_project

from lazyathlete.data import DATA_FILE, Catalog, load_catalog
from lazyathlete.site.kinds import generated_pages

BEFORE = "79cb0351319379dfe38918022f522b6da1804099"  # the commit before the simplification
RESULTS_FILE = ROOT / "build" / "bench" / "results.json"
EXERCISES_PER_ROUTINE = 10
EDITED_EXERCISE = "glute-bridge"  # the page watched under `mkdocs serve`
BUILD_SECONDS = 1.0  # issue 27: `mkdocs build --strict` of the real site under a second
EDIT_SECONDS = 0.5  # issue 27: a saved data edit to the reloaded page under `mkdocs serve`
EDIT_ROUNDS = 2  # edits per build measured: one round of edits varies more than a build
HAND_WRITTEN = sorted(path.relative_to(ROOT / "docs").as_posix() for path in (ROOT / "docs").rglob("*.md"))

# --- Synthetic data: clones of the real entries ------------------------------------------------


# Copy n of a real entry has its own slug, name and short name (copy 0 is the real one).
def clone_slug(slug: str, n: int) -> str:
    return slug if n == 0 else f"{slug}-v{n + 1}"


def cloned_exercise(entry: dict[str, Any], n: int) -> dict[str, Any]:
    clone = copy.deepcopy(entry)
    clone.pop("former_slugs", None)  # an old address leads to one entry only
    clone.update(slug=clone_slug(entry["slug"], n), name=f"{entry['name']} ({n + 1})")
    clone["short"] = f"{entry['short'][:15]}x{n + 1}"  # at most 20 letters and digits
    return clone


# A real routine on copy n of its exercises (the real one where copy n was not made).
def cloned_routine(template: dict[str, Any], k: int, n: int, slugs: set[str]) -> dict[str, Any]:
    clone = copy.deepcopy(template)
    clone.pop("former_slugs", None)
    clone.update(slug=f"{template['slug']}-{k + 2}", title=f"{template['title']} ({k + 2})")
    clone["short"] = f"{template['short'][:15]}r{k + 2}"
    for item in (item for block in clone["blocks"] for item in block["exercises"]):
        item["exercise"] = next(s for s in (clone_slug(item["exercise"], n), item["exercise"]) if s in slugs)
    return clone


DEFAULT_SIZES = (1000, 2000)  # synthetic exercise counts timed by default


def synthetic_data(size: int) -> dict[str, Any]:
    """The real file with `size` exercises (the real ones first) and a routine per ten of them."""
    data = yaml.safe_load((ROOT / DATA_FILE).read_text(encoding="utf-8"))
    real, routines = data["exercises"], data["routines"]
    if size < len(real):
        raise ValueError(f"size {size} is below the {len(real)} real exercises the pages link to")
    exercises = [*real, *(cloned_exercise(real[i % len(real)], i // len(real)) for i in range(len(real), size))]
    slugs = {e["slug"] for e in exercises}
    # The real routines stay (their addresses are published), and clones make up one per ten exercises.
    extra = max(0, size // EXERCISES_PER_ROUTINE - len(routines))
    copies = -(-size // len(real))  # spread over every copy, so routines reach the whole set
    clones = [cloned_routine(routines[k % len(routines)], k, k * copies // max(extra, 1), slugs) for k in range(extra)]
    return {**data, "exercises": exercises, "routines": [*routines, *clones]}


# Written, then read through the real gate: a build of bad data is never timed.
def write_data(data: dict[str, Any], path: Path) -> Catalog:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100), encoding="utf-8")
    return load_catalog(path)


# --- The projects built ----------------------------------------------------------------------


# Our modules compiled once, as on a machine that writes .pyc files (this one
# sets PYTHONDONTWRITEBYTECODE: every build would compile them again).
def byte_compiled(project: Path) -> Path:
    compileall.compile_dir(project / "lazyathlete", quiet=1)
    compileall.compile_file(project / "macros.py", quiet=1)
    return project


def our_project(destination: Path, data: dict[str, Any] | None = None) -> Path:
    copy_project(destination)
    if data is not None:
        write_data(data, destination / DATA_FILE)
    return byte_compiled(destination)


# The commit before the simplification, exactly as committed.
def before_project(destination: Path) -> Path:
    destination.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", BEFORE], capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(destination)], input=archive, check=True)
    return byte_compiled(destination)


# Our mkdocs.yml without what the data needs (macros, hooks, watch, theme
# overrides); the pages made from the data stay out of the nav, as ours do.
def baseline_config() -> dict[str, Any]:
    with open(ROOT / "mkdocs.yml", "rb") as handle:
        ours = yaml_load(handle)
    config = {key: value for key, value in ours.items() if key not in ("plugins", "hooks", "watch")}
    config["theme"] = {key: value for key, value in ours["theme"].items() if key not in ("custom_dir", "static_templates")}
    config["plugins"] = ["search"]  # plain Material's own search (ours writes its own index)
    keep = "".join(f"!/{page}\n" for page in HAND_WRITTEN)
    config["not_in_nav"] = f"/exercises/**/*.md\n/routines/**/*.md\n/plans/**/*.md\n{keep}{ours.get('not_in_nav', '')}"
    return config


def links(exercises: list[Any], prefix: str) -> str:
    return "\n".join(f"- [{e.name}]({prefix}{e.slug}.md): {e.summary}" for e in exercises)


# Every page of ours as plain Markdown with the same words: each page the data
# makes, and a stand-in for each hand-written one (ours call macros).
def baseline_pages(catalog: Catalog) -> dict[str, str]:
    pages = {page: f"# {Path(page).stem.title()}\n\nA hand-written page.\n" for page in HAND_WRITTEN}
    pages["exercises/index.md"] = f"# Exercises\n\n{links(list(catalog.exercises.values()), '')}\n"
    for e in catalog.exercises.values():
        steps, mistakes = "\n".join(f"1. {s}" for s in e.steps), "\n".join(f"- {m}" for m in e.mistakes)
        pages[f"exercises/{e.slug}.md"] = (
            f"# {e.name}\n\n{e.summary}\n\n## How to do it\n\n{steps}\n\n**Key cue:** {e.key_cue}\n\n"
            f"## Common mistakes\n\n{mistakes}\n\n[All exercises](index.md)\n"
        )
    for r in catalog.routines.values():
        items = [catalog.exercise(item.exercise) for block in r.blocks for item in block.exercises]
        pages[f"routines/{r.slug}.md"] = f"# {r.title}\n\n{r.purpose}\n\n{links(items, '../exercises/')}\n"
        pages[f"routines/{r.slug}/card.md"] = f"# {r.title}\n\n{links(items, '../../exercises/')}\n"
    for plan in catalog.plans.values():
        weeks = "\n".join(
            f"- Week {n}: {week.note} "
            + ", ".join(f"[{catalog.routine(s.routine).title}](../routines/{s.routine}.md)" for s in week.sessions)
            for n, week in enumerate(plan.weeks, 1)
        )
        pages[f"plans/{plan.slug}.md"] = f"# {plan.title}\n\n{plan.summary}\n\n{weeks}\n"
    for kind in catalog.facets:
        terms = catalog.terms_in_use(kind)
        listed = "\n".join(f"- [{term.name}]({key}.md): {term.about}" for key, term in terms.items())
        pages[f"exercises/{kind}/README.md"] = f"# {kind.title()}\n\n{listed}\n"
        for key, term in terms.items():
            under = links(catalog.exercises_under(kind, key), "../")
            pages[f"exercises/{kind}/{key}.md"] = f"# {term.name}\n\n{term.about}\n\n{under}\n"
    missing = set(generated_pages(catalog)) - set(pages)
    if missing:  # a new kind of generated page: the baseline must build it too
        raise ValueError(f"the baseline has no plain version of {sorted(missing)[:3]}")
    return pages


def baseline_project(destination: Path, data: dict[str, Any]) -> Path:
    """Plain mkdocs-material: our theme settings, nav and assets, and a plain page for each of ours."""
    shutil.copytree(ROOT / "docs", destination / "docs", ignore=shutil.ignore_patterns("*.md"))
    for page, markdown in baseline_pages(write_data(data, destination / "data.yml")).items():
        (destination / "docs" / page).parent.mkdir(parents=True, exist_ok=True)
        (destination / "docs" / page).write_text(markdown, encoding="utf-8")
    (destination / "mkdocs.yml").write_text(yaml.safe_dump(baseline_config(), sort_keys=False), encoding="utf-8")
    return destination


# --- Measuring ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    seconds: float  # wall time, start-up and imports included, as for `make build`
    cpu_seconds: float | None  # user + system of the build and all it waited for; None under serve
    pages: int = 0  # pages in the sitemap (redirect stubs are not pages)


# Each project imports its own `lazyathlete`, never an installed one.
def child_env(project: Path) -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(project)}


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_build(project: Path) -> Run:
    site = project / "site"
    shutil.rmtree(site, ignore_errors=True)
    os.sync()  # the last build's writes reach the disk now, not inside this timing
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)]
    cpu, start = children_cpu(), time.perf_counter()
    done = subprocess.run(command, check=False, cwd=project, env=child_env(project), capture_output=True, text=True)
    seconds, cpu = time.perf_counter() - start, children_cpu() - cpu
    if done.returncode != 0:
        raise RuntimeError(f"mkdocs build in {project} failed:\n{done.stderr[-4000:]}")
    return Run(seconds, cpu, (site / "sitemap.xml").read_text(encoding="utf-8").count("<loc>"))


# Two sides, `repeat` times, the order swapped every round so that warm
# caches and other people's load fall on both alike.
def taking_turns(
    sides: dict[str, Any], repeat: int, measure: Callable[[Any, int], Run], label: str
) -> dict[str, list[Run]]:
    runs: dict[str, list[Run]] = {name: [] for name in sides}
    for rep in range(repeat):
        for name in list(sides) if rep % 2 == 0 else list(sides)[::-1]:
            runs[name].append(run := measure(sides[name], rep))
            cpu = "" if run.cpu_seconds is None else f", {run.cpu_seconds:6.2f} s CPU, {run.pages} pages"
            print(f"  {label} {name:<8} {rep + 1}/{repeat}: {run.seconds:6.2f} s{cpu}", file=sys.stderr, flush=True)
    return runs


# --- A saved data edit under `mkdocs serve` ---------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# Seconds until the page at `url` holds `text`, asked every 20 ms.
def wait_for(url: str, text: str, timeout: float = 120) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if text in response.read().decode("utf-8"):
                    return time.perf_counter() - start
        except OSError:  # starting, or between builds
            pass
        time.sleep(0.02)
    raise TimeoutError(f"{url} did not show {text!r} within {timeout:.0f} s")


# What a person does: one exercise's summary changed, nothing else.
def edited_data(text: str, marker: str, slug: str = EDITED_EXERCISE) -> str:
    at = text.index("summary: ", text.index(f"- slug: {slug}\n")) + len("summary: ")
    return f"{text[:at]}{marker} {text[at:]}"


# Both servers run at once; their edits take turns, as the builds do.
def reloads(projects: dict[str, Path], repeat: int) -> dict[str, list[Run]]:
    servers, urls = {}, {}
    originals = {name: (project / DATA_FILE).read_text(encoding="utf-8") for name, project in projects.items()}

    def edit(name: str, rep: int) -> Run:
        marker = f"Bench edit {rep + 1}."
        (projects[name] / DATA_FILE).write_text(edited_data(originals[name], marker), encoding="utf-8")
        run = Run(wait_for(urls[name], marker, 60), None)
        time.sleep(1.0)  # the watcher settles before the next save
        return run

    try:
        for name, project in projects.items():
            port = free_port()
            urls[name] = f"http://127.0.0.1:{port}/exercises/{EDITED_EXERCISE}/"
            command = [sys.executable, "-m", "mkdocs", "serve", "--strict", "--dev-addr", f"127.0.0.1:{port}"]
            servers[name] = subprocess.Popen(command, cwd=project, env=child_env(project), stdout=subprocess.DEVNULL,
                                             stderr=subprocess.DEVNULL, start_new_session=True)  # fmt: skip
        for name in projects:
            wait_for(urls[name], "</html>")
        return taking_turns({name: name for name in projects}, repeat, edit, "edit")
    finally:
        for server in servers.values():  # Ctrl-C first, so it removes its temporary site
            os.killpg(server.pid, signal.SIGINT)
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)


# --- Report -----------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    memory = round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3, 1)
    packages = {name: version(name) for name in ("mkdocs", "mkdocs-material", "mkdocs-macros-plugin", "pydantic")}
    return {"cores": os.cpu_count(), "memory_gib": memory, "python": platform.python_version(), **packages}


# One row of the table: medians of both sides, every run kept.
def compared(measure: str, runs: dict[str, list[Run]]) -> dict[str, Any]:
    row: dict[str, Any] = {"measure": measure}
    for side, name in zip(("ours", "theirs"), runs, strict=True):  # two sides, always
        cpu = [r.cpu_seconds for r in runs[name] if r.cpu_seconds is not None]
        wall = statistics.median(r.seconds for r in runs[name])
        row[side] = {"name": name, "seconds": wall, "cpu_seconds": statistics.median(cpu) if cpu else None,
                     "runs": [asdict(r) for r in runs[name]]}  # fmt: skip
    return row


def ratio(a: dict[str, Any], b: dict[str, Any], key: str) -> float | None:
    return None if a[key] is None or b[key] is None else a[key] / b[key]


# The floors from the issues (issue 27's), each met or not; reported, never asserted.
def floors(rows: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    checks = [  # what, limit, this side, against that side, compared on
        ("1,000 exercises: CPU at most 2x plain Material", 2.0, ("1000", "ours"), ("1000", "theirs"), "cpu_seconds"),
        ("2,000 exercises: CPU at most 2.05x our 1,000 (linear)", 2.05, ("2000", "ours"), ("1000", "ours"), "cpu_seconds"),
    ]
    found = [
        {"floor": text, "ratio": (r := ratio(rows[a][x], rows[b][y], key)), "met": r <= limit}
        for text, limit, (a, x), (b, y), key in checks
        if a in rows and b in rows
    ]
    for measure, limit, what in (("build", BUILD_SECONDS, "real build"), ("edit", EDIT_SECONDS, "data edit to page")):
        if measure in rows:
            seconds = rows[measure]["ours"]["seconds"]
            found.append({"floor": f"{what}: at most {limit:.1f} s (median)", "seconds": seconds, "met": seconds <= limit})
    return found


def report(results: dict[str, Any]) -> str:
    box, load = results["machine"], results["load_average"]
    head = (
        f"{box['cores']} cores, {box['memory_gib']} GiB, Python {box['python']}, mkdocs {box['mkdocs']},"
        f" mkdocs-material {box['mkdocs-material']}, mkdocs-macros-plugin {box['mkdocs-macros-plugin']};"
        f" load average {load[0]:.2f} at the start, {load[1]:.2f} at the end. Medians of {results['repeat']}, seconds."
    )
    lines = [head, "", "| measure | ours / current | plain Material / before | ratio, wall | ratio, CPU |"]
    lines.append("| --- | ---: | ---: | ---: | ---: |")
    for row in results["rows"].values():
        a, b = row["ours"], row["theirs"]
        cells = [f"{s['seconds']:.2f}" + (f" ({s['cpu_seconds']:.2f} CPU)" if s["cpu_seconds"] else "") for s in (a, b)]
        ratios = [f"{r:.2f}x" if (r := ratio(a, b, key)) else "not measured" for key in ("seconds", "cpu_seconds")]
        lines.append(f"| {row['measure']} | {' | '.join(cells + ratios)} |")
    lines += ["", "Floors (reported, never asserted):"]
    lines += [
        f"  {'met' if f['met'] else 'NOT MET':<8} {f['floor']}: " + (f"{f['ratio']:.2f}x" if "ratio" in f else f"{f['seconds']:.2f} s")
        for f in results["floors"]
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs of each build and edit (default 5)")
    sizes = ",".join(map(str, DEFAULT_SIZES))
    parser.add_argument("--sizes", default=sizes, help=f"synthetic exercise counts (default {sizes})")
    args = parser.parse_args(argv)
    rows, load = {}, [os.getloadavg()[0]]
    with tempfile.TemporaryDirectory(prefix="lazyathlete-bench-") as temp:
        work = Path(temp)
        for size in [int(s) for s in args.sizes.replace("_", "").split(",") if s.strip()]:
            data = synthetic_data(size)
            sides = {"ours": our_project(work / f"ours-{size}", data)}
            sides["plain"] = baseline_project(work / f"plain-{size}", data)
            runs = taking_turns(sides, args.repeat, lambda project, _: timed_build(project), f"{size:>5}")
            rows[str(size)] = compared(f"{size:,} exercises, {len(data['routines'])} routines", runs)
            for project in sides.values():
                shutil.rmtree(project)
        sides = {"current": our_project(work / "current"), "before": before_project(work / "before")}
        runs = taking_turns(sides, args.repeat, lambda project, _: timed_build(project), " real")
        rows["build"] = compared(f"real site ({runs['current'][0].pages} pages), `mkdocs build --strict`", runs)
        edits = reloads(sides, args.repeat * EDIT_ROUNDS)
        rows["edit"] = compared("real site, saved data edit to reloaded page, `mkdocs serve`", edits)
    load.append(os.getloadavg()[0])
    results = {"machine": machine(), "repeat": args.repeat, "load_average": load, "rows": rows, "floors": floors(rows)}
    RESULTS_FILE.parent.mkdir(parents=True, exist_ok=True)
    RESULTS_FILE.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(report(results))
    print(f"\nWritten to {RESULTS_FILE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
