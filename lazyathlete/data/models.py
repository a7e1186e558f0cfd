"""Typed models of the one data file (`data/glutes.yml`).

Pydantic checks the shape of every entry (types, required fields, ranges);
`problems.py` then checks what one entry says about another (references).
Every model forbids unknown fields, so a typo in a field name is an error,
not a silently ignored line.

Each field's description is written for the person editing the YAML: it is
what their editor shows beside the field (through `data/glutes.schema.json`)
and what `data/FIELDS.md` lists. `python -m lazyathlete schema` writes both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from typing import Annotated, Any, get_args, get_origin

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    StringConstraints,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

from lazyathlete.figures import ExerciseFigure
from lazyathlete.figures.pose import Base

# --- Scalars ------------------------------------------------------------------

# What editors are told through the JSON Schema (data/glutes.schema.json): the
# rule an AfterValidator checks, as a pattern, and words for when it is broken
# (yaml-language-server shows `patternErrorMessage` instead of the pattern).
# Validation is unchanged.
@dataclass(frozen=True)
class ForEditors:
    message: str
    pattern: str | None = None

    def __get_pydantic_json_schema__(self, schema: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        hint: dict[str, Any] = {"patternErrorMessage": self.message}
        if self.pattern is not None:
            hint["pattern"] = self.pattern
        return {**handler(schema), **hint}


# A slug names a folder and a file on the site: too long and some systems cannot store it.
MAX_SLUG = 60
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
Slug = Annotated[
    str,
    StringConstraints(pattern=SLUG_PATTERN, max_length=MAX_SLUG),
    ForEditors("a slug: lowercase letters and digits, words joined by single hyphens (glute-bridge)"),
]
# A short name goes in /go/<short>/ and is typed off a screen: lowercase letters and digits.
SHORT_PATTERN = r"^[a-z0-9]{2,20}$"
Short = Annotated[
    str, StringConstraints(pattern=SHORT_PATTERN), ForEditors("2 to 20 lowercase letters and digits, no hyphens")
]
# YouTube video ids are 11 characters of URL-safe base64.
VIDEO_ID_PATTERN = r"^[A-Za-z0-9_-]{11}$"
VideoId = Annotated[
    str,
    StringConstraints(pattern=VIDEO_ID_PATTERN),
    ForEditors("the video's 11-character YouTube id (after watch?v=)"),
]

# Characters nobody can see (controls, but for tab and line feed), and those that
# reorder how text is shown (bidi embeddings, overrides, isolates), which can disguise it.
CONTROL_CHARS = r"\x00-\x08\x0b-\x1f\x7f-\x9f"
DIRECTION_CHARS = r"\u202a-\u202e\u2066-\u2069"
_CONTROL = re.compile(f"[{CONTROL_CHARS}]")
_DIRECTION = re.compile(f"[{DIRECTION_CHARS}]")


def _plain(text: str) -> str:
    if found := _CONTROL.search(text):
        raise ValueError(f"contains the control character U+{ord(found.group()):04X}, which cannot be seen; remove it")
    if found := _DIRECTION.search(text):
        raise ValueError(
            f"contains U+{ord(found.group()):04X}, which changes the direction text is shown in"
            " and can disguise it; remove it"
        )
    return text


# Any line break, YAML's and Unicode's: a name printed in a one-line place (a
# YouTube chapter, a card's row, a page title) would break there.
LINE_BREAK_CHARS = r"\n\r\x0b\x0c\x85\u2028\u2029"
_LINE_BREAK = re.compile(f"[{LINE_BREAK_CHARS}]")


def _one_line(text: str) -> str:
    if _LINE_BREAK.search(text):
        raise ValueError("must be one line (no line breaks): join the lines")
    return text


# Not all whitespace, and none of the refused characters between the whitespace
# the validators strip first. One gap: Python's `\s` also takes the controls
# U+001C-U+001F, which are not stripped, so at the ends of a text jsonschema
# lets them pass where editors (JavaScript) and the build refuse them.
def _text_pattern(refused: str) -> str:
    return rf"^(?!\s*$)\s*[^{refused}]*\s*$"


TEXT_PATTERN = _text_pattern(CONTROL_CHARS + DIRECTION_CHARS)
LINE_PATTERN = _text_pattern(CONTROL_CHARS + DIRECTION_CHARS + LINE_BREAK_CHARS)


# --- Limits: every text and every list has a most ---------------------------------------------
# Nothing in the data is unbounded, so every step of the build takes bounded time, and what a
# printed card shows has room on it. Checked before anything else is done with the value, said
# to editors (maxLength / maxItems / maxProperties in the JSON Schema, FIELDS.md) and in the
# build's message with the limit and, where it has one, its reason.
@dataclass(frozen=True)
class Most:
    limit: int
    why: str = ""  # "what fits on a printed routine card": said after the limit

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        check = self._check_entries if _holds_entries(source) else self._check
        return core_schema.no_info_before_validator_function(check, handler(source))

    # A list's or mapping's limit counts entries only: text where entries belong is the type's problem.
    def _check_entries(self, value: Any) -> Any:
        return self._check(value) if isinstance(value, (list, dict)) else value

    def _check(self, value: Any) -> Any:
        if isinstance(value, str):
            count, unit = len(value.strip()), "characters"
        elif isinstance(value, (list, dict)):
            count, unit = len(value), "entries"
        else:
            return value  # a wrong type: the field's own check says so
        if count > self.limit:
            why = f" ({self.why})" if self.why else ""
            raise PydanticCustomError(
                "too_long", "{count} {unit}, at most {limit}{why}",
                {"count": count, "unit": unit, "limit": self.limit, "why": why},
            )
        return value

    def __get_pydantic_json_schema__(self, schema: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        result = handler(schema)
        kind = result.get("type")
        key = {"string": "maxLength", "array": "maxItems", "object": "maxProperties"}.get(kind or "")
        return {**result, key: self.limit} if key else result


# True for a list or mapping type (Annotated opened up).
def _holds_entries(source: Any) -> bool:
    while get_origin(source) is Annotated:
        source = get_args(source)[0]
    return get_origin(source) in (list, dict) or source in (list, dict)


# What a printed routine card has room for, measured (tests/test_print.py prints every one of
# these at its limit, in the widest letters, and the card still fits one page; the print CSS
# cuts what a reader's wider font would push over, see site.css).
PRINTED = "what the printed routine card has room for"
MAX_NAME = 40  # an exercise's name: the card's row, the pocket card, the page title
MAX_TITLE = 60  # a routine's title: the card's heading (the builder's title input takes 60 too)
MAX_CUE = 100  # the key cue: the card's row
MAX_HOW = 200  # an easier or harder version's sentence: the card's "Easier:" line
MAX_MOVE_ON = 40  # when to move on, in brief: one line of a card's row after "Move on when:"
MAX_WARM_UP = 160  # the warm-up line above the card's exercises
MAX_KIT = 10  # the equipment one exercise lists: a routine's card names it all on its "Kit:" line
MAX_CARD_EXERCISES = 6  # rows of a routine: more do not fit one printed page
CARD_ROWS = "more will not fit on one printed card: split it into two routines"
# Words on pages only: room for a coach's writing, with a most so nothing is unbounded.
MAX_WORDS = 40  # a word or phrase people search with (also_called, helps_with, Term.also)
MAX_GOAL = 80
MAX_SENTENCE = 200  # a summary, who an expert is
MAX_PARAGRAPH = 600  # steps, mistakes, effort, why it matters...
MAX_LIST = 20  # list entries, where the list has no tighter limit
MAX_VIDEOS = 10  # videos one exercise is shown in: a button each on its page
# The whole catalog: far above a real site, and above the 2,000 exercises `make bench` builds.
MAX_EXERCISES = 5000
MAX_ROUTINES = 1000


# Paragraphs: summaries, steps, explanations.
Text = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1),
    AfterValidator(_plain),
    ForEditors("text that is not blank, without invisible or text-direction characters", TEXT_PATTERN),
]
# Names, titles and cues: Text on one line.
Line = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1),
    AfterValidator(_one_line),
    AfterValidator(_plain),
    ForEditors("one line of text that is not blank, without invisible or text-direction characters", LINE_PATTERN),
]


# A validator's complaint about one part inside the value it checks: `at` is the path to that
# part, so the message names it and its line (data/wording.py reads it).
class InsideError(ValueError):
    def __init__(self, at: tuple[str | int, ...], message: str) -> None:
        super().__init__(message)
        self.at = at


# The figure model keeps its own text type; the words of a drawing get the same rule here.
def _plain_figure(figure: ExerciseFigure) -> ExerciseFigure:
    for index, pose in enumerate(figure.poses):
        for field in ("label", "alt"):
            try:
                _plain(getattr(pose, field) or "")
            except ValueError as error:
                raise InsideError(("poses", index, field), str(error)) from None
    return figure


# Strict: a value of the wrong type is an error, never converted (`sets: true` is
# not 1 set, `reps: "12"` is not 12, `one_sided: "yes"` is not true).
class Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, strict=True, allow_inf_nan=False
    )


# --- Vocabulary: the words readers use, shown on pages and fed to search ----------


class Term(Model):
    """A muscle, a piece of equipment or a level, with the everyday words for it."""

    name: Annotated[Line, Most(MAX_NAME)] = Field(description='The name shown on pages ("Gluteus maximus").')
    also: Annotated[list[Annotated[Line, Most(MAX_WORDS)]], Most(MAX_LIST)] = Field(
        default=[],
        description='The everyday words people type for it ("bum", "butt", "glute max");'
        " shown on the page and found by search.",
    )
    about: Annotated[Text, Most(MAX_PARAGRAPH)] = Field(description="A sentence or two about it, shown on the page.")


class Vocabulary(Model):
    """The muscles, equipment and levels that exercises name by slug; each entry's key is its slug."""

    muscles: Annotated[dict[Slug, Term], Most(100)] = Field(
        min_length=1,
        description="Muscles, by slug (gluteus-maximus);"
        " exercises name them in `primary_muscles` and `secondary_muscles`.",
    )
    equipment: Annotated[dict[Slug, Term], Most(100)] = Field(
        min_length=1, description="Equipment, by slug (kettlebell); exercises name it in `equipment`."
    )
    levels: Annotated[dict[Slug, Term], Most(20)] = Field(
        min_length=1, description="Levels, by slug (beginner); each exercise names one in `level`."
    )


