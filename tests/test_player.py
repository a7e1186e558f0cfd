"""The follow-along player, played as a runner plays it: in Chromium at phone size, with
Playwright's clock standing in for time. What the player shows is read from the screen
and checked against the routine's data: the order of exercises, sides, sets and rests,
and how long each one counts down."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from conftest import ROOT

from lazyathlete.data import DATA_FILE, load_catalog
from lazyathlete.data.routines import (
    CHANGEOVER_SECONDS,
    GET_READY_SECONDS,
    SECONDS_PER_REP,
    exercise_routine,
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
                work = {"kind": "work", "name": exercise.name, "set": n, "sets": dose.sets, "reps": dose.reps, "seconds": dose.seconds,
                        "move_on": exercise.move_on}
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
        "move_on": player.locator("[data-la-move-on]").text_content(),
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


def play_through(page, steps: list[dict], ticks: bool = True) -> None:
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
            # When to move on, on the last set: the moment a runner can judge it.
            last = want["set"] == want["sets"]
            assert seen["move_on"] == (f"Move on when: {want['move_on']}" if last else ""), where
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
            assert not ticks or tick_count(page) == work_done, f"{where}: the card's tick boxes follow the sets done"
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


# --- A screen that holds still, reads from across the room and says where you are -------------------

SIZES = {"upright": PHONE, "small upright": {"width": 360, "height": 640}, "on its side": {"width": 844, "height": 390}}
EXERCISES = list(CATALOG.exercises.values())
# Every control a finger uses in the player (the four buttons, the two options and the close
# button) measured at every step: the screen is read, then Skip pressed, until the end.
CONTROLS = """measure => {
  const player = document.querySelector('dialog.la-player');
  const seen = [];
  for (let n = 0; n < 500 && player.getAttribute('data-kind') !== 'end'; n++) {
    seen.push(measure(player));
    player.querySelector('[data-la-action="skip"]').click();
  }
  return seen;
}"""
MEASURE = """player => {
  const named = [...player.querySelectorAll('[data-la-action="back"], [data-la-action="pause"], [data-la-action="skip"], [data-la-action="stop"], [data-la-close], .la-player__options label')];
  return {
    boxes: named.map(e => { const b = e.getBoundingClientRect(); return {name: e.textContent.trim() || e.getAttribute('aria-label'), x: b.x, y: b.y, w: b.width, h: b.height, seen: getComputedStyle(e).visibility === 'visible' && b.width > 0}; }),
    width: innerWidth, height: innerHeight,
    scrolls: player.scrollHeight > player.clientHeight + 1 || player.scrollTop > 0,
    step: player.getAttribute('data-step'), kind: player.getAttribute('data-kind'),
  };
}"""


def player_steps(page) -> list[dict]:
    """The steps the page's player plays, as the build wrote them into the page."""
    return page.evaluate("JSON.parse(document.querySelector('.la-player__data').textContent).steps")


def open_at(context, address: str):
    """A new tab on `address` with the clock stopped, and its player started."""
    page = context.new_page()
    page.clock.install(time=START)
    page.goto(address)
    page.clock.pause_at(START + timedelta(minutes=1))
    page.locator("[data-la-start]").click()
    page.locator("dialog.la-player[open]").wait_for()
    return page


@pytest.mark.parametrize("size", SIZES.values(), ids=SIZES.keys())
def test_every_control_stays_on_the_screen_in_one_place_at_every_step(browser, base_url, size):
    """Every step of every routine and every exercise's own session, upright and on its side:
    Back, Pause, Skip, Stop, the options and Close are on the screen, at least 44 x 44 px, in
    the same place as at the first step, and nothing scrolls."""
    context = browser.new_context(viewport=size, is_mobile=True, has_touch=True)
    problems: list[str] = []
    addresses = [CATALOG.routine_url(r.slug) for r in ROUTINES] + [CATALOG.exercise_url(e.slug) for e in EXERCISES]
    screens = 0
    for address in addresses:
        page = open_at(context, base_url + address)
        first = None
        screens_here = page.evaluate(CONTROLS.replace("measure => {", f"() => {{ const measure = {MEASURE};", 1))
        assert len(screens_here) == len(player_steps(page)), address
        for n, seen in enumerate(screens_here):
            screens += 1
            where = f"{address} step {n + 1} ({seen['kind']})"
            assert seen["step"] == str(n), where
            if seen["scrolls"]:
                problems.append(f"{where}: the player scrolls")
            for box in seen["boxes"]:
                if not box["seen"] or box["x"] < 0 or box["y"] < 0 or box["x"] + box["w"] > seen["width"] + 0.5 or box["y"] + box["h"] > seen["height"] + 0.5:
                    problems.append(f"{where}: {box['name']} is not on the screen: {box}")
                if box["w"] < 44 or box["h"] < 44:
                    problems.append(f"{where}: {box['name']} is {box['w']:.0f} x {box['h']:.0f} px")
            first = first or seen["boxes"]
            moved = [b["name"] for a, b in zip(first, seen["boxes"], strict=True) if abs(a["x"] - b["x"]) > 0.5 or abs(a["y"] - b["y"]) > 0.5]
            if moved:
                problems.append(f"{where}: moved since the first step: {moved}")
        assert page.locator("dialog.la-player").get_attribute("data-kind") == "end", address
        page.close()
    context.close()
    assert screens > 300
    assert not problems, f"{len(problems)} problems in {screens} screens:\n" + "\n".join(problems[:40])


