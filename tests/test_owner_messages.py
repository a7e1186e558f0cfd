"""Every problem the data gate can report reads in the owner's words: the line of the data file
to edit, the entry by its slug and its place counted from 1, the field as the file writes it,
and the fix; never a validator's wording, a programming type's name or a traceback.

Each case edits the real data file's text in a copy of the project, so the lines are real."""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, write_data

from lazyathlete.data import DATA_FILE, DataError, load_catalog
from lazyathlete.data.errors import Problem
from lazyathlete.data.places import ordinal

REAL = (ROOT / DATA_FILE).read_text(encoding="utf-8")
SLUGS = re.findall(r"^  - slug: (\S+)$", REAL.split("\nroutines:")[0], flags=re.MULTILINE)
ROUTINES = re.findall(r"^  - slug: (\S+)$", REAL.split("\nroutines:")[1], flags=re.MULTILINE)


def exercise(slug: str) -> str:
    """How a message names an exercise: "the 4th exercise, 'clamshell'"."""
    return f"the {ordinal(SLUGS.index(slug) + 1)} exercise, '{slug}'"


def routine(slug: str) -> str:
    return f"the {ordinal(ROUTINES.index(slug) + 1)} routine, '{slug}'"


CLAM = exercise("clamshell")
FIVE = "    when: strength-day\n    per_week: 2\n    per_week_max: 3\n    warm_up: Five easy minutes (brisk walk"
LONG = "Clamshell, the exercise every runner with knees that cave in should do"
MUSCLES = ", ".join(yaml.safe_load(REAL)["vocabulary"]["muscles"]).rsplit(", ", 1)
MUSCLES = " or ".join(MUSCLES)


def edited(old: str, new: str, text: str = REAL) -> str:
    """The data file's text with one passage (that occurs once) changed."""
    assert text.count(old) == 1, old
    return text.replace(old, new)


def line_of(text: str, needle: str, after: str = "") -> int:
    """The number (from 1) of the first line holding `needle`, past the first line holding `after`."""
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if after in line) if after else 0
    return next(i for i in range(start, len(lines)) if needle in lines[i]) + 1


def refused(project: Path, text: str) -> list[Problem]:
    """The problems the gate reports for this data file (it must refuse it, naming the file)."""
    path = write_data(project, text)
    with pytest.raises(DataError) as caught:
        load_catalog(path)
    error = caught.value
    assert error.path == str(path.resolve())
    assert str(error).splitlines() == [
        f"{error.path}: {len(error.problems)} problem{'s' if len(error.problems) != 1 else ''} in the data",
        *(f"  - {problem.text}" for problem in error.problems),
    ]
    for problem in error.problems:  # the structured line is the one the text starts with
        where = re.match(r"line (\d+)(?:, column (\d+))?: ", problem.text)
        assert (problem.line, problem.column) == (
            (int(where.group(1)), int(where.group(2)) if where.group(2) else None) if where else (None, None)
        )
    return error.problems


def said(project: Path, text: str) -> list[str]:
    return [problem.text for problem in refused(project, text)]


# --- The file itself ---------------------------------------------------------------------------------


def test_a_missing_data_file(project_copy):
    path = project_copy / DATA_FILE
    path.unlink()
    with pytest.raises(DataError) as caught:
        load_catalog(path)
    assert caught.value.problems == [Problem(None, None, "data file not found: the site is built from this one file")]


def test_a_folder_instead_of_the_data_file(project_copy):
    path = project_copy / DATA_FILE
    path.unlink()
    path.mkdir()
    with pytest.raises(DataError) as caught:
        load_catalog(path)
    assert [p.text for p in caught.value.problems] == ["this is a folder, not a file: the data is one YAML file"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the file is empty: it should hold the sections `vocabulary:`, `experts:`, `exercises:` and `routines:`"),
        (
            "- vocabulary\n- exercises\n",
            "the file should hold the sections `vocabulary:`, `experts:`, `exercises:` and `routines:`, each at the"
            " start of a line, not entries starting with `- `",
        ),
    ],
)
def test_a_file_that_is_not_the_sections(project_copy, text, message):
    assert said(project_copy, text) == [message]


def test_a_file_in_another_encoding(project_copy):
    path = project_copy / DATA_FILE
    path.write_bytes(edited("    name: Clamshell\n", "    name: Clamsh\xe9ll\n").encode("latin-1"))
    line = line_of(REAL, "    name: Clamshell")
    with pytest.raises(DataError) as caught:
        load_catalog(path)
    assert [p.text for p in caught.value.problems] == [
        f"line {line}: the byte 0xe9 is not UTF-8 text (the file was saved in another encoding, such as Latin-1):"
        " save it as UTF-8"
    ]


# --- Text YAML cannot read ------------------------------------------------------------------------------

NAME = "    name: Clamshell\n"
SUMMARY = "    summary: Lie on your side with knees bent and open your top knee like a clam, feet together.\n"