# --- People the owner's post quotes --------------------------------------------------


class Expert(Model):
    """A claim the source attributes to a named person, kept with who they are."""

    name: Annotated[Line, Most(80)] = Field(description="The person's name.")
    described_as: Annotated[Text, Most(MAX_SENTENCE)] = Field(
        description="Who they are, as the owner's post describes them."
    )
    says: Annotated[Text, Most(MAX_PARAGRAPH)] = Field(description="What the post says they claim, kept as the post puts it.")


# --- Exercises -----------------------------------------------------------------------

# Seconds to change sides on a one-sided move, when the exercise gives none: from how its
# drawing's first pose is set down. Changing legs standing, on your back or on hands and knees
# is quick; lying on your side you roll over; from a side plank you come down, turn over and
# get up again. The routine's minutes, its card, the builder and the player all use this.
SWITCH_SECONDS_USUAL = 5
SWITCH_SECONDS_BY_BASE = {Base.side_lying: 10, Base.side_plank: 15}
SWITCH_BY_BASE_TEXT = ", ".join(f"{seconds} from {base.value}" for base, seconds in SWITCH_SECONDS_BY_BASE.items())



class Dose(Model):
    """Sets of reps or of a timed hold; "each side" comes from the exercise."""

    # Exactly one of reps and seconds, said to editors (the validator below is the rule).
    model_config = ConfigDict(
        json_schema_extra={
            "oneOf": [
                {"required": ["reps"], "properties": {"reps": {"type": "integer"}}},
                {"required": ["seconds"], "properties": {"seconds": {"type": "integer"}}},
            ]
        }
    )

    sets: int = Field(ge=1, le=6, description="How many sets: at most 6, the tick boxes a printed card has room for.")
    reps: int | None = Field(
        default=None, ge=1, le=100, description="Repetitions in each set; give this or `seconds`."
    )
    seconds: int | None = Field(
        default=None, ge=5, le=300, description="Seconds to hold in each set; give this or `reps`."
    )

    @model_validator(mode="after")
    def _reps_or_seconds(self) -> Dose:
        if (self.reps is None) == (self.seconds is None):
            raise ValueError("needs exactly one of `reps` or `seconds`")
        return self


