"""The data file's JSON Schema and field reference match the models, and the schema
flags in the editor what the build refuses, without flagging what the build takes."""

from __future__ import annotations

import copy
import inspect
import json
import re
from collections.abc import Callable
from enum import Enum
from typing import Any, get_args

import jsonschema
import pytest
from conftest import ROOT
from pydantic import BaseModel, TypeAdapter, ValidationError

from lazyathlete.cli import schema as command
from lazyathlete.data import DATA_FILE, models
from lazyathlete.data.yamlfile import read_yaml

RUN = "run `python -m lazyathlete schema` and commit what it writes"


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return json.loads((ROOT / command.SCHEMA_FILE).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def real_data() -> Any:
    return read_yaml(str(ROOT / DATA_FILE))


# --- In step with the models -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "generate"), [(command.SCHEMA_FILE, command.schema_text), (command.FIELDS_FILE, command.fields_text)],
    ids=["schema", "fields"],
)
def test_the_generated_file_is_up_to_date(path, generate: Callable[[], str]) -> None:
    committed = (ROOT / path).read_text(encoding="utf-8") if (ROOT / path).exists() else None
    assert committed == generate(), f"{path.as_posix()} is out of date with the models: {RUN}"


def test_the_field_reference_says_it_is_generated() -> None:
    first = (ROOT / command.FIELDS_FILE).read_text(encoding="utf-8").splitlines()[0]
    assert "python -m lazyathlete schema" in first and "do not edit" in first


def test_the_data_file_names_the_schema_in_its_first_line() -> None:
    first = (ROOT / DATA_FILE).read_text(encoding="utf-8").splitlines()[0]
    assert first == command.MODELINE, f"the first line of {DATA_FILE.as_posix()} must be {command.MODELINE!r}"
    named = first.split("$schema=", 1)[1]
    assert (ROOT / DATA_FILE).parent.joinpath(named).is_file(), "the schema is named relative to the data file"


# Every model and word list the data file can hold, found from SiteData, so a new one is covered
# wherever it is defined (the figure's live in lazyathlete/figures/).
def _models() -> list[type]:
    found: list[type] = []

    def visit(kind: Any) -> None:
        if inspect.isclass(kind) and issubclass(kind, (BaseModel, Enum)):
            if kind not in found:
                found.append(kind)
                if issubclass(kind, BaseModel):
                    for field in kind.model_fields.values():
                        visit(field.annotation)
        for inner in get_args(kind):
            visit(inner)

    visit(models.SiteData)
    return found


def test_the_models_are_found_wherever_they_live() -> None:
    found = {model.__name__ for model in _models()}
    assert {"SiteData", "Exercise", "Dose", "ExerciseFigure", "Pose", "Sides", "Platform", "Wall", "Weight", "Band",
            "Base", "Working", "When"} <= found, found
    in_models = {value for value in vars(models).values()
                 if inspect.isclass(value) and issubclass(value, (BaseModel, Enum))
                 and value.__module__ == models.__name__ and value is not models.Model}
    assert in_models <= set(_models()), "a model in models.py that SiteData does not reach is not checked"


@pytest.mark.parametrize("model", _models(), ids=lambda model: model.__name__)
def test_every_model_says_what_it_is(model: type) -> None:
    assert model.__doc__ and model.__doc__.strip(), f"{model.__name__} needs a docstring: its section's description"


@pytest.mark.parametrize(
    ("model", "field"),
    [(model, name) for model in _models() if issubclass(model, BaseModel) for name in model.model_fields],
    ids=lambda value: value if isinstance(value, str) else value.__name__,
)
def test_every_field_has_a_description(model: type[BaseModel], field: str) -> None:
    description = model.model_fields[field].description
    assert description and description.strip(), (
        f"{model.__name__}.{field} needs Field(description=...): the words the owner's editor shows, then {RUN}"
    )


# --- What the editor flags -------------------------------------------------------------------


def test_the_schema_is_valid_for_the_draft_it_names(schema) -> None:
    validator = jsonschema.validators.validator_for(schema)
    assert validator is jsonschema.Draft7Validator, "yaml-language-server checks by draft 7"
    validator.check_schema(schema)


# Draft 7 is what editors read; 2020-12 is the draft pydantic writes for.
VALIDATORS = [jsonschema.Draft7Validator, jsonschema.Draft202012Validator]


@pytest.mark.parametrize("validator", VALIDATORS, ids=["draft-07", "2020-12"])
def test_the_real_data_passes_the_schema(schema, real_data, validator) -> None:
    errors = validator(schema).iter_errors(real_data)
    problems = [f"{'/'.join(map(str, error.absolute_path))}: {error.message}" for error in errors]
    assert not problems, problems[:5]


def _exercise(data: dict) -> dict:
    return data["exercises"][0]


def _routine(data: dict) -> dict:
    return data["routines"][0]


def _rename(mapping: dict, old: str, new: str) -> None:
    mapping[new] = mapping.pop(old)


