"""The validated data, with the look-ups pages need (no MkDocs here)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from lazyathlete.data.models import Exercise, Expert, Plan, PlanSession, Routine, SiteData, Term
from lazyathlete.data.plans import session_routine
from lazyathlete.data.routines import routine_equipment, routine_exercises, routine_seconds, time_text

# --- Questions the site asks of the data -------------------------------------------------


@dataclass(frozen=True)
class Facet:
    """One way to browse: by muscle, by equipment or by level."""

    kind: str  # "muscle", "equipment" or "level": also the URL folder
    title: str
    terms: dict[str, Term]


class Catalog:
    """The validated data, with the look-ups pages need."""

    def __init__(self, data: SiteData) -> None:
        self.data = data

    @cached_property
    def exercises(self) -> dict[str, Exercise]:
        return {exercise.slug: exercise for exercise in self.data.exercises}

    @cached_property
    def former_slugs(self) -> dict[str, str]:
        return {old: e.slug for e in self.data.exercises for old in e.former_slugs}

    def exercise(self, slug: str) -> Exercise:
        """The exercise with this slug, or that had it: a page naming an old slug keeps working."""
        try:
            return self.exercises[self.former_slugs.get(slug, slug)]
        except KeyError:
            raise KeyError(f"no exercise with the slug '{slug}'") from None

    def expert(self, slug: str) -> Expert:
        return self.data.experts[slug]

    @cached_property
    def facets(self) -> dict[str, Facet]:
        vocab = self.data.vocabulary
        return {
            "muscle": Facet("muscle", "Muscle", vocab.muscles),
            "equipment": Facet("equipment", "Equipment", vocab.equipment),
            "level": Facet("level", "Level", vocab.levels),
        }

    def facet_keys(self, exercise: Exercise) -> dict[str, list[str]]:
        """The facet terms an exercise is filed under, by facet kind."""
        return {
            "muscle": [*exercise.primary_muscles, *exercise.secondary_muscles],
            "equipment": list(exercise.equipment),
            "level": [exercise.level],
        }

    @cached_property
    def exercises_by_term(self) -> dict[tuple[str, str], list[Exercise]]:
        """(facet kind, term) -> the exercises filed under it, built once."""
        index: dict[tuple[str, str], list[Exercise]] = {}
        for exercise in self.data.exercises:
            for kind, keys in self.facet_keys(exercise).items():
                for key in dict.fromkeys(keys):
                    index.setdefault((kind, key), []).append(exercise)
        return index

    def exercises_under(self, kind: str, key: str) -> list[Exercise]:
        return self.exercises_by_term.get((kind, key), [])

    def terms_in_use(self, kind: str) -> dict[str, Term]:
        """The terms of a facet that at least one exercise is filed under (no empty pages)."""
        return {key: term for key, term in self.facets[kind].terms.items() if self.exercises_under(kind, key)}

    @cached_property
    def routines(self) -> dict[str, Routine]:
        return {routine.slug: routine for routine in self.data.routines}

    @cached_property
    def former_routine_slugs(self) -> dict[str, str]:
        return {old: r.slug for r in self.data.routines for old in r.former_slugs}

    def routine(self, slug: str) -> Routine:
        """The routine with this slug, or that had it: a page naming an old slug keeps working."""
        try:
            return self.routines[self.former_routine_slugs.get(slug, slug)]
        except KeyError:
            raise KeyError(f"no routine with the slug '{slug}'") from None

    @cached_property
    def routines_by_exercise(self) -> dict[str, list[Routine]]:
        """Exercise slug -> the routines that use it, built once (not once per page)."""
        index: dict[str, list[Routine]] = {}
        for routine in self.data.routines:
            for slug in dict.fromkeys(i.exercise for b in routine.blocks for i in b.exercises):
                index.setdefault(slug, []).append(routine)
        return index

    def routines_using(self, slug: str) -> list[Routine]:
        return self.routines_by_exercise.get(slug, [])

    def routine_kit(self, routine: Routine) -> list[Term]:
        """The equipment a routine needs, as the vocabulary names it (empty: none)."""
        equipment = self.data.vocabulary.equipment
        return [equipment[slug] for slug in routine_equipment(routine, self.exercises)]

    def routine_swaps(self, routine: Routine) -> list[Exercise]:
        """The routine's exercises that need kit, each with its no-kit swap, in card order."""
        return [e for e in routine_exercises(routine, self.exercises) if e.no_kit_swap is not None]

    def routine_seconds(self, routine: Routine) -> int:
        return routine_seconds(routine, self.exercises)

    def routine_time(self, routine: Routine) -> str:
        """The routine's time as it is stated everywhere: 'About 23 min + 7 min warm-up'."""
        return time_text(routine, self.exercises)

    @cached_property
    def plans(self) -> dict[str, Plan]:
        return {plan.slug: plan for plan in self.data.plans}

    @cached_property
    def former_plan_slugs(self) -> dict[str, str]:
        return {old: p.slug for p in self.data.plans for old in p.former_slugs}

    def plan(self, slug: str) -> Plan:
        """The plan with this slug, or that had it: a page naming an old slug keeps working."""
        try:
            return self.plans[self.former_plan_slugs.get(slug, slug)]
        except KeyError:
            raise KeyError(f"no plan with the slug '{slug}'") from None

    def session_routine(self, session: PlanSession) -> Routine:
        """A plan's session as a routine: that week's harder variations and doses in place."""
        return session_routine(self.routine(session.routine), session)

    @cached_property
    def home_page(self) -> dict[str, list[str]]:
        """The home page's lists by name ('new_to_strength'), each the slugs it shows, in order."""
        return self.data.home_page.model_dump()

    @property
    def gone(self) -> dict[str, str]:
        """Pages taken down on purpose: old address -> the page its readers are sent to ('gone:' may be empty)."""
        return dict(self.data.gone or {})

    @staticmethod  # an address is the same in any catalog (site/kinds.py reads it back)
    def routine_url(slug: str) -> str:
        return f"routines/{slug}/"

    @staticmethod
    def card_url(slug: str) -> str:
        return f"routines/{slug}/card/"

    @staticmethod
    def plan_url(slug: str) -> str:
        return f"plans/{slug}/"

    @staticmethod
    def exercise_url(slug: str) -> str:
        return f"exercises/{slug}/"

    @staticmethod
    def facet_list_url(kind: str) -> str:
        return f"exercises/{kind}/"

    @staticmethod
    def facet_url(kind: str, key: str) -> str:
        return f"exercises/{kind}/{key}/"