class Video(Model):
    """A YouTube video that shows an exercise, and the second where it starts."""

    id: VideoId = Field(description="The YouTube video id: the 11 characters after `watch?v=` in its address.")
    start: int = Field(
        default=0,
        ge=0,
        le=12 * 3600,
        description="The second where the exercise starts: the page links to that moment,"
        " and a routine's video chapters start there.",
    )


class Variation(Model):
    """An easier or harder version: another exercise on the site, a tweak, or both."""

    # At least one of the two, said to editors (the validator below is the rule).
    model_config = ConfigDict(
        json_schema_extra={
            "anyOf": [
                {"required": ["exercise"], "properties": {"exercise": {"type": "string"}}},
                {"required": ["how"], "properties": {"how": {"type": "string"}}},
            ]
        }
    )

    exercise: Slug | None = Field(
        default=None, description="The slug of another exercise on the site, linked from the page."
    )
    how: Annotated[Text, Most(MAX_HOW, PRINTED)] | None = Field(
        default=None,
        description="A sentence saying how to make it easier or harder; a routine's printed card shows the easier one"
        " when it names no exercise.",
    )

    @model_validator(mode="after")
    def _says_something(self) -> Variation:
        if self.exercise is None and self.how is None:
            raise ValueError("needs `exercise` (another exercise's slug), `how` (a sentence) or both")
        return self


