"""What one entry says about another (references, short names, former slugs, figures), checked
once every entry has its shape: each problem is a Finding at its place in the data, worded
for the owner with the fix, and all of them are reported at once."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from lazyathlete.data.errors import DataError, Problem, whole_file
from lazyathlete.data.models import MAX_CARD_EXERCISES, Exercise, Plan, PlanSession, Routine, SiteData
from lazyathlete.data.places import entry_title
from lazyathlete.data.plans import routine_exercise_slugs, session_routine
from lazyathlete.data.routines import item_dose
from lazyathlete.data.wording import Finding, close_match, listed
from lazyathlete.figures import figure_problems

__all__ = ["DataError", "figure_problems_in", "not_sections", "reference_problems"]


# The file is not the mapping of sections it should be: say what it holds instead.
def not_sections(raw: Any) -> Problem:
    sections = "`vocabulary:`, `experts:`, `exercises:` and `routines:`"
    if raw is None:
        return whole_file(f"the file is empty: it should hold the sections {sections}")
    kinds = {list: "entries starting with `- `", str: "text", bool: "true or false", int: "a number", float: "a number"}
    return whole_file(
        f"the file should hold the sections {sections}, each at the start of a line, not {kinds.get(type(raw), 'that')}"
    )


# --- Reference problems (one entry naming another) -----------------------------------

# An entry as another entry's problem names it: "the 3rd exercise, 'clamshell'".
def _named(section: str, index: int, slug: str) -> str:
    return entry_title(section, index, {"slug": slug})


# Each entry whose slug an earlier entry of its section already has.
def _duplicate_slugs(section: str, entries: Sequence[Exercise | Routine | Plan]) -> Iterable[Finding]:
    first: dict[str, int] = {}
    noun = section.removesuffix("s")
    for index, entry in enumerate(entries):
        if entry.slug in first:
            other = _named(section, first[entry.slug], entry.slug)
            yield Finding(
                (section, index, "slug"),
                f"is '{entry.slug}', already the slug of {other}: give each {noun} its own slug.",
            )
        first.setdefault(entry.slug, index)


# A slug from a vocabulary list that is not in the vocabulary.
def _unknown_word(kind: str, word: str, allowed: Iterable[str]) -> str:
    words = list(allowed)
    guess = close_match(word, words)
    hint = f" did you mean {guess}? Or" if guess else ""
    return f"is '{word}', which is not in `vocabulary: {kind}`:{hint} write one of {listed(words)}, or add it there."


def reference_problems(data: SiteData) -> Iterable[Finding]:
    vocab = data.vocabulary
    known = {exercise.slug for exercise in data.exercises}
    yield from _duplicate_slugs("exercises", data.exercises)
    for index, exercise in enumerate(data.exercises):
        at = ("exercises", index)
        for field, kind, allowed in (
            ("primary_muscles", "muscles", vocab.muscles),
            ("secondary_muscles", "muscles", vocab.muscles),
            ("equipment", "equipment", vocab.equipment),
        ):
            for position, slug in enumerate(getattr(exercise, field)):
                if slug not in allowed:
                    yield Finding((*at, field, position), _unknown_word(kind, slug, allowed))
        if exercise.level not in vocab.levels:
            yield Finding((*at, "level"), _unknown_word("levels", exercise.level, vocab.levels))
        if "none" in exercise.equipment and len(exercise.equipment) > 1:
            yield Finding(
                (*at, "equipment"), "lists `none` with other equipment: write `[none]` alone, or leave `none` out."
            )
        for field in ("easier", "harder"):
            target = getattr(exercise, field).exercise
            if target is not None and target not in known:
                yield Finding((*at, field, "exercise"), _unknown_exercise(data, target))
            if target == exercise.slug:
                yield Finding(
                    (*at, field, "exercise"),
                    f"is this exercise's own slug: an exercise cannot be its own {field} version. Name another.",
                )
        yield from _swap_problems(data, at, exercise)
        for video_id, count in Counter(video.id for video in exercise.videos).items():
            if count > 1:
                yield Finding(
                    (*at, "videos"),
                    f"lists the video '{video_id}' {count} times: list each video once, with the second"
                    " where this exercise starts in it.",
                )
        if exercise.attribution is not None and exercise.attribution not in data.experts:
            experts = list(data.experts)
            guess = close_match(exercise.attribution, experts)
            hint = f" did you mean {guess}? Or" if guess else ""
            choice = f" write one of {listed(experts)}, or add it there." if experts else " add it there."
            yield Finding((*at, "attribution"), f"is '{exercise.attribution}', which is not in `experts`:{hint}{choice}")
    yield from _routine_problems(data, known)
    yield from _plan_problems(data)
    yield from _link_problems(data)
    yield from _home_page_problems(data, known)
    yield from _gone_problems(data)


# Every figure checked for what it draws (angles, resting parts, the frame, the view).
def figure_problems_in(data: SiteData) -> list[Finding]:
    return [
        figure_finding(index, exercise.slug, problem)
        for index, exercise in enumerate(data.exercises)
        for problem in figure_problems(exercise.slug, exercise.figure)
    ]


# "glute-bridge: figure, pose 2 (end): joint 'hip' (near side) at 175° ..." as a finding at
# the pose (or the figure), its fields and joints named as the file writes them.
_POSE = re.compile(r"figure, pose (\d+) \([^)]*\): ")
_NAMED = re.compile(r"\b(?:joint|field|fields) '([^']+)'(?: and '([^']+)')?")


def figure_finding(index: int, slug: str, problem: str) -> Finding:
    said = problem.removeprefix(f"{slug}: ")
    loc: tuple[str | int, ...] = ("exercises", index, "figure")
    if pose := _POSE.match(said):
        loc, said = (*loc, "poses", int(pose.group(1)) - 1), said[pose.end():]
    else:
        said = re.sub(r"^figure(?:, |: )", "", said)
    said = _NAMED.sub(lambda m: f"`{m.group(1)}`" + (f" and `{m.group(2)}`" if m.group(2) else ""), said)
    return Finding(loc, _capital(said) + ("" if said.endswith(".") else "."))


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _link_problems(data: SiteData) -> Iterable[Finding]:
    entries = [("exercises", i, e.slug, e.short) for i, e in enumerate(data.exercises)]
    entries += [("routines", i, r.slug, r.short) for i, r in enumerate(data.routines)]
    entries += [("plans", i, p.slug, p.short) for i, p in enumerate(data.plans)]
    owners: dict[str, str] = {}
    for section, index, slug, short in entries:
        if short in owners:
            yield Finding(
                (section, index, "short"),
                f"is '{short}', already the short name of {owners[short]}: pick another short name.",
            )
        owners.setdefault(short, _named(section, index, slug))
    yield from _short_slug_problems("exercises", data.exercises)
    yield from _short_slug_problems("routines", data.routines)
    yield from _short_slug_problems("plans", data.plans)
    yield from _former_problems("exercises", "exercise", data.exercises)
    yield from _former_problems("routines", "routine", data.routines)
    yield from _former_problems("plans", "plan", data.plans)


# Looked up by "slug or short name", a short name that is another entry's slug would find two.
def _short_slug_problems(section: str, entries: Sequence[Exercise | Routine | Plan]) -> Iterable[Finding]:
    by_slug: dict[str, str] = {}
    for index, entry in enumerate(entries):
        by_slug.setdefault(entry.slug, _named(section, index, entry.slug))
    for index, entry in enumerate(entries):
        if entry.short != entry.slug and entry.short in by_slug:
            yield Finding(
                (section, index, "short"),
                f"is '{entry.short}', the slug of {by_slug[entry.short]}: pick another short name.",
            )


# A former slug keeps old links working: it may lead to one entry only, and not hide a current one.
def _former_problems(section: str, kind: str, entries: Sequence[Exercise | Routine | Plan]) -> Iterable[Finding]:
    current = {entry.slug: _named(section, i, entry.slug) for i, entry in reversed(list(enumerate(entries)))}
    former: dict[str, str] = {}
    for index, entry in enumerate(entries):
        for position, old in enumerate(entry.former_slugs):
            at = (section, index, "former_slugs", position)
            if old in current:
                yield Finding(at, f"is '{old}', the slug of a current {kind}, {current[old]}: take it out of `former_slugs`.")
            elif old in former:
                yield Finding(at, f"is '{old}', already a former slug of {former[old]}: keep it in one place only.")
            former.setdefault(old, _named(section, index, entry.slug))


# References name an exercise by its current slug; when the one given is a
# former slug, the message names the slug to write instead.
# A move that needs kit has a no-kit swap (the affiliate disclosure promises one), and the
# exercise it names needs none itself.
def _swap_problems(data: SiteData, at: tuple[str | int, ...], exercise: Exercise) -> Iterable[Finding]:
    swap = exercise.no_kit_swap
    needs_kit = "none" not in exercise.equipment  # `none` with more is its own problem, said above
    if swap is None:
        if needs_kit:
            yield Finding(
                (*at, "equipment"),
                "lists kit, so the exercise needs a `no_kit_swap`: add one under it, naming a no-kit exercise"
                " (`exercise:`), saying how to do without (`how:`), or both.",
            )
        return
    if not needs_kit:
        yield Finding((*at, "no_kit_swap"), "is given, but this exercise needs no kit (`equipment: [none]`): leave it out.")
    target = swap.exercise
    if target is None:
        return
    swapped = next((e for e in data.exercises if e.slug == target), None)
    if swapped is None:
        yield Finding((*at, "no_kit_swap", "exercise"), _unknown_exercise(data, target))
    elif swapped.slug == exercise.slug:
        yield Finding((*at, "no_kit_swap", "exercise"), "is this exercise's own slug: name a move that needs no kit.")
    elif swapped.equipment != ["none"]:
        yield Finding(
            (*at, "no_kit_swap", "exercise"),
            f"is '{target}', which needs kit itself: name an exercise with `equipment: [none]`.",
        )


def _unknown_exercise(data: SiteData, slug: str) -> str:
    renamed = next((e.slug for e in data.exercises if slug in e.former_slugs), None)
    if renamed:
        return f"is '{slug}', the exercise's old slug: it was renamed, write {renamed}."
    guess = close_match(slug, [e.slug for e in data.exercises])
    hint = f" did you mean {guess}?" if guess else " check the slug at the top of the exercise."
    return f"is '{slug}', but no exercise has that slug:{hint}"


def _routine_problems(data: SiteData, exercises: set[str]) -> Iterable[Finding]:
    by_slug = {exercise.slug: exercise for exercise in data.exercises}
    yield from _duplicate_slugs("routines", data.routines)
    for index, routine in enumerate(data.routines):
        items = 0
        for b, block in enumerate(routine.blocks):
            sets = set()
            for i, item in enumerate(block.exercises):
                items += 1
                if item.exercise not in exercises:
                    yield Finding(("routines", index, "blocks", b, "exercises", i, "exercise"), _unknown_exercise(data, item.exercise))
                    continue
                sets.add(item_dose(item, by_slug[item.exercise]).sets)
            if len(sets) > 1:
                counts = listed([str(count) for count in sorted(sets)]).replace(" or ", " and ")
                yield Finding(
                    ("routines", index, "blocks", b, "exercises"),
                    f"are done back to back, so they need the same number of sets (they have {counts}):"
                    " give them the same `sets`.",
                )
        if items > MAX_CARD_EXERCISES:
            yield Finding(
                ("routines", index, "blocks"),
                f"hold {items} exercises in all, and a printed card has room for {MAX_CARD_EXERCISES}:"
                " split it into two routines.",
            )


# A plan names routines and exercises by slug; each week's doses and harder variations must fit
# the session's routine, the session must still be a routine (paired moves with equal sets, rows
# that fit a card), and one week at most is the lighter one.
def _plan_problems(data: SiteData) -> Iterable[Finding]:
    routines = {routine.slug: routine for routine in data.routines}
    yield from _duplicate_slugs("plans", data.plans)
    for index, plan in enumerate(data.plans):
        lighter: int | None = None
        for w, week in enumerate(plan.weeks):
            at = ("plans", index, "weeks", w)
            if week.lighter:
                if lighter is not None:
                    yield Finding(
                        (*at, "lighter"),
                        f"is true, and week {lighter + 1} is already the lighter week: a plan has one lighter"
                        " week, so take `lighter: true` off one of them.",
                    )
                lighter = w if lighter is None else lighter
            for s, session in enumerate(week.sessions):
                routine = routines.get(session.routine)
                if routine is None:
                    yield Finding((*at, "sessions", s, "routine"), _unknown_routine(data, session.routine))
                    continue
                yield from _session_problems(data, (*at, "sessions", s), session, routine)


def _session_problems(data: SiteData, at: tuple[str | int, ...], session: PlanSession, routine: Routine) -> Iterable[Finding]:
    by_slug = {exercise.slug: exercise for exercise in data.exercises}
    in_routine = routine_exercise_slugs(routine)
    swapped_in = []
    for h, swap in enumerate(session.harder):
        if swap.instead_of not in in_routine:
            yield Finding(
                (*at, "harder", h, "instead_of"),
                f"is '{swap.instead_of}', which is not in the routine '{routine.slug}': write one of"
                f" {listed(in_routine)}.",
            )
        if swap.exercise not in by_slug:
            yield Finding((*at, "harder", h, "exercise"), _unknown_exercise(data, swap.exercise))
        else:
            swapped_in.append(swap.exercise)
    done = [slug for slug in in_routine if slug not in {swap.instead_of for swap in session.harder}] + swapped_in
    swaps_said = " with that week's `harder`" if session.harder else ""
    fits = len(swapped_in) == len(session.harder) and all(swap.instead_of in in_routine for swap in session.harder)
    for d, dose in enumerate(session.doses):
        if dose.exercise not in by_slug:
            fits = False
            yield Finding((*at, "doses", d, "exercise"), _unknown_exercise(data, dose.exercise))
        elif dose.exercise not in done:
            fits = False
            yield Finding(
                (*at, "doses", d, "exercise"),
                f"is '{dose.exercise}', which this session does not do (its routine, '{routine.slug}'{swaps_said}, does"
                f" {listed(done).replace(' or ', ' and ')}): give a dose to one of those.",
            )
    if fits:  # the session as done: only when each dose and swap names what it can
        done_routine = session_routine(routine, session)
        for b, block in enumerate(done_routine.blocks):
            sets = {item_dose(item, by_slug[item.exercise]).sets for item in block.exercises if item.exercise in by_slug}
            if len(sets) > 1:
                counts = listed([str(count) for count in sorted(sets)]).replace(" or ", " and ")
                yield Finding(
                    (*at, "doses"),
                    f"give exercises done back to back in block {b + 1} of the routine '{routine.slug}' different"
                    f" numbers of sets ({counts}): give them the same `sets` that week.",
                )


def _unknown_routine(data: SiteData, slug: str) -> str:
    renamed = next((r.slug for r in data.routines if slug in r.former_slugs), None)
    if renamed:
        return f"is '{slug}', the routine's old slug: it was renamed, write {renamed}."
    slugs = [routine.slug for routine in data.routines]
    guess = close_match(slug, slugs)
    hint = f" did you mean {guess}? Or" if guess else ""
    return f"is '{slug}', but no routine has that slug:{hint} write one of {listed(slugs)}."


# The home page's lists name exercises by slug; a former slug gets the slug to write instead.
def _home_page_problems(data: SiteData, exercises: set[str]) -> Iterable[Finding]:
    for field, slugs in data.home_page.model_dump().items():
        for position, slug in enumerate(slugs):
            if slug not in exercises:
                yield Finding(("home_page", field, position), _unknown_exercise(data, slug))
        for slug in sorted({slug for slug in slugs if slugs.count(slug) > 1}):
            yield Finding(("home_page", field), f"lists '{slug}' twice: list each exercise once.")


# A page taken down sends its readers to a page that stays (whether it is one is checked by the
# build, which knows every page): not to itself, and not to another address that is gone.
def _gone_problems(data: SiteData) -> Iterable[Finding]:
    gone = data.gone or {}
    for old, new in gone.items():
        if new == old:
            yield Finding(("gone", old), "sends readers to itself: write the page they should see instead.")
        elif new in gone:
            yield Finding(
                ("gone", old),
                f"sends readers to '{new}', which is gone too: send them straight to where that one goes ('{gone[new]}').",
            )
