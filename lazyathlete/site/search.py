"""What search finds a page by: the one place its ranking is decided.

Material's search weighs a page's tags far above its title, and its title far
above its text (`tags` boost 1e6, `title` 1e3, `text` 1 in the search plugin).
So the words a reader types for an exercise ("bum", "clam", "knee pain") are
its tags, and every tag is also shown on its page or in its search result.
Blocks that repeat other pages or say the same on every page (cards, the safety
line, drawings, tick boxes) carry Material's `data-search-exclude` in the
content templates, and pocket cards are left out with `search: exclude` in
their front matter (site/pages.py).

How Material matches what is typed (its search worker, 9.8): the query is split
at spaces and hyphens (`search.separator`), every word gets a trailing wildcard,
and a page matches if any word is the start of one of its words; pages holding
every typed word are ranked up. There is no stemming (the English pipeline is
the stop-word filter only) and no fuzzy matching unless the reader types `~1`.
So a word typed short ("clamshel", "dead" for "deadlift") already finds its
move, but a plural ("clamshells") or a word typed joined ("glutebridge") finds
nothing unless a page holds it: an exercise's names carry their plural and
joined forms (`name_tags`).
"""

from __future__ import annotations

import re

from lazyathlete.data import Catalog, Facet
from lazyathlete.data.models import Exercise, Routine, Term

# What Material splits words at (the English `search.separator`); mkdocs.yml leaves it as is.
SEPARATOR = re.compile(r"[\s\-]+")


def plural(word: str) -> str:
    """The word in the plural: "thrust" -> "thrusts", "clamshell" -> "clamshells"."""
    if re.search(r"(s|x|z|ch|sh)$", word, re.IGNORECASE):
        return word + "es"
    if re.search(r"[^aeiou]y$", word, re.IGNORECASE):
        return word[:-1] + "ies"
    return word + "s"


def words(phrase: str) -> tuple[str, ...]:
    """The words search sees in a phrase: "Single-leg deadlift" and "single leg deadlift" are one."""
    return tuple(SEPARATOR.split(phrase.strip().lower()))


def name_tags(names: list[str]) -> list[str]:
    """An exercise's names as tags, each once, with the words people type that Material
    would not match: a name joined into one word ("glutebridge") and its last word in
    the plural ("bridges"). Each adds one word, so a page with many spellings of its
    name does not outrank a page whose name is exactly what was typed."""
    phrases: dict[tuple[str, ...], str] = {}
    for name in names:
        phrases.setdefault(words(name), name)
    tags = list(phrases.values())
    tags += ["".join(ws) for ws in phrases if len(ws) > 1]
    tags += [plural(ws[-1]) for ws in phrases if not ws[-1].endswith("s")]
    return unique(tags)


def exercise_boost(exercise: Exercise) -> float:
    """How much this exercise's page counts in search (Material's `search.boost`):
    1 while its names average two words or fewer, half at four words. Material does
    not weigh a match by how many other words the page's tags hold (lunr's `b` is 0),
    so a page whose names hold what was typed and more ("single-leg glute bridge",
    "side plank with leg lift") would beat the page named exactly that ("bridge",
    "side leg lift")."""
    phrases = {words(name) for name in [exercise.name, *exercise.also_called]}
    mean_words = sum(len(ws) for ws in phrases) / len(phrases)
    return round(min(1.0, 2 / mean_words), 2)


def exercise_tags(catalog: Catalog, exercise: Exercise) -> list[str]:
    """Every word a reader might type for this exercise; each is also shown on its page or its result."""
    vocab = catalog.data.vocabulary
    terms = [*name_tags([exercise.name, *exercise.also_called]), *exercise.helps_with]
    for key in exercise.primary_muscles:
        terms += [vocab.muscles[key].name, *vocab.muscles[key].also]
    for key in exercise.equipment:
        terms.append(vocab.equipment[key].name)
    return unique(terms)


def unique(terms: list[str]) -> list[str]:
    """The terms once each, ignoring case."""
    seen: dict[str, str] = {}
    for term in terms:
        seen.setdefault(term.lower(), term)
    return list(seen.values())


# What people call a routine they mean to print; the routines index carries them too
# (docs/routines/index.md). Typed words are prefixes: "print" finds "printable".
PRINT_WORDS = ["printable sheet", "pocket card"]


def routine_tags(routine: Routine) -> list[str]:
    return [routine.title, *PRINT_WORDS]


def facet_tags(facet: Facet, term: Term) -> list[str]:
    # Search treats every typed word as a prefix: a level's name as a tag made
    # "Intermediate" outrank real answers to "knees cave in". Levels are found by title.
    return list(term.also) if facet.kind == "level" else [term.name, *term.also]