class Swap(Model):
    """What to do instead of a move that needs kit, with none: another exercise on the site, a tweak, or both."""

    # At least one of the two, said to editors (the validator below is the rule).
    model_config = ConfigDict(
        json_schema_extra={
            "anyOf": [
                {"required": ["exercise"], "properties": {"exercise": {"type": "string"}}},
                {"required": ["how"], "properties": {"how": {"type": "string"}}},
            ]
        }
    )

    exercise: Slug | None = Field(
        default=None,
        description="The slug of another exercise on the site that needs no kit (`equipment: [none]`),"
        " linked from the page and named on routine cards.",
    )
    how: Annotated[Text, Most(MAX_HOW, PRINTED)] | None = Field(
        default=None,
        description="A sentence saying how to do without the kit (\"use the bottom stair\");"
        " a routine's printed card shows it when it names no exercise.",
    )

    @model_validator(mode="after")
    def _says_something(self) -> Swap:
        if self.exercise is None and self.how is None:
            raise ValueError("needs `exercise` (a no-kit exercise's slug), `how` (a sentence) or both")
        return self


class Exercise(Model):
    """One exercise: its page at /exercises/<slug>/, found from the indexes, the browse pages and search."""

    slug: Slug = Field(
        description="The page's address, /exercises/<slug>/. Published addresses must keep working:"
        " to rename, put the old slug in `former_slugs`."
    )
    short: Short = Field(
        description="The short link /go/<short>/ for videos: lowercase letters and digits,"
        " unique across exercises and routines."
    )
    former_slugs: Annotated[list[Slug], Most(MAX_LIST)] = Field(
        default=[], description="Slugs this exercise had before; their old addresses redirect here."
    )
    name: Annotated[Line, Most(MAX_NAME, PRINTED)] = Field(
        description="The exercise's name, its page title; printed on routine cards."
    )
    also_called: Annotated[list[Annotated[Line, Most(MAX_WORDS)]], Most(MAX_LIST)] = Field(
        default=[],
        description='Other names and spellings people type ("step up", "stepup");'
        ' shown as "Also called" and found by search.',
    )
    summary: Annotated[Text, Most(MAX_SENTENCE)] = Field(
        description="A one-line description: under the name,"
        " and the page's description in search results and link previews."
    )
    primary_muscles: Annotated[list[Slug], Most(10)] = Field(
        min_length=1, description="The muscles it mainly works: slugs from `vocabulary.muscles`."
    )
    secondary_muscles: Annotated[list[Slug], Most(10)] = Field(
        default=[], description="Muscles it works as well: slugs from `vocabulary.muscles`."
    )
    equipment: Annotated[list[Slug], Most(MAX_KIT)] = Field(
        min_length=1, description="What it needs: slugs from `vocabulary.equipment`; `[none]` for no equipment."
    )
    level: Slug = Field(description="How hard it is: a slug from `vocabulary.levels`.")
    one_sided: bool = Field(
        description='`true` when done one side at a time: the dose then reads "each side",'
        " and printed cards tick left and right."
    )
    switch_seconds: int | None = Field(
        default=None,
        ge=3,
        le=60,
        description="Seconds to change sides between the left and right of a set (one-sided moves only):"
        " counted in a routine's minutes and given by the follow-along player. Leave out for the usual,"
        f" from the first pose's `base`: {SWITCH_BY_BASE_TEXT} (getting down and up again), {SWITCH_SECONDS_USUAL} otherwise.",
    )
    why_for_running: Annotated[Text, Most(MAX_PARAGRAPH)] = Field(description="Why a runner should bother.")
    goals: Annotated[list[Annotated[Line, Most(MAX_GOAL)]], Most(10)] = Field(
        min_length=1,
        description='What it trains towards, as goals rather than conditions ("steadier hips",'
        ' "knees tracking straight"); shown as "Works towards".',
    )
    helps_with: Annotated[list[Annotated[Line, Most(MAX_WORDS)]], Most(MAX_LIST)] = Field(
        default=[],
        description='Words people search with, problems included ("knee pain", "IT band"); found by search'
        " and shown beside the line that lasting pain is for a physio or doctor, never as a promise to treat it.",
    )
    steps: Annotated[list[Annotated[Text, Most(MAX_PARAGRAPH)]], Most(12)] = Field(
        min_length=2, description="The steps, in order; the page numbers them."
    )
    key_cue: Annotated[Line, Most(MAX_CUE, PRINTED)] = Field(
        description="The one cue to remember; printed on routine cards."
    )
    mistakes: Annotated[list[Annotated[Text, Most(MAX_PARAGRAPH)]], Most(10)] = Field(
        min_length=1, description="The usual mistakes."
    )
    dose: Dose = Field(
        description="The usual dose, `{sets: 3, reps: 12}` or `{sets: 2, seconds: 30}`; a routine may give its own."
    )
    rest_seconds: int = Field(
        ge=0,
        le=300,
        description="Seconds of rest between sets when done on its own; a routine gives its own rests.",
    )
    effort: Annotated[Text, Most(MAX_PARAGRAPH)] = Field(
        description="How hard it should feel, in the owner's words (shown as \"How it should feel\")."
    )
    progress_when: Annotated[Text, Most(MAX_PARAGRAPH)] = Field(
        description="When to move on to the harder version (shown as \"Move on when\")."
    )
    move_on: Annotated[Line, Most(MAX_MOVE_ON, PRINTED)] = Field(
        description="`progress_when` in brief, read after \"Move on when:\" on printed routine cards and in the"
        ' follow-along player ("2-second squeeze on every rep").'
    )
    easier: Variation = Field(
        description="An easier version: `exercise:` (another exercise's slug, linked) and/or `how:` (a sentence)."
    )
    harder: Variation = Field(
        description="A harder version: `exercise:` (another exercise's slug, linked) and/or `how:` (a sentence)."
    )
    no_kit_swap: Swap | None = Field(
        default=None,
        description="For a move that needs kit (any `equipment` but `[none]`, where it is required):"
        " what to do with none, `exercise:` (a no-kit exercise's slug, linked) and/or `how:` (a sentence);"
        " shown on its page, its routines' pages and cards, and in the builder.",
    )
    attribution: Slug | None = Field(
        default=None,
        description="The slug of an entry in `experts`, for a claim the owner's post attributes to someone.",
    )
    caution: Annotated[Text, Most(MAX_PARAGRAPH)] | None = Field(default=None, description="A safety note, shown on the page.")
    videos: Annotated[list[Video], Most(MAX_VIDEOS)] = Field(
        default=[],
        description="The YouTube videos it is shown in, each `{id: <11-character id>, start: <second>}`:"
        " the page links to that moment in each and offers a click-to-load player."
        " `python -m lazyathlete video` writes these from a video's address and its chapter lines.",
    )
    figure: Annotated[ExerciseFigure, AfterValidator(_plain_figure)] = Field(
        description="The line drawing: a start and an end pose (joint angles, base, props);"
        " see the comment above the first exercise's figure in data/glutes.yml."
    )


