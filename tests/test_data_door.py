"""The data file's door holds against any input: every bad file stops the load in
seconds with a message naming the file and where (line, or entry and field), never a
traceback, and no value is quietly turned into another type."""

from __future__ import annotations

import copy
import os
import subprocess
import sys
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT, build_error, write_data

from lazyathlete.data import DATA_FILE, DataError, load_catalog
from lazyathlete.data.places import ordinal

DOOR_SECONDS = 20  # a load that takes longer is a hang: the real file loads in a blink

# Loads a data file in a fresh interpreter and prints what the door said.
_DOOR = """
import sys
from lazyathlete.data import DataError, load_catalog
try:
    load_catalog(sys.argv[1])
except DataError as error:
    print(error)
    sys.exit(3)
print("loaded")
"""


def exercise(data: dict, slug: str) -> dict:
    return next(e for e in data["exercises"] if e["slug"] == slug)


def index_of(data: dict, slug: str) -> int:
    return [e["slug"] for e in data["exercises"]].index(slug)


def door_error(path: Path) -> str:
    """What load_catalog says about the file at `path` (it must refuse it, in words)."""
    with pytest.raises(DataError) as caught:
        load_catalog(path)
    message = str(caught.value)
    assert str(path.resolve()) in message, "the message must name the data file"
    return message


def door_error_in_subprocess(path: Path) -> str:
    """Like door_error, in a fresh interpreter: a load that hangs fails the test, not the session."""
    result = subprocess.run(
        [sys.executable, "-c", _DOOR, str(path)],
        cwd=ROOT, capture_output=True, text=True, timeout=DOOR_SECONDS,
    )
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    assert result.returncode == 3, (result.returncode, result.stdout[-2000:], result.stderr[-2000:])
    assert str(path.resolve()) in result.stdout, "the message must name the data file"
    return result.stdout


def write_with(project: Path, data: dict, raw: dict[str, str]) -> Path:
    """Write `data`, then swap each placeholder value for raw YAML (escapes, anchors...)."""
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    for placeholder, snippet in raw.items():
        assert text.count(placeholder) == 1, placeholder
        text = text.replace(placeholder, snippet)
    return write_data(project, text)


def line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if needle in line)


def set_at(data: dict, where: tuple[Any, ...], value: Any) -> None:
    """Set a value by path; an exercise or routine is named by its slug, and a missing list is made."""
    node: Any = data
    for step, key in enumerate(where[:-1]):
        if step == 1 and where[0] in ("exercises", "routines") and isinstance(key, str):
            node = next(e for e in node if e["slug"] == key)
            continue
        if isinstance(node, dict) and key not in node:
            node[key] = ["x"] if isinstance(where[step + 1], int) else {}
        node = node[key]
    node[where[-1]] = value


# --- A: pathological YAML stops at once ---------------------------------------------------------------


