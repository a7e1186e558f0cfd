"""`make bench`: how the build grows with the data, next to plain mkdocs-material.

For each size (100, 1,000 and 2,000 exercises by default) it writes a
synthetic data file cloned from the real one, validates it, and builds two
throwaway projects with `mkdocs build --strict` in child processes, taking
turns: ours (data, hooks, macros) and a baseline of plain mkdocs-material
with the same theme settings, the same nav and the same pages, each as plain
Markdown: one per exercise, routine, pocket card and browse page, and one
per hand-written page. It also times the real site's build and a data edit under
`mkdocs serve`. Targets are reported, not asserted. Results are printed and
written to build/bench/results.json.

    python -m lazyathlete.bench [--repeat 5] [--sizes 100,1000,2000]
"""

from __future__ import annotations

import argparse
import compileall
import copy
import json
import math
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any

import yaml
from mkdocs.utils.yaml import yaml_load

from lazyathlete.data import DATA_FILE, Catalog, load_catalog
from lazyathlete.site.pages import generated_pages
from lazyathlete.data.models import Exercise, Routine, Term
from tools.project import ROOT, copy_project
from lazyathlete.site.render import dose_text
from lazyathlete.data.routines import item_dose

try:  # libyaml reads and writes a 2,000-exercise file many times faster
    _Loader: type = yaml.CSafeLoader
    _Dumper: type = yaml.CSafeDumper
except AttributeError:  # pragma: no cover - libyaml is in every PyYAML wheel
    _Loader, _Dumper = yaml.SafeLoader, yaml.SafeDumper

RESULTS_FILE = Path("build") / "bench" / "results.json"  # relative to the project root
DEFAULT_SIZES = (100, 1000, 2000)
EXERCISES_PER_ROUTINE = 10
ROUTINE_ITEMS = range(4, 7)  # 4 to 6 exercises per synthetic routine
NAV_BASELINE_SIZE = 1000
EDITED_EXERCISE = "glute-bridge"  # the page watched under `mkdocs serve`
POLL_SECONDS = 0.02

# The targets from issue 6, printed next to the numbers.
RATIO_TARGET = 1.2
THOUSAND_TARGET_SECONDS = 6.0
GROWTH_TARGET = 2.2
REAL_BUILD_TARGET_SECONDS = 2.0
RELOAD_TARGET_SECONDS = 1.5


# --- Synthetic data, cloned from the real file --------------------------------------------


# Every synthetic set starts from the real file, so vocabulary, experts and
# the shape of each entry stay exactly what the site is built for.
def real_data() -> dict[str, Any]:
    with open(ROOT / DATA_FILE, encoding="utf-8") as handle:
        return yaml.load(handle, Loader=_Loader)


# Round 0 keeps the real slugs: hand-written pages call some of them by name,
# and data/published-urls.txt lists their addresses.
def clone_slug(slug: str, round_: int) -> str:
    return slug if round_ == 0 else f"{slug}-v{round_ + 1}"


# A reference points at the clone from the same round when that clone exists
# (the last round may be partial), else at the real entry, which always does.
def same_round_slug(slug: str, round_: int, slugs: set[str]) -> str:
    clone = clone_slug(slug, round_)
    return clone if clone in slugs else slug


# Short names are unique across exercises and routines and at most 20
# characters: a letter per kind and the copy number keep clones apart.
def clone_short(short: str, kind: str, copy_number: int) -> str:
    if copy_number == 0:
        return short
    suffix = f"{kind}{copy_number + 1}"
    return short[: 20 - len(suffix)] + suffix


# A copy of a real exercise with its own slug, name and short name, whose
# easier/harder links stay inside its own round of copies.
def cloned_exercise(entry: dict[str, Any], round_: int, slugs: set[str]) -> dict[str, Any]:
    clone = copy.deepcopy(entry)
    clone["slug"] = clone_slug(entry["slug"], round_)
    if round_:
        clone["name"] = f"{entry['name']} (variation {round_ + 1})"
    if "short" in clone:
        clone["short"] = clone_short(entry["short"], "x", round_)
    if "former_slugs" in clone:
        clone["former_slugs"] = [clone_slug(old, round_) for old in entry["former_slugs"]]
    if round_ and isinstance(clone.get("figure"), dict):
        # Same drawing, different words: a cache keyed on the figure cannot
        # fold the copies into one, as it could not for real exercises.
        for pose in clone["figure"].get("poses", []):
            if "alt" in pose:
                pose["alt"] = f"{pose['alt']} (variation {round_ + 1})"
    for side in ("easier", "harder"):
        target = clone[side].get("exercise")
        if target is not None:
            clone[side]["exercise"] = same_round_slug(target, round_, slugs)
    return clone


