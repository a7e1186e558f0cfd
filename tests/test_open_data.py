"""The exercises as open data: a JSON file and its JSON Schema at stable addresses on the
built site, the file valid against the schema, holding every exercise the site shows,
under the licence the README states."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import jsonschema
import pytest
from conftest import ROOT, build_error

# The addresses coaches and apps will link to: they must never move.
DATA = "data/exercises.json"
SCHEMA = "data/exercises.schema.json"


@pytest.fixture(scope="module")
def published(site: Path) -> tuple[dict, dict]:
    return (json.loads((site / DATA).read_text(encoding="utf-8")), json.loads((site / SCHEMA).read_text(encoding="utf-8")))


def test_the_data_is_valid_against_its_published_schema(published):
    data, schema = published
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)
    assert data["$schema"] == Path(SCHEMA).name, "the file names its schema, next to it"


def test_the_schema_says_no_to_a_wrong_file(published):
    data, schema = published
    validator = jsonschema.Draft202012Validator(schema)
    wrong = copy.deepcopy(data)
    wrong["exercises"][0]["dose"]["sets"] = "three"
    assert not validator.is_valid(wrong)
    wrong = copy.deepcopy(data)
    del wrong["exercises"][0]["name"]
    assert not validator.is_valid(wrong)
    assert not validator.is_valid({k: v for k, v in data.items() if k != "licence"})


def test_it_holds_every_exercise_the_site_shows(published, site, page):
    data, _ = published
    folders = {p.parent.name for p in (site / "exercises").glob("*/index.html")}
    browse = {"muscle", "equipment", "level"}
    shown = {folder: page(f"exercises/{folder}/").select_one("article h1").get_text(strip=True) for folder in folders - browse}
    published_names = {e["slug"]: e["name"] for e in data["exercises"]}
    assert published_names == shown
    for exercise in data["exercises"]:
        assert exercise["steps"] and exercise["key_cue"] and exercise["primary_muscles"] and exercise["dose"]
        assert exercise["figure"]["poses"], "the drawings' poses are in it"
        for key in exercise["primary_muscles"] + exercise["secondary_muscles"]:
            assert key in data["vocabulary"]["muscles"], "every slug it uses is explained in the file"


def test_the_licence_is_the_one_the_readme_states(published):
    data, _ = published
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Open data", 1)[1].split("\n## ", 1)[0]
    assert re.search(r"CC BY 4\.0", section) and data["licence"] == "CC-BY-4.0"
    assert data["licence_url"] in section
    assert DATA in section and SCHEMA in section


def test_a_file_under_docs_at_the_open_data_address_stops_the_build(project_copy, caplog):
    (project_copy / "docs" / "data").mkdir()
    (project_copy / "docs" / DATA).write_text("{}", encoding="utf-8")
    message = build_error(project_copy, caplog)
    assert f"docs/{DATA}" in message and "open data" in message
