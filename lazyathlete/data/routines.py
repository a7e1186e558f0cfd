"""What a routine adds up to: each exercise's dose in it, its steps, and how long it takes.

A routine is a list of steps, as the follow-along player plays them and as a
runner works down the card: get ready, each set (each side of a one-sided
move), the rests between rounds and the changeovers between blocks. The total
time is the sum of the steps, so the "About 12 min" on the page and the player's
countdowns come from one model, with one stated assumption per number below.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from lazyathlete.data.models import (
    SWITCH_SECONDS_BY_BASE,
    SWITCH_SECONDS_USUAL,
    Block,
    Dose,
    Exercise,
    Routine,
    RoutineItem,
    When,
)

SECONDS_PER_REP = 3  # a controlled rep: about a second up, a pause, a second or two down
CHANGEOVER_SECONDS = 30  # moving to the next block: kit, position, a breath
GET_READY_SECONDS = 10  # before the first set: prop the phone up, get into position


def item_dose(item: RoutineItem, exercise: Exercise) -> Dose:
    """The dose in this routine: its own when given, else the exercise's default."""
    return item.dose or exercise.dose


def block_rounds(block: Block, exercises: dict[str, Exercise]) -> int:
    """How many rounds a block takes: its exercises' sets (equal when paired)."""
    return max(item_dose(i, exercises[i.exercise]).sets for i in block.exercises)


@dataclass(frozen=True)
class Step:
    """One thing to do, in order, with how long it takes."""

    kind: str  # "ready" (before the first set), "work", "switch" (sides), "rest", "changeover" (next block)
    seconds: int  # a timed set, a rest or a countdown; for a set of reps, its estimate
    row: int  # the card row worked, or coming next
    set: int = 0  # which set of the row's sets (work and switch steps)
    side: str = ""  # "left" or "right" for a one-sided move


def switch_seconds(exercise: Exercise) -> int:
    """Changing sides on a one-sided move: the exercise's own time, else what its start
    position needs (rolling over, getting down from a side plank and up again)."""
    if exercise.switch_seconds is not None:
        return exercise.switch_seconds
    return SWITCH_SECONDS_BY_BASE.get(exercise.figure.poses[0].base, SWITCH_SECONDS_USUAL)


def exercise_routine(exercise: Exercise) -> Routine:
    """The exercise on its own, at its usual dose and rest: what its page's player plays."""
    return Routine(
        slug=exercise.slug, short="x" + exercise.short[:19], title=exercise.name, purpose=exercise.summary,
        when=When.strength_day, per_week=1,
        blocks=[Block(exercises=[RoutineItem(exercise=exercise.slug)], rest_seconds=exercise.rest_seconds)],
    )


def work_seconds(dose: Dose) -> int:
    """One side of one set: the seconds it holds, or its reps at a controlled pace."""
    return dose.reps * SECONDS_PER_REP if dose.reps is not None else dose.seconds or 0


def routine_steps(routine: Routine, exercises: dict[str, Exercise]) -> list[Step]:
    """The routine as it is done: A1 and A2 alternate set by set, a one-sided move
    does its left side, switches and does its right, and each block rests between
    rounds (not after the last) before a changeover to the next block."""
    rows = card_rows(routine, exercises)
    steps = [Step("ready", GET_READY_SECONDS, row=0)]
    first = 0
    for b, block in enumerate(routine.blocks):
        block_rows = list(range(first, first + len(block.exercises)))
        first += len(block.exercises)
        if b:
            steps.append(Step("changeover", CHANGEOVER_SECONDS, row=block_rows[0]))
        rounds = block_rounds(block, exercises)
        for n in range(1, rounds + 1):
            for r in block_rows:
                row = rows[r]
                if n > row.dose.sets:
                    continue
                work = work_seconds(row.dose)
                if row.exercise.one_sided:
                    steps.append(Step("work", work, row=r, set=n, side="left"))
                    steps.append(Step("switch", switch_seconds(row.exercise), row=r, set=n, side="right"))
                    steps.append(Step("work", work, row=r, set=n, side="right"))
                else:
                    steps.append(Step("work", work, row=r, set=n))
            if n < rounds and block.rest_seconds:
                coming = next(r for r in block_rows if rows[r].dose.sets > n)
                steps.append(Step("rest", block.rest_seconds, row=coming))
    return steps


def routine_exercises(routine: Routine, exercises: dict[str, Exercise]) -> list[Exercise]:
    """The routine's exercises in card order, each once."""
    slugs = dict.fromkeys(item.exercise for block in routine.blocks for item in block.exercises)
    return [exercises[slug] for slug in slugs]


def routine_equipment(routine: Routine, exercises: dict[str, Exercise]) -> list[str]:
    """The kit a routine needs: its exercises' equipment slugs in the order first needed, `none` left out."""
    needed = (slug for exercise in routine_exercises(routine, exercises) for slug in exercise.equipment)
    return [slug for slug in dict.fromkeys(needed) if slug != "none"]


def routine_seconds(routine: Routine, exercises: dict[str, Exercise]) -> int:
    return sum(step.seconds for step in routine_steps(routine, exercises))


def minutes_text(seconds: int) -> str:
    """'About 12 min', rounded up to the whole minute."""
    return f"About {max(1, math.ceil(seconds / 60))} min"


def time_text(routine: Routine, exercises: dict[str, Exercise]) -> str:
    """A routine's time as every page, card and description states it: its exercises' minutes, and
    its warm-up said apart, never left out unsaid ('About 23 min + 7 min warm-up', '+ warm-up')."""
    minutes = minutes_text(routine_seconds(routine, exercises))
    if routine.warm_up is None:
        return minutes
    if routine.warm_up_minutes is None:
        return f"{minutes} + warm-up"
    return f"{minutes} + {routine.warm_up_minutes} min warm-up"


# --- The rows of a printed card -----------------------------------------------------------


@dataclass(frozen=True)
class CardRow:
    """One exercise as a card lists it, in order."""

    label: str  # "A" on its own, "B1", "B2" when done back to back
    exercise: Exercise
    dose: Dose
    block: Block
    rounds: int
    paired: bool
    block_end: bool  # the last row of its block: the rest comes after it


def block_label(block_index: int, item_index: int | None) -> str:
    """'A', 'B' for single exercises; 'A1', 'A2' for exercises done back to back."""
    letter = chr(ord("A") + block_index)
    return letter if item_index is None else f"{letter}{item_index + 1}"


def card_rows(routine: Routine, exercises: dict[str, Exercise]) -> list[CardRow]:
    rows = []
    for b, block in enumerate(routine.blocks):
        paired = len(block.exercises) > 1
        rounds = block_rounds(block, exercises)
        for i, item in enumerate(block.exercises):
            exercise = exercises[item.exercise]
            rows.append(CardRow(
                label=block_label(b, i if paired else None),
                exercise=exercise,
                dose=item_dose(item, exercise),
                block=block,
                rounds=rounds,
                paired=paired,
                block_end=i == len(block.exercises) - 1,
            ))
    return rows
