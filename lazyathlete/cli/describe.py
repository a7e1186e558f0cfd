"""Print a ready-to-paste YouTube description for a routine or an exercise.

    python -m lazyathlete describe routine the-five-from-the-video --utm five-video
    python -m lazyathlete describe exercise clam

Links are absolute, from `site_url` (or SITE_URL), and go through the short
links so they never break. Chapters come from the exercises' start times in
the routine's video (`python -m lazyathlete video` writes them). YouTube's
rules are checked, and the description is refused with a clear message
rather than printed broken. The links it hands out are added to
data/published-urls.txt, so the build keeps them alive from then on.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import chain, pairwise
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlencode

from lazyathlete.data import DATA_FILE, Catalog, DataError, load_catalog
from lazyathlete.data.models import Exercise, Routine, Video
from lazyathlete.site.links import PUBLISHED_URLS, PublishedListError, add_published, short_url, site_url_problem
from lazyathlete.site.render import clock, per_week_text, when_text

MAX_BYTES = 5000  # YouTube counts bytes, not characters
MIN_CHAPTERS = 3
MIN_CHAPTER_SECONDS = 10
CHAPTERS_HEADING = "Chapters:"
Entry = TypeVar("Entry", Exercise, Routine)
TIME_AT_START = re.compile(r"\s*(\d{1,2}(?::\d{2}){1,2})(?!\d)")  # '0:35', '12:30', '1:02:05'


class DescriptionError(ValueError):
    """The description would break one of YouTube's rules."""


@dataclass(frozen=True)
class Chapter:
    start: int
    title: str


# --- Links -------------------------------------------------------------------------------------


def link(site_url: str, path: str, campaign: str | None) -> str:
    """An absolute link, with UTM tags when a campaign is named."""
    url = site_url.rstrip("/") + "/" + path
    if campaign:
        url += "?" + urlencode({"utm_source": "youtube", "utm_medium": "video", "utm_campaign": campaign})
    return url


# --- Chapters ----------------------------------------------------------------------------------


def routine_chapters(routine: Routine, catalog: Catalog) -> list[Chapter]:
    """Chapters from the start times of the exercises shown in the routine's video, in the video's order
    (a routine may do them in another order: swings first, while the legs are fresh)."""
    if routine.video is None:
        return []
    return with_intro(video_chapters(routine.video.id, catalog))


def video_chapters(video_id: str, catalog: Catalog) -> list[Chapter]:
    """A chapter for every exercise with a start in this video, the routine's or not: a bonus
    exercise the video shows is a chapter of its own, not part of the one before it."""
    chapters = [
        Chapter(video.start, exercise.name)
        for exercise in catalog.exercises.values()
        for video in exercise.videos
        if video.id == video_id
    ]
    return sorted(chapters, key=lambda chapter: chapter.start)


def with_intro(chapters: list[Chapter]) -> list[Chapter]:
    """YouTube's first chapter starts at 0:00: an "Intro" before the first exercise when it does not."""
    if chapters and chapters[0].start != 0:
        return [Chapter(0, "Intro"), *chapters]
    return chapters


def chapter_problems(chapters: list[Chapter]) -> list[str]:
    """YouTube's chapter rules, each broken rule in words."""
    if not chapters:
        return []
    problems = []
    if chapters[0].start != 0:
        problems.append(f"the first chapter starts at {clock(chapters[0].start)}, not 0:00")
    if len(chapters) < MIN_CHAPTERS:
        problems.append(f"only {len(chapters)} chapters; YouTube needs at least {MIN_CHAPTERS}")
    for before, after in pairwise(chapters):
        if after.start <= before.start:
            problems.append(f"'{after.title}' at {clock(after.start)} does not come after '{before.title}' at {clock(before.start)}")
        elif after.start - before.start < MIN_CHAPTER_SECONDS:
            problems.append(
                f"'{before.title}' at {clock(before.start)} lasts {after.start - before.start} s;"
                f" chapters need at least {MIN_CHAPTER_SECONDS} s"
            )
    return problems


# --- The description ------------------------------------------------------------------------------


def one_line(text: str) -> str:
    """Every run of whitespace as one space: line breaks of any kind (\\n, \\r, U+2028, U+0085...) included."""
    return " ".join(text.split())


# Every line of a description goes through here, so no text from the data can
# end a line early and start one of its own: a fake chapter, or a link.
def joined(lines: list[str]) -> str:
    return "".join(one_line(line) + "\n" for line in lines)


