"""The YouTube description generator: links, chapters, and each of YouTube's rules."""

from __future__ import annotations

import copy
import re
import shutil
import subprocess
import sys

import pytest
import yaml
from conftest import ROOT, build_site, copy_project, page_path, write_data

from lazyathlete.cli.describe import (
    MAX_BYTES,
    Chapter,
    DescriptionError,
    chapter_problems,
    checked,
    description_problems,
    exercise_description,
    find,
    main,
    routine_description,
)
from lazyathlete.data import DATA_FILE, Catalog, load_catalog
from lazyathlete.data.models import RoutineVideo, Video
from lazyathlete.site.links import PUBLISHED_URLS, add_published, read_published

SITE = "https://glutes.example/"


def catalog_with(raw: dict, tmp_path):
    path = tmp_path / "glutes.yml"
    path.write_text(yaml.safe_dump(raw, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return load_catalog(path)


def test_routine_description_links_every_exercise_through_short_links_with_utm():
    catalog = load_catalog(ROOT / DATA_FILE)
    routine = catalog.routine("the-five-from-the-video")
    text, paths = routine_description(routine, catalog, SITE, "five-video")
    utm = "?utm_source=youtube&utm_medium=video&utm_campaign=five-video"
    assert f"{SITE}go/five/{utm}" in text
    for block in routine.blocks:
        for item in block.exercises:
            exercise = catalog.exercise(item.exercise)
            assert f"{exercise.name}: {SITE}go/{exercise.short}/{utm}" in text
    assert "Chapters" not in text  # no timestamps in the data: no chapters
    assert paths[0] == "go/five/"
    checked(text, "routine")


def test_without_utm_the_links_are_clean():
    catalog = load_catalog(ROOT / DATA_FILE)
    text, _ = exercise_description(catalog.exercise("clamshell"), catalog, SITE, None)
    assert f"{SITE}go/clam/\n" in text and "utm_" not in text


VIDEO_ORDER = ["glute-bridge", "single-leg-deadlift", "step-up", "clamshell", "kettlebell-swing"]


def videoed(raw: dict, starts: list[int], title: str | None = None) -> dict:
    """The five-from-the-video routine with a video, and its exercises at these start times, given in the
    order the video shows them (the routine does them in its own order)."""
    raw = copy.deepcopy(raw)
    routine = next(r for r in raw["routines"] if r["slug"] == "the-five-from-the-video")
    routine["video"] = {"id": "AbCdEfGhI_-"}
    if title:
        routine["title"] = title
    slugs = VIDEO_ORDER
    for slug, start in zip(slugs, starts, strict=False):  # fewer starts: the rest have no video
        next(e for e in raw["exercises"] if e["slug"] == slug)["videos"] = [{"id": "AbCdEfGhI_-", "start": start}]
    return raw


def test_chapters_come_from_the_data_with_an_intro_at_0_00(raw_data, tmp_path):
    catalog = catalog_with(videoed(raw_data, [35, 130, 260, 400, 545]), tmp_path)
    text, _ = routine_description(catalog.routine("the-five-from-the-video"), catalog, SITE, None)
    chapters = text.split("Chapters:\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert chapters == ["0:00 Intro", "0:35 Glute bridge", "2:10 Single-leg deadlift", "4:20 Step-up",
                        "6:40 Clamshell", "9:05 Kettlebell swing"]


def test_title_with_ampersand_accents_and_emoji(raw_data, tmp_path):
    title = "Bum & Beine: Übungen für Läufer 🍑"
    catalog = catalog_with(videoed(raw_data, [0, 60, 120, 180, 240], title=title), tmp_path)
    text, _ = routine_description(catalog.routine("the-five-from-the-video"), catalog, SITE, "bum&beine")
    assert text.startswith(f"{title}: a glute routine")
    assert "utm_campaign=bum%26beine" in text  # the campaign is URL-encoded, not pasted
    assert checked(text, "routine") == text
    assert len(text.encode("utf-8")) > len(text)  # bytes, not characters, are what count


# --- Each rule, refused with a clear message --------------------------------------------------------


def test_rule_at_most_5000_bytes_not_characters():
    text = "🍑" * 1300  # 1,300 characters, 5,200 bytes
    assert len(text) < MAX_BYTES
    problems = description_problems(text)
    assert problems and "5200 bytes" in problems[0] and "5000" in problems[0]
    assert description_problems("a" * MAX_BYTES) == []


@pytest.mark.parametrize("bracket", ["<", ">"])
def test_rule_no_angle_brackets(bracket):
    problems = description_problems(f"line one\nBridge {bracket} squat\n")
    assert problems == [f"line 2 contains '{bracket}', which YouTube does not allow in descriptions"]


def test_angle_bracket_in_the_data_refuses_the_description(raw_data, tmp_path):
    catalog = catalog_with(videoed(raw_data, [0, 60, 120, 180, 240], title="Glutes <3"), tmp_path)
    text, _ = routine_description(catalog.routine("the-five-from-the-video"), catalog, SITE, None)
    with pytest.raises(DescriptionError, match="contains '<'"):
        checked(text, "routine 'five'")


def test_rule_chapters_start_at_0_00():
    assert "not 0:00" in chapter_problems([Chapter(5, "a"), Chapter(60, "b"), Chapter(120, "c")])[0]


def test_rule_at_least_three_chapters():
    assert "at least 3" in chapter_problems([Chapter(0, "a"), Chapter(60, "b")])[0]


def test_rule_chapters_ascend():
    problems = chapter_problems([Chapter(0, "a"), Chapter(90, "b"), Chapter(60, "c")])
    assert problems == ["'c' at 1:00 does not come after 'b' at 1:30"]


def test_rule_chapters_last_ten_seconds():
    problems = chapter_problems([Chapter(0, "a"), Chapter(60, "b"), Chapter(65, "c")])
    assert problems == ["'b' at 1:00 lasts 5 s; chapters need at least 10 s"]


def test_good_chapters_pass():
    assert chapter_problems([Chapter(0, "a"), Chapter(10, "b"), Chapter(20, "c")]) == []


def test_routine_with_broken_chapters_is_refused(raw_data, tmp_path):
    catalog = catalog_with(videoed(raw_data, [0, 60, 65, 180, 240]), tmp_path)
    with pytest.raises(DescriptionError, match="Single-leg deadlift.*lasts 5 s"):
        routine_description(catalog.routine("the-five-from-the-video"), catalog, SITE, None)


# --- The command ---------------------------------------------------------------------------------------


def run(project, *args):
    return subprocess.run(
        [sys.executable, "-m", "lazyathlete", "describe", *args, "--config", str(project / "mkdocs.yml")],
        capture_output=True, text=True, cwd=project,
    )


def test_command_prints_the_description_and_records_what_it_handed_out(tmp_path, raw_data):
    project = copy_project(tmp_path / "project")
    shutil.copy2(ROOT / PUBLISHED_URLS, project / PUBLISHED_URLS)
    data = copy.deepcopy(raw_data)
    data["exercises"][0]["short"] = "brandnew"
    write_data(project, data)
    result = run(project, "exercise", "brandnew", "--utm", "bridge-video")
    assert result.returncode == 0, result.stderr
    assert "go/brandnew/?utm_source=youtube&utm_medium=video&utm_campaign=bridge-video" in result.stdout
    assert "/go/brandnew/" in read_published(project / PUBLISHED_URLS)
    assert "recorded 1 new" in result.stderr


def test_command_refuses_with_a_clear_message(tmp_path, raw_data):
    project = copy_project(tmp_path / "project")
    write_data(project, videoed(raw_data, [0, 60, 120, 180, 240], title="Glutes <3"))
    result = run(project, "routine", "five", "--no-record")
    assert result.returncode == 1 and result.stdout == ""
    assert "error: routine 'five'" in result.stderr and "'<'" in result.stderr


# --- Text from the data stays on its own line --------------------------------------------------------


def changed(catalog, exercises: dict | None = None, routines: dict | None = None):
    """A Catalog like this one with some entries changed, unvalidated: what a future validator refuses still gets here."""
    exercises, routines = exercises or {}, routines or {}
    data = catalog.data.model_copy(update={
        "exercises": [e.model_copy(update=exercises.get(e.slug, {})) for e in catalog.data.exercises],
        "routines": [r.model_copy(update=routines.get(r.slug, {})) for r in catalog.data.routines],
    })
    return Catalog(data)


TIME_AT_START = re.compile(r"^\s*\d+:\d\d")
BREAKS = ["\n", "\r\n", "\r", "\u2028", "\u2029", "\u0085", "\t", "\v", "\f", "\x1c"]


@pytest.mark.parametrize("brk", BREAKS, ids=repr)
def test_a_line_break_in_the_data_cannot_add_chapters_or_lines(brk):
    video = {"id": "AbCdEfGhI_-"}
    starts = {"glute-bridge": 35, "single-leg-deadlift": 130, "step-up": 260, "clamshell": 400, "kettlebell-swing": 545}
    exercises = {slug: {"videos": [Video(**video, start=start)]} for slug, start in starts.items()}
    exercises["glute-bridge"]["name"] = f"Glute{brk}bridge{brk}0:00 Fake chapter{brk}https://evil.example/"
    catalog = changed(load_catalog(ROOT / DATA_FILE), exercises, {"the-five-from-the-video": {
        "video": RoutineVideo(**video),
        "title": f"The five{brk}{brk}0:10 Fake",
        "purpose": f"Purpose{brk}1:00 Fake{brk}",
    }})
    text, _ = routine_description(catalog.routine("the-five-from-the-video"), catalog, SITE, None)
    lines = text.splitlines()
    chapters = text.split("Chapters:\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert chapters == ["0:00 Intro", "0:35 Glute bridge 0:00 Fake chapter https://evil.example/",
                        "2:10 Single-leg deadlift", "4:20 Step-up", "6:40 Clamshell", "9:05 Kettlebell swing"]
    assert [line for line in lines if TIME_AT_START.match(line)] == chapters
    assert lines[:3] == ["The five 0:10 Fake: a glute routine for runners.", "", "Purpose 1:00 Fake"]
    assert f"• Glute bridge 0:00 Fake chapter https://evil.example/: {SITE}go/bridge/" in lines
    assert len(lines) == len(text.split("\n")) - 1  # nothing but \n ends a line


@pytest.mark.parametrize("brk", BREAKS, ids=repr)
def test_a_line_break_in_an_exercise_description_is_joined(brk):
    catalog = changed(
        load_catalog(ROOT / DATA_FILE),
        {"clamshell": {"name": f"Clam{brk}shell", "summary": f"Lie{brk}on your side.", "key_cue": f"Knees{brk}{brk}together"}},
        {"steady-hips-after-run": {"title": f"Steady{brk}hips"}},
    )
    text, _ = exercise_description(catalog.exercise("clamshell"), catalog, SITE, None)
    lines = text.splitlines()
    assert lines[:3] == ["Clam shell: Lie on your side.", "", "Key cue: Knees together"]
    assert f"• Steady hips: {SITE}go/hips/" in lines
    assert len(lines) == len(text.split("\n")) - 1


@pytest.mark.parametrize("field", ["title", "purpose"])
def test_a_line_of_data_that_starts_with_a_time_is_refused(field):
    catalog = changed(load_catalog(ROOT / DATA_FILE), routines={"the-five-from-the-video": {field: "0:00 Fake chapter"}})
    text, _ = routine_description(catalog.routine("the-five-from-the-video"), catalog, SITE, None)
    line = 1 if field == "title" else 3
    with pytest.raises(DescriptionError, match=f"line {line} starts with a time \\('0:00'\\), which YouTube"):
        checked(text, "routine 'five'")


def test_chapter_lines_under_chapters_pass_and_others_do_not():
    assert description_problems("Title\n\nChapters:\n0:00 Intro\n0:35 Bridge\n1:02:05 End\n\nFooter\n") == []
    assert description_problems("12:30 a time\n\nChapters:\n0:00 Intro\n") == [
        "line 1 starts with a time ('12:30'), which YouTube could take for a chapter"]
    assert description_problems("Chapters:\n0:00 Intro\n\n1:00 after the list\n") == [
        "line 4 starts with a time ('1:00'), which YouTube could take for a chapter"]


# --- Finding what to describe ---------------------------------------------------------------------------


def test_a_slug_wins_over_another_exercises_short_name():
    # glute-bridge comes first in the file and now has the short name 'clamshell'
    catalog = changed(load_catalog(ROOT / DATA_FILE), {"glute-bridge": {"short": "clamshell"}})
    exercise = find(catalog.exercises.values(), "clamshell", "exercise")
    assert exercise.slug == "clamshell"
    text, _ = exercise_description(exercise, catalog, SITE, None)
    assert text.startswith("Clamshell: ")
    assert find(catalog.exercises.values(), "clam", "exercise").slug == "clamshell"


def test_a_short_name_finds_its_entry_and_a_former_slug_comes_last():
    catalog = changed(load_catalog(ROOT / DATA_FILE), {
        "glute-bridge": {"former_slugs": ["clam", "bum-bridge"]},
        "hip-thrust": {"former_slugs": ["step-up"]},
    })
    exercises = catalog.exercises.values()
    assert find(exercises, "clam", "exercise").slug == "clamshell"  # a short name before a former slug
    assert find(exercises, "step-up", "exercise").slug == "step-up"  # a slug before a former slug
    assert find(exercises, "bum-bridge", "exercise").slug == "glute-bridge"
    assert find(catalog.routines.values(), "hips", "routine").slug == "steady-hips-after-run"
    with pytest.raises(LookupError, match="no routine with the slug or short name 'bum-bridge'"):
        find(catalog.routines.values(), "bum-bridge", "routine")  # routines have no former slugs yet


# --- Recording what was handed out ----------------------------------------------------------------------


def test_recording_after_a_last_line_with_no_newline_keeps_both_addresses(tmp_path):
    path = tmp_path / "published-urls.txt"
    path.write_text("# handed out\n/go/bridge/\n/go/clam/", encoding="utf-8")
    assert add_published(path, ["go/five/"]) == ["go/five/"]
    assert read_published(path) == ["/go/bridge/", "/go/clam/", "/go/five/"]
    assert path.read_text(encoding="utf-8").endswith("/go/clam/\n/go/five/\n")


def test_recording_creates_the_file_and_writes_each_address_once_in_one_form(tmp_path):
    path = tmp_path / "published-urls.txt"
    assert add_published(path, ["go/five/", "/go/five", "go/clam/"]) == ["go/five/", "go/clam/"]
    assert path.read_text(encoding="utf-8") == "/go/five/\n/go/clam/\n"
    assert add_published(path, ["/go/clam", "go/swing/"]) == ["go/swing/"]
    assert read_published(path) == ["/go/five/", "/go/clam/", "/go/swing/"]


# --- A careless owner at the command line: a clear message and exit 1, never a traceback -------------------


def small_project(tmp_path, config: str | None = "site_name: Glutes\nsite_url: https://glutes.example/\n"):
    """mkdocs.yml (this text; none if None), docs/ and the real data: enough for the command."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "data").mkdir()
    shutil.copy2(ROOT / DATA_FILE, tmp_path / DATA_FILE)
    if config is not None:
        (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    return tmp_path / "mkdocs.yml"


def refused(capsys, *args) -> str:
    assert main([*args]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("error: ") and "Traceback" not in err
    return err


def test_the_small_project_works(tmp_path, capsys):
    assert main(["exercise", "clam", "--config", str(small_project(tmp_path))]) == 0
    assert f"{SITE}go/clam/" in capsys.readouterr().out
    assert read_published(tmp_path / PUBLISHED_URLS)[0] == "/go/clam/"  # created, with what was handed out


def test_a_config_that_does_not_exist(tmp_path, capsys):
    config = small_project(tmp_path, config=None)
    err = refused(capsys, "exercise", "clam", "--config", str(config))
    assert f"{config}: no such file" in err


def test_a_config_that_is_a_folder(tmp_path, capsys):
    small_project(tmp_path)
    err = refused(capsys, "exercise", "clam", "--config", str(tmp_path))
    assert f"{tmp_path}: not a file" in err


def test_a_config_with_broken_yaml(tmp_path, capsys):
    config = small_project(tmp_path, "site_name: Glutes\nsite_url: [\n")
    assert f"{config}: " in refused(capsys, "exercise", "clam", "--config", str(config))


def test_a_config_without_site_url(tmp_path, capsys):
    config = small_project(tmp_path, "site_name: Glutes\n")
    assert f"{config}: no site_url" in refused(capsys, "exercise", "clam", "--config", str(config))


def test_a_data_error_prints_the_loaders_message(tmp_path, capsys, raw_data):
    config = small_project(tmp_path)
    data = copy.deepcopy(raw_data)
    data["exercises"][0]["short"] = "Not A Short"
    write_data(tmp_path, data)
    err = refused(capsys, "exercise", "clam", "--config", str(config))
    assert str(tmp_path / DATA_FILE) in err and "glute-bridge" in err and "short" in err


def test_an_unknown_name(tmp_path, capsys):
    config = small_project(tmp_path)
    assert "no exercise with the slug or short name 'clamm'" in refused(capsys, "exercise", "clamm", "--config", str(config))


def test_odd_characters_in_the_campaign_are_url_encoded(tmp_path, capsys):
    config = small_project(tmp_path)
    assert main(["exercise", "clam", "--utm", "spring run & #glutes?x=1/ü", "--no-record", "--config", str(config)]) == 0
    out = capsys.readouterr().out
    assert f"{SITE}go/clam/?utm_source=youtube&utm_medium=video&utm_campaign=spring+run+%26+%23glutes%3Fx%3D1%2F%C3%BC\n" in out


def test_links_that_cannot_be_recorded_are_not_handed_out(tmp_path, capsys):
    config = small_project(tmp_path)
    (tmp_path / PUBLISHED_URLS).mkdir()  # cannot be read or appended to
    err = refused(capsys, "exercise", "clam", "--config", str(config))
    assert f"cannot record the links in {tmp_path / PUBLISHED_URLS}" in err


def test_a_config_mkdocs_refuses(tmp_path, capsys):
    config = small_project(tmp_path, "site_name: Glutes\nsite_url: https://glutes.example/\nplugins: [no-such-plugin]\n")
    assert f"{config}: Aborted with a configuration error" in refused(capsys, "exercise", "clam", "--config", str(config))


# --- The exercise's moment in its video --------------------------------------------------------


def test_an_exercise_with_a_video_gets_the_same_second_as_its_page(tmp_path, raw_data):
    project = copy_project(tmp_path / "project")
    data = copy.deepcopy(raw_data)
    next(e for e in data["exercises"] if e["slug"] == "clamshell")["videos"] = [{"id": "AbCdEfGhI_-", "start": 95}]
    write_data(project, data)
    result = run(project, "exercise", "clam", "--no-record")
    assert result.returncode == 0, result.stderr
    assert "Watch it in the video from 1:35: https://youtu.be/AbCdEfGhI_-?t=95\n" in result.stdout
    checked(result.stdout, "exercise 'clam'")  # the time is inside the line: no stray chapter
    site = build_site(project, tmp_path / "site")
    page = page_path(site, "exercises/clamshell/").read_text(encoding="utf-8")
    assert "https://www.youtube-nocookie.com/embed/AbCdEfGhI_-?start=95" in page and "from 1:35" in page


def test_an_exercise_without_a_video_says_nothing_of_one(catalog):
    for exercise in catalog.exercises.values():
        if not exercise.videos:
            text, _ = exercise_description(exercise, catalog, SITE, None)
            assert "youtu" not in text and "in the video" not in text
