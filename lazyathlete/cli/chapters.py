"""A video's chapter lines, as the owner writes them for YouTube, read and matched to exercises.

    0:35 Kettlebell swing        1:02:03 Glute bridge        0:35 - Clamshell        (0:35) Step-up

Each chapter is an exercise (found by its name, another name it goes by, its slug or
short name; capitals, punctuation and plurals do not matter, nor a small typo) or one
that is plainly not an exercise: its title starts with Intro, Welcome, Warm up, Cool
down, Outro, Thanks, Recap, ... (`NOT_EXERCISES`), or its line ends with
"(not an exercise)". Anything else that is not clearly one exercise is a problem that
names the line and the candidates, and says how to choose.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher

from lazyathlete.data.models import Exercise
from lazyathlete.site.render import clock

# --- Reading the lines ------------------------------------------------------------------------

MAX_SECOND = 12 * 3600  # the data's limit for a start (models.Video)
# A time at the start of a line, bare or in brackets, then a separator: "0:35 -", "(1:02:03)", "[0:35]:".
_LINE = re.compile(
    r"""^\s*[(\[]?\s*(?P<time>\d{1,2}(?::\d{1,2}){1,2})\s*[)\]]?   # 0:35, 12:30, 1:02:03
        \s*(?:[-–—:|·.]+\s*)?                                    # - or : or | before the title
        (?P<title>.*?)\s*$""",
    re.VERBOSE,
)
NOT_AN_EXERCISE = "(not an exercise)"
# Lines that are not chapters but come with them when the owner copies a description.
_HEADINGS = {"chapters", "chapter", "timestamps", "time stamps"}


class ChapterError(ValueError):
    """The chapter lines cannot be read, or do not clearly name exercises; every problem in words."""


@dataclass(frozen=True)
class ChapterLine:
    number: int  # the line's number in what was pasted, counted from 1
    text: str  # the line as written, for messages
    start: int  # seconds
    title: str  # without the time, the separator and the "(not an exercise)" mark
    marked_other: bool


def read_lines(text: str) -> list[ChapterLine]:
    """Every chapter line of the text; blank lines and a "Chapters:" heading are skipped."""
    lines, problems = [], []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or words_key(line) in map(words_key, _HEADINGS):
            continue
        found = _LINE.match(line)
        if found is None:
            problems.append(f"line {number}, \"{line}\": no time at its start; write it like \"0:35 Kettlebell swing\"")
            continue
        start = seconds(found["time"])
        title = found["title"]
        marked = title.casefold().endswith(NOT_AN_EXERCISE)
        if marked:
            title = title[: -len(NOT_AN_EXERCISE)].rstrip()
        if start is None:
            problems.append(
                f"line {number}, \"{line}\": '{found['time']}' is not a time;"
                " write minutes:seconds (0:35) or hours:minutes:seconds (1:02:03)"
            )
        elif not title:
            problems.append(f"line {number}, \"{line}\": the chapter has no name after its time")
        else:
            lines.append(ChapterLine(number, line, start, title, marked))
    if problems:
        raise ChapterError("\n".join(problems))
    if not lines:
        raise ChapterError('no chapter lines were given; paste them like "0:35 Kettlebell swing", one a line')
    return lines


# "0:35" is 35, "1:02:03" is 3723; None when a part is out of range ("0:75").
def seconds(time: str) -> int | None:
    parts = [int(part) for part in time.split(":")]
    if any(part >= 60 for part in parts[1:]) or (len(parts) == 3 and parts[0] * 3600 > MAX_SECOND):
        return None
    total = 0
    for part in parts:
        total = total * 60 + part
    return total if total <= MAX_SECOND else None


# --- Comparing names --------------------------------------------------------------------------


# The words of a name, compared without capitals, accents, punctuation or a plural "s":
# "Step-ups", "step up" and "STEP UP!" are the same words.
def name_words(text: str) -> list[str]:
    plain = unicodedata.normalize("NFKD", text.casefold().replace("'", "").replace("’", ""))
    plain = "".join(char for char in plain if not unicodedata.combining(char))
    return [singular(word) for word in re.findall(r"[a-z0-9]+", plain)]


def singular(word: str) -> str:
    return word[:-1] if len(word) > 2 and word.endswith("s") and not word.endswith("ss") else word


def words_key(text: str) -> str:
    return " ".join(name_words(text))


# Also without spaces, so "stepup", "step-up" and "step up" are one name.
def letters_key(text: str) -> str:
    return "".join(name_words(text))


# Chapters whose title starts with these words are not exercises.
NOT_EXERCISES = (
    "Intro", "Introduction", "Welcome", "Hello", "Warm up", "Warmup", "Cool down", "Cooldown", "Rest", "Break",
    "Recap", "Summary", "Outro", "Thanks", "Thank you", "Wrap up", "Q&A", "Questions", "The end", "Bye",
    "Goodbye", "Subscribe",
)


def plainly_not_an_exercise(title: str) -> bool:
    key = words_key(title)
    return any(key == start or key.startswith(start + " ") for start in map(words_key, NOT_EXERCISES))


def names_of(exercise: Exercise) -> list[str]:
    """Every name an exercise answers to in a chapter line."""
    return [exercise.name, *exercise.also_called, exercise.slug, exercise.short, *exercise.former_slugs]


# --- Matching ---------------------------------------------------------------------------------

NEAR = 0.6  # how alike a candidate named in a message must be


@dataclass(frozen=True)
class Matched:
    line: ChapterLine
    exercise: Exercise | None  # None: a chapter that is not an exercise


def match_all(lines: list[ChapterLine], exercises: Iterable[Exercise]) -> list[Matched]:
    """Each line's exercise, or every line that is not clear, with its candidates and how to choose."""
    exercises = list(exercises)
    matched, problems = [], []
    for line in lines:
        try:
            matched.append(Matched(line, match(line, exercises)))
        except ChapterError as error:
            problems.append(f"line {line.number}, \"{line.text}\": {error}")
    problems += twice(matched)
    if problems:
        raise ChapterError("\n".join(problems))
    return matched