def relative_luminance(rgb: tuple[float, float, float]) -> float:
    def channel(c: float) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    high, low = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def rgb(css: str) -> tuple[float, float, float, float]:
    parts = [float(p) for p in re.findall(r"[\d.]+", css)]
    return (parts[0], parts[1], parts[2], parts[3] if len(parts) > 3 else 1.0)


# Every text of the player a person reads, with its colour and the colour behind it.
COLOURS = """() => {
  const player = document.querySelector('dialog.la-player');
  const box = player.getBoundingClientRect();
  const behind = e => { for (; e; e = e.parentElement) { const c = getComputedStyle(e).backgroundColor; if (!/rgba\\(.*, 0\\)$/.test(c) && c !== 'transparent') return c; } return 'rgb(255, 255, 255)'; };
  const texts = [...player.querySelectorAll('p, h2 span, button, label, li')].filter(e => {
    const b = e.getBoundingClientRect();
    return b.width > 0 && b.height > 0 && getComputedStyle(e).visibility === 'visible' && e.textContent.trim() && !e.closest('.la-visually-hidden') && !e.disabled;
  });
  const phase = player.querySelector('[data-la-phase]');
  return {
    background: getComputedStyle(player).backgroundColor,
    covers: box.x <= 0 && box.y <= 0 && box.right >= innerWidth && box.bottom >= innerHeight,
    word: phase.textContent.trim(), wordSize: parseFloat(getComputedStyle(phase).fontSize),
    texts: texts.map(e => ({text: e.textContent.trim().slice(0, 40), color: getComputedStyle(e).color, behind: behind(e)})),
  };
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_phase_reads_from_across_the_room_in_light_and_dark(browser, base_url, scheme):
    """Getting ready, work, rest and switching sides each colour the whole screen differently and
    say so in a large word; every text on each of them meets contrast AA (4.5:1)."""
    routine = next(r for r in ROUTINES if {"ready", "work", "rest", "switch"} <= {s["kind"] for s in expected_steps(r)})
    context = browser.new_context(viewport=PHONE, color_scheme=scheme)
    page = open_at(context, base_url + CATALOG.routine_url(routine.slug))
    assert page.evaluate("document.documentElement.querySelector('[data-md-color-scheme]').getAttribute('data-md-color-scheme')") == ("slate" if scheme == "dark" else "default")
    looks: dict[str, dict] = {}
    for _ in player_steps(page):
        kind = page.locator("dialog.la-player").get_attribute("data-kind")
        if kind in ("ready", "work", "rest", "switch") and kind not in looks:
            looks[kind] = page.evaluate(COLOURS)
        page.locator("dialog.la-player [data-la-action='skip']").click()
    context.close()
    assert set(looks) == {"ready", "work", "rest", "switch"}
    for kind, look in looks.items():
        assert look["covers"], f"{kind}: the player does not fill the screen"
        assert look["wordSize"] >= 36, f"{kind}: the word {look['word']!r} is {look['wordSize']} px"
        for text in look["texts"]:
            fore, back = rgb(text["color"]), rgb(text["behind"])
            assert fore[3] == 1 and back[3] == 1, text
            assert contrast(fore[:3], back[:3]) >= 4.5, f"{scheme} {kind}: {text} at {contrast(fore[:3], back[:3]):.2f}:1"
    kinds = list(looks)
    for i, a in enumerate(kinds):
        for b in kinds[i + 1:]:
            assert looks[a]["word"] != looks[b]["word"], (a, b)
            ca, cb = rgb(looks[a]["background"]), rgb(looks[b]["background"])
            distance = sum((x - y) ** 2 for x, y in zip(ca[:3], cb[:3], strict=True)) ** 0.5
            assert distance > 80, f"{scheme}: {a} {looks[a]['background']} and {b} {looks[b]['background']} look alike"


def test_every_step_says_where_you_are_and_the_time_left_for_the_whole_session(browser, base_url):
    """'Step 8 of 30' and the time the rest of the session takes, counting down with the clock."""
    routine = next(r for r in ROUTINES if any(s["kind"] == "rest" for s in expected_steps(r)))
    steps = expected_steps(routine)
    lengths = [s["seconds"] if s["seconds"] is not None else s["reps"] * SECONDS_PER_REP for s in steps]
    context, page = open_routine(browser, base_url, routine)
    start(page)
    where = page.locator("dialog.la-player [data-la-where]")
    for n, step in enumerate(steps):
        text = where.inner_text()
        found = re.fullmatch(r"Step (\d+) of (\d+) · (\d+:\d\d) left", text)
        assert found, text
        assert (int(found[1]), int(found[2])) == (n + 1, len(steps)), text
        assert seconds_on(found[3]) == sum(lengths[n:]), f"step {n + 1}: {text}, {sum(lengths[n:])} s to go"
        if step["kind"] == "rest":
            page.clock.run_for(5_100)
            assert seconds_on(where.inner_text().split(" · ")[1].split()[0]) == sum(lengths[n:]) - 5
        page.locator("dialog.la-player [data-la-action='skip']").click()
    context.close()


# --- Stop, and what a session counts ----------------------------------------------------------------


def history(page) -> list[dict]:
    return page.evaluate("JSON.parse(localStorage.getItem('la-player-history-v1') || '[]')")


def test_one_tap_on_stop_cannot_end_a_session(browser, base_url):
    """Stop asks; the clock holds while it does; Keep going carries on where it was; a second tap
    on Stop still only asks; Stop and save ends the session and keeps it."""
    steps = expected_steps(TIMED)
    at = first_timed_work(TIMED)
    context, page = open_routine(browser, base_url, TIMED)
    start(page)
    play_to(page, TIMED, at)
    page.clock.run_for(3_100)
    before = screen(page)
    stop = page.locator("dialog.la-player [data-la-action='stop']")
    stop.click()
    assert page.locator("dialog.la-player").is_visible() and screen(page)["kind"] == "work"
    assert "stop" in screen(page)["phase"].lower(), screen(page)
    assert history(page) == []
    page.clock.run_for(60_000)
    stop.click()
    assert page.locator("dialog.la-player").get_attribute("data-kind") == "work" and history(page) == []
    page.get_by_role("button", name="Keep going").click()
    assert screen(page)["clock"] == before["clock"], "the clock held while Stop asked"
    page.clock.run_for(2_000)
    assert seconds_on(screen(page)["clock"]) == steps[at]["seconds"] - 5, "and carries on after Keep going"
    stop.click()
    page.get_by_role("button", name="Stop and save").click()
    assert screen(page)["phase"].lower() == "stopped"
    saved = history(page)
    assert len(saved) == 1 and saved[0]["finished"] is False
    context.close()


def ticks_by_row(page) -> list[dict]:
    """The card's tick boxes, row by row and side by side: how many there are and how many are ticked."""
    return page.evaluate("""() => [...document.querySelectorAll('.la-sheet .la-sheet__row')].map(row => {
        const lines = [...row.querySelectorAll('.la-sheet__tickrow')];
        return {name: row.querySelector('.la-sheet__name').textContent.trim(),
                boxes: lines[0].querySelectorAll('.la-tick').length,
                ticked: lines.map(l => l.querySelectorAll('.la-tick--done').length)};
    })""")


