"""Put a YouTube video on the site in one command: its chapters become the exercises' starts.

    python -m lazyathlete video https://youtu.be/AbCdEfGhI_- --routine five chapters.txt
    python -m lazyathlete video "https://www.youtube.com/watch?v=AbCdEfGhI_-&t=12s"     (then paste the chapters)

Give the video's address as YouTube gives it (youtu.be/..., watch?v=..., shorts/...), and the
chapter lines you wrote for YouTube, in a file or pasted: "0:35 Kettlebell swing",
"1:02:03 Glute bridge", "0:35 - Clamshell", "(0:35) Step-up". Each chapter is matched to an
exercise by its name, another name it goes by, its slug or short name (capitals, punctuation,
plurals and a small typo do not matter). A chapter whose name starts with one of the words
listed at the end is not an exercise: it stays in the description and nothing is written for
it; so does any line that ends with "(not an exercise)". When a chapter could be two exercises, or
none is close, nothing is changed and the message names the line and the candidates: write
the exercise's slug as the chapter's name to say which.

Then the video and each exercise's second are written into data/glutes.yml (new lines in
each entry; comments and everything else stay as they are; the same video again changes
nothing, a new second changes that one number), and the YouTube description is printed,
ready to paste: the routine's (with --routine, or when the video is already a routine's)
or a list of the exercises, with the chapters from 0:00 and short links that never break.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from textwrap import fill
from urllib.parse import parse_qs, urlsplit

from lazyathlete.cli.chapters import NOT_EXERCISES, ChapterError, Matched, match_all, read_lines
from lazyathlete.cli.describe import (
    Chapter,
    DescriptionError,
    ProjectError,
    checked,
    find,
    record,
    routine_description,
    site_url_from,
    video_description,
    with_intro,
)
from lazyathlete.data import DATA_FILE, Catalog, DataError, load_catalog
from lazyathlete.data.editing import Changes, EditError, write_video
from lazyathlete.data.models import VIDEO_ID_PATTERN, Routine
from lazyathlete.site.links import PUBLISHED_URLS
from lazyathlete.site.render import clock

MAX_PASTED = 20_000  # characters of chapter lines: a YouTube description holds 5,000 bytes


class VideoError(ValueError):
    """The address or the chapter lines cannot be used; the message says how to fix them."""


# --- The video's address -----------------------------------------------------------------------------

_ID = re.compile(VIDEO_ID_PATTERN)
_HOSTS = {"youtube.com", "youtube-nocookie.com", "youtu.be"}
_ID_IN_PATH = {"shorts", "embed", "live", "v", "e"}


def video_id_from(address: str) -> str:
    """The 11-character id in any form of YouTube address, or the id itself."""
    text = address.strip().strip("<>\"'")
    if _ID.match(text):
        return text
    parts = urlsplit(text if "://" in text else "https://" + text)
    host = re.sub(r"^(www|m|music)\.", "", (parts.hostname or "").lower())
    path = [part for part in parts.path.split("/") if part]
    found = None
    if host == "youtu.be" and path:
        found = path[0]
    elif host in _HOSTS and path[:1] == ["watch"]:
        found = next(iter(parse_qs(parts.query).get("v", [])), None)
    elif host in _HOSTS and len(path) >= 2 and path[0] in _ID_IN_PATH:
        found = path[1]
    if found and _ID.match(found):
        return found
    raise VideoError(
        f"'{address}' is not the address of a YouTube video; copy it from YouTube's Share button"
        " (it looks like https://youtu.be/AbCdEfGhI_-)"
    )


# --- The chapter lines ---------------------------------------------------------------------------------


def pasted_text(source: str | None) -> str:
    """The chapter lines from a file, or from standard input (pasted, or piped in)."""
    if source is not None and source != "-":
        path = Path(source)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise VideoError(f"{source}: no such file; give the file that holds the chapter lines, or leave it out to paste them") from None
        except (OSError, UnicodeError) as error:
            raise VideoError(f"{source}: cannot read it as text ({getattr(error, 'strerror', None) or error})") from None
    else:
        if sys.stdin.isatty():
            print(
                "Paste the chapter lines (like 0:35 Kettlebell swing, one a line), then press Enter and Ctrl-D:",
                file=sys.stderr,
                flush=True,
            )
        text = sys.stdin.read(MAX_PASTED + 1)
    if len(text) > MAX_PASTED:
        raise VideoError(f"that is more than {MAX_PASTED:,} characters: give only the chapter lines")
    return text


# The description's chapters: an exercise's is its name as the site writes it (a typo in the
# line is not copied to YouTube), any other chapter as written; in time order, from 0:00.
def description_chapters(matched: list[Matched]) -> list[Chapter]:
    chapters = [Chapter(m.line.start, m.exercise.name if m.exercise else m.line.title) for m in matched]
    return with_intro(sorted(chapters, key=lambda chapter: chapter.start))


# --- What it did, in words ---------------------------------------------------------------------------------


def names(slugs: list[str], catalog: Catalog, starts: dict[str, int]) -> str:
    return ", ".join(f"{catalog.exercise(slug).name} ({clock(starts[slug])})" for slug in slugs)


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def change_report(changes: Changes, catalog: Catalog, video_id: str, starts: dict[str, int],
                  routine: Routine | None, matched: list[Matched], data_file: Path) -> list[str]:
    """What was written and what was left, for a coach."""
    address = f"https://youtu.be/{video_id}"
    lines = []
    if changes.added:
        lines.append(f"Added the video {address} to {plural(len(changes.added), 'exercise')}: {names(changes.added, catalog, starts)}.")
    for slug, old, new in changes.moved:
        lines.append(f"Changed where {catalog.exercise(slug).name} starts in it: from {clock(old)} to {clock(new)}.")
    if changes.kept:
        lines.append(f"Already there with the same start, unchanged: {names(changes.kept, catalog, starts)}.")
    if changes.routine_added and routine is not None:
        lines.append(f"Added the video to the routine '{routine.title}'.")
    others = [m.line.title for m in matched if m.exercise is None]
    if others:
        lines.append(f"Chapters that are not exercises, kept in the description only: {', '.join(others)}.")
    left = [
        f"{exercise.name} ({clock(video.start)})"
        for exercise in catalog.exercises.values()
        for video in exercise.videos
        if video.id == video_id and exercise.slug not in starts
    ]
    if left:
        lines.append(f"Also in this video in the data, with no chapter here (left as they are): {', '.join(left)}.")
    if routine is not None:
        unshown = [catalog.exercise(item.exercise).name for block in routine.blocks for item in block.exercises
                   if item.exercise not in starts]
        if unshown:
            lines.append(f"In the routine but with no chapter in this video: {', '.join(unshown)}.")
    lines.append(f"Saved {data_file}: commit it." if changes.any else f"Nothing to change in {data_file}: it already says all this.")
    return lines


# --- The command -----------------------------------------------------------------------------------


def parser() -> argparse.ArgumentParser:
    described = argparse.ArgumentParser(
        prog="python -m lazyathlete video",
        description=__doc__ + "\n" + fill(f"Not exercises, the chapters that start with: {', '.join(NOT_EXERCISES)}.", 95),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    described.add_argument("address", help="the video's YouTube address (youtu.be/..., watch?v=..., shorts/...), or its id")
    described.add_argument(
        "chapters", nargs="?", help="a text file with the chapter lines; leave it out (or give -) to paste them"
    )
    described.add_argument("--routine", metavar="SLUG", help="the routine the video shows (its slug or short name)")
    described.add_argument("--utm", metavar="CAMPAIGN", help="add utm_source=youtube&utm_medium=video&utm_campaign=CAMPAIGN to the links")
    described.add_argument("--config", type=Path, default=Path("mkdocs.yml"), help="the site's mkdocs.yml")
    return described


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_intermixed_args(argv)
    root = args.config.resolve().parent
    data_file = root / DATA_FILE
    try:
        video_id = video_id_from(args.address)
        site_url = site_url_from(args.config)
        catalog = load_catalog(data_file)
        routine = the_routine(catalog, args.routine, video_id)
        matched = match_all(read_lines(pasted_text(args.chapters)), catalog.exercises.values())
        starts = {m.exercise.slug: m.line.start for m in matched if m.exercise is not None}
        if not starts:
            raise VideoError("none of the chapters is an exercise, so there is nothing to write")
        chapters = description_chapters(matched)
        if routine is not None:
            text, paths = routine_description(routine, catalog, site_url, args.utm, chapters)
        else:
            shown = [m.exercise for m in sorted(matched, key=lambda m: m.line.start) if m.exercise is not None]
            text, paths = video_description(shown, chapters, site_url, args.utm)
        checked(text, f"the video {video_id}")
        new = record(root / PUBLISHED_URLS, paths)  # first: an address printed is one the build keeps
        changes = write_video(data_file, video_id, starts, routine.slug if routine else None)
    except DataError as error:
        print(f"{error}\nFix the data file first; nothing was changed.", file=sys.stderr)
        return 1
    except (ChapterError, DescriptionError) as error:
        print(f"The chapter lines need a change; nothing was changed.\n{error}", file=sys.stderr)
        return 1
    except (VideoError, EditError, ProjectError, LookupError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    report = change_report(changes, load_catalog(data_file), video_id, starts, routine, matched, data_file.relative_to(root))
    if new:
        report.append(f"Recorded {plural(len(new), 'new address')} in {PUBLISHED_URLS}: commit it too.")
    print("\n".join(report) + "\n\nThe description, ready to paste into YouTube:\n", file=sys.stderr, flush=True)
    sys.stdout.write(text)
    sys.stdout.flush()
    return 0


# --routine, or the routine already shown in this video.
def the_routine(catalog: Catalog, name: str | None, video_id: str) -> Routine | None:
    if name is not None:
        try:
            return find(catalog.routines.values(), name, "routine")
        except LookupError:
            known = ", ".join(catalog.routines)
            raise LookupError(f"no routine with the slug or short name '{name}' (the routines: {known})") from None
    return next((r for r in catalog.routines.values() if r.video is not None and r.video.id == video_id), None)