# Exercises in a routine, counted over its blocks (the catalog allows six).
def routine_items(routine: dict[str, Any]) -> int:
    return sum(len(block["exercises"]) for block in routine["blocks"])


# Only real routines of 4 to 6 exercises are cloned; they already satisfy
# the catalog's rules (equal sets inside a pair, at most 6 per routine).
def routine_templates(data: dict[str, Any]) -> list[dict[str, Any]]:
    templates = [r for r in data.get("routines", []) if routine_items(r) in ROUTINE_ITEMS]
    if not templates:
        raise ValueError("the real data has no routine of 4 to 6 exercises to clone")
    return templates


# A clone reuses a real routine's blocks on one round of cloned exercises;
# rounds are spread so routines reach exercises across the whole set.
def cloned_routine(template: dict[str, Any], copies: int, round_: int, slugs: set[str]) -> dict[str, Any]:
    clone = copy.deepcopy(template)
    clone["slug"] = f"{template['slug']}-{copies + 1}"
    clone["title"] = f"{template['title']} ({copies + 1})"
    if "short" in clone:
        clone["short"] = clone_short(template["short"], "r", copies)
    for block in clone["blocks"]:
        for item in block["exercises"]:
            item["exercise"] = same_round_slug(item["exercise"], round_, slugs)
    return clone