@pytest.mark.parametrize(
    ("new", "column", "message"),
    [
        pytest.param("\tname: Clamshell\n", 1, "a tab: indent with spaces, not a tab", id="tab"),
        pytest.param("  \t  name: Clamshell\n", 3, "a tab: indent with spaces, not a tab", id="tab-inside-the-indent"),
        pytest.param(
            "    name: Clam: shell\n", 15,
            "a colon and a space inside text make it read as `name: value`: put the text in quotes", id="colon",
        ),
        pytest.param(
            "    name: [Clamshell\n", 11,
            "the `[` here is not closed: end it with `]` (or put text holding brackets or commas in quotes)",
            id="bracket",
        ),
        pytest.param("    name: @Clamshell\n", 11, "text cannot start with @: put the text in quotes", id="at-sign"),
        pytest.param(
            "    name: &clam Clamshell\n", 11,
            "`&clam` is a YAML anchor or alias (a value starting with & or *), which the data file does not use:"
            " write the value out in full, or put text that starts with & or * in quotes",
            id="anchor",
        ),
        pytest.param(
            "    name: Clam\x07shell\n", 15,
            "the control character U+0007 is in the file: delete it (most editors do not show it)", id="control",
        ),
        pytest.param("    name: \"Clamshell\n", None, "the quote opened on this line is never closed: add the closing quote", id="quote"),
        pytest.param("    name: 'Clamshell\n", None, "the quote opened on this line is never closed: add the closing quote", id="single-quote"),
        pytest.param(
            '    name: "Clam\\qshell"\n', 16,
            "a backslash inside double quotes starts an escape: write \\\\ for a backslash, or use single quotes", id="escape",
        ),
        pytest.param(
            "    name: | Clamshell\n", 13, "after `|` or `>` the text starts on the next line, indented: move it there",
            id="block-text",
        ),
        pytest.param("    [a]: Clamshell\n", 5, "a field's name cannot be a list or a mapping: write a plain name", id="list-as-name"),
        pytest.param(
            "    name Clamshell\n", None,
            "this line has text but no `name:` at its start: write the field's name and a colon, or indent it under the"
            " field it belongs to",
            id="no-colon",
        ),
        pytest.param(
            "  name: Clamshell\n", None,
            "this line does not fit where it is: line it up with the fields around it (spaces, not tabs), and start"
            " it with `name:` or `- `",
            id="indented-less",
        ),
        pytest.param(
            "      name: Clamshell\n", None,
            "this line is indented under a field that already has a value: line it up with the fields above it",
            id="indented-more",
        ),
        pytest.param(
            "    name: " + "[" * 10_001 + "]" * 10_001 + "\n", None,
            "brackets or indented entries nested more than 32 deep; the data never needs that many: check the"
            " brackets and the indentation here",
            id="nested",
        ),
    ],
)
def test_text_yaml_cannot_read_names_the_line_and_the_fix(project_copy, new, column, message):
    line = line_of(REAL, NAME.rstrip())
    where = f"line {line}, column {column}" if column else f"line {line}"
    assert said(project_copy, edited(NAME, new)) == [f"{where}: {message}"]


def test_a_colon_in_a_summary(project_copy):
    text = edited(SUMMARY, SUMMARY.replace("Lie on your side", "Lie down: on your side"))
    line = line_of(text, "Lie down: on your side")
    column = text.split("\n")[line - 1].index(": on your side") + 1
    assert said(project_copy, text) == [
        f"line {line}, column {column}: a colon and a space inside text make it read as `name: value`: put the text in quotes"
    ]


def test_a_field_given_twice(project_copy):
    text = edited(NAME, NAME + "    name: Clam\n")
    first = line_of(text, "name: Clamshell")
    assert said(project_copy, text) == [
        f"line {first + 1}: {CLAM}: `name` is given twice (lines {first} and {first + 1}): keep one"
    ]


def test_a_field_given_twice_deep_in_an_entry(project_copy):
    text = edited("    dose: {sets: 2, reps: 15}\n", "    dose: {sets: 2, reps: 15, sets: 3}\n")
    line = line_of(text, "sets: 3}")
    assert said(project_copy, text) == [
        f"line {line}: {CLAM}: `dose: sets` is given twice (lines {line} and {line}): keep one"
    ]


# --- Each field: its shape ---------------------------------------------------------------------------------

CUE = "    key_cue: Feet together, hips stacked, and open the knee without rocking back.\n"
DOSE = "    dose: {sets: 2, reps: 15}\n"
ONE_SIDED = "    level: beginner\n    one_sided: true\n    why_for_running: >-\n      The clamshell"
START = "  - slug: clamshell\n"