# --- Routines ---------------------------------------------------------------------------


class When(str, Enum):
    """When in a runner's week a routine is meant to be done."""

    before_run = "before-run"
    after_run = "after-run"
    strength_day = "strength-day"


class RoutineItem(Model):
    """One exercise in a routine, with this routine's dose (the exercise's own by default)."""

    exercise: Slug = Field(description="The slug of the exercise.")
    dose: Dose | None = Field(
        default=None, description="This routine's dose for it, overriding the exercise's own; leave out to use that."
    )


class Block(Model):
    """Exercises done together: one on its own (straight sets) or several back to back (A1, A2)."""

    exercises: Annotated[list[RoutineItem], Most(MAX_CARD_EXERCISES, CARD_ROWS)] = Field(
        min_length=1,
        description="One exercise, or several done back to back as A1, A2 (then with the same number of sets).",
    )
    rest_seconds: int = Field(
        ge=0, le=300, description="Seconds of rest between sets, or between rounds when several are done back to back."
    )


class RoutineVideo(Model):
    """The video a routine is shown in; its chapters come from its exercises' start times."""

    id: VideoId = Field(description="The YouTube video id: the 11 characters after `watch?v=` in its address.")


class Routine(Model):
    """A routine: a page at /routines/<slug>/ that prints on one sheet, and a pocket card at /routines/<slug>/card/."""

    slug: Slug = Field(
        description="The page's address, /routines/<slug>/. Published addresses must keep working:"
        " to rename, put the old slug in `former_slugs`."
    )
    short: Short = Field(
        description="The short link /go/<short>/ for videos: lowercase letters and digits,"
        " unique across exercises and routines."
    )
    former_slugs: Annotated[list[Slug], Most(MAX_LIST)] = Field(
        default=[], description="Slugs this routine had before; their pages and pocket cards redirect here."
    )
    title: Annotated[Line, Most(MAX_TITLE, PRINTED)] = Field(
        description="The routine's title; the heading of its printed card."
    )
    purpose: Annotated[Text, Most(MAX_PARAGRAPH)] = Field(description="What it is for, in a sentence or two.")
    # strict takes only When members; this takes their words and nothing else
    when: When = Field(strict=False, description="When in a runner's week to do it.")
    per_week: int = Field(
        ge=1,
        le=7,
        description='How many times a week; with `per_week_max`, the low end of a range ("2–3 times a week").',
    )
    per_week_max: int | None = Field(
        default=None,
        ge=2,
        le=7,
        description='The high end of a range, more than `per_week`: 2 and 3 read "2–3 times a week".',
    )
    warm_up: Annotated[Line, Most(MAX_WARM_UP, PRINTED)] | None = Field(
        default=None,
        description="A warm-up to do before the first block, in a line; shown on the page and the card above the exercises.",
    )
    warm_up_minutes: int | None = Field(
        default=None,
        ge=1,
        le=30,
        description="About how many minutes the warm-up takes: the routine's time then reads"
        ' "About 23 min + 7 min warm-up" (without it, "+ warm-up"). Only with `warm_up`.',
    )
    blocks: Annotated[list[Block], Most(MAX_CARD_EXERCISES, CARD_ROWS)] = Field(
        min_length=1,
        description="The blocks, in order; six exercises in all at most, as many as a printed page holds.",
    )
    video: RoutineVideo | None = Field(
        default=None,
        description="The video it is shown in, `{id: ...}`; chapters for the video's description"
        " come from the `start` of this video in its exercises' `videos`.",
    )

    @model_validator(mode="after")
    def _range_goes_up(self) -> Routine:
        if self.per_week_max is not None and self.per_week_max <= self.per_week:
            raise ValueError("`per_week_max` must be more than `per_week`")
        return self

    @model_validator(mode="after")
    def _minutes_of_a_warm_up(self) -> Routine:
        if self.warm_up_minutes is not None and self.warm_up is None:
            raise ValueError("`warm_up_minutes` needs a `warm_up` to time: write the warm-up, or leave the minutes out")
        return self


