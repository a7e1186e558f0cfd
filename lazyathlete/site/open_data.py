"""The exercises as open data: one JSON file and its JSON Schema, at stable addresses on
the site, for coaches and apps to reuse. The file is the validated data itself (names,
steps, cues, muscles, equipment, level, dose, the drawings' poses), with the words its
slugs stand for and the licence; the schema is read from the same models, so the two
cannot drift apart. Pure: no MkDocs here (lazyathlete/hooks.py adds the files)."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from pydantic import Field

from lazyathlete.data import Catalog
from lazyathlete.data.models import Exercise, Model, Vocabulary

DATA_FILE = "data/exercises.json"
SCHEMA_FILE = "data/exercises.schema.json"

# Proposed for the owner to confirm (README, "Open data"): reuse with credit, even commercially.
LICENCE = "CC-BY-4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"


class OpenData(Model):
    """The Lazy Athlete's glute exercises for runners, as open data."""

    licence: str = Field(description="The SPDX identifier of the licence the data is published under.")
    licence_url: str = Field(description="Where the licence is written out.")
    attribution: str = Field(description="Whom to credit when reusing the data, and how.")
    source: str = Field(description="Where this file is published.")
    vocabulary: Vocabulary = Field(description="The words the exercises' slugs for muscles, equipment and levels stand for.")
    exercises: list[Exercise] = Field(description="Every exercise on the site, as its page shows it.")


def open_data(catalog: Catalog, site_url: str) -> OpenData:
    return OpenData(
        licence=LICENCE,
        licence_url=LICENCE_URL,
        attribution=f"The Lazy Athlete, glute exercises for runners ({site_url or 'thelazyathlete'})",
        source=(site_url or "/") + DATA_FILE,
        vocabulary=catalog.data.vocabulary,
        exercises=list(catalog.exercises.values()),
    )


def data_json(catalog: Catalog, site_url: str) -> str:
    """The published file: keys sorted, so a build with the same data writes the same bytes."""
    document = open_data(catalog, site_url).model_dump(mode="json", exclude_none=True)
    document = {"$schema": "exercises.schema.json", **document}
    return json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


# The schema follows from the code alone: worked out once per process, not on every rebuild of `mkdocs serve`.
@lru_cache(maxsize=4)
def schema_json(site_url: str) -> str:
    schema: dict[str, Any] = OpenData.model_json_schema(mode="serialization")
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": (site_url or "/") + SCHEMA_FILE, **schema}
    schema.setdefault("properties", {})["$schema"] = {"type": "string", "description": "This file's schema."}
    return json.dumps(schema, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def open_data_files(catalog: Catalog, site_url: str) -> dict[str, str]:
    """The files to publish, by their address in the site."""
    return {DATA_FILE: data_json(catalog, site_url), SCHEMA_FILE: schema_json(site_url)}