@pytest.mark.parametrize(
    ("old", "new", "needle", "message"),
    [
        pytest.param(CUE, CUE.replace("key_cue", "key_queue"), "key_queue", "`key_queue` is not a field here: did you mean `key_cue`?", id="misspelt"),
        pytest.param(CUE, CUE.replace("key_cue", "keycue"), "keycue", "`keycue` is not a field here: did you mean `key_cue`?", id="misspelt-more"),
        pytest.param(CUE, "", START.strip(), "the `key_cue` is missing: the one cue to remember. Add it.", id="missing"),
        pytest.param(DOSE, "    dose: {sets: '2', reps: 15}\n", "sets: '2'", "`dose: sets` is in quotes: write 2 without quotes.", id="quoted-number"),
        pytest.param(DOSE, "    dose: {sets: two, reps: 15}\n", "sets: two", "`dose: sets` should be a whole number: write 2, in figures.", id="number-in-words"),
        pytest.param(DOSE, "    dose: {sets: lots, reps: 15}\n", "sets: lots", "`dose: sets` should be a whole number, not text: write a whole number, like 3.", id="text-for-number"),
        pytest.param(DOSE, "    dose: {sets: 2.0, reps: 15}\n", "sets: 2.0", "`dose: sets` should be a whole number: write 2, without the decimal point.", id="decimal"),
        pytest.param(DOSE, "    dose: {sets: 9, reps: 15}\n", "sets: 9", "`dose: sets` is 9; the most it takes is 6.", id="too-many"),
        pytest.param(DOSE, "    dose: {sets: 0, reps: 15}\n", "sets: 0", "`dose: sets` is 0; the least it takes is 1.", id="too-few"),
        pytest.param(DOSE, "    dose: {sets: 2, reps: 15, seconds: 30}\n", "seconds: 30", "`dose` needs exactly one of `reps` or `seconds`.", id="reps-and-seconds"),
        pytest.param(DOSE, "    dose: [2, 15]\n", "dose: [2, 15]", "`dose` should be fields under it (`name: value` lines, indented), not entries (in `[ ]` or on lines starting with `- `).", id="list-for-mapping"),
        pytest.param(ONE_SIDED, ONE_SIDED.replace("true", "no"), "one_sided: no", "`one_sided` should be true or false, not the text 'no': write true or false, without quotes.", id="no"),
        pytest.param(ONE_SIDED, ONE_SIDED.replace("true", '"true"'), 'one_sided: "true"', "`one_sided` should be true or false, not the text 'true': write true or false, without quotes.", id="quoted-true"),
        pytest.param(ONE_SIDED, ONE_SIDED.replace("true", "1"), "one_sided: 1", "`one_sided` should be true or false, not a number: write true or false.", id="number-for-true"),
        pytest.param(NAME, "    name: 12\n", "name: 12", '`name` should be text, not a number: put it in quotes, "12".', id="number-for-text"),
        pytest.param(NAME, "    name: ~\n", "name: ~", "`name` is empty: write the exercise's name, its page title.", id="empty"),
        pytest.param(NAME, f"    name: {LONG}\n", "name: Clamshell,", f"`name` is {len(LONG)} characters, at most 40 (what the printed routine card has room for): shorten it by {len(LONG) - 40}.", id="too-long"),
        pytest.param(NAME, '    name: "Clam\\u202eshell"\n', "name: \"Clam", "`name` contains U+202E, which changes the direction text is shown in and can disguise it; remove it.", id="direction"),
        pytest.param(NAME, '    name: "Clam\\nshell"\n', "name: \"Clam", "`name` must be one line (no line breaks): join the lines.", id="two-lines"),
        pytest.param(NAME, '    name: "Clam\\ashell"\n', "name: \"Clam", "`name` contains the control character U+0007, which cannot be seen; remove it.", id="escaped-control"),
        pytest.param("    also_called: [clam, clams, clam shell, side-lying clam]\n", "    also_called: clam\n", "also_called: clam", "`also_called` should be entries, not text: put each entry on its own line, starting with `- `.", id="text-for-list"),
        pytest.param("    goals: [steadier hips, knees tracking straight, legs lined up under you]\n", "    goals: []\n", "goals: []", "`goals` has no entries; it needs at least 1.", id="too-short"),
        pytest.param("    short: clam\n", "    short: clam-shell\n", "short: clam-shell", "`short` cannot be 'clam-shell': it takes 2 to 20 lowercase letters and digits, no hyphens. Write clamshell?", id="short-pattern"),
        pytest.param("      arrow: near-knee\n      turn: 150\n", "      arrow: near-knee\n      turn: .nan\n", "turn: .nan", "`figure: turn` is .nan, which is not a number you can count with: write a number, like 45.", id="not-finite"),
        pytest.param("      working: near\n      arrow: near-knee", "      working: middle\n      arrow: near-knee", "working: middle", "`figure: working` is 'middle', which it does not take: write near, far or both.", id="literal"),
        pytest.param("    easier:\n      how: Make the movement smaller", "    easier:\n      hw: Make the movement smaller", "hw: Make", "`easier: hw` is not a field here: did you mean `how`?", id="misspelt-inside"),
        pytest.param("    easier:\n      how: Make the movement smaller and stop before your hip wants to roll.\n", "    easier: {}\n", "easier: {}", "`easier` needs `exercise` (another exercise's slug), `how` (a sentence) or both.", id="empty-variation"),
    ],
)
def test_a_field_of_the_wrong_shape_says_the_fix(project_copy, old, new, needle, message):
    text = edited(old, new)
    assert said(project_copy, text) == [f"line {line_of(text, needle, after='- slug: step-up')}: {CLAM}: {message}"]