def routine_description(
    routine: Routine, catalog: Catalog, site_url: str, campaign: str | None, chapters: list[Chapter] | None = None
) -> tuple[str, list[str]]:
    """(text, paths handed out) for a routine's video; its chapters from the data unless given."""
    paths = [short_url(routine.short)]
    lines = [
        f"{routine.title}: a glute routine for runners.",
        "",
        routine.purpose,
        "",
        f"{when_text(routine.when)} · {per_week_text(routine)} · {catalog.routine_time(routine)}",
        "",
        f"Print the routine card (one page, tick boxes, QR code): {link(site_url, short_url(routine.short), campaign)}",
        "",
        "The exercises:",
    ]
    for block in routine.blocks:
        for item in block.exercises:
            exercise = catalog.exercise(item.exercise)
            paths.append(short_url(exercise.short))
            lines.append(f"• {exercise.name}: {link(site_url, short_url(exercise.short), campaign)}")
    if chapters is None:
        chapters = routine_chapters(routine, catalog)
    lines += chapter_lines(chapters, f"routine '{routine.slug}'")
    lines += ["", *footer(site_url, campaign)]
    return joined(lines), paths


def video_description(
    exercises: list[Exercise], chapters: list[Chapter], site_url: str, campaign: str | None
) -> tuple[str, list[str]]:
    """(text, paths handed out) for a video that is no routine's: the exercises it shows, in its order."""
    paths = [short_url(exercise.short) for exercise in exercises]
    lines = [
        "The exercises in this video, each with its steps, common mistakes, and easier and harder versions:",
        *(f"• {exercise.name}: {link(site_url, short_url(exercise.short), campaign)}" for exercise in exercises),
        *chapter_lines(chapters, "the video"),
        "",
        *footer(site_url, campaign),
    ]
    return joined(lines), paths


# The chapters under their heading, or none when there are none; refused when they break YouTube's rules.
def chapter_lines(chapters: list[Chapter], what: str) -> list[str]:
    problems = chapter_problems(chapters)
    if problems:
        raise DescriptionError(f"{what}: chapters break YouTube's rules: " + "; ".join(problems))
    if not chapters:
        return []
    return ["", CHAPTERS_HEADING, *(f"{clock(c.start)} {c.title}" for c in chapters)]


def exercise_description(exercise: Exercise, catalog: Catalog, site_url: str, campaign: str | None) -> tuple[str, list[str]]:
    """(text, paths handed out) for an exercise's video."""
    paths = [short_url(exercise.short)]
    lines = [
        f"{exercise.name}: {exercise.summary}",
        "",
        f"Key cue: {exercise.key_cue}",
        "",
        f"Steps, common mistakes, and easier and harder versions: {link(site_url, short_url(exercise.short), campaign)}",
    ]
    if exercise.videos:
        lines += ["", *video_lines(exercise.videos)]
    routines = catalog.routines_using(exercise.slug)
    if routines:
        lines += ["", "Printable routines with this exercise:"]
        for routine in routines:
            paths.append(short_url(routine.short))
            lines.append(f"• {routine.title}: {link(site_url, short_url(routine.short), campaign)}")
    lines += ["", *footer(site_url, campaign)]
    return joined(lines), paths


# The same moments the exercise page's "Watch it in the video" opens. A line
# starts with words, never the time: YouTube would read that as a chapter.
def video_lines(videos: list[Video]) -> list[str]:
    if len(videos) == 1:
        return [video_line(videos[0], "the video")]
    return [video_line(video, f"video {number}") for number, video in enumerate(videos, 1)]


def video_line(video: Video, which: str) -> str:
    return f"Watch it in {which} from {clock(video.start)}: https://youtu.be/{video.id}?t={video.start}"


def footer(site_url: str, campaign: str | None) -> list[str]:
    return [
        "Not medical advice: stop on sharp or joint pain, and see a physio or doctor if pain sticks around.",
        f"More glute exercises for runners: {link(site_url, '', campaign)}",
    ]


def description_problems(text: str) -> list[str]:
    """YouTube's rules for the whole description."""
    problems = []
    size = len(text.encode("utf-8"))
    if size > MAX_BYTES:
        problems.append(f"it is {size} bytes long; YouTube allows {MAX_BYTES} bytes")
    for bracket in "<>":
        if bracket in text:
            line = next(n for n, line in enumerate(text.splitlines(), 1) if bracket in line)
            problems.append(f"line {line} contains '{bracket}', which YouTube does not allow in descriptions")
    problems += stray_times(text.splitlines())
    return problems


# YouTube reads lines that start with a time as chapters: only the list under
# the chapters heading may, not a title or purpose from the data.
def stray_times(lines: list[str]) -> list[str]:
    chapter_lines: set[int] = set()
    if CHAPTERS_HEADING in lines:
        below = len(lines) - lines[::-1].index(CHAPTERS_HEADING)
        while below < len(lines) and TIME_AT_START.match(lines[below]):
            chapter_lines.add(below)
            below += 1
    return [
        f"line {n} starts with a time ('{time[1]}'), which YouTube could take for a chapter"
        for n, line in enumerate(lines, 1)
        if (time := TIME_AT_START.match(line)) and n - 1 not in chapter_lines
    ]


