"""The routine builder's side of the build: the link format a built routine lives in,
and the data the builder page hands its script (overrides/components/builder/builder.js).

A built routine lives in the address, after `#`, so it is never sent to a server
and can be bookmarked, messaged and opened on another phone. The format is
versioned and reads like a query string:

    #v1&t=Home%20glutes&b=glute-bridge.3x12,r45&b=clamshell.2x15,fire-hydrant.2x12,r60

`t` is the title; each `b` is one block: its exercises (slug, then sets x reps,
or sets x seconds with an `s`), two of them done back to back as A1 and A2, and
its rest (`r` and seconds). The data routines are written in it here, for their
"Change this routine" links; the script reads and writes the same format.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from lazyathlete.data import Catalog
from lazyathlete.data.models import (
    CONTROL_CHARS,
    DIRECTION_CHARS,
    LINE_BREAK_CHARS,
    MAX_CARD_EXERCISES,
    Block,
    Dose,
    Exercise,
    Routine,
)
from lazyathlete.data.routines import (
    CHANGEOVER_SECONDS,
    GET_READY_SECONDS,
    SECONDS_PER_REP,
    item_dose,
    switch_seconds,
)

LINK_VERSION = "v1"
BUILDER_URL = "routines/build/"
# A built routine's title, if the data sets no longest title for a routine: what the
# printed card's title line holds in two lines of wide letters (the sheet's 24 pt
# beside its QR code, the pocket card's 13 pt), tested by printing it.
BUILT_TITLE_MAX = 60
# What a routine's title in the data may not hold: characters nobody can see, those that
# turn text around, and line breaks (models.Line). The script strips them from a link's
# title; written as a regular-expression class that means the same in Python and JavaScript.
TITLE_REFUSED = CONTROL_CHARS + DIRECTION_CHARS + LINE_BREAK_CHARS


def dose_code(dose: Dose) -> str:
    """'3x12' for reps, '2x30s' for a hold."""
    return f"{dose.sets}x{dose.reps}" if dose.reps is not None else f"{dose.sets}x{dose.seconds}s"


def routine_link(routine: Routine, exercises: dict[str, Exercise]) -> str:
    """The fragment (without `#`) that opens this routine in the builder."""
    parts = [LINK_VERSION, "t=" + quote(routine.title, safe="")]
    for block in routine.blocks:
        items = [f"{item.exercise}.{dose_code(item_dose(item, exercises[item.exercise]))}" for item in block.exercises]
        parts.append("b=" + ",".join([*items, f"r{block.rest_seconds}"]))
    return "&".join(parts)


def field_limits(field: str) -> dict[str, int]:
    """The bounds the data file allows for a dose or rest field, for the builder's inputs."""
    model = Block if field == "rest_seconds" else Dose
    bounds = {}
    for meta in model.model_fields[field].metadata:
        for name in ("ge", "le"):
            if hasattr(meta, name):
                bounds["min" if name == "ge" else "max"] = getattr(meta, name)
    return bounds


def title_max() -> int:
    """The longest title the data allows a routine (as its JSON Schema tells editors), or
    the builder's own if the data sets none."""
    return int(Routine.model_json_schema()["properties"]["title"].get("maxLength", BUILT_TITLE_MAX))


def builder_data(catalog: Catalog, url: Callable[[str], str]) -> dict[str, Any]:
    """What the builder page's script needs: every exercise as a routine may use it,
    the old slugs that still lead to one, the time model's numbers, the limits
    a data routine has and the rules for its title. `url` turns a site path into a link from the builder page."""
    vocab = catalog.data.vocabulary
    return {
        "v": 1,
        "exercises": {
            e.slug: {
                "name": e.name,
                "cue": e.key_cue,
                "moveOn": e.move_on,
                "url": url(catalog.exercise_url(e.slug)),
                "oneSided": e.one_sided,
                "switchSeconds": switch_seconds(e),
                "sets": e.dose.sets,
                "reps": e.dose.reps,
                "seconds": e.dose.seconds,
                "rest": e.rest_seconds,
                "level": vocab.levels[e.level].name,
                "kit": [vocab.equipment[slug].name for slug in e.equipment if slug != "none"],
            }
            for e in catalog.exercises.values()
        },
        "formerSlugs": catalog.former_slugs,
        "model": {
            "secondsPerRep": SECONDS_PER_REP,
            "changeover": CHANGEOVER_SECONDS,
            "getReady": GET_READY_SECONDS,
        },
        "limits": {
            "rows": MAX_CARD_EXERCISES,
            "sets": field_limits("sets"),
            "reps": field_limits("reps"),
            "seconds": field_limits("seconds"),
            "rest": field_limits("rest_seconds"),
        },
        "title": {"max": title_max(), "refused": TITLE_REFUSED},
    }