def test_a_slug_that_is_no_slug_names_the_entry_as_written(project_copy):
    text = edited(START, "  - slug: Clam Shell\n")
    assert said(project_copy, text) == [
        f"line {line_of(text, 'slug: Clam Shell')}: the {ordinal(SLUGS.index('clamshell') + 1)} exercise, 'Clam Shell':"
        " `slug` cannot be 'Clam Shell': it takes a slug: lowercase letters and digits, words joined by single hyphens"
        " (glute-bridge). Write clam-shell?"
    ]


def test_an_unknown_field_lists_the_fields(project_copy):
    text = edited(CUE, CUE + "    colour: red\n")
    [problem] = said(project_copy, text)
    assert problem.startswith(f"line {line_of(text, 'colour: red')}: {CLAM}: `colour` is not a field here: the fields here are `slug`, `short`, ")
    assert "`key_cue`" in problem and problem.endswith("`figure`.")


def test_a_step_with_a_colon_reads_as_a_field(project_copy):
    old = "      - Pause at the top and feel the side of your bum working.\n      - Lower the knee"
    text = edited(old, old.replace("top and feel", "top: feel"))
    assert said(project_copy, text) == [
        f"line {line_of(text, 'Pause at the top: feel')}: {CLAM}: step 4 should be text, but reads as `name: value`"
        " because of a colon and a space in it: put the text in quotes."
    ]


def test_a_pose_names_its_place_in_the_figure(project_copy):
    bridge = exercise("glute-bridge")
    text = edited("          hip: 0\n          knee: 97\n", "          hip: '0'\n          knee: 97\n")
    assert said(project_copy, text) == [
        f"line {line_of(text, 'hip: ' + chr(39))}: {bridge}, pose 2 of `figure`: `hip` is in quotes: write 0 without quotes."
    ]


def test_a_pose_resting_only_on_a_wall(project_copy):
    bridge = exercise("glute-bridge")
    old = "          rests_on: {neck: floor, near-foot: floor, far-foot: floor}\n"
    text = edited(old, "          rests_on: {neck: wall}\n")
    assert said(project_copy, text) == [
        f"line {line_of(text, 'label: end')}: {bridge}, pose 2 of `figure`: `rests_on` needs at least one part on the"
        " floor, a box or a bench."
    ]


@pytest.mark.parametrize(
    ("old", "new", "needle", "message"),
    [
        pytest.param(FIVE, FIVE.replace("when: strength-day", "when: strenght-day"), "when: strenght-day",
                     "`when` is 'strenght-day', which it does not take: did you mean strength-day? It takes before-run,"
                     " after-run or strength-day.", id="when"),
        pytest.param(FIVE, FIVE.replace("per_week: 2", "per_week: 3"),
                     "slug: the-five-from-the-video", "`per_week_max` must be more than `per_week`.", id="range"),
        pytest.param("    warm_up: Five easy minutes (brisk walk or light jog), then 10 glute bridges and 10 hinges with no bell.\n",
                     "", "slug: the-five-from-the-video",
                     "`warm_up_minutes` needs a `warm_up` to time: write the warm-up, or leave the minutes out.", id="minutes-of-no-warm-up"),
    ],
)
def test_a_routine_field(project_copy, old, new, needle, message):
    text = edited(old, new)
    line = line_of(text, needle, after="slug: the-five-from-the-video")
    assert said(project_copy, text) == [f"line {line}: {routine('the-five-from-the-video')}: {message}"]


def test_a_block_of_a_routine(project_copy):
    five = routine("the-five-from-the-video")
    text = edited("      - exercises: [{exercise: clamshell}]\n        rest_seconds: 30\n",
                  "      - exercises: [{exercise: clamshell}]\n        rest_seconds: '30'\n")
    assert said(project_copy, text) == [
        f"line {line_of(text, chr(39) + '30' + chr(39))}: {five}, block 5: `rest_seconds` is in quotes: write 30 without quotes."
    ]


def test_the_vocabulary_and_its_names(project_copy):
    text = edited("    hamstrings:\n      name: Hamstrings\n", "    12:\n      name: Hamstrings\n")
    assert said(project_copy, text) == [
        f"line {line_of(text, '    12:')}: in `vocabulary`: `muscles: 12` cannot be a name here: it should be text,"
        ' not a number: put it in quotes, "12".'
    ]
    text = edited("      about: The big one.", "      abut: The big one.")
    line = line_of(text, "abut: The big one")
    assert said(project_copy, text) == [  # not also "`about` is missing": one mistake, one message
        f"line {line}: in `vocabulary`: `muscles: gluteus-maximus: abut` is not a field here: did you mean `about`?",
    ]


