"""The exercise page a YouTube link lands on, measured as a runner sees it on a phone held
upright (390×844): the first screen holds the move's name, its drawing, the dose and the key
cue, and the steps start within the second screen. Every exercise, with the drawing moving,
still (reduced motion) and without JavaScript."""

from __future__ import annotations

import copy

import pytest
from conftest import ROOT, build_site, serve_directory, write_data

from lazyathlete.data import DATA_FILE, load_catalog
from lazyathlete.data.models import MAX_CUE, MAX_NAME, Exercise

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


def longest(limit: int, word: str) -> str:
    """`limit` characters of wide words: the most text the data allows for a one-line field."""
    return " ".join([word] * ((limit + 1) // (len(word) + 1)))[:limit].strip()


def test_the_longest_name_and_cue_the_data_allows_never_run_into_the_steps(browser, project_copy, raw_data) -> None:
    """The drawing gives way to the words; the words never spill over what follows."""
    data = copy.deepcopy(raw_data)
    entry = next(e for e in data["exercises"] if e["slug"] == "standing-hip-abduction")  # a tall figure
    entry["name"] = longest(MAX_NAME, "WWWW")
    entry["key_cue"] = longest(MAX_CUE, "WWWW")
    write_data(project_copy, data)
    site = build_site(project_copy, project_copy / "site")
    for height in (844, 800):
        context = browser.new_context(viewport={"width": 390, "height": height}, service_workers="block")
        page = context.new_page()
        with serve_directory(site) as url:
            page.goto(url + "exercises/standing-hip-abduction/")
            body = page.locator("article")
            cue = seen(body.get_by_text(entry["key_cue"], exact=True))
            drawing = seen(body.locator(".la-figure > svg"))
            steps = seen(body.get_by_role("heading", level=2, name="How to do it", exact=True))
            assert cue["bottom"] <= steps["top"], f"at 390×{height} the key cue runs into the steps"
            assert drawing["bottom"] - drawing["top"] >= 120, f"at 390×{height} the drawing is squeezed to nothing"
        context.close()