# --- Plans: routines over weeks -------------------------------------------------------------

# A plan's bounds. Unlike a routine card's, they are not measured against the printed page: the
# real plans are printed on one page by tests/test_plans.py, a plan at these limits would not be.
MAX_WEEKS = 12  # a plan is a few weeks; strength work for runners is studied over 6 to 20
MAX_SESSIONS = 3  # strength sessions in one week of a plan
MAX_PLANS = 100


class PlanDose(Model):
    """One exercise's dose in a week of a plan, where it differs from the routine's."""

    exercise: Slug = Field(description="The slug of an exercise in the session's routine (or swapped into it that week).")
    dose: Dose = Field(description="That week's dose for it, `{sets: 2, reps: 10}`.")


class PlanSwap(Model):
    """A harder variation from a given week: one exercise of the routine done as a harder one."""

    instead_of: Slug = Field(description="The slug of the exercise in the session's routine that is replaced.")
    exercise: Slug = Field(
        description="The slug of the harder exercise done in its place, at its own usual dose unless `doses` gives one."
    )


class PlanSession(Model):
    """One session of a week: a routine, with that week's doses where they differ."""

    routine: Slug = Field(description="The slug of the routine done in this session.")
    harder: Annotated[list[PlanSwap], Most(MAX_CARD_EXERCISES)] = Field(
        default=[],
        description="Harder variations from this week: `{instead_of: <exercise in the routine>, exercise: <harder one>}`.",
    )
    doses: Annotated[list[PlanDose], Most(MAX_CARD_EXERCISES)] = Field(
        default=[],
        description="That week's doses where they differ from the routine's: `{exercise: <slug>, dose: {sets: 2, reps: 10}}`.",
    )