# One per ten exercises, and never fewer than the real routines: their
# addresses are published, and the build checks they still lead somewhere.
def routine_count(size: int, real_routines: int) -> int:
    return max(real_routines, size // EXERCISES_PER_ROUTINE)


def synthetic_data(size: int) -> dict[str, Any]:
    """The real file with `size` exercises (the real ones first, then clones) and routines in proportion."""
    data = real_data()
    real = data["exercises"]
    if size < len(real):
        raise ValueError(f"size {size} is below the {len(real)} real exercises the pages link to")
    plan = [(real[i % len(real)], i // len(real)) for i in range(size)]
    slugs = {clone_slug(entry["slug"], round_) for entry, round_ in plan}
    real_routines = data.get("routines", [])
    templates = routine_templates(data)
    rounds = math.ceil(size / len(real))
    count = routine_count(size, len(real_routines))
    clones = [
        cloned_routine(
            templates[k % len(templates)], 1 + k // len(templates), (len(real_routines) + k) * rounds // count, slugs
        )
        for k in range(count - len(real_routines))
    ]
    return {
        **data,
        "exercises": [cloned_exercise(entry, round_, slugs) for entry, round_ in plan],
        "routines": [*real_routines, *clones],
    }


# libyaml writes 2,000 exercises in a blink; key order kept as in the real file.
def yaml_text(data: dict[str, Any]) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


# --- Throwaway projects -----------------------------------------------------------------------


# The project as `make build` sees it; our hooks and macros are loaded from
# the copy (mkdocs.yml names `lazyathlete/hooks.py` by path).
def our_project(destination: Path, data: dict[str, Any] | None = None) -> Path:
    copy_project(destination)
    if data is not None:
        path = destination / DATA_FILE
        path.write_text(yaml_text(data), encoding="utf-8")
        load_catalog(path)  # raises DataError: never time a build of bad data
    return destination


# Our modules byte-compiled once, as Python does on their first import on a
# machine that writes .pyc files, and as pip did for every package in the
# venv that the baseline runs on. (This machine sets PYTHONDONTWRITEBYTECODE,
# so without this every timed build would compile our modules again.)
def byte_compiled(project: Path) -> Path:
    compileall.compile_dir(project / "lazyathlete", quiet=1)
    compileall.compile_file(project / "macros.py", quiet=1)
    return project


# Read with MkDocs' own loader, which resolves tags such as `!ENV`.
def our_config() -> dict[str, Any]:
    with open(ROOT / "mkdocs.yml", "rb") as handle:
        return yaml_load(handle)


# A `plugins:` entry is a bare name or a one-key mapping of name to options.
def plugin_name(entry: str | dict[str, Any]) -> str:
    return entry if isinstance(entry, str) else next(iter(entry))


EXERCISE_INDEX = "exercises/index.md"


# Every Markdown page our nav names, however deeply nested (links out are left out).
def nav_pages(nav: Any) -> list[str]:
    if isinstance(nav, str):
        return [nav] if nav.endswith(".md") else []
    if isinstance(nav, dict):
        return [page for value in nav.values() for page in nav_pages(value)]
    if isinstance(nav, list):
        return [page for item in nav for page in nav_pages(item)]
    return []


# Our nav, with every exercise page listed under the exercises index.
def nav_with_exercises(nav: Any, pages: list[str]) -> Any:
    if nav == EXERCISE_INDEX:
        return {"Exercises": [EXERCISE_INDEX, *pages]}
    if isinstance(nav, dict):
        return {
            key: [EXERCISE_INDEX, *pages] if value == EXERCISE_INDEX else nav_with_exercises(value, pages)
            for key, value in nav.items()
        }
    if isinstance(nav, list):
        return [nav_with_exercises(item, pages) for item in nav]
    return nav


# Our mkdocs.yml and nav minus what the data needs (macros, hooks, watch,
# theme overrides); the pages made from the data are reached from index
# pages (kept out of the nav, as ours are), or exercises all listed in the nav.
def baseline_config(exercises: list[dict[str, Any]], all_in_nav: bool) -> dict[str, Any]:
    ours = our_config()
    config = {key: ours[key] for key in ("site_name", "site_description", "site_url", "copyright") if key in ours}
    config["theme"] = {key: value for key, value in ours["theme"].items() if key != "custom_dir"}
    for key in ("extra", "extra_css", "extra_javascript", "markdown_extensions", "validation"):
        if key in ours:
            config[key] = ours[key]
    config["plugins"] = [p for p in ours.get("plugins", []) if plugin_name(p) == "search"]
    if all_in_nav:
        config["nav"] = nav_with_exercises(ours["nav"], [f"exercises/{e['slug']}.md" for e in exercises])
    else:
        config["nav"] = ours["nav"]
    listed = "".join(f"!/{page}\n" for page in nav_pages(ours["nav"]))
    config["not_in_nav"] = f"/exercises/**/*.md\n/routines/**/*.md\n{listed}"
    return config


# One screen per exercise, like ours: a heading, a paragraph, a numbered
# list and a bullet list, with the same words.
def exercise_markdown(exercise: Exercise) -> str:
    steps = "\n".join(f"{n}. {step}" for n, step in enumerate(exercise.steps, 1))
    mistakes = "\n".join(f"- {mistake}" for mistake in exercise.mistakes)
    return (
        f"# {exercise.name}\n\n{exercise.summary}\n\n"
        f"## How to do it\n\n{steps}\n\n**Key cue:** {exercise.key_cue}\n\n"
        f"## Common mistakes\n\n{mistakes}\n\n[All exercises](index.md)\n"
    )


# A routine as a title, a line and its exercises with their doses.
def routine_markdown(routine: Routine, catalog: Catalog, link_prefix: str) -> str:
    lines = []
    for block in routine.blocks:
        for item in block.exercises:
            exercise = catalog.exercise(item.exercise)
            dose = dose_text(item_dose(item, exercise), exercise.one_sided)
            lines.append(f"1. [{exercise.name}]({link_prefix}{exercise.slug}.md): {dose}")
    return f"# {routine.title}\n\n{routine.purpose}\n\n" + "\n".join(lines) + "\n"


# A browse page: the term, what it is, and links to its exercises.
def facet_markdown(term: Term, exercises: list[Exercise]) -> str:
    links = "\n".join(f"- [{e.name}](../{e.slug}.md): {e.summary}" for e in exercises)
    return f"# {term.name} exercises\n\n{term.about}\n\n{links}\n"


# The one page that links every exercise, as ours does.
def exercise_index_markdown(exercises: Iterable[Exercise]) -> str:
    links = "\n".join(f"- [{e.name}]({e.slug}.md): {e.summary}" for e in exercises)
    return f"# Exercises\n\n{links}\n"


# A hand-written page of ours, reduced to a heading and a paragraph: our
# pages call macros, which the baseline does not have.
def stand_in_markdown(path: str) -> str:
    title = Path(path).stem.replace("-", " ").capitalize()
    return f"# {title}\n\nA hand-written page of the site, as plain Markdown.\n"


# The same pages as ours, as plain Markdown: every page the hooks add
# (exercise, routine, pocket card, browse page) and every hand-written one.
def baseline_pages(catalog: Catalog) -> dict[str, str]:
    pages = {path: stand_in_markdown(path) for path in nav_pages(our_config()["nav"])}
    pages[EXERCISE_INDEX] = exercise_index_markdown(catalog.exercises.values())
    generated = generated_pages(catalog)
    for exercise in catalog.exercises.values():
        pages[f"exercises/{exercise.slug}.md"] = exercise_markdown(exercise)
    for routine in catalog.routines.values():
        pages[f"routines/{routine.slug}.md"] = routine_markdown(routine, catalog, "../exercises/")
        pages[f"routines/{routine.slug}/card.md"] = routine_markdown(routine, catalog, "../../exercises/")
    for kind in catalog.facets:
        for key, term in catalog.terms_in_use(kind).items():
            pages[f"exercises/{kind}/{key}.md"] = facet_markdown(term, catalog.exercises_under(kind, key))
    missing = set(generated) - set(pages)
    if missing:  # a new kind of generated page: the baseline must build it too
        raise ValueError(f"the baseline has no plain version of {sorted(missing)[:3]}")
    return pages


def baseline_project(destination: Path, data: dict[str, Any], all_in_nav: bool = False) -> Path:
    """Plain mkdocs-material: our nav and a plain Markdown page for each of our pages; no macros, hooks or data."""
    docs = destination / "docs"
    shutil.copytree(ROOT / "docs", docs, ignore=shutil.ignore_patterns("*.md"))  # CSS, JS, favicon
    with tempfile.TemporaryDirectory(prefix="baseline-data-") as temp:
        path = Path(temp) / "glutes.yml"
        path.write_text(yaml_text(data), encoding="utf-8")
        catalog = load_catalog(path)
    for page, markdown in baseline_pages(catalog).items():
        (docs / page).parent.mkdir(parents=True, exist_ok=True)
        (docs / page).write_text(markdown, encoding="utf-8")
    config = baseline_config(data["exercises"], all_in_nav)
    (destination / "mkdocs.yml").write_text(yaml_text(config), encoding="utf-8")
    return destination


# --- One build, measured from outside ---------------------------------------------------------


class BuildError(Exception):
    """A timed build failed; the message holds the end of its log."""


@dataclass(frozen=True)
class Run:
    """One `mkdocs build --strict` in a child process."""

    seconds: float
    cpu_seconds: float  # user + system: steadier than wall time on a busy machine
    peak_mb: float
    pages: int  # pages MkDocs built (in its sitemap)
    exercise_pages: int  # of those, pages at exercises/<slug>/


# Silences the MkDocs 2 banner in every child, as the Makefile does.
def child_env() -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


# Pages MkDocs built, from its sitemap: redirect stubs written after the
# build (short links, former slugs) are not pages and are not counted.
def built_pages(site_dir: Path) -> int:
    return (site_dir / "sitemap.xml").read_text(encoding="utf-8").count("<loc>")


# Proof that every exercise got its page, in ours and the baseline alike.
def exercise_pages(site_dir: Path, slugs: Sequence[str]) -> int:
    return sum(1 for slug in slugs if (site_dir / "exercises" / slug / "index.html").is_file())


# Runs in a fresh, small interpreter and starts the build from there. On
# Linux a child keeps its parent's memory high-water mark across vfork and
# exec, so a build started straight from this process (which holds 2,000
# synthetic exercises) would report our memory as its own.
MEASURE = """
import json, os, subprocess, sys, time
start = time.perf_counter()
child = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(child.pid, 0)
seconds = time.perf_counter() - start
child.returncode = os.waitstatus_to_exitcode(status)
with open(sys.argv[1], "w", encoding="utf-8") as out:
    json.dump({"seconds": seconds, "cpu": usage.ru_utime + usage.ru_stime,
               "peak_kb": usage.ru_maxrss, "status": child.returncode}, out)
"""


# Wall time around the whole build (start-up and imports included, as for
# `make build`); CPU time and peak RSS from os.wait4 on the build itself.
def timed_build(project: Path, site_dir: Path, slugs: Sequence[str]) -> Run:
    build = [
        sys.executable, "-m", "mkdocs", "build", "--strict",
        "--config-file", str(project / "mkdocs.yml"), "--site-dir", str(site_dir),
    ]  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="measure-") as temp:
        numbers, log = Path(temp) / "numbers.json", Path(temp) / "build.log"
        with open(log, "wb") as output:
            subprocess.run(
                [sys.executable, "-c", MEASURE, str(numbers), *build],
                cwd=project, env=child_env(), stdout=output, stderr=subprocess.STDOUT, check=True,
            )  # fmt: skip
        measured = json.loads(numbers.read_text(encoding="utf-8"))
        if measured["status"] != 0:
            tail = log.read_text(encoding="utf-8", errors="replace")[-4000:]
            raise BuildError(f"mkdocs build of {project} failed ({measured['status']}):\n{tail}")
    run = Run(
        measured["seconds"],
        measured["cpu"],
        measured["peak_kb"] / 1024,
        built_pages(site_dir),
        exercise_pages(site_dir, slugs),
    )
    shutil.rmtree(site_dir, ignore_errors=True)
    # The kernel writes a build's files to disk after it ends. Flushed here, outside
    # any timing, so that work does not land in the next build measured instead.
    os.sync()
    return run


# Progress goes to stderr, so stdout holds only the report.
def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- One size: ours and the baseline, taking turns ------------------------------------------------


# Every run at one size, and the medians the report prints.
@dataclass
class SizeResult:
    size: int
    routines: int
    ours: list[Run] = field(default_factory=list)
    baseline: list[Run] = field(default_factory=list)

    @property
    def our_seconds(self) -> float:
        return statistics.median(run.seconds for run in self.ours)

    @property
    def baseline_seconds(self) -> float:
        return statistics.median(run.seconds for run in self.baseline)

    @property
    def ratio(self) -> float:
        return self.our_seconds / self.baseline_seconds

    @property
    def our_cpu_seconds(self) -> float:
        return statistics.median(run.cpu_seconds for run in self.ours)

    @property
    def baseline_cpu_seconds(self) -> float:
        return statistics.median(run.cpu_seconds for run in self.baseline)

    @property
    def cpu_ratio(self) -> float:
        return self.our_cpu_seconds / self.baseline_cpu_seconds

    @property
    def our_mb(self) -> float:
        return statistics.median(run.peak_mb for run in self.ours)

    @property
    def baseline_mb(self) -> float:
        return statistics.median(run.peak_mb for run in self.baseline)

    def as_json(self) -> dict[str, Any]:
        return {
            "exercises": self.size,
            "routines": self.routines,
            "ours_seconds": self.our_seconds,
            "baseline_seconds": self.baseline_seconds,
            "ratio": self.ratio,
            "cpu_ratio": self.cpu_ratio,
            "ours_peak_mb": self.our_mb,
            "baseline_peak_mb": self.baseline_mb,
            "ours_runs": [asdict(run) for run in self.ours],
            "baseline_runs": [asdict(run) for run in self.baseline],
        }


# Alternating the order each repetition spreads warm caches and background
# noise evenly over the two builds.
def size_result(size: int, repeat: int, workdir: Path) -> SizeResult:
    data = synthetic_data(size)
    slugs = [exercise["slug"] for exercise in data["exercises"]]
    ours = byte_compiled(our_project(workdir / f"ours-{size}", data))
    baseline = baseline_project(workdir / f"baseline-{size}", data)
    result = SizeResult(size, len(data["routines"]))
    builds: list[tuple[str, Path, list[Run]]] = [("ours", ours, result.ours), ("baseline", baseline, result.baseline)]
    for rep in range(repeat):
        for name, project, runs in builds if rep % 2 == 0 else builds[::-1]:
            run = timed_build(project, workdir / f"site-{name}-{size}", slugs)
            runs.append(run)
            progress(
                f"  {size:>5} {name:<8} run {rep + 1}/{repeat}: {run.seconds:6.2f} s"
                f" (CPU {run.cpu_seconds:6.2f} s) {run.peak_mb:6.0f} MB {run.pages} pages"
            )
    shutil.rmtree(ours)
    shutil.rmtree(baseline)
    return result


# The cost of listing every page in the nav: Material renders the whole nav
# into every page, so this grows with the square of the page count.
def nav_baseline_run(size: int, workdir: Path) -> Run:
    data = synthetic_data(size)
    project = baseline_project(workdir / f"baseline-nav-{size}", data, all_in_nav=True)
    run = timed_build(project, workdir / f"site-nav-{size}", [e["slug"] for e in data["exercises"]])
    shutil.rmtree(project)
    progress(f"  {size:>5} all-in-nav baseline: {run.seconds:6.2f} s {run.peak_mb:6.0f} MB")
    return run


# `make build` on the project as it is, copied so edits in progress cannot leak in.
def real_build_runs(repeat: int, workdir: Path) -> list[Run]:
    project = byte_compiled(our_project(workdir / "real"))
    slugs = list(load_catalog(project / DATA_FILE).exercises)
    runs = [timed_build(project, workdir / "site-real", slugs) for _ in range(repeat)]
    shutil.rmtree(project)
    progress(f"  real site: {', '.join(f'{run.seconds:.2f} s' for run in runs)}")
    return runs


# --- A data edit under `mkdocs serve` ------------------------------------------------------------


# A port nobody listens on, so a running `make serve` is left alone.
def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def served_text(url: str) -> str | None:
    """The page's HTML, or None while the server is starting or between builds."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(condition: Callable[[], bool], timeout: float, what: str) -> float:
    """Seconds until `condition` holds, polling every POLL_SECONDS."""
    start = time.perf_counter()
    while not condition():
        if time.perf_counter() - start > timeout:
            raise TimeoutError(f"gave up after {timeout:.0f} s waiting for {what}")
        time.sleep(POLL_SECONDS)
    return time.perf_counter() - start


# The edit a person makes: one exercise's summary line, nothing else.
def edited_data(text: str, slug: str, marker: str) -> str:
    pattern = re.compile(rf"(- slug: {re.escape(slug)}\n(?:.*\n)*?\s+summary: )", re.MULTILINE)
    edited, count = pattern.subn(lambda match: f"{match.group(1)}{marker} ", text, count=1)
    if count != 1:
        raise ValueError(f"no summary found for '{slug}' in the data file")
    return edited


# SIGINT first, like Ctrl-C, so `mkdocs serve` removes its temporary site;
# then SIGTERM and SIGKILL to the whole group if it does not go.
def stop_group(process: subprocess.Popen[bytes]) -> None:
    for sig, grace in ((signal.SIGINT, 10), (signal.SIGTERM, 5), (signal.SIGKILL, 5)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            break
        try:
            process.wait(timeout=grace)
            break
        except subprocess.TimeoutExpired:
            continue


# What a person waits for after saving, and how much of it is the rebuild
# itself (the rest: the file watcher's 0.5 s polling and a 0.1 s settle).
@dataclass(frozen=True)
class Reloads:
    seconds: list[float]  # save -> the served page shows the edit
    rebuilds: list[float]  # "Documentation built in ..." of each rebuild, from the server's log


# The rebuild times `mkdocs serve` logs, the first (start-up) build left out.
def rebuild_seconds(log: str) -> list[float]:
    return [float(value) for value in re.findall(r"Documentation built in ([\d.]+) seconds", log)[1:]]


def reloads(edits: int, workdir: Path) -> Reloads:
    """Seconds from saving a data edit to the served page showing it, once per edit."""
    project = our_project(workdir / "serve")
    data = project / DATA_FILE
    port = free_port()
    url = f"http://127.0.0.1:{port}/exercises/{EDITED_EXERCISE}/"
    command = [sys.executable, "-m", "mkdocs", "serve", "--strict", "--dev-addr", f"127.0.0.1:{port}"]
    timings = []
    log_path = workdir / "serve.log"
    with open(log_path, "wb") as log:
        server = subprocess.Popen(
            command, cwd=project, env=child_env(), stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            wait_for(lambda: served_text(url) is not None or server.poll() is not None, 120, f"mkdocs serve at {url}")
            if server.poll() is not None:
                tail = log_path.read_text(encoding="utf-8", errors="replace")[-4000:]
                raise BuildError(f"mkdocs serve stopped ({server.returncode}):\n{tail}")
            original = data.read_text(encoding="utf-8")
            for n in range(1, edits + 1):
                marker = f"Bench edit {n}."
                data.write_text(edited_data(original, EDITED_EXERCISE, marker), encoding="utf-8")
                seconds = wait_for(lambda text=marker: text in (served_text(url) or ""), 60, "the edited page")
                timings.append(seconds)
                progress(f"  data edit {n}/{edits}: page rebuilt after {seconds:.2f} s")
                time.sleep(1.0)  # let the watcher settle before the next save
        finally:
            stop_group(server)
    shutil.rmtree(project)
    return Reloads(timings, rebuild_seconds(log_path.read_text(encoding="utf-8", errors="replace")))


# --- The machine and the targets ---------------------------------------------------------------


# Total memory, as the kernel reports it (Linux).
def memory_gib() -> float:
    with open("/proc/meminfo", encoding="ascii") as meminfo:
        for line in meminfo:
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024**2
    return float("nan")


# Numbers mean little without the machine and versions that produced them.
def machine() -> dict[str, Any]:
    return {
        "cores": os.cpu_count(),
        "memory_gib": round(memory_gib(), 1),
        "python": platform.python_version(),
        "mkdocs": version("mkdocs"),
        "mkdocs-material": version("mkdocs-material"),
        "mkdocs-macros-plugin": version("mkdocs-macros-plugin"),
        "system": f"{platform.system()} {platform.release()} {platform.machine()}",
    }


# One promise from issue 6 and whether this run kept it.
@dataclass(frozen=True)
class Target:
    promise: str
    measured: str
    met: bool | None  # None: not measured in this run


# Rows by exercise count, for the targets that name a size.
def by_size(rows: list[SizeResult]) -> dict[int, SizeResult]:
    return {row.size: row for row in rows}


def growth(rows: list[SizeResult], seconds: Callable[[SizeResult], float]) -> float | None:
    """How many times longer 2,000 exercises take than 1,000; None if not both measured."""
    sizes = by_size(rows)
    if 1000 not in sizes or 2000 not in sizes:
        return None
    return seconds(sizes[2000]) / seconds(sizes[1000])


# Reported, never asserted: timings depend on the machine.
def targets(rows: list[SizeResult], real: list[Run], edits: Reloads) -> list[Target]:
    sizes = by_size(rows)
    worst = max(rows, key=lambda row: row.ratio) if rows else None
    ours_growth = growth(rows, lambda row: row.our_seconds)
    real_seconds = statistics.median(run.seconds for run in real) if real else None
    reload = statistics.median(edits.seconds) if edits.seconds else None
    thousand = sizes.get(1000)
    return [
        Target(
            f"ours ≤ {RATIO_TARGET}× baseline at every size",
            f"worst {worst.ratio:.2f}× at {worst.size:,}" if worst else "not measured",
            worst.ratio <= RATIO_TARGET if worst else None,
        ),
        Target(
            f"1,000 exercises ≤ {THOUSAND_TARGET_SECONDS:g} s",
            f"{thousand.our_seconds:.2f} s" if thousand else "not measured",
            thousand.our_seconds <= THOUSAND_TARGET_SECONDS if thousand else None,
        ),
        Target(
            f"2,000 ≤ {GROWTH_TARGET}× the 1,000 time",
            f"{ours_growth:.2f}×" if ours_growth is not None else "not measured",
            ours_growth <= GROWTH_TARGET if ours_growth is not None else None,
        ),
        Target(
            f"real `make build` ≤ {REAL_BUILD_TARGET_SECONDS:g} s",
            f"{real_seconds:.2f} s" if real_seconds is not None else "not measured",
            real_seconds <= REAL_BUILD_TARGET_SECONDS if real_seconds is not None else None,
        ),
        Target(
            f"data edit → page reloaded ≤ {RELOAD_TARGET_SECONDS:g} s",
            f"{reload:.2f} s" if reload is not None else "not measured",
            reload <= RELOAD_TARGET_SECONDS if reload is not None else None,
        ),
    ]


# --- Report ------------------------------------------------------------------------------------


# The word printed next to a target.
def verdict(met: bool | None) -> str:
    return "not measured" if met is None else "met" if met else "NOT MET"


def size_table(rows: list[SizeResult]) -> str:
    """The results as a Markdown table, ready to paste into the README."""
    lines = [
        "| exercises | routines | pages ours / baseline | ours (s) | baseline (s) | ratio | CPU ratio"
        " | ours, first build (s) | ours peak MB | baseline peak MB |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        lines.append(
            f"| {row.size:,} | {row.routines:,} | {row.ours[0].pages:,} / {row.baseline[0].pages:,}"
            f" | {row.our_seconds:.2f} | {row.baseline_seconds:.2f} | {row.ratio:.2f}× | {row.cpu_ratio:.2f}×"
            f" | {row.ours[0].seconds:.2f} | {row.our_mb:.0f} | {row.baseline_mb:.0f} |"
        )
    return "\n".join(lines)


# The text `make bench` prints: machine, table, extra measures, targets.
def report(results: dict[str, Any], rows: list[SizeResult], checks: list[Target]) -> str:
    box = results["machine"]
    lines = [
        f"Machine: {box['cores']} cores, {box['memory_gib']} GiB RAM, {box['system']}; Python {box['python']},"
        f" mkdocs {box['mkdocs']}, mkdocs-material {box['mkdocs-material']},"
        f" mkdocs-macros-plugin {box['mkdocs-macros-plugin']}",
        f"Each figure is the median of {results['repeat']} `mkdocs build --strict` runs in a child process"
        " (wall time from start to exit; CPU = user + system time; peak RSS of the child)."
        " Our first build at each size starts without compiled templates (.cache/jinja/); the others reuse them.",
        "",
        size_table(rows),
        "",
    ]
    grow = results["growth_1000_to_2000"]
    if grow["ours"] is not None:
        lines.append(
            f"Growth from 1,000 to 2,000 exercises: ours {grow['ours']:.2f}× (CPU {grow['ours_cpu']:.2f}×),"
            f" baseline {grow['baseline']:.2f}× (CPU {grow['baseline_cpu']:.2f}×)"
        )
    nav = results["all_in_nav_baseline"]
    if nav:
        plain = by_size(rows)[nav["exercises"]].baseline_seconds
        lines.append(
            f"Baseline with all {nav['exercises']:,} exercise pages in the nav (1 build): {nav['seconds']:.2f} s"
            f" ({nav['seconds'] / plain:.1f}× the baseline that keeps them out of it), {nav['peak_mb']:.0f} MB peak"
        )
    if results["real_build_seconds"] is not None:
        lines.append(
            f"Real site, `mkdocs build --strict`: {results['real_build_seconds']:.2f} s"
            f" (median of {len(results['real_build_runs'])})"
        )
    if results["reload_seconds"] is not None:
        samples = results["reload_samples"]
        rebuilds = results["rebuild_samples"]
        lines.append(
            f"Data edit → rebuilt page served by `mkdocs serve`: {results['reload_seconds']:.2f} s"
            f" (median of {len(samples)}: {', '.join(f'{s:.2f}' for s in samples)})"
            + (f"; the rebuild itself: {statistics.median(rebuilds):.2f} s" if rebuilds else "")
        )
    lines += ["", "Targets (reported, not asserted):"]
    lines += [f"  {verdict(t.met):<12} {t.promise}: {t.measured}" for t in checks]
    return "\n".join(lines)


# Everything measured, every run included, for build/bench/results.json.
def results_json(
    rows: list[SizeResult],
    repeat: int,
    nav: Run | None,
    real: list[Run],
    edits: Reloads,
    checks: list[Target],
) -> dict[str, Any]:
    return {
        "machine": machine(),
        "repeat": repeat,
        "sizes": [row.as_json() for row in rows],
        "growth_1000_to_2000": {
            "ours": growth(rows, lambda row: row.our_seconds),
            "baseline": growth(rows, lambda row: row.baseline_seconds),
            "ours_cpu": growth(rows, lambda row: row.our_cpu_seconds),
            "baseline_cpu": growth(rows, lambda row: row.baseline_cpu_seconds),
        },
        "all_in_nav_baseline": {"exercises": NAV_BASELINE_SIZE, **asdict(nav)} if nav else None,
        "real_build_seconds": statistics.median(run.seconds for run in real) if real else None,
        "real_build_runs": [asdict(run) for run in real],
        "reload_seconds": statistics.median(edits.seconds) if edits.seconds else None,
        "reload_samples": edits.seconds,
        "rebuild_samples": edits.rebuilds,
        "targets": [{**asdict(t), "verdict": verdict(t.met)} for t in checks],
    }


# --- Command line ------------------------------------------------------------------------------


# `--sizes 100,1000,2000` (underscores allowed: 1_000).
def sizes_argument(text: str) -> list[int]:
    return [int(part.replace("_", "")) for part in text.split(",") if part.strip()]


# The flags; defaults are what `make bench` runs.
def arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m lazyathlete.bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="builds per size and kind (default 5: this machine is noisy)")
    parser.add_argument(
        "--sizes", type=sizes_argument, default=list(DEFAULT_SIZES), help="exercise counts (default 100,1000,2000)"
    )
    parser.add_argument("--edits", type=int, default=5, help="data edits timed under mkdocs serve (default 5; 0 skips)")
    parser.add_argument(
        "--no-nav-baseline", action="store_true", help=f"skip the all-pages-in-the-nav baseline at {NAV_BASELINE_SIZE:,}"
    )
    return parser.parse_args(argv)


# Sizes first, then the extras, all in one temporary folder removed at the end.
def main(argv: Sequence[str] | None = None) -> int:
    args = arguments(argv)
    with tempfile.TemporaryDirectory(prefix="lazyathlete-bench-") as temp:
        workdir = Path(temp)
        progress(f"Building in {workdir}")
        rows = [size_result(size, args.repeat, workdir) for size in args.sizes]
        nav = None
        if NAV_BASELINE_SIZE in args.sizes and not args.no_nav_baseline:
            nav = nav_baseline_run(NAV_BASELINE_SIZE, workdir)
        real = real_build_runs(args.repeat, workdir)
        edits = reloads(args.edits, workdir) if args.edits > 0 else Reloads([], [])
    checks = targets(rows, real, edits)
    results = results_json(rows, args.repeat, nav, real, edits, checks)
    output = ROOT / RESULTS_FILE
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(report(results, rows, checks))
    print(f"\nWritten to {RESULTS_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
