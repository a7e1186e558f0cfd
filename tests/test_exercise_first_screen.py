"""The exercise page a YouTube link lands on, measured as a runner sees it on a phone held
upright (390×844): the first screen holds the move's name, its drawing, the dose and the key
cue, and the steps start within the second screen. Every exercise, with the drawing moving,
still (reduced motion) and without JavaScript."""

from __future__ import annotations

import pytest
from conftest import ROOT

from lazyathlete.data import DATA_FILE, load_catalog
from lazyathlete.data.models import Exercise

pytestmark = pytest.mark.browser

CATALOG = load_catalog(ROOT / DATA_FILE)
EXERCISES = list(CATALOG.exercises.values())
PHONE = {"width": 390, "height": 844}
WAYS = {
    "moving": {"reduced_motion": "no-preference"},
    "still": {"reduced_motion": "reduce"},
    "no-javascript": {"java_script_enabled": False},
}


def dose_words(exercise: Exercise) -> str:
    amount = f"{exercise.dose.reps}" if exercise.dose.reps else f"{exercise.dose.seconds} s"
    return f"{exercise.dose.sets} × {amount}" + (" each side" if exercise.one_sided else "")


@pytest.fixture(scope="module", params=list(WAYS))
def phone(request, browser):
    context = browser.new_context(viewport=PHONE, service_workers="block", **WAYS[request.param])
    yield context.new_page()
    context.close()


def seen(locator) -> dict[str, float]:
    """Where the first shown element of `locator` is on the page (the page is at its top)."""
    for element in locator.all():
        box = element.bounding_box()
        if box and box["width"] and box["height"]:
            return {"top": box["y"], "bottom": box["y"] + box["height"]}
    raise AssertionError(f"nothing shown for {locator}")


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.slug)
def test_the_first_screen_holds_name_drawing_dose_and_key_cue(phone, base_url, exercise: Exercise) -> None:
    phone.goto(base_url + CATALOG.exercise_url(exercise.slug))
    assert phone.evaluate("window.scrollY") == 0
    header = seen(phone.locator(".md-header"))["bottom"]
    body = phone.locator("article")
    things = {
        "name": body.get_by_role("heading", level=1, name=exercise.name, exact=True),
        "drawing": body.locator(".la-figure > svg"),
        "dose": body.get_by_text(dose_words(exercise), exact=True),
        "key cue": body.get_by_text(exercise.key_cue, exact=True),
    }
    screen = PHONE["height"]
    for what, locator in things.items():
        box = seen(locator)
        assert box["top"] >= header, f"{exercise.slug}: the {what} starts under the header ({box['top']:.0f} px)"
        assert box["bottom"] <= screen, f"{exercise.slug}: the {what} ends at {box['bottom']:.0f} px, below the first screen"
    steps = seen(body.get_by_role("heading", level=2, name="How to do it", exact=True))
    first_step = seen(body.get_by_text(exercise.steps[0], exact=True))
    assert steps["top"] < first_step["top"] < 2 * screen, (
        f"{exercise.slug}: the first step starts at {first_step['top']:.0f} px, past the second screen")