class PlanWeek(Model):
    """One week of a plan: its sessions, in order, and a short note."""

    sessions: Annotated[list[PlanSession], Most(MAX_SESSIONS)] = Field(
        min_length=1, description="The week's sessions, in order: each a routine, with that week's doses."
    )
    note: Annotated[Line, Most(MAX_SENTENCE)] = Field(
        description="A short note for the week, shown beside it: what to aim for."
    )
    lighter: bool = Field(
        default=False, description="`true` for the plan's one lighter week, shown as such; leave out for the others."
    )


class Plan(Model):
    """A plan: routines over weeks, a page at /plans/<slug>/ that prints on one sheet."""

    slug: Slug = Field(
        description="The page's address, /plans/<slug>/. Published addresses must keep working:"
        " to rename, put the old slug in `former_slugs`."
    )
    short: Short = Field(
        description="The short link /go/<short>/: lowercase letters and digits, unique across exercises, routines and plans."
    )
    former_slugs: Annotated[list[Slug], Most(MAX_LIST)] = Field(
        default=[], description="Slugs this plan had before; their old addresses redirect here."
    )
    title: Annotated[Line, Most(MAX_TITLE)] = Field(
        description="The plan's title, its page's heading."
    )
    summary: Annotated[Text, Most(MAX_SENTENCE)] = Field(
        description="A sentence under the title; the page's description in search results and link previews."
    )
    who_for: Annotated[Text, Most(MAX_SENTENCE)] = Field(description='Who it is for, shown as "Who it\'s for".')
    per_week: int = Field(ge=1, le=MAX_SESSIONS, description="Strength sessions a week, as the page says it.")
    weeks: Annotated[list[PlanWeek], Most(MAX_WEEKS)] = Field(
        min_length=1, description="The weeks, in order; one of them may be marked `lighter: true`."
    )
    move_on: Annotated[Text, Most(MAX_PARAGRAPH)] = Field(
        description='When to make a session harder than the plan says, or to stay on a week (shown as "When to move on").'
    )
    race_week: Annotated[Text, Most(MAX_PARAGRAPH)] = Field(
        description='What to do in a week with a race in it (shown as "Race week").'
    )