# --- One entry naming another ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "needle", "message"),
    [
        pytest.param("    level: beginner\n    one_sided: true\n    why_for_running: >-\n      The clamshell",
                     "    level: begginer\n    one_sided: true\n    why_for_running: >-\n      The clamshell", "level: begginer",
                     "`level` is 'begginer', which is not in `vocabulary: levels`: did you mean beginner? Or write one of"
                     " beginner, intermediate or advanced, or add it there.", id="level"),
        pytest.param("    primary_muscles: [gluteus-medius, hip-stabilisers]\n", "    primary_muscles: [gluteus-medius, shoulders]\n",
                     "shoulders", "entry 2 of `primary_muscles` is 'shoulders', which is not in `vocabulary: muscles`: write one of"
                     f" {MUSCLES}, or add it there.", id="muscle"),
        pytest.param("    equipment: [none]\n    level: beginner\n    one_sided: true\n    why_for_running: >-\n      The clamshell",
                     "    equipment: [none, mat]\n    level: beginner\n    one_sided: true\n    why_for_running: >-\n      The clamshell",
                     "[none, mat]", "`equipment` lists `none` with other equipment: write `[none]` alone, or leave `none` out.",
                     id="none-and-more"),
        pytest.param("    harder:\n      how: Loop a light resistance band just above your knees, or lift",
                     "    harder:\n      exercise: clamshel\n      how: Loop a light resistance band just above your knees, or lift",
                     "exercise: clamshel", "`harder: exercise` is 'clamshel', but no exercise has that slug: did you mean clamshell?",
                     id="unknown-exercise"),
        pytest.param("    easier:\n      how: Make the movement smaller", "    easier:\n      exercise: clamshell\n      how: Make the movement smaller",
                     "exercise: clamshell", "`easier: exercise` is this exercise's own slug: an exercise cannot be its own easier"
                     " version. Name another.", id="its-own"),
        pytest.param("    equipment: [none]\n    level: beginner\n    one_sided: true\n    why_for_running: >-\n      The clamshell",
                     "    equipment: [resistance-band]\n    level: beginner\n    one_sided: true\n    why_for_running: >-\n      The clamshell",
                     "[resistance-band]", "`equipment` lists kit, so the exercise needs a `no_kit_swap`: add one under it,"
                     " naming a no-kit exercise (`exercise:`), saying how to do without (`how:`), or both.", id="kit-without-a-swap"),
        pytest.param(CUE, CUE + "    no_kit_swap:\n      how: Just do it.\n", "no_kit_swap:",
                     "`no_kit_swap` is given, but this exercise needs no kit (`equipment: [none]`): leave it out.", id="swap-without-kit"),
        pytest.param("    equipment: [none]\n    level: beginner\n    one_sided: true\n    why_for_running: >-\n      The clamshell",
                     "    equipment: [resistance-band]\n    level: beginner\n    one_sided: true\n    no_kit_swap:\n      exercise: fire-hydrnt\n    why_for_running: >-\n      The clamshell",
                     "exercise: fire-hydrnt", "`no_kit_swap: exercise` is 'fire-hydrnt', but no exercise has that slug:"
                     " did you mean fire-hydrant?", id="swap-unknown"),
        pytest.param("    equipment: [none]\n    level: beginner\n    one_sided: true\n    why_for_running: >-\n      The clamshell",
                     "    equipment: [resistance-band]\n    level: beginner\n    one_sided: true\n    no_kit_swap:\n      exercise: lateral-band-walk\n    why_for_running: >-\n      The clamshell",
                     "exercise: lateral-band-walk", "`no_kit_swap: exercise` is 'lateral-band-walk', which needs kit itself:"
                     " name an exercise with `equipment: [none]`.", id="swap-needs-kit"),
        pytest.param("    equipment: [none]\n    level: beginner\n    one_sided: true\n    why_for_running: >-\n      The clamshell",
                     "    equipment: [resistance-band]\n    level: beginner\n    one_sided: true\n    no_kit_swap:\n      exercise: clamshell\n    why_for_running: >-\n      The clamshell",
                     "exercise: clamshell", "`no_kit_swap: exercise` is this exercise's own slug: name a move that needs no kit.",
                     id="swap-its-own"),
        pytest.param(CUE, CUE + "    attribution: metz\n", "attribution: metz",
                     "`attribution` is 'metz', which is not in `experts`: did you mean metzl? Or write one of metzl or powers,"
                     " or add it there.", id="expert"),
        pytest.param("    short: clam\n", "    short: sldl\n", "short: sldl",
                     f"`short` is 'sldl', already the short name of {exercise('single-leg-deadlift')}: pick another short name.",
                     id="short-taken"),
        pytest.param("    short: clam\n", "    short: stepup\n", "short: stepup",
                     f"`short` is 'stepup', already the short name of {exercise('step-up')}: pick another short name.",
                     id="short-taken-2"),
        pytest.param(CUE, CUE + "    former_slugs: [step-up]\n", "former_slugs: [step-up]",
                     f"entry 1 of `former_slugs` is 'step-up', the slug of a current exercise, {exercise('step-up')}:"
                     " take it out of `former_slugs`.", id="former-is-current"),
    ],
)
def test_a_reference_to_another_entry_says_the_fix(project_copy, old, new, needle, message):
    text = edited(old, new)
    assert said(project_copy, text) == [f"line {line_of(text, needle, after=START.strip())}: {CLAM}: {message}"]