def test_the_end_screen_counts_sets_as_the_card_does_and_agrees_with_its_ticks(browser, base_url):
    """Stopped after a left side but before its right: the end screen counts whole sets as the
    card does (a one-sided set is both sides), and says for each exercise what its ticks show."""
    routine = next(r for r in ROUTINES if any(CATALOG.exercise(i.exercise).one_sided for b in r.blocks for i in b.exercises))
    steps = expected_steps(routine)
    last_left = max(n for n, s in enumerate(steps[:len(steps) // 2 + 2]) if s.get("side") == "Left side")
    context, page = open_routine(browser, base_url, routine)
    start(page)
    for step in steps[:last_left + 1]:
        if step["kind"] == "work" and step["reps"] is not None:
            page.get_by_role("button", name="Done", exact=True).click()
        elif step["kind"] == "work":
            page.clock.run_for(step["seconds"] * 1000 + 300)
        else:
            page.locator("dialog.la-player [data-la-action='skip']").click()
    page.locator("dialog.la-player [data-la-action='stop']").click()
    page.get_by_role("button", name="Stop and save").click()
    card = ticks_by_row(page)
    done = sum(min(r["ticked"]) for r in card)
    planned = sum(r["boxes"] for r in card)
    assert screen(page)["set"] == f"{done} of {planned} sets done"
    lines = page.locator("dialog.la-player [data-la-tally] li").all_inner_texts()
    assert len(lines) == len(card)
    for line, row in zip(lines, card, strict=True):
        assert row["name"] in line, (line, row)
        if len(row["ticked"]) == 1:
            assert line.endswith(f": {row['ticked'][0]} of {row['boxes']} sets") or line.endswith(f": {row['ticked'][0]} of {row['boxes']} set"), (line, row)
        elif row["ticked"][0] == row["ticked"][1]:
            assert f": {row['ticked'][0]} of {row['boxes']} set" in line and line.endswith("each side"), (line, row)
        else:
            assert f"left {row['ticked'][0]}, right {row['ticked'][1]} of {row['boxes']}" in line, (line, row)
    assert any(len(r["ticked"]) == 2 and r["ticked"][0] != r["ticked"][1] for r in card), "the test stops between two sides"
    assert history(page)[0]["parts"] == done and history(page)[0]["of"] == planned
    context.close()


# --- Switching sides takes what the move needs ---------------------------------------------------


def switch_clock(page) -> int:
    """Skip to the first switch of sides and read its countdown."""
    for _ in range(60):
        if page.locator("dialog.la-player").get_attribute("data-kind") == "switch":
            return seconds_on(screen(page)["clock"])
        page.locator("dialog.la-player [data-la-action='skip']").click()
    raise AssertionError("no switch of sides")


@pytest.mark.parametrize(("slug", "least"), [("side-plank-leg-lift", 15), ("clamshell", 10), ("single-leg-deadlift", 5)])
def test_switching_sides_takes_the_time_the_move_needs_everywhere(browser, base_url, slug, least):
    """From a side plank you get down, turn over and up again; lying on your side you roll over;
    standing you change legs. The player gives that time, on the exercise's page and in a routine,
    and the routine's minutes on its page, its card and in the builder count it."""
    exercise = CATALOG.exercise(slug)
    context = browser.new_context(viewport=PHONE)
    page = open_at(context, base_url + CATALOG.exercise_url(slug))
    on_its_page = switch_clock(page)
    assert on_its_page == switch_seconds(exercise) >= least
    if least == 5:
        assert on_its_page < 10, "standing, changing legs is quick"
    routine = next((r for r in ROUTINES if any(i.exercise == slug for b in r.blocks for i in b.exercises)), None)
    if routine is not None:
        page = open_at(context, base_url + CATALOG.routine_url(routine.slug))
        seconds = 0
        for n in range(len(player_steps(page))):
            if page.locator("dialog.la-player").get_attribute("data-kind") == "switch" and exercise.name in screen(page)["name"]:
                assert seconds_on(screen(page)["clock"]) == on_its_page, n
            clock = screen(page)["clock"]
            seconds += seconds_on(clock) if clock else 0
            page.locator("dialog.la-player [data-la-action='skip']").click()
        page.goto(base_url + CATALOG.routine_url(routine.slug))
        work = sum(s["reps"] * SECONDS_PER_REP for s in expected_steps(routine) if s["kind"] == "work" and s["reps"] is not None)
        minutes = minutes_text(seconds + work)
        assert minutes in page.locator(".la-fact").filter(has=page.locator("dt", has_text=re.compile("^Time$"))).inner_text()
        assert minutes in page.locator(".la-sheet__meta").inner_text()
        page.get_by_role("link", name="Change this routine").click()
        page.locator(".la-builder__row").first.wait_for()
        assert page.locator("[data-la-total]").inner_text().split(" · ")[0] == minutes
    context.close()


# --- Buttons that say their state in words, and the lock screen --------------------------------------


def test_a_tapped_button_does_not_look_switched_on_and_pause_says_its_state_in_words(browser, base_url):
    """On a touch screen, after a tap, Pause (now Resume) looks like every other control; it says
    what it will do, and the screen says Paused; no pressed state is announced on top."""
    context, page = open_routine(browser, base_url, TIMED)
    start(page)
    pause = page.locator("dialog.la-player [data-la-action='pause']")
    look = "e => { const s = getComputedStyle(e); return [s.backgroundColor, s.color, s.borderTopColor, s.boxShadow, s.outlineStyle]; }"
    skip = page.locator("dialog.la-player [data-la-action='skip']")
    pause.tap()
    assert pause.inner_text() == "Resume" and screen(page)["phase"].lower() == "paused"
    assert pause.get_attribute("aria-pressed") is None
    assert pause.evaluate(look) == skip.evaluate(look), "after a tap the button looks filled"
    pause.tap()
    assert pause.inner_text() == "Pause" and screen(page)["phase"].lower() != "paused"
    assert pause.evaluate(look) == skip.evaluate(look)
    context.close()


MEDIA = """
window.__media = {};
if (navigator.mediaSession) {
  const set = navigator.mediaSession.setActionHandler.bind(navigator.mediaSession);
  navigator.mediaSession.setActionHandler = (name, handler) => { window.__media[name] = handler; set(name, handler); };
}
"""


def test_the_lock_screen_shows_the_routine_and_the_move_and_pauses_and_skips(browser, base_url):
    """Media Session: the title names the move, the artist the routine; the lock screen's
    pause, play, next and previous work the player."""
    routine = ROUTINES[0]
    context, page = open_routine(browser, base_url, routine, init=DEVICE + MEDIA)
    start(page)
    page.locator("dialog.la-player [data-la-action='skip']").click()
    first = expected_steps(routine)[1]
    meta = page.evaluate("({title: navigator.mediaSession.metadata.title, artist: navigator.mediaSession.metadata.artist})")
    assert first["name"] in meta["title"] and meta["artist"] == routine.title, meta
    assert page.evaluate("Object.keys(window.__media).filter(k => typeof window.__media[k] === 'function').sort()") == ["nexttrack", "pause", "play", "previoustrack"]
    page.evaluate("window.__media.pause()")
    assert screen(page)["phase"].lower() == "paused"
    assert page.evaluate("navigator.mediaSession.playbackState") == "paused"
    page.evaluate("window.__media.play()")
    assert screen(page)["phase"].lower() != "paused"
    step = page.locator("dialog.la-player").get_attribute("data-step")
    page.evaluate("window.__media.nexttrack()")
    assert page.locator("dialog.la-player").get_attribute("data-step") == str(int(step) + 1)
    page.evaluate("window.__media.previoustrack()")
    assert page.locator("dialog.la-player").get_attribute("data-step") == step
    context.close()


# --- Start this exercise -----------------------------------------------------------------------------


@pytest.mark.parametrize("exercise", EXERCISES, ids=[e.slug for e in EXERCISES])
def test_start_this_exercise_plays_its_own_dose_and_saves_it_like_a_routine(browser, base_url, exercise):
    """Each exercise page plays its usual dose (sets, each side, its rest between sets) in the
    player, ticks nothing it does not have, and keeps the session with the routines' sessions."""
    steps = expected_steps(exercise_routine(exercise))
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.add_init_script(DEVICE)
    page.clock.install(time=START)
    page.goto(base_url + CATALOG.exercise_url(exercise.slug))
    page.clock.pause_at(START + timedelta(minutes=1))
    page.get_by_role("button", name="Start this exercise").click()
    play_through(page, steps, ticks=False)
    sets = exercise.dose.sets
    saved = history(page)
    assert len(saved) == 1 and saved[0]["title"] == exercise.name and saved[0]["finished"] and saved[0]["parts"] == sets, saved
    page.get_by_role("button", name="Back to the exercise").click()
    assert not page.locator("dialog.la-player").is_visible()
    # The routines' pages download it with the other sessions.
    page.goto(base_url + CATALOG.routine_url(ROUTINES[0].slug))
    with page.expect_download() as info:
        page.get_by_role("link", name="Download my sessions (CSV)").click()
    text = Path(info.value.path()).read_text(encoding="utf-8")
    assert f"{exercise.name},yes,{sets},{sets}" in text, text
    context.close()


def test_without_javascript_an_exercise_page_has_no_start_button(browser, base_url):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(base_url + CATALOG.exercise_url(EXERCISES[0].slug))
    assert page.locator("[data-la-start]").count() == 1 and not page.locator("[data-la-start]").is_visible()
    assert not page.get_by_role("button", name="Start this exercise").is_visible()
    context.close()
