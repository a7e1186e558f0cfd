"""What a routine adds up to: each exercise's dose in it, and how long it takes.

The total time is computed from the data, never typed, with one stated
assumption per number below.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from lazyathlete.data.models import Block, Dose, Exercise, Routine, RoutineItem

SECONDS_PER_REP = 3  # a controlled rep: about a second up, a pause, a second or two down
SIDE_SWITCH_SECONDS = 5  # rolling over or changing legs on one-sided moves
CHANGEOVER_SECONDS = 30  # moving to the next block: kit, position, a breath
MAX_CARD_EXERCISES = 6  # more rows than this do not fit one printed page at 10 pt


def item_dose(item: RoutineItem, exercise: Exercise) -> Dose:
    """The dose in this routine: its own when given, else the exercise's default."""
    return item.dose or exercise.dose


def set_seconds(dose: Dose, one_sided: bool) -> int:
    """Working time of one set, both sides included."""
    work = dose.reps * SECONDS_PER_REP if dose.reps is not None else dose.seconds or 0
    return work * 2 + SIDE_SWITCH_SECONDS if one_sided else work


def block_rounds(block: Block, exercises: dict[str, Exercise]) -> int:
    """How many rounds a block takes: its exercises' sets (equal when paired)."""
    return max(item_dose(i, exercises[i.exercise]).sets for i in block.exercises)


def block_seconds(block: Block, exercises: dict[str, Exercise]) -> int:
    rounds = block_rounds(block, exercises)
    work = sum(
        item_dose(item, exercises[item.exercise]).sets
        * set_seconds(item_dose(item, exercises[item.exercise]), exercises[item.exercise].one_sided)
        for item in block.exercises
    )
    return work + block.rest_seconds * (rounds - 1)


def routine_seconds(routine: Routine, exercises: dict[str, Exercise]) -> int:
    blocks = [block_seconds(block, exercises) for block in routine.blocks]
    return sum(blocks) + CHANGEOVER_SECONDS * (len(blocks) - 1)


def minutes_text(seconds: int) -> str:
    """'About 12 min', rounded up to the whole minute."""
    return f"About {max(1, math.ceil(seconds / 60))} min"


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
