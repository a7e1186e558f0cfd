"""The drawings play the movement: on screen a moving drawing from start to end and back,
interpolated at build time and shown by CSS alone; a still strip of start and end under
reduced motion and in print; a button pauses it; the player shows it during a set."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from conftest import ROOT

from lazyathlete.data import DATA_FILE, load_catalog
from lazyathlete.figures import figure_motion
from lazyathlete.figures.pose import MOTION_FRAMES

CATALOG = load_catalog(ROOT / DATA_FILE)
SLUGS = sorted(CATALOG.exercises)
SVG = "{http://www.w3.org/2000/svg}"

# What the reader sees of each drawing on an exercise page: which one is shown, and is it moving.
SHOWN_JS = """
() => [...document.querySelectorAll('.la-figure > svg')].map(svg => ({
  kind: svg.classList.contains('la-fig--motion') ? 'motion' : 'strip',
  shown: getComputedStyle(svg).display !== 'none',
  running: svg.getAnimations({subtree: true}).filter(a => a.playState === 'running').length,
}))
"""


@pytest.mark.parametrize("slug", SLUGS)
def test_moving_drawing_has_its_frames_and_says_start_end_and_movement(slug: str) -> None:
    figure = CATALOG.exercises[slug].figure
    svg = figure_motion(figure, title="Name")
    root = ET.fromstring(svg)
    frames = [g for g in root.iter(f"{SVG}g") if "la-fig__frame" in g.get("class", "").split()]
    assert len(frames) == MOTION_FRAMES
    label = root.get("aria-label", "")
    assert "from start to end and back" in label
    assert figure.poses[0].alt in label and figure.poses[-1].alt in label
    assert len(svg.encode()) < 7000  # a few KB, inline
    assert "style=" not in svg  # the strict CSP allows no style attributes


@pytest.mark.browser
@pytest.mark.parametrize("media", ["screen", "reduced-motion", "print"])
def test_exercise_page_moves_on_screen_and_is_still_otherwise(browser, base_url, media: str) -> None:
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, reduced_motion="reduce" if media == "reduced-motion" else "no-preference"
    )
    page = context.new_page()
    page.goto(base_url + "exercises/clamshell/")
    if media == "print":
        page.emulate_media(media="print")
    shown = {d["kind"]: d for d in page.evaluate(SHOWN_JS)}
    context.close()
    if media == "screen":
        assert shown["motion"]["shown"] and shown["motion"]["running"] == MOTION_FRAMES
        assert not shown["strip"]["shown"]
    else:
        assert shown["strip"]["shown"] and not shown["motion"]["shown"]


@pytest.mark.browser
def test_pause_button_stops_the_drawing(browser, base_url) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(base_url + "exercises/fire-hydrant/")
    button = page.get_by_role("button", name="Pause the drawing")
    button.click()
    assert button.get_attribute("aria-pressed") == "true"
    assert page.evaluate(SHOWN_JS)[0]["running"] == 0
    button.click()
    assert page.evaluate(SHOWN_JS)[0]["running"] == MOTION_FRAMES
    context.close()


@pytest.mark.browser
def test_moving_drawing_uses_the_phone_width(browser, base_url) -> None:
    """On a 390 px screen each exercise's drawing spans the content width, lying figures too."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    for slug in SLUGS:
        page.goto(base_url + f"exercises/{slug}/")
        width = page.evaluate("() => document.querySelector('.la-figure .la-fig--motion').getBoundingClientRect().width")
        assert width >= 330, f"{slug}: the drawing is {width:.0f} px wide"
    context.close()


# The drawings in the follow-along player's figure: which is shown, and how many frames run.
PLAYER_JS = """
() => [...document.querySelectorAll('[data-la-figure] > svg')].map(svg => ({
  kind: svg.classList.contains('la-fig--motion') ? 'motion' : 'strip',
  shown: getComputedStyle(svg).display !== 'none',
}))
"""


@pytest.mark.browser
@pytest.mark.parametrize("motion", ["no-preference", "reduce"])
def test_player_shows_the_moving_drawing_during_a_set(browser, base_url, motion: str) -> None:
    from test_player import TIMED, first_timed_work, open_routine, play_to, start

    context, page = open_routine(browser, base_url, TIMED, reduced_motion=motion)
    start(page)
    play_to(page, TIMED, first_timed_work(TIMED))
    shown = {d["kind"]: d["shown"] for d in page.evaluate(PLAYER_JS)}
    context.close()
    assert shown == ({"motion": True, "strip": False} if motion == "no-preference" else {"motion": False, "strip": True})


@pytest.mark.browser
def test_the_players_pause_stops_the_drawing_with_the_clock(browser, base_url) -> None:
    from test_player import TIMED, first_timed_work, open_routine, play_to, start

    running = """() => document.querySelector('[data-la-figure] > .la-fig--motion')
        .getAnimations({subtree: true}).filter(a => a.playState === 'running').length"""
    context, page = open_routine(browser, base_url, TIMED)
    start(page)
    play_to(page, TIMED, first_timed_work(TIMED))
    moving = page.evaluate(running)
    page.get_by_role("button", name="Pause", exact=True).click()
    paused = page.evaluate(running)
    page.get_by_role("button", name="Resume", exact=True).click()
    resumed = page.evaluate(running)
    context.close()
    assert (moving, paused, resumed) == (MOTION_FRAMES, 0, MOTION_FRAMES)
