"""What a plan's session adds up to: its routine with that week's harder variations and doses.

A session of a plan names a routine and, where the week differs from it, a harder exercise in
place of one of the routine's (`harder`) and doses of its own (`doses`). The session is then a
routine like any other: its rows, steps and minutes come from `data/routines.py`.
"""

from __future__ import annotations

from lazyathlete.data.models import Block, PlanSession, Routine, RoutineItem


def session_routine(routine: Routine, session: PlanSession) -> Routine:
    """The routine as this session does it: each swapped exercise replaced by its harder one
    (at its own usual dose), then each dose the week gives put in place of the routine's."""
    swaps = {swap.instead_of: swap.exercise for swap in session.harder}
    doses = {dose.exercise: dose.dose for dose in session.doses}

    def item(original: RoutineItem) -> RoutineItem:
        slug = swaps.get(original.exercise, original.exercise)
        dose = original.dose if slug == original.exercise else None
        return RoutineItem(exercise=slug, dose=doses.get(slug, dose))

    blocks = [Block(exercises=[item(each) for each in block.exercises], rest_seconds=block.rest_seconds) for block in routine.blocks]
    return routine.model_copy(update={"blocks": blocks})


def routine_exercise_slugs(routine: Routine) -> list[str]:
    """The routine's exercises, each once, in order."""
    return list(dict.fromkeys(item.exercise for block in routine.blocks for item in block.exercises))