def billion_laughs(levels: int = 9) -> str:
    names = "abcdefghijklmnop"[:levels]
    lines = ["lols:", f"  {names[0]}: &{names[0]} [" + ", ".join(["lol"] * 9) + "]"]
    for before, name in pairwise(names):
        lines.append(f"  {name}: &{name} [" + ", ".join([f"*{before}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def test_billion_laughs_stops_at_once_and_names_the_line(project_copy, raw_data):
    data = copy.deepcopy(raw_data)
    exercise(data, "clamshell")["helps_with"] = "LAUGHS-HERE"
    text = billion_laughs() + yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    path = write_data(project_copy, text.replace("LAUGHS-HERE", "*i"))
    message = door_error_in_subprocess(path)
    assert "line 2, column 6: `&a` is a YAML anchor or alias" in message


@pytest.mark.parametrize(
    ("where", "snippet", "needle"),
    [
        (("exercises", "clamshell", "key_cue"), "&cue Feet together", "&cue"),
        (("exercises", "clamshell", "dose"), "&dose {sets: 2, reps: 10}", "&dose"),
        (("routines", 0, "title"), "!!str &t Five", "&t"),
    ],
)
def test_anchors_are_refused_with_their_line(project_copy, raw_data, where, snippet, needle):
    data = copy.deepcopy(raw_data)
    set_at(data, where, "RAW-HERE")
    path = write_with(project_copy, data, {"RAW-HERE": snippet})
    message = door_error(path)
    assert f"line {line_of(path, needle)}, column " in message and f"`{needle}` is a YAML anchor or alias" in message


def test_a_merge_key_is_an_alias_too(project_copy, raw_data):
    data = copy.deepcopy(raw_data)
    exercise(data, "clamshell")["dose"] = "RAW-HERE"
    text = "base: &base {sets: 2}\n" + yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    path = write_data(project_copy, text.replace("RAW-HERE", "{<<: *base, reps: 10}"))
    assert "line 1, column 7: `&base` is a YAML anchor or alias" in door_error(path)


def test_ampersands_and_stars_in_words_are_words(project_copy, raw_data):
    data = copy.deepcopy(raw_data)
    target = exercise(data, "clamshell")
    target["name"] = "Bum & legs, *really* &more"
    target["summary"] = "3 × 12 *each* side & rest"
    target["key_cue"] = "*Squeeze* & hold"  # starts with a star: the dump quotes it
    write_data(project_copy, data)
    loaded = load_catalog(project_copy / DATA_FILE).exercise("clamshell")
    assert loaded.name == "Bum & legs, *really* &more" and loaded.key_cue == "*Squeeze* & hold"


@pytest.mark.parametrize(
    "nest",
    [
        pytest.param("[" * 100_000, id="open-brackets"),
        pytest.param("[" * 100_000 + "]" * 100_000, id="closed-brackets"),
        pytest.param("{a: " * 100_000, id="open-braces"),
        pytest.param('[ "]", ' * 60_000, id="brackets-hidden-by-quoted-closers"),
        pytest.param("[a, " * 100_000, id="open-brackets-with-items"),
    ],
)
def test_deep_nesting_stops_at_once_and_names_the_line(project_copy, raw_data, nest):
    data = copy.deepcopy(raw_data)
    exercise(data, "clamshell")["helps_with"] = "NEST-HERE"
    path = write_with(project_copy, data, {"NEST-HERE": nest})
    message = door_error_in_subprocess(path)
    assert f"line {line_of(path, 'helps_with: ' + nest[:8])}" in message
    assert "nested more than" in message or "exceeded maximum nesting depth" in message


def test_deep_block_nesting_is_refused_in_words(project_copy, raw_data):
    data = copy.deepcopy(raw_data)
    exercise(data, "clamshell")["helps_with"] = "NEST-HERE"
    nest = "\n" + "".join("  " * (depth + 3) + "- \n" for depth in range(600))
    path = write_with(project_copy, data, {" NEST-HERE": nest})
    message = door_error_in_subprocess(path)
    assert "nested" in message


# --- B: the file itself: read, or refused in words ----------------------------------------------------


def test_a_file_that_is_not_utf8_names_the_line(project_copy, caplog):
    text = (ROOT / DATA_FILE).read_text(encoding="utf-8")
    line = line_of(ROOT / DATA_FILE, "name: Clamshell")
    path = project_copy / DATA_FILE
    path.write_bytes(text.replace("name: Clamshell", "name: Clamsh\udce9ll").encode("utf-8", "surrogateescape"))
    message = build_error(project_copy, caplog)
    assert str(path.resolve()) in message and f"line {line}" in message and "UTF-8" in message


@pytest.mark.parametrize("byte", [b"\x07", b"\x1b", b"\x00", b"\x7f"])
def test_a_raw_control_byte_names_the_line(project_copy, byte):
    text = (ROOT / DATA_FILE).read_bytes()
    line = line_of(ROOT / DATA_FILE, "name: Clamshell")
    path = project_copy / DATA_FILE
    path.write_bytes(text.replace(b"name: Clamshell", b"name: Clam" + byte + b"shell"))
    message = door_error(path)
    assert f"line {line}" in message and "control character" in message


def test_a_folder_where_the_data_file_should_be(project_copy, caplog):
    path = project_copy / DATA_FILE
    path.unlink()
    path.mkdir()
    message = build_error(project_copy, caplog)
    assert str(path.resolve()) in message and "is a folder, not a file" in message


def test_a_pipe_where_the_data_file_should_be_does_not_hang(project_copy):
    path = project_copy / DATA_FILE
    path.unlink()
    os.mkfifo(path)
    assert "not a plain file" in door_error_in_subprocess(path)


def test_a_data_file_that_cannot_be_read(project_copy):
    path = project_copy / DATA_FILE
    path.unlink()
    path.symlink_to(path.name)  # points at itself: reading it is an OSError (too many links)
    with pytest.raises(DataError, match="cannot read the data file"):
        load_catalog(path)


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("", "the file is empty"),
        ("# only a comment\n", "the file is empty"),
        ("null\n", "the file is empty"),
        ("- vocabulary\n- exercises\n", "not entries starting with `- `"),
        ("just some words\n", "not text"),
        ("12\n", "not a number"),
    ],
)
def test_a_file_that_is_not_a_mapping_of_sections(project_copy, text, said):
    message = door_error(write_data(project_copy, text))
    assert said in message and "vocabulary" in message


# --- B: text is text: no control, line-breaking or direction characters -------------------------------


@pytest.mark.parametrize("escape", ["\\a", "\\x07", "\\e", "\\x1b", "\\0", "\\x7f", "\\x9b", "\\b"])
def test_a_control_character_names_entry_and_field(project_copy, raw_data, escape):
    data = copy.deepcopy(raw_data)
    exercise(data, "clamshell")["name"] = "RAW-HERE"
    path = write_with(project_copy, data, {"RAW-HERE": f'"Clam{escape}shell"'})
    message = door_error(path)
    assert "'clamshell': `name` contains the control character" in message


# Every free-text field, wherever it sits, gets the same rule.
TEXT_FIELDS = [
    (("exercises", "clamshell", "summary"), "the {i} exercise, 'clamshell': `summary`"),
    (("exercises", "clamshell", "steps", 0), "'clamshell': step 1"),
    (("exercises", "clamshell", "mistakes", 1), "'clamshell': mistake 2"),
    (("exercises", "clamshell", "why_for_running"), "'clamshell': `why_for_running`"),
    (("exercises", "clamshell", "caution"), "'clamshell': `caution`"),
    (("exercises", "clamshell", "easier", "how"), "'clamshell': `easier: how`"),
    (("exercises", "clamshell", "figure", "poses", 0, "alt"), "'clamshell', pose 1 of `figure`: `alt`"),
    (("exercises", "clamshell", "figure", "poses", 1, "label"), "'clamshell', pose 2 of `figure`: `label`"),
    (("vocabulary", "muscles", "core", "about"), "in `vocabulary`: `muscles: core: about`"),
    (("vocabulary", "equipment", "none", "also", 0), "in `vocabulary`: entry 1 of `equipment: none: also`"),
    (("experts", "metzl", "described_as"), "in `experts`: `metzl: described_as`"),
    (("experts", "metzl", "says"), "in `experts`: `metzl: says`"),
    (("routines", 0, "purpose"), "the 1st routine, 'the-five-from-the-video': `purpose`"),
]


@pytest.mark.parametrize(("where", "named"), TEXT_FIELDS)
def test_every_text_field_refuses_control_characters(project_copy, raw_data, where, named):
    data = copy.deepcopy(raw_data)
    set_at(data, where, "RAW-HERE")
    path = write_with(project_copy, data, {"RAW-HERE": '"Bad \\e[31m red"'})
    message = door_error(path)
    assert named.format(i=ordinal(index_of(data, "clamshell") + 1)) + " contains the control character U+001B" in message


@pytest.mark.parametrize("code", [*range(0x202A, 0x202F), *range(0x2066, 0x206A)])
@pytest.mark.parametrize("field", ["name", "summary"])
def test_text_direction_overrides_are_refused(project_copy, raw_data, code, field):
    data = copy.deepcopy(raw_data)
    exercise(data, "clamshell")[field] = f"Clam{chr(code)}shell"
    message = door_error(write_data(project_copy, data))
    assert f"'clamshell': `{field}` contains U+{code:04X}, which changes the direction" in message


@pytest.mark.parametrize(
    ("where", "named"),
    [
        (("exercises", "clamshell", "slug"), "`slug` is 69 characters"),
        (("exercises", "clamshell", "former_slugs"), "entry 1 of `former_slugs` is 69 characters"),
        (("routines", 0, "slug"), "`slug` is 69 characters"),
    ],
)
def test_a_slug_too_long_for_a_file_name(project_copy, raw_data, where, named):
    data = copy.deepcopy(raw_data)
    slug = "-".join(["clamshell"] * 7)  # 69 characters
    set_at(data, where, [slug] if where[-1] == "former_slugs" else slug)
    message = door_error(write_data(project_copy, data))
    assert f"{named}, at most 60: shorten it by 9." in message


def test_a_vocabulary_key_too_long(project_copy, raw_data):
    data = copy.deepcopy(raw_data)
    data["vocabulary"]["levels"]["x" * 61] = copy.deepcopy(data["vocabulary"]["levels"]["beginner"])
    message = door_error(write_data(project_copy, data))
    assert f"in `vocabulary`: `levels: {'x' * 61}` cannot be a name here: it is 61 characters, at most 60" in message


# --- C: a wrong type is an error, not a guess; numbers are finite -------------------------------------


@pytest.mark.parametrize(
    ("where", "value", "named", "said"),
    [
        (("exercises", "step-up", "dose", "sets"), True, "'step-up': `dose: sets`", "should be a whole number, not true or false: write a whole number, like 3."),
        (("exercises", "step-up", "dose", "reps"), "12", "'step-up': `dose: reps`", "is in quotes: write 12 without quotes."),
        (("exercises", "step-up", "dose", "reps"), 12.0, "'step-up': `dose: reps`", "should be a whole number: write 12, without the decimal point."),
        (("exercises", "clamshell", "one_sided"), "yes", "'clamshell': `one_sided`", "should be true or false, not the text 'yes': write true or false, without quotes."),
        (("exercises", "clamshell", "one_sided"), 1, "'clamshell': `one_sided`", "should be true or false, not a number: write true or false."),
        (("exercises", "clamshell", "also_called"), "clam", "'clamshell': `also_called`", "should be entries, not text: put each entry on its own line, starting with `- `."),
        (("exercises", "clamshell", "name"), 12, "'clamshell': `name`", 'should be text, not a number: put it in quotes, "12".'),
        (("exercises", "clamshell", "steps", 1), 2, "'clamshell': step 2", 'should be text, not a number: put it in quotes, "2".'),
        (("exercises", "clamshell", "level"), 1, "'clamshell': `level`", 'should be text, not a number: put it in quotes, "1".'),
        (("routines", 0, "per_week"), True, "'the-five-from-the-video': `per_week`", "should be a whole number, not true or false"),
        (("routines", 0, "blocks", 0, "rest_seconds"), "60", "'the-five-from-the-video', block 1: `rest_seconds`", "is in quotes: write 60 without quotes."),
        (("routines", 0, "when"), True, "'the-five-from-the-video': `when`", "is true, which it does not take: write before-run, after-run or strength-day."),
        (("vocabulary", "muscles", "core", "about"), 12, "in `vocabulary`: `muscles: core: about`", "should be text, not a number"),
        (("experts", "metzl", "name"), False, "in `experts`: `metzl: name`", 'should be text, not true or false: put it in quotes, "false".'),
        (("exercises", "glute-bridge", "figure", "turn"), True, "'glute-bridge': `figure: turn`", "should be a number, not true or false: write a number, like 45."),
        (("exercises", "glute-bridge", "figure", "poses", 0, "head"), "22", "'glute-bridge', pose 1 of `figure`: `head`", "is in quotes: write 22 without quotes."),
        (("exercises", "glute-bridge", "figure", "poses", 0, "alt"), 5, "'glute-bridge', pose 1 of `figure`: `alt`", 'should be text, not a number: put it in quotes, "5".'),
    ],
)
def test_a_wrong_type_is_an_error_not_a_guess(project_copy, raw_data, where, value, named, said):
    data = copy.deepcopy(raw_data)
    set_at(data, where, value)
    message = door_error(write_data(project_copy, data))
    assert f"{named} {said}" in message


def test_a_vocabulary_key_that_is_a_number(project_copy, raw_data):
    data = copy.deepcopy(raw_data)
    data["vocabulary"]["muscles"][12] = copy.deepcopy(data["vocabulary"]["muscles"]["core"])
    message = door_error(write_data(project_copy, data))
    assert "in `vocabulary`: `muscles: 12` cannot be a name here: it should be text, not a number: put it in quotes, \"12\"." in message


def test_a_vocabulary_key_that_is_true(project_copy, raw_data):
    data = copy.deepcopy(raw_data)
    data["vocabulary"]["equipment"][True] = copy.deepcopy(data["vocabulary"]["equipment"]["none"])
    message = door_error(write_data(project_copy, data))
    assert "in `vocabulary`: `equipment: true` cannot be a name here: it should be text, not true or false" in message


@pytest.mark.parametrize(
    "where",
    [
        ("figure", "turn"),
        ("figure", "tilt"),
        ("figure", "poses", 0, "hip"),
        ("figure", "poses", 1, "knee"),
        ("figure", "poses", 0, "trunk"),
        ("figure", "poses", 0, "head"),
    ],
)
@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf")])
def test_figure_numbers_must_be_finite(project_copy, raw_data, where, value):
    data = copy.deepcopy(raw_data)
    set_at(data, ("exercises", "glute-bridge", *where), value)
    message = door_error(write_data(project_copy, data))
    named = f"`figure: {where[-1]}`" if len(where) == 2 else f"pose {where[2] + 1} of `figure`: `{where[-1]}`"
    assert f"'glute-bridge'{',' if len(where) > 2 else ':'} {named} is {'.nan' if value != value else '.inf' if value > 0 else '-.inf'}, which is not a number you can count with: write a number, like 45." in message


def test_a_number_that_is_not_a_number_in_a_whole_number_field(project_copy, raw_data):
    data = copy.deepcopy(raw_data)
    exercise(data, "clamshell")["dose"]["sets"] = float("nan")
    message = door_error(write_data(project_copy, data))
    assert "'clamshell': `dose: sets` should be a whole number, not .nan: write a whole number, like 3." in message


def test_a_routine_still_reads_its_when(catalog):
    from lazyathlete.data.models import When
    from lazyathlete.site.render import when_text

    assert {routine.when for routine in catalog.routines.values()} <= set(When)
    assert all(when_text(routine.when) for routine in catalog.routines.values())


# --- D: routines keep their former slugs --------------------------------------------------------------


def test_a_routine_keeps_its_former_slugs(project_copy, raw_data):
    data = copy.deepcopy(raw_data)
    current = data["routines"][1]["slug"]
    data["routines"][1]["former_slugs"] = ["old-activation"]
    catalog = load_catalog(write_data(project_copy, data))
    assert catalog.former_routine_slugs == {"old-activation": current}
    assert catalog.routine("old-activation").slug == current
    assert catalog.former_slugs == {old: e["slug"] for e in data["exercises"] for old in e.get("former_slugs", [])}


def test_a_routine_former_slug_may_not_be_a_current_routine(project_copy, raw_data):
    data = copy.deepcopy(raw_data)
    data["routines"][1]["former_slugs"] = [data["routines"][2]["slug"]]
    message = door_error(write_data(project_copy, data))
    second, third = data["routines"][1]["slug"], data["routines"][2]["slug"]
    assert (
        f"the 2nd routine, '{second}': entry 1 of `former_slugs` is '{third}', the slug of a current routine,"
        f" the 3rd routine, '{third}': take it out of `former_slugs`." in message
    )


def test_a_routine_former_slug_belongs_to_one_routine(project_copy, raw_data):
    data = copy.deepcopy(raw_data)
    data["routines"][1]["former_slugs"] = ["old-one"]
    data["routines"][3]["former_slugs"] = ["old-one"]
    message = door_error(write_data(project_copy, data))
    first = f"the 2nd routine, '{data['routines'][1]['slug']}'"
    assert (
        f"the 4th routine, '{data['routines'][3]['slug']}': entry 1 of `former_slugs` is 'old-one',"
        f" already a former slug of {first}: keep it in one place only." in message
    )


# --- D: names and titles are one line -----------------------------------------------------------------


ONE_LINE_FIELDS = [
    (("exercises", "clamshell", "name"), "'clamshell': `name`"),
    (("exercises", "clamshell", "also_called", 0), "'clamshell': entry 1 of `also_called`"),
    (("exercises", "clamshell", "key_cue"), "'clamshell': `key_cue`"),
    (("exercises", "clamshell", "helps_with", 0), "'clamshell': entry 1 of `helps_with`"),
    (("routines", 0, "title"), "'the-five-from-the-video': `title`"),
    (("vocabulary", "muscles", "core", "name"), "in `vocabulary`: `muscles: core: name`"),
    (("vocabulary", "muscles", "core", "also", 0), "in `vocabulary`: entry 1 of `muscles: core: also`"),
    (("experts", "metzl", "name"), "in `experts`: `metzl: name`"),
]


@pytest.mark.parametrize("line_break", ["\\n", "\\r", "\\N", "\\L", "\\P", "\\v", "\\f", "\\r\\n"])
@pytest.mark.parametrize(("where", "named"), ONE_LINE_FIELDS)
def test_names_and_titles_are_one_line(project_copy, raw_data, where, named, line_break):
    data = copy.deepcopy(raw_data)
    set_at(data, where, "RAW-HERE")
    path = write_with(project_copy, data, {"RAW-HERE": f'"Clam{line_break}shell"'})
    message = door_error(path)
    assert f"{named} must be one line (no line breaks): join the lines." in message


def test_a_folded_block_name_is_one_line(project_copy, raw_data):
    data = copy.deepcopy(raw_data)
    exercise(data, "clamshell")["name"] = "RAW-HERE"
    path = write_with(project_copy, data, {"RAW-HERE": ">\n      Clam\n      shell"})
    assert load_catalog(path).exercise("clamshell").name == "Clam shell"


def test_paragraphs_may_have_line_breaks(project_copy, raw_data):
    data = copy.deepcopy(raw_data)
    exercise(data, "clamshell")["summary"] = "First line.\nSecond line."
    exercise(data, "clamshell")["steps"][0] = "First line.\nSecond line."
    catalog = load_catalog(write_data(project_copy, data))
    assert catalog.exercise("clamshell").summary == "First line.\nSecond line."


# --- D: a short name is nobody else's slug ------------------------------------------------------------


def test_a_short_name_may_not_be_another_exercises_slug(project_copy, raw_data):
    data = copy.deepcopy(raw_data)
    exercise(data, "step-up")["short"] = "clamshell"
    message = door_error(write_data(project_copy, data))
    step, clam = index_of(data, "step-up"), index_of(data, "clamshell")
    assert (
        f"the {ordinal(step + 1)} exercise, 'step-up': `short` is 'clamshell', the slug of the {ordinal(clam + 1)} exercise,"
        " 'clamshell': pick another short name."
    ) in message


def test_a_short_name_may_not_be_another_routines_slug(project_copy, raw_data):
    data = copy.deepcopy(raw_data)
    data["routines"][0]["slug"] = "morning"
    data["routines"][2]["short"] = "morning"
    message = door_error(write_data(project_copy, data))
    slug = data["routines"][2]["slug"]
    assert f"the 3rd routine, '{slug}': `short` is 'morning', the slug of the 1st routine, 'morning'" in message


def test_an_entry_may_keep_its_own_slug_as_its_short_name(project_copy, raw_data):
    data = copy.deepcopy(raw_data)
    exercise(data, "clamshell")["short"] = "clamshell"
    assert load_catalog(write_data(project_copy, data)).exercise("clamshell").short == "clamshell"
