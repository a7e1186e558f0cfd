"""What a plan's page shows of each week: its sessions as they are done that week (the
routine with that week's harder variations and doses), their moves and minutes, and what
changed from the routine as written. Pure: the catalog in, plain values out."""

from __future__ import annotations

import math
from dataclasses import dataclass

from lazyathlete.data import Catalog
from lazyathlete.data.models import Exercise, Plan, PlanSession, PlanWeek, Routine
from lazyathlete.data.routines import CardRow, card_rows, item_dose


@dataclass(frozen=True)
class Move:
    """One exercise of a session, at that week's dose."""

    row: CardRow
    changed: bool  # the week's dose differs from the routine's
    instead_of: str | None  # the name of the routine's exercise it replaces that week (a harder variation)


@dataclass(frozen=True)
class SessionView:
    number: int  # counted from 1 within the week
    routine: Routine  # as written (its page, its title)
    moves: list[Move]
    seconds: int
    same_as: tuple[int, int] | None  # (week, session), from 1: the first session before it with the same routine and doses


@dataclass(frozen=True)
class WeekView:
    number: int  # counted from 1
    week: PlanWeek
    sessions: list[SessionView]


def plan_weeks(catalog: Catalog, plan: Plan) -> list[WeekView]:
    weeks = []
    seen: dict[str, tuple[int, int]] = {}
    for w, week in enumerate(plan.weeks):
        sessions: list[SessionView] = []
        for s, session in enumerate(week.sessions):
            written = catalog.routine(session.routine)
            done = catalog.session_routine(session)
            usual = {item.exercise: item_dose(item, catalog.exercise(item.exercise)) for b in written.blocks for item in b.exercises}
            swapped = {swap.exercise: catalog.exercise(swap.instead_of).name for swap in session.harder}
            moves = [
                Move(row, row.exercise.slug in usual and usual[row.exercise.slug] != row.dose, swapped.get(row.exercise.slug))
                for row in card_rows(done, catalog.exercises)
            ]
            key = _frozen(session)
            sessions.append(SessionView(s + 1, written, moves, catalog.routine_seconds(done), seen.get(key)))
            seen.setdefault(key, (w + 1, s + 1))
        weeks.append(WeekView(w + 1, week, sessions))
    return weeks


def plan_exercises(weeks: list[WeekView]) -> list[Exercise]:
    """Every exercise the plan does, each once, in the order first done."""
    found = {move.row.exercise.slug: move.row.exercise for week in weeks for session in week.sessions for move in session.moves}
    return list(found.values())


def session_minutes(weeks: list[WeekView]) -> str:
    """'About 13–23 min': the shortest and the longest session, rounded up like a routine's time."""
    minutes = sorted({max(1, math.ceil(session.seconds / 60)) for week in weeks for session in week.sessions})
    return f"About {minutes[0]} min" if len(minutes) == 1 else f"About {minutes[0]}–{minutes[-1]} min"


# Two sessions are the same when they say the same (models with lists are not hashable).
def _frozen(session: PlanSession) -> str:
    return session.model_dump_json()
