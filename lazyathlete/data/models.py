"""Typed models of the one data file (`data/glutes.yml`).

Pydantic checks the shape of every entry (types, required fields, ranges);
`catalog.py` then checks what one entry says about another (references).
Every model forbids unknown fields, so a typo in a field name is an error,
not a silently ignored line.
"""

from __future__ import annotations

import re
from enum import Enum
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, model_validator

from lazyathlete.figures import ExerciseFigure

# --- Scalars ------------------------------------------------------------------

# A slug names a folder and a file on the site: too long and some systems cannot store it.
MAX_SLUG = 60
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=MAX_SLUG)]
# A short name goes in /go/<short>/ and is typed off a screen: lowercase letters and digits.
Short = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]{2,20}$")]
# YouTube video ids are 11 characters of URL-safe base64.
VideoId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{11}$")]

# Characters nobody can see (controls, but for tab and line feed), and those that
# reorder how text is shown (bidi embeddings, overrides, isolates), which can disguise it.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_DIRECTION = re.compile(r"[\u202a-\u202e\u2066-\u2069]")


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
_LINE_BREAK = re.compile(r"[\n\r\x0b\x0c\x85\u2028\u2029]")


def _one_line(text: str) -> str:
    if _LINE_BREAK.search(text):
        raise ValueError("must be one line (no line breaks)")
    return text


# Paragraphs: summaries, steps, explanations.
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(_plain)]
# Names, titles and cues: Text on one line.
Line = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(_one_line), AfterValidator(_plain)
]


# The figure model keeps its own text type; the words of a drawing get the same rule here.
def _plain_figure(figure: ExerciseFigure) -> ExerciseFigure:
    for index, pose in enumerate(figure.poses):
        for field in ("label", "alt"):
            try:
                _plain(getattr(pose, field) or "")
            except ValueError as error:
                raise ValueError(f"poses.{index}.{field}: {error}") from None
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

    name: Line
    also: list[Line] = []
    about: Text


class Vocabulary(Model):
    muscles: dict[Slug, Term] = Field(min_length=1)
    equipment: dict[Slug, Term] = Field(min_length=1)
    levels: dict[Slug, Term] = Field(min_length=1)


# --- People the owner's post quotes --------------------------------------------------


class Expert(Model):
    """A claim the source attributes to a named person, kept with who they are."""

    name: Line
    described_as: Text
    says: Text


# --- Exercises -----------------------------------------------------------------------


class Dose(Model):
    """Sets of reps or of a timed hold; "each side" comes from the exercise."""

    sets: int = Field(ge=1, le=6)  # six tick boxes a side is what a printed card holds
    reps: int | None = Field(default=None, ge=1, le=100)
    seconds: int | None = Field(default=None, ge=5, le=300)

    @model_validator(mode="after")
    def _reps_or_seconds(self) -> Dose:
        if (self.reps is None) == (self.seconds is None):
            raise ValueError("give exactly one of 'reps' or 'seconds'")
        return self


class Video(Model):
    """A YouTube video that shows an exercise, and the second where it starts."""

    id: VideoId
    start: int = Field(default=0, ge=0, le=12 * 3600)


class Variation(Model):
    """An easier or harder version: another exercise on the site, a tweak, or both."""

    exercise: Slug | None = None
    how: Text | None = None

    @model_validator(mode="after")
    def _says_something(self) -> Variation:
        if self.exercise is None and self.how is None:
            raise ValueError("give 'exercise' (a slug), 'how' (a sentence) or both")
        return self


class Exercise(Model):
    slug: Slug
    short: Short
    former_slugs: list[Slug] = []
    name: Line
    also_called: list[Line] = []
    summary: Text
    primary_muscles: list[Slug] = Field(min_length=1)
    secondary_muscles: list[Slug] = []
    equipment: list[Slug] = Field(min_length=1)
    level: Slug
    one_sided: bool
    why_for_running: Text
    helps_with: list[Line] = []
    steps: list[Text] = Field(min_length=2)
    key_cue: Line
    mistakes: list[Text] = Field(min_length=1)
    dose: Dose
    easier: Variation
    harder: Variation
    attribution: Slug | None = None
    caution: Text | None = None
    video: Video | None = None
    figure: Annotated[ExerciseFigure, AfterValidator(_plain_figure)]


# --- Routines ---------------------------------------------------------------------------


class When(str, Enum):
    """When in a runner's week a routine is meant to be done."""

    before_run = "before-run"
    after_run = "after-run"
    strength_day = "strength-day"


class RoutineItem(Model):
    """One exercise in a routine, with this routine's dose (the exercise's own by default)."""

    exercise: Slug
    dose: Dose | None = None


class Block(Model):
    """Exercises done together: one on its own (straight sets) or several back to back (A1, A2)."""

    exercises: list[RoutineItem] = Field(min_length=1)
    rest_seconds: int = Field(ge=0, le=300)


class RoutineVideo(Model):
    """The video a routine is shown in; its chapters come from its exercises' start times."""

    id: VideoId


class Routine(Model):
    slug: Slug
    short: Short
    former_slugs: list[Slug] = []  # renamed: old links keep working, as for exercises
    title: Line
    purpose: Text
    when: When = Field(strict=False)  # strict takes only When members; this takes their words and nothing else
    per_week: int = Field(ge=1, le=7)
    per_week_max: int | None = Field(default=None, ge=2, le=7)
    blocks: list[Block] = Field(min_length=1)
    video: RoutineVideo | None = None

    @model_validator(mode="after")
    def _range_goes_up(self) -> Routine:
        if self.per_week_max is not None and self.per_week_max <= self.per_week:
            raise ValueError("'per_week_max' must be more than 'per_week'")
        return self


# --- The whole file ---------------------------------------------------------------------


class SiteData(Model):
    vocabulary: Vocabulary
    experts: dict[Slug, Expert] = {}
    exercises: list[Exercise] = Field(min_length=1)
    routines: list[Routine] = []
