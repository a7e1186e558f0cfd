"""A video in one command: the owner pastes the video's address and his chapter lines; the
data file gets the video's id and each exercise's second, its comments and layout kept, and
the description is printed ready to paste. Run as the owner runs it, on a copy of the project."""

from __future__ import annotations

import difflib
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest
from bs4 import BeautifulSoup
from conftest import article, build_site, copy_project, need_program, page_path, serve_directory, write_data

from lazyathlete.cli.describe import checked
from lazyathlete.data import DATA_FILE, DataError, load_catalog

VIDEO = "AbCdEfGhI_-"
OTHER_VIDEO = "Zz9_Yy8-Xx7"
# The owner's chapter lines, as he writes them for YouTube (mixed forms, an hour mark, a typo).
CHAPTERS = """\
Chapters:
0:00 Intro
0:35 - Kettlebell swings
(2:10) single leg deadlift
3:05 Step ups
4:20 Glute bridge
5:30 Clamshel
1:02:03 Thanks for watching
"""
STARTS = {"kettlebell-swing": 35, "single-leg-deadlift": 130, "step-up": 185, "glute-bridge": 260, "clamshell": 330}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def video(project: Path, address: str, chapters: str, *options: str) -> subprocess.CompletedProcess[str]:
    """`python -m lazyathlete video ...` in the project, the chapter lines pasted on standard input."""
    return subprocess.run(
        [sys.executable, "-m", "lazyathlete", "video", address, *options],
        input=chapters, capture_output=True, text=True, cwd=project,
    )


def data_text(project: Path) -> str:
    return (project / DATA_FILE).read_text(encoding="utf-8")


