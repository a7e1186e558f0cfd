"""Broken data fails the build with a message naming the file, the entry and the field,
and text from the data lands in the page as text."""

from __future__ import annotations

import copy
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, article, break_and_build, build_error, build_site, copy_project, words, write_data

from lazyathlete.cli.schema import json_schema
from lazyathlete.data import DATA_FILE, DataError, load_catalog
from lazyathlete.data.models import (
    MAX_CUE,
    MAX_GOAL,
    MAX_HOW,
    MAX_LIST,
    MAX_NAME,
    MAX_PARAGRAPH,
    MAX_SENTENCE,
    MAX_TITLE,
    MAX_WARM_UP,
    MAX_WORDS,
)
from lazyathlete.data.places import ordinal


def exercise(data: dict, slug: str) -> dict:
    return next(e for e in data["exercises"] if e["slug"] == slug)


def test_missing_required_field(project_copy, raw_data, caplog):
    data = copy.deepcopy(raw_data)
    del exercise(data, "clamshell")["key_cue"]
    message = break_and_build(project_copy, data, caplog)
    assert "'clamshell': the `key_cue` is missing: the one cue to remember. Add it." in message


def test_wrong_type(project_copy, raw_data, caplog):
    data = copy.deepcopy(raw_data)
    exercise(data, "step-up")["dose"]["sets"] = "three"
    message = break_and_build(project_copy, data, caplog)
    assert "'step-up': `dose: sets` should be a whole number: write 3, in figures." in message


def test_zero_sets(project_copy, raw_data, caplog):
    data = copy.deepcopy(raw_data)
    exercise(data, "step-up")["dose"]["sets"] = 0
    message = break_and_build(project_copy, data, caplog)
    assert "'step-up': `dose: sets` is 0; the least it takes is 1." in message


def test_unknown_level(project_copy, raw_data, caplog):
    data = copy.deepcopy(raw_data)
    exercise(data, "glute-bridge")["level"] = "expert"
    message = break_and_build(project_copy, data, caplog)
    assert (
        "'glute-bridge': `level` is 'expert', which is not in `vocabulary: levels`:"
        " write one of beginner, intermediate or advanced, or add it there." in message
    )  # says what would have been accepted


def test_unknown_equipment(project_copy, raw_data, caplog):
    data = copy.deepcopy(raw_data)
    exercise(data, "kettlebell-swing")["equipment"] = ["barbell"]
    message = break_and_build(project_copy, data, caplog)
    assert "'kettlebell-swing': entry 1 of `equipment` is 'barbell', which is not in `vocabulary: equipment`" in message


def test_unknown_muscle(project_copy, raw_data, caplog):
    data = copy.deepcopy(raw_data)
    exercise(data, "clamshell")["primary_muscles"] = ["biceps"]
    message = break_and_build(project_copy, data, caplog)
    assert "'clamshell': entry 1 of `primary_muscles` is 'biceps', which is not in `vocabulary: muscles`" in message


def test_duplicate_slug(project_copy, raw_data, caplog):
    data = copy.deepcopy(raw_data)
    twin = copy.deepcopy(exercise(data, "clamshell"))
    twin["name"] = "Another clamshell"
    data["exercises"].append(twin)
    message = break_and_build(project_copy, data, caplog)
    count = len(data["exercises"])
    assert f"the {ordinal(count)} exercise, 'clamshell': `slug` is 'clamshell', already the slug of the 4th exercise" in message


def test_reference_to_an_exercise_that_does_not_exist(project_copy, raw_data, caplog):
    data = copy.deepcopy(raw_data)
    exercise(data, "glute-bridge")["harder"] = {"exercise": "glute-bridge-on-the-moon"}
    message = break_and_build(project_copy, data, caplog)
    assert (
        "'glute-bridge': `harder: exercise` is 'glute-bridge-on-the-moon', but no exercise has that slug" in message
    )


def test_unknown_field_is_a_typo_not_ignored(project_copy, raw_data, caplog):
    data = copy.deepcopy(raw_data)
    exercise(data, "clamshell")["key_queue"] = "Feet together"
    message = break_and_build(project_copy, data, caplog)
    assert "'clamshell': `key_queue` is not a field here: did you mean `key_cue`?" in message