REFUSED: dict[str, Callable[[dict], None]] = {
    "a misspelt field": lambda data: _rename(_exercise(data), "key_cue", "key_cues"),
    "sets as a string": lambda data: _exercise(data)["dose"].update(sets="3"),
    "a slug with a capital letter": lambda data: _exercise(data).update(slug="Glute-bridge"),
    "a vocabulary key with a capital letter": lambda data: _rename(
        data["vocabulary"]["muscles"], "gluteus-maximus", "Gluteus-maximus"
    ),
    "one_sided as a word": lambda data: _exercise(data).update(one_sided="yes"),
    "a missing field": lambda data: _exercise(data).pop("summary"),
    "too many sets": lambda data: _exercise(data)["dose"].update(sets=7),
    "reps and seconds both": lambda data: _exercise(data)["dose"].update(reps=10, seconds=30),
    "neither reps nor seconds": lambda data: _exercise(data).update(dose={"sets": 3}),
    "a variation that says nothing": lambda data: _exercise(data).update(easier={}),
    "a name on two lines": lambda data: _exercise(data).update(name="Glute\nbridge"),
    "a blank cue": lambda data: _exercise(data).update(key_cue="   "),
    "an invisible character": lambda data: _exercise(data).update(summary="Lie on your back\u0007."),
    "a text-direction character": lambda data: _exercise(data).update(summary="Lie on your \u202eback."),
    "an unknown time of the week": lambda data: _routine(data).update(when="morning"),
    "a short name with a hyphen": lambda data: _routine(data).update(short="the-five"),
    "a video id of the wrong length": lambda data: _exercise(data).update(videos=[{"id": "abc"}]),
    "a knee angle in words": lambda data: _exercise(data)["figure"]["poses"][0].update(knee="ninety"),
    "a knee with one side missing": lambda data: _exercise(data)["figure"]["poses"][0].update(knee={"near": 90}),
    "a knee angle of null": lambda data: _exercise(data)["figure"]["poses"][0].update(knee=None),
    "an unknown prop": lambda data: _exercise(data)["figure"].update(props=[{"kind": "chair"}]),
}

ACCEPTED: dict[str, Callable[[dict], None]] = {
    "a block scalar's final line break": lambda data: _exercise(data).update(name="Glute bridge\n"),
    "a summary over two lines": lambda data: _exercise(data).update(summary="Lie on your back.\nPush your hips up."),
    "reps given as null beside seconds": lambda data: _exercise(data).update(
        dose={"sets": 2, "seconds": 30, "reps": None}
    ),
    "a variation with both": lambda data: _exercise(data).update(easier={"exercise": "clamshell", "how": "Slower."}),
    "one number for both knees": lambda data: _exercise(data)["figure"]["poses"][0].update(knee=90),
    "a knee for each side": lambda data: _exercise(data)["figure"]["poses"][0].update(knee={"near": 90, "far": 100}),
    "an ankle left unset with null": lambda data: _exercise(data)["figure"]["poses"][0].update(ankle=None),
}


def _edited(real_data: Any, edit: Callable[[dict], None]) -> dict:
    data = copy.deepcopy(real_data)
    edit(data)
    return data


@pytest.mark.parametrize("validator", VALIDATORS, ids=["draft-07", "2020-12"])
@pytest.mark.parametrize("case", REFUSED)
def test_the_schema_flags_what_the_models_refuse(schema, real_data, validator, case: str) -> None:
    data = _edited(real_data, REFUSED[case])
    with pytest.raises(ValidationError):
        models.SiteData.model_validate(data)
    assert not validator(schema).is_valid(data), f"the editor would not flag {case}"


@pytest.mark.parametrize("validator", VALIDATORS, ids=["draft-07", "2020-12"])
@pytest.mark.parametrize("case", ACCEPTED)
def test_the_schema_takes_what_the_models_take(schema, real_data, validator, case: str) -> None:
    data = _edited(real_data, ACCEPTED[case])
    models.SiteData.model_validate(data)
    problems = [error.message for error in validator(schema).iter_errors(data)]
    assert not problems, f"the editor would flag {case}, which the build takes: {problems[:3]}"


# The patterns say what the validators check: the same strings pass both, or neither.
STRINGS = [
    "Glute bridge", "  Glute bridge  ", "Glute bridge\n", "\n\nGlute bridge", "Glute\tbridge", "Glute\nbridge",
    "Glute\r\nbridge", "Glute\u2028bridge", "", " ", "\n", "\t \n", "bum\u0000", "\u0085bum", "bum\u0085",
    "a\u202ab", "a\u2066b", "a\u2069", "\u00a0bum\u00a0", "caf\u00e9", "\U0001f3c3 run", "bum\u007f", "a\u009fb",
]


@pytest.mark.parametrize(("kind", "pattern"), [(models.Line, models.LINE_PATTERN), (models.Text, models.TEXT_PATTERN)],
                         ids=["Line", "Text"])
@pytest.mark.parametrize("text", STRINGS, ids=ascii)
def test_a_text_pattern_agrees_with_its_validators(kind, pattern: str, text: str) -> None:
    try:
        TypeAdapter(kind).validate_python(text)
        valid = True
    except ValidationError:
        valid = False
    assert (re.search(pattern, text) is not None) == valid