# --- The home page and pages taken down -------------------------------------------------

# A page's address on the site, from its root: what a `gone:` entry names.
PAGE_ADDRESS_PATTERN = r"^/(?:[A-Za-z0-9._~-]+/)*$"
PageAddress = Annotated[
    str,
    StringConstraints(pattern=PAGE_ADDRESS_PATTERN, max_length=200),
    ForEditors("a page's address from the site's root, with a slash at each end, like /exercises/donkey-kick/"),
]


# The home page (docs/index.md) shows these lists by name, `{{ home_exercises('new_to_strength') }}`:
# a page names no slug, so no edit of the data can break it; the slugs are checked here, with the rest.
class HomePage(Model):
    """The exercises the home page shows, by slug, in the order shown."""

    new_to_strength: Annotated[list[Slug], Most(MAX_LIST)] = Field(
        default=[], description="The cards under \"New to strength work? Start here\": beginner moves, by slug."
    )
    from_the_video: Annotated[list[Slug], Most(MAX_LIST)] = Field(
        default=[], description="The cards under \"The five from the video\", by slug, in the video's order."
    )


# --- The whole file ---------------------------------------------------------------------


class SiteData(Model):
    """Everything the site is built from: its vocabulary, the experts quoted, the exercises, the routines and the plans."""

    vocabulary: Vocabulary = Field(
        description="The words for muscles, equipment and levels, which exercises name by slug."
    )
    experts: Annotated[dict[Slug, Expert], Most(100)] = Field(
        default={}, description="People the owner's post quotes, by slug; an exercise names one in `attribution`."
    )
    exercises: Annotated[list[Exercise], Most(MAX_EXERCISES)] = Field(
        min_length=1, description="Every exercise on the site, each with its own page."
    )
    routines: Annotated[list[Routine], Most(MAX_ROUTINES)] = Field(
        default=[], description="The routines, each with a printable page and a pocket card."
    )
    plans: Annotated[list[Plan], Most(MAX_PLANS)] = Field(
        default=[], description="The plans: routines over weeks, each with a printable page."
    )
    home_page: HomePage = Field(
        default=HomePage(), description="The exercises the home page shows in each of its lists, by slug."
    )
    gone: Annotated[dict[PageAddress, PageAddress], Most(1000)] | None = Field(
        default=None,
        description="Pages taken down on purpose, each with the page its readers are sent to instead,"
        " like `/exercises/donkey-kick/: /exercises/fire-hydrant/`. A published address may not simply"
        " disappear (data/addresses.txt): a renamed entry lists its old slug in `former_slugs`, a removed one is here.",
    )
