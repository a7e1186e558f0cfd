"""What search finds a page by: the one place its ranking is decided.

Material's search weighs a page's tags far above its title, and its title far
above its text (`tags` boost 1e6, `title` 1e3, `text` 1 in the search plugin).
So the words a reader types for an exercise ("bum", "clam", "knee pain") are
its tags, and every tag is also shown on its page. Blocks that repeat other
pages or say the same on every page (cards, the safety line, drawings, tick
boxes) carry Material's `data-search-exclude` in the content templates, and
pocket cards are left out with `search: exclude` in their front matter
(site/pages.py).
"""

from __future__ import annotations

from lazyathlete.data import Catalog, Facet
from lazyathlete.data.models import Exercise, Routine, Term


def exercise_tags(catalog: Catalog, exercise: Exercise) -> list[str]:
    """Every word a reader might type for this exercise; each is also shown on its page."""
    vocab = catalog.data.vocabulary
    terms = [exercise.name, *exercise.also_called, *exercise.helps_with]
    for key in exercise.primary_muscles:
        terms += [vocab.muscles[key].name, *vocab.muscles[key].also]
    for key in exercise.equipment:
        terms.append(vocab.equipment[key].name)
    return list(dict.fromkeys(terms))


def routine_tags(routine: Routine) -> list[str]:
    return [routine.title]


def facet_tags(facet: Facet, term: Term) -> list[str]:
    # Search treats every typed word as a prefix: a level's name as a tag made
    # "Intermediate" outrank real answers to "knees cave in". Levels are found by title.
    return list(term.also) if facet.kind == "level" else [term.name, *term.also]