def match(line: ChapterLine, exercises: list[Exercise]) -> Exercise | None:
    if line.marked_other:
        return None
    title_letters = letters_key(line.title)
    exact = unique(e for e in exercises if any(letters_key(name) == title_letters for name in names_of(e)))
    if len(exact) == 1:
        return exact[0]
    if len(exact) > 1:
        raise ChapterError(unsure("it is a name of more than one exercise", exact, line))
    if plainly_not_an_exercise(line.title):
        return None
    inside = named_inside(line.title, exercises)
    if len(inside) == 1:
        return inside[0]
    if len(inside) > 1:
        raise ChapterError(unsure("it names more than one exercise", inside, line))
    typo = [e for e in exercises if any(typo_of(title_letters, name) for name in map(letters_key, names_of(e)))]
    if len(typo) == 1:
        return typo[0]
    if len(typo) > 1:
        raise ChapterError(unsure("not sure which exercise it is", typo, line))
    ranked = sorted(exercises, key=lambda e: -likeness(title_letters, e))
    near = [e for e in ranked[:3] if likeness(title_letters, e) >= NEAR]
    if len(near) == 1:
        raise ChapterError(unsure("not sure it is this exercise", near, line))
    if near:
        raise ChapterError(unsure("not sure which exercise it is", near, line))
    if not ranked:
        raise ChapterError("there are no exercises in the data to match it to")
    raise ChapterError(unsure("no exercise is called anything like it (the closest are below)", ranked[:3], line))


# The exercises whose names appear whole in the title ("Kettlebell swing, 15 reps"); a name
# inside a longer one ("glute bridge" in "single-leg glute bridge") does not count.
def named_inside(title: str, exercises: list[Exercise]) -> list[Exercise]:
    words = name_words(title)
    spans: list[tuple[int, int, Exercise]] = []
    for exercise in exercises:
        for name in names_of(exercise):
            wanted = name_words(name)
            if not wanted or len("".join(wanted)) < 4:
                continue
            for at in range(len(words) - len(wanted) + 1):
                if words[at : at + len(wanted)] == wanted:
                    spans.append((at, at + len(wanted), exercise))
    outer = [
        (start, end, exercise)
        for start, end, exercise in spans
        if not any(s <= start and end <= e and (e - s) > (end - start) for s, e, _ in spans)
    ]
    return unique(exercise for _, _, exercise in outer)


# A typo is a letter missed, added, changed or two swapped: one when the title or the name
# has 5 to 8 letters, two up to 14, three beyond; none in a shorter one ("clam" is not "cam").
def allowed_slips(title: str, name: str) -> int:
    size = min(len(title), len(name))
    return 0 if size < 5 else 1 if size <= 8 else 2 if size <= 14 else 3


def typo_of(title: str, name: str) -> bool:
    return slips(title, name) <= allowed_slips(title, name)


# Edit distance (Levenshtein, a swap of two neighbours counted once); past `most` it stops counting.
def slips(a: str, b: str, most: int = 3) -> int:
    if abs(len(a) - len(b)) > most:
        return most + 1
    before: list[int] | None = None
    row = list(range(len(b) + 1))
    for i, char in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, other in enumerate(b, 1):
            current[j] = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + (char != other))
            if before is not None and i > 1 and j > 1 and char == b[j - 2] and a[i - 2] == other:
                current[j] = min(current[j], before[j - 2] + 1)
        before, row = row, current
        if min(row) > most:
            return most + 1
    return row[-1]


# How alike, from 0 to 1, for naming candidates in a message (difflib's ratio).
def likeness(title_letters: str, exercise: Exercise) -> float:
    return max(SequenceMatcher(None, title_letters, letters_key(name)).ratio() for name in names_of(exercise))


def unique(exercises: Iterable[Exercise]) -> list[Exercise]:
    return list({exercise.slug: exercise for exercise in exercises}.values())


def unsure(why: str, candidates: list[Exercise], line: ChapterLine) -> str:
    named = ", ".join(f"{e.name} ({e.slug})" for e in candidates[:-1])
    named = f"{named} or {candidates[-1].name} ({candidates[-1].slug})" if named else f"{candidates[0].name} ({candidates[0].slug})"
    example = f"{clock(line.start)} {candidates[0].slug}"
    return (
        f"{why}: {named}. If it is one of these, write its slug as the chapter's name"
        f" (\"{example}\"); if it is not an exercise, end the line with \"{NOT_AN_EXERCISE}\""
    )


# One exercise has one start in a video: two chapters for it cannot both be written.
def twice(matched: list[Matched]) -> list[str]:
    seen: dict[str, Matched] = {}
    problems = []
    for item in matched:
        if item.exercise is None:
            continue
        first = seen.setdefault(item.exercise.slug, item)
        if first is not item:
            problems.append(
                f"lines {first.line.number} and {item.line.number} are both {item.exercise.name}"
                f" (\"{first.line.text}\", \"{item.line.text}\"); an exercise has one start in a video:"
                f" keep one, or end the other with \"{NOT_AN_EXERCISE}\""
            )
    return problems