def test_a_duplicate_slug_names_the_first(project_copy):
    text = edited("  - slug: fire-hydrant\n", "  - slug: clamshell\n")
    hydrant = SLUGS.index("fire-hydrant")
    assert [problem for problem in said(project_copy, text) if "`slug`" in problem] == [
        f"line {line_of(text, '- slug: clamshell', after='short: legraise')}: the {ordinal(hydrant + 1)} exercise,"
        f" 'clamshell': `slug` is 'clamshell', already the slug of {CLAM}: give each exercise its own slug."
    ]


def test_a_renamed_exercise_named_by_its_old_slug(project_copy):
    text = edited(START, "  - slug: clam\n    former_slugs: [clamshell]\n")
    lines = [p for p in said(project_copy, text) if "clamshell" in p]
    five = routine("the-five-from-the-video")
    block = line_of(text, "{exercise: clamshell}", after="slug: the-five-from-the-video")
    assert (
        f"line {block}: {five}, the 1st exercise in block 5: `exercise` is 'clamshell', the exercise's old slug:"
        " it was renamed, write clam."
    ) in lines


def test_a_routine_of_exercises_with_different_sets(project_copy):
    gym = routine("gym-glute-strength")
    old = "{exercise: side-plank-leg-lift, dose: {sets: 3, seconds: 20}}"
    text = edited(old, old.replace("sets: 3", "sets: 2"))
    assert said(project_copy, text) == [
        f"line {line_of(text, 'side-plank-leg-lift, dose: {sets: 2')}: {gym}, block 2: `exercises` are done back to"
        " back, so they need the same number of sets (they have 2 and 3): give them the same `sets`."
    ]


def test_a_routine_too_long_for_its_card(project_copy):
    gym = routine("gym-glute-strength")
    old = "      - exercises: [{exercise: kettlebell-swing, dose: {sets: 4, reps: 12}}]\n"
    text = edited(old, old.replace("}}]", "}}, {exercise: glute-bridge, dose: {sets: 4, reps: 12}}]", 1))
    text = edited("{exercise: single-leg-deadlift, dose: {sets: 3, reps: 8}}]",
                  "{exercise: single-leg-deadlift, dose: {sets: 3, reps: 8}}, {exercise: clamshell, dose: {sets: 3, reps: 8}}]", text)
    assert said(project_copy, text) == [
        f"line {line_of(text, 'blocks:', after='slug: gym-glute-strength')}: {gym}: `blocks` hold 7 exercises in all,"
        " and a printed card has room for 6: split it into two routines."
    ]


# --- Plans: each broken plan named by its line, the plan, the week and the field ----------------------

PLAN = "the 1st plan, 'six-weeks-to-the-five'"
WEEK_5 = "      - note: The five twice. Third sets are back; keep every swing crisp.\n"
WEEK_3_SESSION = (
    "          - routine: no-kit-home-glutes\n            doses:\n"
    "              - {exercise: single-leg-deadlift, dose: {sets: 3, reps: 6}}\n"
    "              - {exercise: single-leg-glute-bridge, dose: {sets: 3, reps: 6}}\n          - routine"
)


def test_a_plan_naming_a_routine_that_does_not_exist(project_copy):
    old = "        sessions:\n          - routine: the-five-from-the-video\n          - routine: the-five-from-the-video\n"
    text = edited(old, old.replace("the-five-from-the-video", "the-five-from-the-vid", 1))
    assert said(project_copy, text) == [
        f"line {line_of(text, 'routine: the-five-from-the-vid', after='as written. That')}: {PLAN}, the 1st session in week 6: `routine` is"
        " 'the-five-from-the-vid', but no routine has that slug: did you mean the-five-from-the-video? Or write one of"
        " the-five-from-the-video, pre-run-activation, steady-hips-after-run, gym-glute-strength or no-kit-home-glutes."
    ]


def test_a_plan_week_with_no_session(project_copy):
    start = line_of(REAL, WEEK_5.strip())
    lines = REAL.split("\n")
    end = next(n for n in range(start + 1, len(lines)) if lines[n].startswith("      - note:"))
    text = "\n".join([*lines[: start], "        sessions: []", *lines[end:]])  # week 5 keeps its note, loses its sessions
    assert said(project_copy, text) == [
        f"line {start + 1}: {PLAN}, week 5: `sessions` has no entries; it needs at least 1."
    ]


def test_a_plan_dose_for_an_exercise_its_session_does_not_do(project_copy):
    old = "              - {exercise: kettlebell-swing, dose: {sets: 2, reps: 8}}"
    text = edited(old, old.replace("kettlebell-swing", "donkey-kick"))
    assert said(project_copy, text) == [
        f"line {line_of(text, 'exercise: donkey-kick, dose: {sets: 2, reps: 8}')}: {PLAN}, the 1st dose in session 2 in"
        " week 4: `exercise` is 'donkey-kick', which this session does not do (its routine, 'the-five-from-the-video',"
        " does kettlebell-swing, single-leg-deadlift, step-up, glute-bridge and clamshell): give a dose to one of those."
    ]