def plain(result: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in result.stderr and "Error:" not in result.stderr, result.stderr
    return result.stderr


def starts_in(project: Path, video_id: str) -> dict[str, int]:
    catalog = load_catalog(project / DATA_FILE)
    return {e.slug: v.start for e in catalog.exercises.values() for v in e.videos if v.id == video_id}


# --- The data file: only new lines ------------------------------------------------------------------------


def test_the_real_data_file_gets_only_the_new_lines_and_keeps_every_comment(project):
    before = data_text(project)
    result = video(project, f"https://www.youtube.com/watch?v={VIDEO}&t=12s&list=PL1", CHAPTERS, "--routine", "five")
    assert result.returncode == 0, result.stderr
    after = data_text(project)
    old, new = before.splitlines(), after.splitlines()
    opcodes = [op for op in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes() if op[0] != "equal"]
    assert {op[0] for op in opcodes} == {"insert"}, "no line of the file may change or go, only lines be added"
    added = [new[j1:j2] for _, _, _, j1, j2 in opcodes]
    assert sorted(added) == sorted(
        [["    videos:", f"      - {{id: {VIDEO}, start: {start}}}"] for start in STARTS.values()]
        + [[f"    video: {{id: {VIDEO}}}"]]
    )
    # Each exercise's lines sit in its own entry, right before its drawing (or the comment above it).
    for _, i1, _, j1, _ in opcodes:
        if new[j1] == "    videos:":
            assert old[i1] == "    figure:" or old[i1].lstrip().startswith("#"), old[i1 - 1 : i1 + 1]
    comments = [line for line in old if line.lstrip().startswith("#")]
    assert [line for line in new if line.lstrip().startswith("#")] == comments
    assert starts_in(project, VIDEO) == STARTS
    assert load_catalog(project / DATA_FILE).routine("the-five-from-the-video").video.id == VIDEO
    assert not list((project / "data").glob(".*.tmp")), "no temporary file is left behind"


def test_the_same_video_again_changes_nothing_and_says_so(project):
    assert video(project, f"https://youtu.be/{VIDEO}", CHAPTERS, "--routine", "five").returncode == 0
    once = (project / DATA_FILE).read_bytes()
    again = video(project, f"youtu.be/{VIDEO}?si=AbC123", CHAPTERS, "--routine", "five")
    assert again.returncode == 0, again.stderr
    assert (project / DATA_FILE).read_bytes() == once
    assert "Nothing to change in data/glutes.yml" in plain(again)
    assert "Already there with the same start, unchanged: Kettlebell swing (0:35)" in again.stderr


def test_a_new_second_for_the_same_video_changes_that_one_line(project):
    assert video(project, VIDEO, CHAPTERS).returncode == 0
    before = data_text(project).splitlines()
    result = video(project, VIDEO, CHAPTERS.replace("5:30 Clamshel", "5:42 Clamshell"))
    assert result.returncode == 0, result.stderr
    after = data_text(project).splitlines()
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert changed == [(f"      - {{id: {VIDEO}, start: 330}}", f"      - {{id: {VIDEO}, start: 342}}")]
    assert "Changed where Clamshell starts in it: from 5:30 to 5:42." in plain(result)


# --- Matching chapter names -------------------------------------------------------------------------


def test_typos_plurals_and_other_names_find_their_exercises(project):
    chapters = "0:00 Intro\n0:35 Kettlebel swing\n1:10 one-leg deadlifts\n2:00 Setp-up\n3:00 HIP RAISE\n4:00 clam shells\n5:00 monster walks\n"
    result = video(project, VIDEO, chapters)
    assert result.returncode == 0, result.stderr
    assert starts_in(project, VIDEO) == {
        "kettlebell-swing": 35, "single-leg-deadlift": 70, "step-up": 120, "glute-bridge": 180,
        "clamshell": 240, "lateral-band-walk": 300,
    }


def test_a_chapter_that_could_be_two_exercises_fails_naming_the_line_the_candidates_and_the_fix(project):
    before = (project / DATA_FILE).read_bytes()
    result = video(project, VIDEO, "0:00 Intro\n0:35 Kettlebell\n2:00 Glute bridge\n3:00 Clamshell\n")
    assert result.returncode == 1 and result.stdout == ""
    message = plain(result)
    assert 'line 2, "0:35 Kettlebell": not sure which exercise it is:' in message
    assert "Kettlebell swing (kettlebell-swing)" in message and "Kettlebell deadlift (kettlebell-deadlift)" in message
    assert "write its slug as the chapter's name (\"0:35 kettlebell-swing\")" in message
    assert "nothing was changed" in message
    assert (project / DATA_FILE).read_bytes() == before
    # Said as the message says: the slug settles it.
    fixed = video(project, VIDEO, "0:00 Intro\n0:35 kettlebell-deadlift\n2:00 Glute bridge\n3:00 Clamshell\n")
    assert fixed.returncode == 0, fixed.stderr
    assert starts_in(project, VIDEO) == {"kettlebell-deadlift": 35, "glute-bridge": 120, "clamshell": 180}


def test_a_chapter_like_no_exercise_fails_unless_marked_as_not_one(project):
    lines = "0:00 Welcome\n0:40 Why runners need glutes\n2:00 Glute bridge\n3:00 Clamshell\n9:59 Outro\n"
    result = video(project, VIDEO, lines)
    assert result.returncode == 1
    assert 'line 2, "0:40 Why runners need glutes": no exercise is called anything like it' in plain(result)
    assert 'end the line with "(not an exercise)"' in result.stderr
    marked = video(project, VIDEO, lines.replace("glutes\n", "glutes (not an exercise)\n"))
    assert marked.returncode == 0, marked.stderr
    assert "Chapters that are not exercises, kept in the description only: Welcome, Why runners need glutes, Outro." in marked.stderr
    assert "0:40 Why runners need glutes\n" in marked.stdout
    assert starts_in(project, VIDEO) == {"glute-bridge": 120, "clamshell": 180}


def test_one_exercise_twice_in_the_chapters_is_refused(project):
    result = video(project, VIDEO, "0:00 Intro\n0:35 Glute bridge\n2:00 Clamshell\n3:00 glute bridges\n")
    assert result.returncode == 1
    assert "lines 2 and 4 are both Glute bridge" in plain(result)


@pytest.mark.parametrize("address", [
    f"https://youtu.be/{VIDEO}", f"youtu.be/{VIDEO}?si=xYz&t=35", f"https://www.youtube.com/watch?v={VIDEO}",
    f"https://m.youtube.com/watch?feature=share&v={VIDEO}&t=1m2s", f"https://www.youtube.com/shorts/{VIDEO}?feature=share",
    f"https://www.youtube-nocookie.com/embed/{VIDEO}?start=3", VIDEO,
])
def test_every_form_of_a_youtube_address_gives_the_video(project, address):
    result = video(project, address, "0:00 Intro\n0:35 Glute bridge\n2:00 Clamshell\n")
    assert result.returncode == 0, result.stderr
    assert starts_in(project, VIDEO) == {"glute-bridge": 35, "clamshell": 120}


def test_an_address_that_is_no_video_says_what_to_paste(project):
    result = video(project, "https://www.youtube.com/@thelazyathlete", "0:00 Intro\n0:35 Glute bridge\n2:00 Clamshell\n")
    assert result.returncode == 1
    assert "is not the address of a YouTube video; copy it from YouTube's Share button" in plain(result)


# --- The printed description --------------------------------------------------------------------------


def chapters_of(description: str) -> list[str]:
    return description.split("Chapters:\n", 1)[1].split("\n\n", 1)[0].splitlines()


def test_the_description_has_the_chapters_from_0_00_and_the_short_links(project):
    result = video(project, f"https://youtu.be/{VIDEO}", CHAPTERS.replace("0:00 Intro\n", ""), "--routine", "five")
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert chapters_of(text) == [
        "0:00 Intro", "0:35 Kettlebell swing", "2:10 Single-leg deadlift", "3:05 Step-up",
        "4:20 Glute bridge", "5:30 Clamshell", "1:02:03 Thanks for watching",
    ]
    assert text.startswith("The five from the video: a glute routine for runners.\n")
    site = "https://glutes.thelazyathlete.com/"
    for short, name in [("swing", "Kettlebell swing"), ("sldl", "Single-leg deadlift"), ("clam", "Clamshell")]:
        assert f"• {name}: {site}go/{short}/\n" in text
    checked(text, "the video")  # every YouTube rule
    assert "Added the video https://youtu.be/AbCdEfGhI_- to 5 exercises: Kettlebell swing (0:35)," in plain(result)
    assert "Added the video to the routine 'The five from the video'." in result.stderr


def test_a_video_of_no_routine_lists_its_exercises_in_its_order(project):
    result = video(project, VIDEO, "0:00 Hello\n0:20 Fire hydrants\n1:00 Donkey kick\n2:00 Clamshell\n", "--utm", "spring")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    links = [line for line in lines if line.startswith("• ")]
    assert [link.split(":")[0] for link in links] == ["• Fire hydrant", "• Donkey kick", "• Clamshell"]
    assert links[0].endswith("/go/hydrant/?utm_source=youtube&utm_medium=video&utm_campaign=spring")
    assert chapters_of(result.stdout) == ["0:00 Hello", "0:20 Fire hydrant", "1:00 Donkey kick", "2:00 Clamshell"]


def test_describe_routine_says_when_it_has_no_chapters_and_the_command_that_adds_them(project):
    describe = [sys.executable, "-m", "lazyathlete", "describe", "routine", "five", "--no-record"]
    before = subprocess.run(describe, capture_output=True, text=True, cwd=project)
    assert before.returncode == 0 and "Chapters:" not in before.stdout
    assert "the routine 'the-five-from-the-video' has no video yet, so this description has no chapters" in before.stderr
    assert "python -m lazyathlete video <the video's address> --routine the-five-from-the-video" in before.stderr
    assert video(project, VIDEO, CHAPTERS, "--routine", "five").returncode == 0
    after = subprocess.run(describe, capture_output=True, text=True, cwd=project)
    assert after.returncode == 0 and after.stderr == ""
    assert chapters_of(after.stdout)[:3] == ["0:00 Intro", "0:35 Kettlebell swing", "2:10 Single-leg deadlift"]


def test_describe_routine_says_when_its_video_has_no_exercise_starts(project):
    text = data_text(project).replace("  - slug: the-five-from-the-video\n", f"  - slug: the-five-from-the-video\n    video: {{id: {VIDEO}}}\n")
    write_data(project, text)
    result = subprocess.run([sys.executable, "-m", "lazyathlete", "describe", "routine", "five", "--no-record"],
                            capture_output=True, text=True, cwd=project)
    assert result.returncode == 0
    assert f"no exercise has a start in the routine's video (https://youtu.be/{VIDEO})" in result.stderr
    assert f"python -m lazyathlete video https://youtu.be/{VIDEO} --routine the-five-from-the-video" in result.stderr


def test_a_routine_shown_in_another_video_is_not_overwritten(project):
    assert video(project, VIDEO, CHAPTERS, "--routine", "five").returncode == 0
    before = (project / DATA_FILE).read_bytes()
    result = video(project, OTHER_VIDEO, CHAPTERS, "--routine", "five")
    assert result.returncode == 1
    assert "the routine 'the-five-from-the-video' is already shown in another video" in plain(result)
    assert (project / DATA_FILE).read_bytes() == before


# --- Several videos on one exercise -----------------------------------------------------------------


@pytest.fixture(scope="module")
def two_video_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site after two videos were added with the command, the clamshell in both."""
    project = copy_project(tmp_path_factory.mktemp("two-videos") / "project")
    assert video(project, VIDEO, CHAPTERS, "--routine", "five").returncode == 0
    assert video(project, OTHER_VIDEO, "0:00 Intro\n1:15 Clamshell\n2:30 Fire hydrant\n").returncode == 0
    return build_site(project, project / "site")


def test_an_exercise_in_two_videos_links_to_its_second_in_each_on_its_page(two_video_site):
    def soup(url: str) -> BeautifulSoup:
        return article(BeautifulSoup(page_path(two_video_site, url).read_text(encoding="utf-8"), "html.parser"))

    boxes = soup("exercises/clamshell/").select(".la-video")
    assert [(box["data-la-video"], box["data-la-start"]) for box in boxes] == [(VIDEO, "330"), (OTHER_VIDEO, "75")]
    plays = [box.select_one(".la-video__play") for box in boxes]
    assert [" ".join(play.get_text(" ").split()) for play in plays] == [
        "Watch it in video 1 from 5:30", "Watch it in video 2 from 1:15"]
    assert [play["href"] for play in plays] == [
        f"https://www.youtube-nocookie.com/embed/{VIDEO}?start=330",
        f"https://www.youtube-nocookie.com/embed/{OTHER_VIDEO}?start=75"]
    assert [box.select_one(".la-video__link")["href"] for box in boxes] == [
        f"https://youtu.be/{VIDEO}?t=330", f"https://youtu.be/{OTHER_VIDEO}?t=75"]
    # One video keeps its words.
    one = soup("exercises/fire-hydrant/").select(".la-video__play")
    assert [" ".join(play.get_text(" ").split()) for play in one] == ["Watch it in the video from 2:30"]


@pytest.mark.browser
def test_each_video_plays_at_its_second_in_the_click_to_load_player_accessibly(browser, two_video_site):
    from test_quality import AXE, VNU, need, run_axe

    need(AXE, "axe-core")
    need(VNU, "vnu-jar")
    with serve_directory(two_video_site) as url:
        context = browser.new_context(viewport={"width": 390, "height": 844}, service_workers="block")
        page = context.new_page()
        page.route(re.compile(r"^https?://(?!127\.0\.0\.1)"), lambda route: route.abort())
        page.goto(url + "exercises/clamshell/", wait_until="networkidle")
        assert run_axe(page) == []
        page.get_by_role("link", name="Watch it in video 2").click()
        frame = page.locator("iframe.la-video__frame")
        src = urlparse(frame.get_attribute("src"))
        assert (src.hostname, src.path) == ("www.youtube-nocookie.com", f"/embed/{OTHER_VIDEO}")
        assert "start=75" in src.query.split("&")
        assert frame.get_attribute("title") == "Video: Clamshell, video 2"
        assert page.get_by_role("link", name="Watch it in video 1").is_visible(), "the other video stays offered"
        context.close()
    java = need_program("java", "default-jre-headless", "the valid-HTML test (Nu Html Checker)")
    checked_html = subprocess.run([java, "-jar", str(VNU), "--errors-only", str(page_path(two_video_site, "exercises/clamshell/"))],
                                  capture_output=True, text=True)
    assert checked_html.returncode == 0, checked_html.stderr


# --- The gate --------------------------------------------------------------------------------------


def test_one_video_listed_twice_on_an_exercise_is_refused(project):
    text = data_text(project).replace(
        "  - slug: clamshell\n",
        f"  - slug: clamshell\n    videos: [{{id: {VIDEO}, start: 5}}, {{id: {VIDEO}, start: 9}}]\n",
    )
    write_data(project, text)
    with pytest.raises(DataError) as raised:
        load_catalog(project / DATA_FILE)
    assert f"the 4th exercise, 'clamshell': `videos` lists the video '{VIDEO}' 2 times: list each video once" in str(raised.value)


def test_videos_written_by_hand_in_other_forms_are_added_to_as_written(project):
    """A list in brackets, an entry over two lines without its start, Windows line ends: each kept as it is."""
    text = data_text(project)
    text = text.replace("  - slug: glute-bridge\n", f"  - slug: glute-bridge\n    videos: [{{id: {OTHER_VIDEO}, start: 3}}]  # the first\n")
    text = text.replace("  - slug: clamshell\n", f"  - slug: clamshell\n    videos:\n      - id: {VIDEO}\n        # starts at 0 for now\n")
    write_data(project, text.replace("\n", "\r\n"))
    before = (project / DATA_FILE).read_bytes().decode("utf-8").split("\r\n")
    result = video(project, VIDEO, "0:00 Intro\n0:35 Glute bridge\n2:00 Clamshell\n3:00 Step-up\n")
    assert result.returncode == 0, result.stderr
    after_text = (project / DATA_FILE).read_bytes().decode("utf-8")
    assert "\n" not in after_text.replace("\r\n", ""), "the file's line ends are kept"
    after = after_text.split("\r\n")
    diff = [line for line in difflib.unified_diff(before, after, lineterm="", n=0) if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    assert diff == [
        f"-    videos: [{{id: {OTHER_VIDEO}, start: 3}}]  # the first",
        f"+    videos: [{{id: {OTHER_VIDEO}, start: 3}}, {{id: {VIDEO}, start: 35}}]  # the first",
        "+    videos:",
        f"+      - {{id: {VIDEO}, start: 180}}",
        "+        start: 120",
    ]
    assert starts_in(project, VIDEO) == {"glute-bridge": 35, "clamshell": 120, "step-up": 180}


def test_an_exercise_in_two_videos_gets_both_moments_in_its_description(two_video_site):
    project = two_video_site.parent
    result = subprocess.run([sys.executable, "-m", "lazyathlete", "describe", "exercise", "clam", "--no-record"],
                            capture_output=True, text=True, cwd=project)
    assert result.returncode == 0, result.stderr
    assert f"Watch it in video 1 from 5:30: https://youtu.be/{VIDEO}?t=330\n" in result.stdout
    assert f"Watch it in video 2 from 1:15: https://youtu.be/{OTHER_VIDEO}?t=75\n" in result.stdout
    checked(result.stdout, "exercise 'clam'")  # the times are inside the lines: no stray chapters


def test_a_bonus_exercise_in_a_routines_video_is_a_chapter_of_its_own(project):
    bonus = CHAPTERS.replace("1:02:03 Thanks", "6:15 Fire hydrant\n1:02:03 Thanks")
    result = video(project, VIDEO, bonus.replace("3:05 Step ups\n", ""), "--routine", "five")
    assert result.returncode == 0, result.stderr
    assert "In the routine but with no chapter in this video: Step-up." in result.stderr
    described = subprocess.run([sys.executable, "-m", "lazyathlete", "describe", "routine", "five", "--no-record"],
                               capture_output=True, text=True, cwd=project)
    assert chapters_of(described.stdout) == [
        "0:00 Intro", "0:35 Kettlebell swing", "2:10 Single-leg deadlift", "4:20 Glute bridge",
        "5:30 Clamshell", "6:15 Fire hydrant",
    ]