def checked(text: str, what: str) -> str:
    problems = description_problems(text)
    if problems:
        raise DescriptionError(f"{what}: the description breaks YouTube's rules: " + "; ".join(problems))
    return text


# --- Command line ----------------------------------------------------------------------------------


class ProjectError(Exception):
    """Something around the data is wrong: the site's mkdocs.yml, or the file of published links."""


def site_url_from(config_file: Path) -> str:
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    if not config_file.is_file():
        problem = "not a file" if config_file.exists() else "no such file"
        raise ProjectError(f"{config_file}: {problem}; give the site's mkdocs.yml with --config")
    try:
        site_url = load_config(config_file=str(config_file))["site_url"]
    except MkDocsException as error:  # MkDocs has logged the details of an Abort above
        raise ProjectError(f"{config_file}: {error.format_message()}") from None
    except OSError as error:
        raise ProjectError(f"{config_file}: cannot read it ({error.strerror})") from None
    if not site_url:
        raise ProjectError(f"{config_file}: no site_url; the links need it (set it there, or SITE_URL)")
    wrong = site_url_problem(site_url)  # the build refuses it too (site/address_checks.check_site_url)
    if wrong is not None:
        raise ProjectError(f"{config_file}: site_url (or SITE_URL): {wrong}")
    return site_url


# Links are recorded before they are printed: a link that could not be
# recorded is not handed out, since the build would not keep it alive.
def record(path: Path, paths: list[str]) -> list[str]:
    try:
        return add_published(path, paths)
    except (OSError, UnicodeError, PublishedListError) as error:
        raise ProjectError(f"cannot record the links in {path} ({error}); nothing was printed") from None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lazyathlete describe", description=__doc__.splitlines()[0])
    parser.add_argument("kind", choices=["routine", "exercise"])
    parser.add_argument("name", help="slug or short name")
    parser.add_argument("--utm", metavar="CAMPAIGN", help="add utm_source=youtube&utm_medium=video&utm_campaign=CAMPAIGN")
    parser.add_argument("--config", type=Path, default=Path("mkdocs.yml"), help="the site's mkdocs.yml")
    parser.add_argument("--no-record", action="store_true", help=f"do not add the links to {PUBLISHED_URLS}")
    args = parser.parse_args(argv)
    root = args.config.resolve().parent
    try:
        site_url = site_url_from(args.config)
        catalog = load_catalog(root / DATA_FILE)
        missing = None
        if args.kind == "routine":
            routine = find(catalog.routines.values(), args.name, "routine")
            text, paths = routine_description(routine, catalog, site_url, args.utm)
            missing = no_chapters_note(routine, catalog)
        else:
            exercise = find(catalog.exercises.values(), args.name, "exercise")
            text, paths = exercise_description(exercise, catalog, site_url, args.utm)
        checked(text, f"{args.kind} '{args.name}'")
        new = [] if args.no_record else record(root / PUBLISHED_URLS, paths)
    except (ProjectError, DataError, DescriptionError, LookupError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    if missing:
        print(missing + "\n", file=sys.stderr, flush=True)
    sys.stdout.write(text)
    if new:
        print(f"\n(recorded {len(new)} new address(es) in {PUBLISHED_URLS}: commit it)", file=sys.stderr)
    return 0


# A routine's description without chapters is allowed, but never silently: the note says why
# there are none and the command that adds them.
def no_chapters_note(routine: Routine, catalog: Catalog) -> str | None:
    if routine.video is None:
        why, address = f"the routine '{routine.slug}' has no video yet", "<the video's address>"
    elif not routine_chapters(routine, catalog):
        address = f"https://youtu.be/{routine.video.id}"
        why = f"no exercise has a start in the routine's video ({address})"
    else:
        return None
    return (
        f"Note: {why}, so this description has no chapters. To add them, run\n"
        f"  python -m lazyathlete video {address} --routine {routine.slug} chapters.txt\n"
        'where chapters.txt holds the chapter lines you wrote for YouTube ("0:35 Kettlebell swing"),'
        " or leave it out and paste them."
    )


# A slug is exact, so it wins over another entry's short name; a former slug
# is looked at last, after both.
def find(entries: Iterable[Entry], name: str, kind: str) -> Entry:
    entries = list(entries)
    matches = chain(
        (entry for entry in entries if entry.slug == name),
        (entry for entry in entries if entry.short == name),
        (entry for entry in entries if name in entry.former_slugs),
    )
    found = next(matches, None)
    if found is not None:
        return found
    raise LookupError(f"no {kind} with the slug or short name '{name}'")


if __name__ == "__main__":
    sys.exit(main())