def test_a_plan_progression_to_an_exercise_that_does_not_exist(project_copy):
    text = edited(WEEK_3_SESSION, WEEK_3_SESSION.replace(
        "            doses:", "            harder: [{instead_of: glute-bridge, exercise: hip-thrusts}]\n            doses:", 1))
    assert said(project_copy, text) == [
        f"line {line_of(text, 'exercise: hip-thrusts')}: {PLAN}, the 1st entry of `harder` in session 1 in week 3:"
        " `exercise` is 'hip-thrusts', but no exercise has that slug: did you mean hip-thrust?"
    ]


def test_a_plan_progression_from_an_exercise_the_routine_lacks(project_copy):
    text = edited(WEEK_3_SESSION, WEEK_3_SESSION.replace(
        "            doses:", "            harder: [{instead_of: step-up, exercise: bulgarian-split-squat}]\n            doses:", 1))
    assert said(project_copy, text) == [
        f"line {line_of(text, 'instead_of: step-up')}: {PLAN}, the 1st entry of `harder` in session 1 in week 3:"
        " `instead_of` is 'step-up', which is not in the routine 'no-kit-home-glutes': write one of glute-bridge,"
        " donkey-kick, single-leg-deadlift, single-leg-glute-bridge, fire-hydrant or side-lying-leg-raise."
    ]


def test_a_plan_week_that_breaks_a_pair_of_its_routine(project_copy):
    old = "              - {exercise: donkey-kick, dose: {sets: 3, reps: 10}}\n"
    text = REAL.replace(old, old.replace("sets: 3", "sets: 2"), 1)  # week 2, session 1 only
    assert said(project_copy, text) == [
        f"line {line_of(text, 'doses:', after='A third set of bridges')}:"
        f" {PLAN}, the 1st session in week 2: `doses` give exercises done back to back in block 1 of the routine"
        " 'no-kit-home-glutes' different numbers of sets (2 and 3): give them the same `sets` that week."
    ]


def test_a_plan_with_two_lighter_weeks(project_copy):
    text = edited(WEEK_5, WEEK_5 + "        lighter: true\n")
    assert said(project_copy, text) == [
        f"line {line_of(text, WEEK_5.strip()) + 1}: {PLAN}, week 5: `lighter` is true, and week 4 is already the lighter"
        " week: a plan has one lighter week, so take `lighter: true` off one of them."
    ]


def test_a_plans_short_name_taken_by_a_routine(project_copy):
    text = edited("    short: sixweeks\n", "    short: five\n")
    assert said(project_copy, text) == [
        f"line {line_of(text, 'short: five', after='slug: six-weeks-to-the-five')}: {PLAN}: `short` is 'five', already"
        f" the short name of {routine('the-five-from-the-video')}: pick another short name."
    ]


def test_the_home_pages_lists(project_copy):
    text = edited("  new_to_strength: [glute-bridge,", "  new_to_strength: [glute-bridg, clamshell,")
    line = line_of(text, "new_to_strength:")
    assert said(project_copy, text) == [
        f"line {line}: in `home_page`: entry 1 of `new_to_strength` is 'glute-bridg', but no exercise has that slug:"
        " did you mean glute-bridge?",
        f"line {line}: in `home_page`: `new_to_strength` lists 'clamshell' twice: list each exercise once.",
    ]


def test_a_gone_line_that_goes_nowhere(project_copy):
    text = edited("\ngone:", "\ngone:\n  /exercises/foo/: /exercises/foo/\n  /exercises/bar/: /exercises/foo/")
    assert said(project_copy, text) == [
        f"line {line_of(text, '/exercises/foo/: ')}: in `gone`: `/exercises/foo/` sends readers to itself: write the page"
        " they should see instead.",
        f"line {line_of(text, '/exercises/bar/: ')}: in `gone`: `/exercises/bar/` sends readers to '/exercises/foo/', which"
        " is gone too: send them straight to where that one goes ('/exercises/foo/').",
    ]


def test_a_figure_that_cannot_be_drawn(project_copy):
    bridge = exercise("glute-bridge")
    text = edited("          hip: 0\n          knee: 97\n", "          hip: 175\n          knee: 97\n")
    line = line_of(text, "label: end")
    assert said(project_copy, text)[:2] == [
        f"line {line}: {bridge}, pose 2 of `figure`: `hip` (near side) at 175° is outside the human range -30 to 140°.",
        f"line {line}: {bridge}, pose 2 of `figure`: `hip` (far side) at 175° is outside the human range -30 to 140°.",
    ]


# --- Any edit of the real file: a load, or problems in the owner's words ------------------------------------

BANNED = ("Extra inputs", "Input should be", "validation error", "pydantic", "[key]", "value_error", "Value error,", "Traceback")
TYPE_NAMES = re.compile(r"\b(?:str|int|dict|list|bool|float|NoneType)\b")