def test_entry_without_slug_is_named_by_position(project_copy, raw_data, caplog):
    data = copy.deepcopy(raw_data)
    del data["exercises"][2]["slug"]
    message = break_and_build(project_copy, data, caplog)
    name = data["exercises"][2]["name"]
    assert f"the 3rd exercise, '{name}': the `slug` is missing" in message  # named by its name instead


def test_bad_slug(project_copy, raw_data, caplog):
    data = copy.deepcopy(raw_data)
    exercise(data, "clamshell")["slug"] = "Clam Shell"
    message = break_and_build(project_copy, data, caplog)
    assert "'Clam Shell': `slug` cannot be 'Clam Shell': it takes a slug" in message and "Write clam-shell?" in message


def test_yaml_syntax_error_gives_its_line(project_copy, caplog):
    text = (ROOT / DATA_FILE).read_text(encoding="utf-8").splitlines()
    line = next(i for i, t in enumerate(text) if t.strip().startswith("- slug: clamshell"))
    text[line + 1] = "    name: [Clamshell"  # unclosed bracket
    message = break_and_build(project_copy, "\n".join(text) + "\n", caplog)
    assert f"line {line + 2}, column 11: the `[` here is not closed: end it with `]`" in message


def test_key_given_twice_in_an_entry_is_an_error(project_copy, caplog):
    # PyYAML would keep the second name silently; the owner gets told instead.
    text = (ROOT / DATA_FILE).read_text(encoding="utf-8").splitlines()
    line = next(i for i, t in enumerate(text) if t.strip().startswith("- slug: clamshell"))
    text.insert(line + 2, text[line + 2].replace("Clamshell", "Clam"))  # a second `name:`
    message = break_and_build(project_copy, "\n".join(text) + "\n", caplog)
    assert str(DATA_FILE) in message
    assert (
        f"line {line + 4}: the 4th exercise, 'clamshell': `name` is given twice (lines {line + 3} and {line + 4}): keep one"
        in message
    )


def test_key_given_twice_deep_in_an_entry_names_the_field(project_copy, caplog):
    text = (ROOT / DATA_FILE).read_text(encoding="utf-8").splitlines()
    line = next(i for i, t in enumerate(text) if t.strip().startswith("- slug: clamshell"))
    dose = next(i for i in range(line, len(text)) if text[i].strip().startswith("dose: {"))
    text[dose] = text[dose].replace("}", ", sets: 9}")  # `sets` again
    message = break_and_build(project_copy, "\n".join(text) + "\n", caplog)
    assert f"line {dose + 1}: the 4th exercise, 'clamshell': `dose: sets` is given twice" in message


def test_missing_data_file_fails(project_copy, caplog):
    (project_copy / DATA_FILE).unlink()
    assert "data file not found" in build_error(project_copy, caplog)


# --- Macro errors may not reach a page ------------------------------------------------------------


def test_macro_error_fails_the_build(project_copy):
    (project_copy / "docs" / "oops.md").write_text("# Oops\n\n{{ exercise_page('no-such-exercise') }}\n")
    with pytest.raises(SystemExit) as caught:
        build_site(project_copy, project_copy / "site")
    assert caught.value.code != 0


def test_undefined_variable_fails_the_build(project_copy):
    (project_copy / "docs" / "oops.md").write_text("# Oops\n\nHello {{ no_such_variable }}\n")
    with pytest.raises(SystemExit) as caught:
        build_site(project_copy, project_copy / "site")
    assert caught.value.code != 0


