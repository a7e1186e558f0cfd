"""The follow-along player, played as a runner plays it: in Chromium at phone size, with
Playwright's clock standing in for time. What the player shows is read from the screen
and checked against the routine's data: the order of exercises, sides, sets and rests,
and how long each one counts down."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from conftest import ROOT

from lazyathlete.data import DATA_FILE, load_catalog
from lazyathlete.data.routines import (
    CHANGEOVER_SECONDS,
    GET_READY_SECONDS,
    SECONDS_PER_REP,
    item_dose,
    minutes_text,
    switch_seconds,
)

pytestmark = pytest.mark.browser

CATALOG = load_catalog(ROOT / DATA_FILE)
ROUTINES = list(CATALOG.routines.values())
PHONE = {"width": 390, "height": 844}
START = datetime(2026, 12, 1, 7, 30)

# Stand-ins for the device, installed before the page's own scripts: they count beeps,
# buzzes, spoken words and the screen wake lock, and change nothing else.
DEVICE = """
window.__la = {beeps: 0, buzzes: 0, spoken: [], locks: 0, released: 0, live: []};
const Real = window.AudioContext;
if (Real) {
  const create = Real.prototype.createOscillator;
  Real.prototype.createOscillator = function () { window.__la.beeps += 1; return create.call(this); };
}
navigator.vibrate = () => { window.__la.buzzes += 1; return true; };
if (window.speechSynthesis) {
  window.speechSynthesis.speak = (u) => { window.__la.spoken.push(u.text); };
}
const lock = () => {
  window.__la.locks += 1;
  const sentinel = new EventTarget();
  sentinel.release = () => { window.__la.released += 1; sentinel.dispatchEvent(new Event("release")); return Promise.resolve(); };
  return Promise.resolve(sentinel);
};
Object.defineProperty(navigator, "wakeLock", {value: {request: lock}, configurable: true});
document.addEventListener("DOMContentLoaded", () => {
  const live = document.querySelector("[data-la-live]");
  if (live) new MutationObserver(() => window.__la.live.push(live.textContent)).observe(live, {childList: true, characterData: true, subtree: true});
});
"""
NO_WAKE_LOCK = "delete Navigator.prototype.wakeLock;"


# --- What the routine's data says should happen -----------------------------------------------


def expected_steps(routine) -> list[dict]:
    """The routine as its card says to do it, from the data: get ready; each block's rounds,
    A1 then A2, each side of a one-sided move with a switch between; a rest between rounds
    (not after the last); a changeover between blocks."""
    steps = [{"kind": "ready", "seconds": GET_READY_SECONDS}]
    for b, block in enumerate(routine.blocks):
        if b:
            steps.append({"kind": "changeover", "seconds": CHANGEOVER_SECONDS})
        items = [(CATALOG.exercise(i.exercise), item_dose(i, CATALOG.exercise(i.exercise))) for i in block.exercises]
        rounds = max(dose.sets for _, dose in items)
        for n in range(1, rounds + 1):
            for exercise, dose in items:
                if n > dose.sets:
                    continue
                work = {"kind": "work", "name": exercise.name, "set": n, "sets": dose.sets, "reps": dose.reps, "seconds": dose.seconds}
                if exercise.one_sided:
                    steps += [{**work, "side": "Left side"}, {"kind": "switch", "seconds": switch_seconds(exercise)}, {**work, "side": "Right side"}]
                else:
                    steps.append({**work, "side": ""})
            if n < rounds and block.rest_seconds:
                steps.append({"kind": "rest", "seconds": block.rest_seconds})
    return steps


def planned_seconds(steps: list[dict]) -> int:
    return sum(s["seconds"] if s["seconds"] is not None else s["reps"] * SECONDS_PER_REP for s in steps)


# --- Reading the screen ----------------------------------------------------------------------------


def screen(page) -> dict:
    player = page.locator("dialog.la-player")
    return {
        "kind": player.get_attribute("data-kind"),
        "phase": player.locator("[data-la-phase]").inner_text(),
        "name": player.locator("[data-la-name]").inner_text(),
        "set": player.locator("[data-la-set]").inner_text(),
        "clock": player.locator("[data-la-clock]").inner_text(),
        "done_button": player.locator("[data-la-action='done']").is_visible(),
    }


def seconds_on(clock: str) -> int:
    minutes, seconds = clock.split(":")
    return int(minutes) * 60 + int(seconds)


def open_routine(browser, base_url, routine, init: str = DEVICE, **options):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, **options)
    page = context.new_page()
    page.add_init_script(init)
    page.clock.install(time=START)
    page.goto(base_url + CATALOG.routine_url(routine.slug))
    page.clock.pause_at(START + timedelta(minutes=1))  # from here time moves only when the test says
    return context, page


def start(page) -> None:
    page.get_by_role("button", name="Start: follow along").click()
    page.locator("dialog.la-player[open]").wait_for()


def tick_count(page) -> int:
    return page.locator(".la-sheet .la-tick.la-tick--done").count()


# --- Playing a routine from start to finish ------------------------------------------------------


def play_through(page, steps: list[dict]) -> None:
    """Play the open player to the end as a runner would, checking every step it shows
    against `steps`: a timed step counts down from its length and moves on at its end,
    a set of reps waits for "Done", and every finished set ticks a box on the card."""
    work_done = 0
    into_step = 0  # how far the clock is into the step on screen, in ms
    for n, want in enumerate(steps):
        seen = screen(page)
        where = f"step {n + 1} of {len(steps)} ({want})"
        assert seen["kind"] == want["kind"], f"{where}: the player shows {seen}"
        if want["kind"] == "work":
            assert want["name"] in seen["name"], where
            assert f"Set {want['set']} of {want['sets']}" in seen["set"], where
            assert (want["side"] in seen["set"]) if want["side"] else ("side" not in seen["set"]), where
        timed = want["kind"] != "work" or want["reps"] is None
        if timed:
            assert seconds_on(seen["clock"]) == want["seconds"], f"{where}: clock {seen['clock']}"
            assert not seen["done_button"], where
            page.clock.run_for(want["seconds"] * 1000 - 300 - into_step)
            assert screen(page)["kind"] == want["kind"] and seconds_on(screen(page)["clock"]) == 1, where
            page.clock.run_for(310)
            into_step = 10  # the next step began on time, 10 ms ago
        else:
            assert f"{want['reps']} reps" in seen["set"] and seen["done_button"] and seen["clock"] == "", where
            page.clock.run_for(20_000)
            assert screen(page)["set"] == seen["set"], f"{where}: a set of reps waits for Done"
            page.get_by_role("button", name="Done", exact=True).click()
            into_step = 0  # the next step begins at the press
        if want["kind"] == "work":
            work_done += 1
            assert tick_count(page) == work_done, f"{where}: the card's tick boxes follow the sets done"
    seen = screen(page)
    assert seen["kind"] == "end" and seen["phase"].lower() == "finished", seen
    sets = card_sets(steps)
    assert f"{sets} of {sets} sets done" in seen["set"], seen["set"]


def card_sets(steps: list[dict]) -> int:
    """Sets as the card counts them: "2 × 15 each side" is 2 sets (a set is both its sides)."""
    return sum(1 for s in steps if s["kind"] == "work" and s["side"] != "Left side")


@pytest.mark.parametrize("routine", ROUTINES, ids=[r.slug for r in ROUTINES])
def test_every_routine_plays_start_to_finish_in_the_order_and_times_of_its_card(browser, base_url, routine):
    steps = expected_steps(routine)
    context, page = open_routine(browser, base_url, routine)
    # The page's "About N min" is the sum of the steps the player plays.
    assert minutes_text(planned_seconds(steps)) in page.locator(".la-fact").filter(has=page.locator("dt", has_text=re.compile("^Time$"))).inner_text()
    start(page)
    play_through(page, steps)
    context.close()


# --- Time that stays right ----------------------------------------------------------------------


def first_timed_work(routine) -> int:
    return next(i for i, s in enumerate(expected_steps(routine)) if s["kind"] == "work" and s["seconds"] is not None)


TIMED = next(r for r in ROUTINES if any(s["kind"] == "work" and s["seconds"] for s in expected_steps(r)))


def play_to(page, routine, index: int) -> None:
    """Skip to the step at `index` as a reader would, with the Skip button."""
    for _ in range(index):
        page.get_by_role("button", name="Skip", exact=True).click()


def test_pause_holds_the_clock_and_resume_carries_on(browser, base_url):
    steps = expected_steps(TIMED)
    at = first_timed_work(TIMED)
    context, page = open_routine(browser, base_url, TIMED)
    start(page)
    play_to(page, TIMED, at)
    length = steps[at]["seconds"]
    page.clock.run_for(5_100)
    assert seconds_on(screen(page)["clock"]) == length - 5
    page.get_by_role("button", name="Pause", exact=True).click()
    assert screen(page)["phase"].lower() == "paused"
    page.clock.run_for(120_000)
    assert seconds_on(screen(page)["clock"]) == length - 5, "the clock held while paused"
    page.get_by_role("button", name="Resume", exact=True).click()
    page.clock.run_for(3_000)
    assert seconds_on(screen(page)["clock"]) == length - 8
    context.close()


def test_a_phone_that_slept_wakes_on_the_right_step_with_the_right_time(browser, base_url):
    """While the screen is off no timer runs; the clock goes on. Waking, the player
    works out where the routine is from the time, through the steps that ended."""
    steps = expected_steps(TIMED)
    at = first_timed_work(TIMED)
    context, page = open_routine(browser, base_url, TIMED)
    start(page)
    play_to(page, TIMED, at)
    # Sleep through the rest of this set and into what follows (a timed step).
    after = steps[at + 1]
    assert after["kind"] != "work" or after["seconds"], "the test needs a timed step after a timed set"
    slept = steps[at]["seconds"] + after["seconds"] // 2
    page.clock.fast_forward(slept * 1000)
    page.clock.run_for(300)
    seen = screen(page)
    assert seen["kind"] == after["kind"], seen
    assert abs(seconds_on(seen["clock"]) - (after["seconds"] - after["seconds"] // 2)) <= 1, seen
    assert tick_count(page) == 1, "the set that ended in the sleep is ticked"
    context.close()


def test_back_and_skip_move_one_step_and_only_finished_sets_are_ticked(browser, base_url):
    routine = ROUTINES[0]
    steps = expected_steps(routine)
    context, page = open_routine(browser, base_url, routine)
    start(page)
    page.get_by_role("button", name="Skip", exact=True).click()
    assert screen(page)["kind"] == steps[1]["kind"]
    page.get_by_role("button", name="Skip", exact=True).click()
    assert tick_count(page) == 0, "a skipped set is not ticked"
    page.get_by_role("button", name="Back", exact=True).click()
    assert screen(page)["kind"] == steps[1]["kind"]
    if steps[1]["reps"] is not None:
        page.get_by_role("button", name="Done", exact=True).click()
    else:
        page.clock.run_for(steps[1]["seconds"] * 1000 + 300)
    assert tick_count(page) == 1
    page.get_by_role("button", name="Back", exact=True).click()
    assert tick_count(page) == 0, "going back to a set takes its tick off, to do it again"
    page.get_by_role("button", name="Back", exact=True).click()
    assert screen(page)["kind"] == "ready"
    context.close()


# --- Sound, speech, the screen and the screen reader ----------------------------------------------


def device(page) -> dict:
    return page.evaluate("() => window.__la")


def test_beeps_and_a_buzz_mark_the_last_three_seconds_and_the_end_and_can_be_muted(browser, base_url):
    routine = ROUTINES[0]
    context, page = open_routine(browser, base_url, routine)
    start(page)
    page.clock.run_for((GET_READY_SECONDS - 4) * 1000)
    assert device(page)["beeps"] == 0, "no beep before the last three seconds"
    page.clock.run_for(3_500)
    counted = device(page)
    assert counted["beeps"] == 3 and counted["buzzes"] == 3, counted
    page.clock.run_for(1_000)
    counted = device(page)
    assert counted["beeps"] == 4 and counted["buzzes"] == 4, f"and one at the end: {counted}"
    context.close()

    context, page = open_routine(browser, base_url, routine)
    page.get_by_role("button", name="Start: follow along").click()
    page.get_by_label("Beeps and buzz").uncheck()
    page.clock.run_for((GET_READY_SECONDS + 1) * 1000)
    counted = device(page)
    assert counted["beeps"] == 0 and counted["buzzes"] == 0, counted
    context.close()


def test_spoken_cues_are_off_until_the_reader_turns_them_on(browser, base_url):
    routine = ROUTINES[0]
    context, page = open_routine(browser, base_url, routine)
    start(page)
    page.clock.run_for((GET_READY_SECONDS + 1) * 1000)
    assert device(page)["spoken"] == []
    page.get_by_label("Speak the steps").check()
    page.get_by_role("button", name="Skip", exact=True).click()
    spoken = device(page)["spoken"]
    assert len(spoken) == 1 and screen(page)["set"].split(" · ")[0] in spoken[0], spoken
    context.close()


def test_the_screen_is_kept_on_while_playing_and_let_go_on_pause(browser, base_url):
    context, page = open_routine(browser, base_url, ROUTINES[0])
    start(page)
    assert device(page)["locks"] == 1
    page.get_by_role("button", name="Pause", exact=True).click()
    assert device(page)["released"] == 1
    page.get_by_role("button", name="Resume", exact=True).click()
    assert device(page)["locks"] == 2
    assert page.locator("[data-la-wake]").is_hidden()
    context.close()


def test_without_a_wake_lock_the_player_says_how_to_keep_the_screen_on(browser, base_url):
    context, page = open_routine(browser, base_url, ROUTINES[0], init=NO_WAKE_LOCK)
    start(page)
    assert page.locator("[data-la-wake]").is_visible()
    assert "screen" in page.locator("[data-la-wake]").inner_text()
    context.close()


def test_the_live_region_announces_steps_and_milestones_not_every_second(browser, base_url):
    routine = TIMED
    at = first_timed_work(routine)
    length = expected_steps(routine)[at]["seconds"]
    context, page = open_routine(browser, base_url, routine)
    start(page)
    play_to(page, routine, at)
    before = len(device(page)["live"])
    page.clock.run_for((length - 1) * 1000)
    said = device(page)["live"][before:]
    assert len(said) <= 2, f"{len(said)} announcements in a {length} s set: {said}"
    if length >= 20:
        assert any("10 seconds left" in s for s in said), said
    page.clock.run_for(1_500)
    assert len(device(page)["live"]) > before + len(said), "the next step is announced"
    context.close()


# --- Where the player is, and is not -------------------------------------------------------------


def test_the_players_script_and_styles_load_only_where_the_player_is(page):
    for url in ["", "exercises/"]:
        soup = page(url)
        assert not soup.select('script[src*="player.js"]'), url
        assert "la-player" not in "".join(style.get_text() for style in soup.select("style")), url
    for routine in ROUTINES:
        for url in [CATALOG.routine_url(routine.slug), CATALOG.card_url(routine.slug)]:
            soup = page(url)
            assert soup.select('script[src*="player.js"]'), url
            assert soup.select('[data-module="la-player"]'), url
    for exercise in CATALOG.exercises.values():
        soup = page(CATALOG.exercise_url(exercise.slug))
        assert soup.select('script[src*="player.js"]') and soup.select('[data-module="la-player"]'), exercise.slug


def test_the_pocket_card_page_plays_its_routine_too(browser, base_url):
    routine = ROUTINES[0]
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.clock.install(time=START)
    page.goto(base_url + CATALOG.card_url(routine.slug))
    start(page)
    first = expected_steps(routine)[1]
    page.get_by_role("button", name="Skip", exact=True).click()
    assert first["name"] in screen(page)["name"]
    assert re.search(r"Set 1 of \d", screen(page)["set"])
    context.close()
