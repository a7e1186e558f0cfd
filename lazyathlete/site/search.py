"""What search finds a page by: the one place its ranking is decided.

Material's search weighs a page's tags far above its title, and its title far
above its text (`tags` boost 1e6, `title` 1e3, `text` 1 in the search plugin).
So the words a reader types for an exercise ("bum", "clam", "knee pain") are
its tags; a search result shows the tags that matched what was typed.
Blocks that repeat other pages or say the same on every page (cards, the safety
line, drawings, tick boxes) carry Material's `data-search-exclude` in the
content templates, and pocket cards are left out with `search: exclude` in
their front matter (site/pages.py).

How Material matches what is typed (its search worker, 9.8): the query is split
at spaces and hyphens (`search.separator`), every word gets a trailing wildcard,
and a page matches if any word is the start of one of its words; pages holding
every typed word are ranked up. There is no stemming (the English pipeline is
the stop-word filter only) and no fuzzy matching unless the reader types `~1`
(Material 9 dropped custom query transforms and workers, so the site cannot add it).
So a word typed short ("clamshel", "dead" for "deadlift") already finds its
move, but a plural ("clamshells"), a word typed joined ("glutebridge") or a slip
inside a word ("glute brige") finds nothing unless a page holds it: an exercise's
names carry their plural and joined forms (`name_tags`) and the one-slip
spellings of their longer words (`slip_tags`). Search results show only the
tags that matched what was typed (docs/stylesheets/site.css), so these spellings
are seen only by the reader who made that slip.
"""

from __future__ import annotations

import re
from functools import lru_cache

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


# --- One slip ----------------------------------------------------------------------------

# The keys either side of each letter on a phone's or a laptop's keyboard (QWERTY).
KEY_ROWS = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]
NEIGHBOURS = {row[i]: row[max(0, i - 1) : i] + row[i + 1 : i + 2] for row in KEY_ROWS for i in range(len(row))}
# Shorter words have too many neighbours one slip away ("clam" -> "calm", "hip" -> "hop").
SLIP_MIN_LETTERS = 5


def slips(word: str) -> set[str]:
    """The word as it comes out with one slip after its first letter (people see a wrong
    first letter): a letter left out ("brige"), two swapped ("birdge"), one doubled
    ("bridgge") or a key beside it hit instead ("bridhe")."""
    forms: set[str] = set()
    for i in range(1, len(word)):
        forms.add(word[:i] + word[i + 1 :])
        forms.add(word[:i] + word[i] + word[i:])
        if i + 1 < len(word):
            forms.add(word[:i] + word[i + 1] + word[i] + word[i + 2 :])
        for key in NEIGHBOURS.get(word[i], ""):
            forms.add(word[:i] + key + word[i + 1 :])
    forms.discard(word)
    return forms


@lru_cache(maxsize=2)
def site_words(catalog: Catalog) -> frozenset[str]:
    """Every word the data holds, in any text: a slip that spells one of them (or starts
    one, since typed words are prefixes) would send a reader typing it to the wrong page."""
    found: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, str):
            found.update(w for w in re.split(r"[^a-z]+", value.lower()) if w)
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(key)
                walk(item)
        elif isinstance(value, (list, tuple)):
            for item in value:
                walk(item)

    walk(catalog.data.model_dump())
    prefixes = {w[:n] for w in found for n in range(SLIP_MIN_LETTERS - 1, len(w))}
    return frozenset(found | prefixes)


@lru_cache(maxsize=2)
def typed_words(catalog: Catalog) -> dict[str, set[str]]:
    """The words of the pages' tags, what readers type, each with the pages holding it
    (an exercise's slug, or "browse" for the browse pages)."""
    vocab = catalog.data.vocabulary
    owners: dict[str, set[str]] = {}
    for exercise in catalog.data.exercises:
        for phrase in [exercise.name, *exercise.also_called, *exercise.helps_with]:
            for word in words(phrase):
                owners.setdefault(word, set()).add(exercise.slug)
    for terms in (vocab.muscles, vocab.equipment, vocab.levels):
        for term in terms.values():
            for phrase in [term.name, *term.also]:
                for word in words(phrase):
                    owners.setdefault(word, set()).add("browse")
    return owners


def slip_tags(catalog: Catalog, exercise: Exercise) -> list[str]:
    """One-slip spellings of the longer words of an exercise's names, so "glute brige" and
    "clamhsell" still find the move. Left out: a spelling that is, or starts, a real word
    of the site ("raise" with its "a" left out is "rise"), and one that starts with a word
    readers type for another page. Every typed word is a prefix, so "hipthrst" would
    count for "hip" and "glutee" for "glute", and lift this page above the others."""
    taken = site_words(catalog)
    owners = typed_words(catalog)
    forms: set[str] = set()
    for name in [exercise.name, *exercise.also_called]:
        for word in words(name):
            if len(word) >= SLIP_MIN_LETTERS and word.isalpha():
                forms |= slips(word)
    return sorted(
        form for form in forms
        if form not in taken and not any(owners.get(form[:n], set()) - {exercise.slug} for n in range(3, len(form)))
    )


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
    """Every word a reader might type for this exercise, its one-slip spellings last."""
    vocab = catalog.data.vocabulary
    names = [exercise.name, *exercise.also_called]
    terms = [*name_tags(names), *exercise.helps_with]
    for key in exercise.primary_muscles:
        terms += [vocab.muscles[key].name, *vocab.muscles[key].also]
    for key in exercise.equipment:
        terms.append(vocab.equipment[key].name)
    return unique(terms) + [form for form in slip_tags(catalog, exercise) if form not in {t.lower() for t in terms}]


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


# The pages listing every muscle, piece of equipment or level: found by the other words for
# what they list, not by the words themselves (each word's own page answers those).
FACET_LIST_WORDS = {"muscle": ["muscle groups"], "equipment": ["kit", "gear"], "level": ["difficulty"]}


def facet_list_tags(facet: Facet) -> list[str]:
    return FACET_LIST_WORDS.get(facet.kind, [])


def facet_tags(facet: Facet, term: Term) -> list[str]:
    # Search treats every typed word as a prefix: a level's name as a tag made
    # "Intermediate" outrank real answers to "knees cave in". Levels are found by title.
    return list(term.also) if facet.kind == "level" else [term.name, *term.also]