def test_failed_make_build_keeps_the_previous_site(tmp_path):
    """`make build` swaps in a new site only when the build succeeds."""
    if shutil.which("make") is None:
        pytest.fail("make is required")
    project = copy_project(tmp_path / "project")
    shutil.copy2(ROOT / "Makefile", project / "Makefile")
    shutil.copy2(ROOT / "pyproject.toml", project / "pyproject.toml")
    venv = Path(sys.prefix)
    (project / "site").mkdir()
    (project / "site" / "index.html").write_text("previous site")
    (project / "docs" / "oops.md").write_text("# Oops\n\n{{ exercise_page('no-such-exercise') }}\n")
    # VENV points at this interpreter's environment; its site stamp is already satisfied.
    (venv / ".installed-site").touch(exist_ok=True)
    result = subprocess.run(
        ["make", "build", f"VENV={venv}"], cwd=project, capture_output=True, text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode != 0
    assert (project / "site" / "index.html").read_text() == "previous site"


# --- Text from the data is text ---------------------------------------------------------------------


def test_data_text_is_escaped_not_executed(project_copy, raw_data, caplog):
    data = copy.deepcopy(raw_data)
    target = exercise(data, "clamshell")
    target["name"] = "<script>alert(1)</script>"
    target["summary"] = "Sum {{ 7*7 }} & <b>bold</b>"
    target["key_cue"] = "{% raw %}{{ config }}"
    target["steps"][0] = '"><img src=x onerror=alert(2)>'
    write_data(project_copy, data)
    site = build_site(project_copy, project_copy / "site")
    from bs4 import BeautifulSoup

    html = (site / "exercises" / "clamshell" / "index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "lxml")
    body = article(soup)
    assert words(body.h1) == "<script>alert(1)</script>"
    assert words(body.select_one(".la-summary")) == "Sum {{ 7*7 }} & <b>bold</b>"
    assert words(body.select_one(".la-cue__text")) == "{% raw %}{{ config }}"
    assert words(body.select_one("ol.la-steps li")) == '"><img src=x onerror=alert(2)>'
    assert "<script>alert(1)" not in html
    assert not soup.select("img[onerror]") and body.select_one("b") is None
    assert words(soup.title).startswith("<script>alert(1)</script>")
    description = soup.select_one("meta[name=description]")["content"]
    assert description == "Sum {{ 7*7 }} & <b>bold</b>"
    # It still reads as text where the exercise is listed.
    index = BeautifulSoup((site / "exercises" / "index.html").read_text(encoding="utf-8"), "lxml")
    assert "<script>alert(1)</script>" in [words(a) for a in index.select(".la-card__link")]


# --- Figures: checked beside the pages, reported before any is written ------------------------------


def test_a_figure_that_cannot_be_drawn_fails_the_build(project_copy, raw_data, caplog):
    # Its geometry is checked in a helper process while pages render (hooks.py);
    # the build still stops before it writes anything.
    data = copy.deepcopy(raw_data)
    exercise(data, "glute-bridge")["figure"]["poses"][1]["hip"] = 175
    message = break_and_build(project_copy, data, caplog)
    index = [e["slug"] for e in data["exercises"]].index("glute-bridge")
    assert (
        f"the {ordinal(index + 1)} exercise, 'glute-bridge', pose 2 of `figure`: `hip` (near side) at 175° is outside"
        " the human range -30 to 140°." in message
    )


def test_figure_problems_are_reported_with_the_others(project_copy, raw_data, caplog):
    data = copy.deepcopy(raw_data)
    exercise(data, "glute-bridge")["figure"]["poses"][1]["hip"] = 175
    exercise(data, "clamshell")["level"] = "expert"
    message = break_and_build(project_copy, data, caplog)
    assert "5 problems in the data" in message  # the level, and four from the one bent hip
    assert "'clamshell': `level` is 'expert'" in message and "'glute-bridge', pose 2 of `figure`: `hip`" in message


def test_load_catalog_checks_the_figures_too(project_copy, raw_data):
    from lazyathlete.data import DataError, load_catalog

    data = copy.deepcopy(raw_data)
    exercise(data, "glute-bridge")["figure"]["poses"][1]["hip"] = 175
    path = write_data(project_copy, data)
    with pytest.raises(DataError, match="'glute-bridge', pose 2 of `figure`: `hip`"):
        load_catalog(path)


# --- Every text and every list has a most, named when it is passed -----------------------------------

def gate_error(project: Path, data: dict) -> str:
    """What the one gate says about this data (it must refuse it, naming the file)."""
    path = write_data(project, data)
    with pytest.raises(DataError) as caught:
        load_catalog(path)
    message = str(caught.value)
    assert str(path.resolve()) in message
    return message


def at(data: dict, where: tuple) -> tuple[dict | list, object]:
    """The container and key of a place in the data; exercises and routines named by slug."""
    node: dict | list = data
    for step, key in enumerate(where[:-1]):
        if step == 1 and isinstance(key, str) and where[0] in ("exercises", "routines"):
            node = next(e for e in node if e["slug"] == key)  # type: ignore[union-attr]
        else:
            node = node[key]  # type: ignore[index]
    return node, where[-1]


# (where, how the message names it, the limit, the words that say why)
TEXT_LIMITS = [
    (("exercises", "clamshell", "name"), "'clamshell': `name`", MAX_NAME, "printed routine card"),
    (("exercises", "clamshell", "key_cue"), "'clamshell': `key_cue`", MAX_CUE, "printed routine card"),
    (("exercises", "glute-bridge", "easier", "how"), "'glute-bridge': `easier: how`", MAX_HOW, "printed"),
    (("exercises", "clamshell", "harder", "how"), "'clamshell': `harder: how`", MAX_HOW, "printed"),
    (("routines", 0, "title"), "the 1st routine, 'the-five-from-the-video': `title`", MAX_TITLE, "printed"),
    (("routines", 0, "warm_up"), "the 1st routine, 'the-five-from-the-video': `warm_up`", MAX_WARM_UP, "printed"),
    (("routines", 0, "purpose"), "`purpose`", MAX_PARAGRAPH, ""),
    (("exercises", "clamshell", "summary"), "'clamshell': `summary`", MAX_SENTENCE, ""),
    (("exercises", "clamshell", "steps", 0), "'clamshell': step 1", MAX_PARAGRAPH, ""),
    (("exercises", "clamshell", "mistakes", 0), "'clamshell': mistake 1", MAX_PARAGRAPH, ""),
    (("exercises", "clamshell", "why_for_running"), "`why_for_running`", MAX_PARAGRAPH, ""),
    (("exercises", "clamshell", "also_called", 0), "'clamshell': entry 1 of `also_called`", MAX_WORDS, ""),
    (("exercises", "clamshell", "goals", 0), "'clamshell': goal 1", MAX_GOAL, ""),
    (("vocabulary", "levels", "beginner", "name"), "in `vocabulary`: `levels: beginner: name`", MAX_NAME, ""),
    (("vocabulary", "muscles", "gluteus-maximus", "about"), "`muscles: gluteus-maximus: about`", MAX_PARAGRAPH, ""),
]


def filled(length: int, kind: str) -> str:
    if kind == "one word":
        return "W" * length
    return ("Squeeze the glute at the top, then lower slowly. " * (length // 20 + 1))[:length].rstrip()


@pytest.mark.parametrize(("where", "named", "limit", "why"), TEXT_LIMITS, ids=lambda v: v if isinstance(v, str) else None)
@pytest.mark.parametrize("kind", ["one word", "words"])
def test_a_text_over_its_limit_is_refused_naming_the_limit(project_copy, raw_data, where, named, limit, why, kind):
    data = copy.deepcopy(raw_data)
    node, key = at(data, where)
    node[key] = filled(limit, kind)  # type: ignore[index]
    write_data(project_copy, data)
    load_catalog(project_copy / DATA_FILE)  # at the limit: fine
    text = filled(limit + 40, kind)
    node[key] = text  # type: ignore[index]
    message = gate_error(project_copy, data)
    assert f"{named} is {len(text)} characters, at most {limit}" in message
    assert f"shorten it by {len(text) - limit}." in message
    assert why in message


@pytest.mark.parametrize(
    ("where", "named"),
    [
        (("exercises", "clamshell", "name"), "'clamshell': `name`"),
        (("exercises", "step-up", "key_cue"), "'step-up': `key_cue`"),
        (("routines", 1, "title"), "`title`"),
        (("experts", "metzl", "says"), "in `experts`: `metzl: says`"),
    ],
)
def test_a_20000_letter_word_is_refused_at_the_door_with_its_limit(project_copy, raw_data, caplog, where, named):
    """The build says what is wrong at once; nothing downstream ever sees a text that long."""
    data = copy.deepcopy(raw_data)
    if where[0] == "experts":
        where = ("experts", next(iter(data["experts"])), "says")
        named = f"in `experts`: `{where[1]}: says`"
    node, key = at(data, where)
    node[key] = "W" * 20_000  # type: ignore[index]
    message = break_and_build(project_copy, data, caplog)
    assert f"{named} is 20000 characters, at most " in message
    assert "Traceback" not in message


# (where, how the message names it, the most, a single entry of the list)
LIST_LIMITS = [
    (("exercises", "clamshell", "steps"), "'clamshell': `steps`", 12, "Lie on your side."),
    (("exercises", "clamshell", "mistakes"), "'clamshell': `mistakes`", 10, "Rolling back."),
    (("exercises", "clamshell", "goals"), "'clamshell': `goals`", 10, "steadier hips"),
    (("exercises", "clamshell", "also_called"), "'clamshell': `also_called`", MAX_LIST, "clam"),
    (("exercises", "clamshell", "helps_with"), "'clamshell': `helps_with`", MAX_LIST, "knee pain"),
    (("exercises", "clamshell", "former_slugs"), "'clamshell': `former_slugs`", MAX_LIST, None),
    (("routines", 0, "blocks", 0, "exercises"), "'the-five-from-the-video', block 1: `exercises`", 6, {"exercise": "clamshell"}),
    (("exercises", "clamshell", "figure", "poses"), "'clamshell': `figure: poses`", 6, "pose"),
]


@pytest.mark.parametrize(("where", "named", "most", "entry"), LIST_LIMITS, ids=lambda v: v if isinstance(v, str) else None)
def test_a_list_over_its_limit_is_refused_naming_the_limit(project_copy, raw_data, where, named, most, entry):
    data = copy.deepcopy(raw_data)
    node, key = at(data, where)
    current = node[key] if key in node else []  # type: ignore[operator,index]
    if entry is None:
        entries = [f"old-clamshell-{n}" for n in range(most + 5)]
    elif entry == "pose":
        entries = [copy.deepcopy(current[n % len(current)]) for n in range(most + 5)]
    else:
        entries = [copy.deepcopy(entry) for _ in range(most + 5)]
    node[key] = entries  # type: ignore[index]
    message = gate_error(project_copy, data)
    assert f"{named} has {most + 5} entries, at most {most}" in message and "remove 5." in message


def test_every_free_text_field_of_the_data_has_a_stated_limit():
    """No text or list in the data is unbounded: the JSON Schema gives each a most (what editors and FIELDS.md show)."""
    schema = json_schema()
    unbounded = []

    def visit(node, path: str) -> None:
        if not isinstance(node, dict):
            return
        if "$ref" in node:
            node = schema["$defs"][node["$ref"].removeprefix("#/$defs/")]
        kind = node.get("type")
        bounded_pattern = "pattern" in node and not any(c in node["pattern"] for c in "*+")
        if kind == "string" and "maxLength" not in node and not bounded_pattern and "enum" not in node and "const" not in node:
            unbounded.append(path)
        if kind == "array" and "maxItems" not in node:
            unbounded.append(path)
        keys = node.get("propertyNames", {})
        if isinstance(node.get("additionalProperties"), dict) and "maxProperties" not in node and "enum" not in keys:
            unbounded.append(path)
        for choice in node.get("anyOf", []) + node.get("oneOf", []):
            visit(choice, path)
        if isinstance(node.get("items"), dict):
            visit(node["items"], path + "[]")
        if isinstance(node.get("additionalProperties"), dict):
            visit(node["additionalProperties"], path + ".<key>")
        for name, prop in (node.get("properties", {}) if kind == "object" else {}).items():  # not the editors' hints
            visit(prop, f"{path}.{name}")

    visit(schema, "")
    assert unbounded == [], unbounded