def in_owners_words(problem: Problem) -> list[str]:
    """What is wrong with a problem's wording (nothing, when it is in the owner's words)."""
    wrong = [banned for banned in BANNED if banned in problem.text] + TYPE_NAMES.findall(problem.text)
    whole_file = problem.text.startswith(("the file ", "data file ", "this is "))
    if problem.line is None and not whole_file:
        wrong.append("no line")
    if "\n" in problem.text or not problem.text.strip():
        wrong.append("not one line")
    return wrong


def mutated(rng: random.Random, lines: list[str]) -> str:
    """One random edit of the file's lines, of the kinds a person makes by mistake."""
    lines = list(lines)
    at = rng.randrange(len(lines))
    kind = rng.randrange(11)
    if kind == 0:  # a line deleted
        del lines[at]
    elif kind == 1:  # a block of lines deleted
        del lines[at:at + rng.randint(2, 15)]
    elif kind == 2:  # two lines' values swapped
        other = rng.randrange(len(lines))
        if ": " in lines[at] and ": " in lines[other]:
            (key, value), (other_key, other_value) = lines[at].split(": ", 1), lines[other].split(": ", 1)
            lines[at], lines[other] = f"{key}: {other_value}", f"{other_key}: {value}"
        else:
            lines[at], lines[other] = lines[other], lines[at]
    elif kind == 3:  # a line twice
        lines.insert(at, lines[at])
    elif kind == 4:  # indented more or less
        lines[at] = " " * rng.choice([1, 2, 4]) + lines[at] if rng.random() < 0.5 else lines[at][rng.choice([1, 2]):]
    elif kind == 5:  # a tab in the indentation
        lead = len(lines[at]) - len(lines[at].lstrip(" "))
        cut = rng.randint(0, lead)
        lines[at] = lines[at][:cut] + "\t" + lines[at][cut:]
    elif kind == 6:  # ": " inside text
        if ": " in lines[at]:
            key, value = lines[at].split(": ", 1)
            words = value.split(" ")
            words.insert(rng.randrange(len(words) + 1), "note:")
            lines[at] = f"{key}: {' '.join(words)}"
        else:
            lines[at] += ": x"
    elif kind == 7:  # a number in words or in quotes
        words = "zero one two three four five six".split()
        lines[at] = re.sub(
            r"\b\d+\b", lambda n: rng.choice([f"'{n.group()}'", f'"{n.group()}"', words[int(n.group()) % 7]]), lines[at], count=1
        )
    elif kind == 8:  # the file cut short
        text = "\n".join(lines)
        return text[: rng.randrange(len(text))]
    elif kind == 9:  # a value replaced
        if ": " in lines[at]:
            key = lines[at].split(": ", 1)[0]
            lines[at] = f"{key}: {rng.choice(['no', 'yes', '~', '[]', '{}', 'on', 'off', 'true', '12'])}"
    else:  # a hyphen or a bracket lost
        lines[at] = lines[at].replace("-", "", 1) if rng.random() < 0.5 else lines[at].replace("[", "", 1)
    return "\n".join(lines)


def test_any_edit_of_the_real_file_loads_or_says_what_is_wrong_in_the_owners_words(tmp_path):
    lines = REAL.split("\n")
    path = tmp_path / "glutes.yml"
    refusals, wrong = 0, []
    for seed in range(400):
        rng = random.Random(seed)
        text = mutated(rng, lines)
        if rng.random() < 0.3:  # some files get two edits
            text = mutated(rng, text.split("\n"))
        path.write_text(text, encoding="utf-8")
        os.utime(path, ns=(seed, seed))  # the gate caches on the file's time and size
        try:
            load_catalog(path)
        except DataError as error:
            refusals += 1
            assert error.problems, seed
            wrong += [(seed, problem.text, faults) for problem in error.problems if (faults := in_owners_words(problem))]
    assert wrong == []
    assert refusals > 200  # most edits break something: the check above checked many messages


# --- The build command, as the owner runs it ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "needle", "shown"),
    [
        (CUE, CUE.replace("key_cue", "key_queue"), "key_queue:", f"{CLAM}: `key_queue` is not a field here: did you mean `key_cue`?"),
        (NAME, "\tname: Clamshell\n", "\tname", "a tab: indent with spaces, not a tab"),
        (NAME, "    name: Clam: shell\n", "Clam: shell", "put the text in quotes"),
        (DOSE, "    dose: {sets: '2', reps: 15}\n", "sets: '2'", f"{CLAM}: `dose: sets` is in quotes: write 2 without quotes."),
    ],
    ids=["misspelt", "tab", "colon", "quoted"],
)
def test_the_build_command_shows_the_problem_without_a_traceback(project_copy, old, new, needle, shown):
    text = edited(old, new)
    write_data(project_copy, text)
    result = subprocess.run(
        [sys.executable, "-m", "lazyathlete", "build"], cwd=project_copy, capture_output=True, text=True, timeout=300,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert f"  - line {line_of(text, needle)}" in output
    assert shown in output
    assert f"{project_copy.resolve() / DATA_FILE}: 1 problem in the data" in output
    assert "Nothing was built" in output
    assert "Traceback" not in output and "BuildError" not in output and "Aborted" not in output
    assert not (project_copy / "site").exists()
