"""Logging a set in the player (issue 29), as a runner does it in Chromium: during a set of reps
the player takes how many were done (− and +, from the plan's number) and how it felt (Easy,
Just right, Hard), one tap that also finishes the set; Done alone still finishes it. What the
player writes (the saved session's `plan`, `log` and `ended`, the session in progress's log)
and says (`la-player:saved`) follow the shared contract of issue 29's browser part.

Time is Playwright's clock, installed before the page loads and moved on by hand. What a
routine plans (its rows, steps, reps) is read from the page's own JSON, never written down here."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from test_player_sessions import FILL_STORAGE
from test_quality import AXE, need, run_axe
from test_security import RECORD_VIOLATIONS

pytestmark = pytest.mark.browser

SHORT = "pre-run-activation"  # every set is reps: a glute bridge, then one-sided moves
MIXED = "gym-glute-strength"  # reps, and a timed one-sided set (the side plank)
ROUTINES = ["pre-run-activation", "gym-glute-strength", "no-kit-home-glutes", "steady-hips-after-run", "the-five-from-the-video"]
PHONE = {"width": 390, "height": 844}
SIZES = {"upright": PHONE, "small upright": {"width": 360, "height": 640},
         "on its side": {"width": 844, "height": 390}, "small on its side": {"width": 640, "height": 360}}
ZONE = "Europe/London"
NOW = datetime(2026, 12, 1, 7, 30, tzinfo=ZoneInfo(ZONE))
SESSION_KEY = "la-player-session-v1"
HISTORY_KEY = "la-player-history-v1"
PLAYER = "dialog.la-player"
DONE = "dialog.la-player [data-la-action='done']"
REPS = "dialog.la-player [data-la-reps]"
CARD_DONE = ".la-sheet .la-tick.la-tick--done"
FEEL_BUTTONS = {"easy": "Easy: set done", "right": "Just right: set done", "hard": "Hard: set done"}

# Every la-player:saved the page hears, and everything the live region says.
LISTEN = """
window.__saved = [];
document.addEventListener("la-player:saved", (event) => window.__saved.push(event.detail));
window.__live = [];
document.addEventListener("DOMContentLoaded", () => {
  const live = document.querySelector("[data-la-live]");
  if (live) new MutationObserver(() => window.__live.push(live.textContent)).observe(live, {childList: true, characterData: true, subtree: true});
});
"""


# --- A reader's tab ---------------------------------------------------------------------------


@pytest.fixture
def context(browser):
    """A fresh browser with a phone's screen, listening for what the player says and the policy."""
    context = browser.new_context(viewport=PHONE, locale="en-GB", timezone_id=ZONE, is_mobile=True, has_touch=True)
    context.add_init_script(RECORD_VIOLATIONS + LISTEN)
    yield context
    context.close()


def routine_page(context, base_url: str, slug: str = SHORT):
    """A new tab on the routine's page, with Playwright's clock installed first and then paused."""
    page = context.new_page()
    page.clock.install(time=NOW)
    page.goto(f"{base_url}routines/{slug}/")
    page.clock.pause_at(NOW + timedelta(seconds=30))
    return page


def data(page) -> dict:
    """What the page's player plays, as the build put it in the page."""
    return json.loads(page.locator("script.la-player__data").text_content())


def start(page) -> None:
    page.get_by_role("button", name="Start: follow along").click()
    page.locator(f"{PLAYER}[open]").wait_for()


def step_index(page) -> int:
    return int(page.locator(PLAYER).get_attribute("data-step"))


def step_of(page, row: int, set_number: int = 1, side: str = "") -> int:
    """The index of the step that plays this set (and side) of row `row`."""
    return next(n for n, s in enumerate(data(page)["steps"]) if s["kind"] == "work" and s["row"] == row and s["set"] == set_number and s["side"] == side)


def skip_to(page, index: int) -> None:
    """Skip (which logs nothing) to the step at `index`."""
    while step_index(page) < index:
        page.locator("dialog.la-player [data-la-action='skip']").click()
    assert step_index(page) == index


def feel(page, word: str) -> None:
    page.get_by_role("button", name=FEEL_BUTTONS[word], exact=True).click()


def more(page, times: int = 1) -> None:
    for _ in range(times):
        page.get_by_role("button", name="More reps", exact=True).click()


def fewer(page, times: int = 1) -> None:
    for _ in range(times):
        page.get_by_role("button", name="Fewer reps", exact=True).click()


def stop_and_save(page) -> None:
    page.locator("dialog.la-player [data-la-action='stop']").click()
    page.get_by_role("button", name="Stop and save").click()
    assert page.locator("dialog.la-player [data-la-phase]").text_content().strip() == "Stopped"


def history(page) -> list[dict]:
    return json.loads(page.evaluate(f"localStorage.getItem('{HISTORY_KEY}') || '[]'"))


def saved_log(page) -> list[list]:
    entries = history(page)
    assert entries, "nothing was saved"
    return entries[-1]["log"]


# --- One tap ----------------------------------------------------------------------------------------


def test_a_set_logged_easy_after_changing_the_reps_is_saved_and_finished_in_one_tap(context, base_url):
    """Set 1 of the glute bridge: the log starts at the plan's 10 reps, + twice reads 12 (and says
    so), and one tap on Easy finishes the set as Done does (the next step, the card's tick) and
    logs [slug, 1, "", 12, "reps", "easy"]."""
    page = routine_page(context, base_url)
    row = data(page)["rows"][0]
    assert row["reps"] == 10 and not row["oneSided"], "the test counts from a two-sided set of 10"
    start(page)
    at = step_of(page, 0)
    skip_to(page, at)
    assert page.locator(REPS).inner_text() == "10"
    more(page, 2)
    assert page.locator(REPS).inner_text() == "12"
    assert page.evaluate("window.__live").count("12 reps") == 1, "the new number is read out"
    feel(page, "easy")
    assert step_index(page) == at + 1, "Easy finished the set"
    assert page.locator(CARD_DONE).count() == 1
    stop_and_save(page)
    entry = history(page)[-1]
    assert entry["log"] == [[row["exercise"], 1, "", 12, "reps", "easy"]]
    assert entry["parts"] == 1
    assert NOW <= datetime.fromisoformat(entry["ended"].replace("Z", "+00:00")) and entry["ended"] >= entry["date"]
    assert "plan" not in entry, "a routine's session belongs to no plan"


def test_done_alone_logs_the_planned_reps_without_a_feel_and_a_skipped_set_is_not_logged(context, base_url):
    """Done finishes a set as it always did and logs the plan's reps with no feel; a set skipped
    is not in the log; a changed number with Done is logged with no feel."""
    page = routine_page(context, base_url)
    rows = data(page)["rows"]
    start(page)
    skip_to(page, step_of(page, 0))
    page.locator(DONE).click()
    skip_to(page, step_of(page, 1, side="left"))
    skip_to(page, step_of(page, 1, side="right"))  # the left side skipped
    fewer(page)
    page.locator(DONE).click()
    stop_and_save(page)
    assert saved_log(page) == [[rows[0]["exercise"], 1, "", rows[0]["reps"], "reps", ""],
                               [rows[1]["exercise"], 1, "right", rows[1]["reps"] - 1, "reps", ""]]


def test_a_one_sided_set_logs_its_left_and_right_side_each_from_the_plans_number(context, base_url):
    page = routine_page(context, base_url)
    row = data(page)["rows"][1]
    assert row["oneSided"] and row["reps"], "the second row of the short routine is a one-sided set of reps"
    start(page)
    skip_to(page, step_of(page, 1, side="left"))
    fewer(page, 2)
    feel(page, "hard")
    skip_to(page, step_of(page, 1, side="right"))
    assert page.locator(REPS).inner_text() == str(row["reps"]), "each side starts again at the plan's reps"
    feel(page, "right")
    stop_and_save(page)
    assert saved_log(page) == [[row["exercise"], 1, "left", row["reps"] - 2, "reps", "hard"],
                               [row["exercise"], 1, "right", row["reps"], "reps", "right"]]
    assert history(page)[-1]["rows"][1][1] == 1, "both sides done: one set, as the card counts it"


def test_a_timed_set_is_logged_in_seconds_when_its_clock_ends(context, base_url):
    """A timed set has no Done and no log to fill in (its buttons are hidden): when the clock ends
    it the log gets the planned seconds, unit "s", no feel."""
    page = routine_page(context, base_url, MIXED)
    rows = data(page)["rows"]
    r = next(n for n, row in enumerate(rows) if row["reps"] is None)
    row = rows[r]
    start(page)
    at = step_of(page, r, side="left" if row["oneSided"] else "")
    skip_to(page, at)
    assert not page.locator(DONE).is_visible()
    for name in [*FEEL_BUTTONS.values(), "Fewer reps", "More reps"]:
        assert not page.get_by_role("button", name=name, exact=True).is_visible(), name
    page.clock.run_for(row["seconds"] * 1000 + 300)
    assert step_index(page) == at + 1
    stop_and_save(page)
    assert saved_log(page) == [[row["exercise"], 1, "left" if row["oneSided"] else "", row["seconds"], "s", ""]]


def test_back_over_a_logged_set_leaves_no_stale_log_item(context, base_url):
    """Easy with 12, then Back to the set: its tick and its log go; the log shows the plan's reps
    again, and Done logs the set as finally done."""
    page = routine_page(context, base_url)
    row = data(page)["rows"][0]
    start(page)
    at = step_of(page, 0)
    skip_to(page, at)
    more(page, 2)
    feel(page, "easy")
    page.get_by_role("button", name="Back", exact=True).click()
    assert step_index(page) == at and page.locator(CARD_DONE).count() == 0
    assert page.locator(REPS).inner_text() == str(row["reps"])
    stored = json.loads(page.evaluate(f"localStorage.getItem('{SESSION_KEY}')"))
    assert stored["log"] == [] and stored["done"] == []
    page.locator(DONE).click()
    stop_and_save(page)
    assert saved_log(page) == [[row["exercise"], 1, "", row["reps"], "reps", ""]]


# --- What the player writes and says ------------------------------------------------------------------

PLAN = {"slug": "six-weeks-to-the-five", "week": 2, "session": 1}


@pytest.mark.parametrize(
    ("plan", "kept"),
    [(PLAN, True), ({**PLAN, "week": "2"}, False), ({**PLAN, "session": 0}, False), ({"slug": "", "week": 1, "session": 1}, False), ("six-weeks", False)],
    ids=["a plan's session", "week as text", "session 0", "no slug", "a string"],
)
def test_the_plan_a_session_belongs_to_is_copied_from_the_players_data(context, base_url, plan, kept):
    """Data sent with la-player:data (as a plan page sends a session) carries its plan: the saved
    session says which plan, week and session it was; a plan of the wrong shape is left out (the
    session is still saved, and readable)."""
    page = routine_page(context, base_url)
    row = data(page)["rows"][0]
    sent = {**data(page), "routine": "plan:six-weeks-to-the-five:2-1", "title": "Week 2, session 1", "plan": plan}
    page.evaluate("sent => document.querySelector('[data-module=\"la-player\"]').dispatchEvent(new CustomEvent('la-player:data', {detail: sent}))", sent)
    start(page)
    skip_to(page, step_of(page, 0))
    page.locator(DONE).click()
    stop_and_save(page)
    entry = history(page)[-1]
    assert entry["routine"] == sent["routine"]
    assert entry["log"] == [[row["exercise"], 1, "", row["reps"], "reps", ""]], "saved with its log either way"
    if kept:
        assert entry["plan"] == PLAN
    else:
        assert "plan" not in entry
    page.get_by_role("button", name="Back to the routine").click()
    assert page.locator("[data-la-list] li").count() == 1, "the session is listed: it can be read"


def test_la_player_saved_fires_with_the_entry_just_written(context, base_url):
    page = routine_page(context, base_url)
    start(page)
    skip_to(page, step_of(page, 0))
    feel(page, "hard")
    assert page.evaluate("window.__saved") == []
    stop_and_save(page)
    assert page.evaluate("window.__saved") == [history(page)[-1]]


def test_la_player_saved_says_unsaved_when_the_browser_would_not_keep_the_session(context, base_url):
    page = routine_page(context, base_url)
    row = data(page)["rows"][0]
    start(page)
    page.evaluate(FILL_STORAGE)
    skip_to(page, step_of(page, 0))
    feel(page, "easy")
    stop_and_save(page)
    saved = page.evaluate("window.__saved")
    assert len(saved) == 1 and saved[0]["unsaved"] is True, saved
    assert saved[0]["log"] == [[row["exercise"], 1, "", row["reps"], "reps", "easy"]]
    assert history(page) == []


def test_logged_sets_are_kept_through_a_reload_and_resume(context, base_url):
    page = routine_page(context, base_url)
    rows = data(page)["rows"]
    start(page)
    skip_to(page, step_of(page, 0))
    more(page, 2)
    feel(page, "easy")
    page.reload()
    page.get_by_role("button", name="Resume", exact=True).click()
    skip_to(page, step_of(page, 1, side="left"))
    page.locator(DONE).click()
    stop_and_save(page)
    assert saved_log(page) == [[rows[0]["exercise"], 1, "", rows[0]["reps"] + 2, "reps", "easy"],
                               [rows[1]["exercise"], 1, "left", rows[1]["reps"], "reps", ""]]


def test_a_session_stored_before_sets_were_logged_still_resumes_and_logs_its_sets_as_planned(context, base_url):
    """A session in progress as the player stored it before this issue (no log) is offered again;
    its sets done are logged at the plan's reps, with no feel."""
    page = routine_page(context, base_url)
    rows = data(page)["rows"]
    at = step_of(page, 1, side="left")
    old = {"v": 1, "routine": SHORT, "started": "2026-12-01T07:20:00.000Z", "index": at, "stepStart": 0, "pausedAt": 0, "done": [[0, 1, ""]]}
    page.evaluate("([key, text]) => localStorage.setItem(key, text)", [SESSION_KEY, json.dumps(old)])
    page.reload()
    page.get_by_role("button", name="Resume", exact=True).click()
    assert step_index(page) == at
    feel(page, "right")
    stop_and_save(page)
    assert saved_log(page) == [[rows[0]["exercise"], 1, "", rows[0]["reps"], "reps", ""],
                               [rows[1]["exercise"], 1, "left", rows[1]["reps"], "reps", "right"]]


# --- What the player reads ---------------------------------------------------------------------------

# A session as the player wrote it before this issue, and as it writes it now.
OLD = {"v": 1, "routine": SHORT, "title": "Pre-run glute wake-up", "date": "2026-11-28T08:00:00.000Z",
       "finished": True, "parts": 1, "of": 4, "rows": [["Glute bridge", 1, 1]]}
NEW = {**OLD, "date": "2026-11-29T08:00:00.000Z", "plan": PLAN, "log": [["glute-bridge", 1, "", 12, "reps", "easy"]], "ended": "2026-11-29T08:09:00.000Z"}
DAMAGED = {
    "log not a list": {**NEW, "log": {"0": ["glute-bridge", 1, "", 12, "reps", "easy"]}},
    "log item too short": {**NEW, "log": [["glute-bridge", 1, "", 12, "reps"]]},
    "log item a row number": {**NEW, "log": [[0, 1, "", 12, "reps", "easy"]]},
    "set 0": {**NEW, "log": [["glute-bridge", 0, "", 12, "reps", "easy"]]},
    "a side of no side": {**NEW, "log": [["glute-bridge", 1, "up", 12, "reps", "easy"]]},
    "reps as text": {**NEW, "log": [["glute-bridge", 1, "", "12", "reps", "easy"]]},
    "half a rep": {**NEW, "log": [["glute-bridge", 1, "", 12.5, "reps", "easy"]]},
    "a unit of weight": {**NEW, "log": [["glute-bridge", 1, "", 12, "kg", "easy"]]},
    "a feel of no feel": {**NEW, "log": [["glute-bridge", 1, "", 12, "reps", "meh"]]},
    "plan not a record": {**NEW, "plan": "six-weeks-to-the-five"},
    "plan week 0": {**NEW, "plan": {**PLAN, "week": 0}},
    "ended no date": {**NEW, "ended": "yesterday"},
}


def test_sessions_saved_before_and_after_logging_are_both_read_and_a_damaged_log_is_not(context, base_url):
    """An entry without plan, log and end time (as saved before this issue) and one with them are
    listed; one whose log is of the wrong shape is not, and is counted as unread."""
    page = routine_page(context, base_url)
    page.evaluate("([key, text]) => localStorage.setItem(key, text)", [HISTORY_KEY, json.dumps([OLD, NEW, DAMAGED["a feel of no feel"]])])
    page.reload()
    assert page.locator("[data-la-list] li").count() == 2
    assert "1 saved session could not be read" in page.locator("[data-la-unread]").inner_text()


@pytest.mark.parametrize("entry", DAMAGED.values(), ids=DAMAGED.keys())
def test_a_session_with_a_damaged_log_or_plan_is_set_aside_unread_and_kept(context, base_url, entry):
    """A saved session whose new fields are of the wrong shape cannot be read: it is not listed,
    "Your sessions" says so once, and its text stays in storage, as for any damaged entry."""
    page = routine_page(context, base_url)
    text = json.dumps([OLD, entry])
    page.evaluate("([key, text]) => localStorage.setItem(key, text)", [HISTORY_KEY, text])
    page.reload()
    assert page.locator("[data-la-list] li").count() == 1
    assert "1 saved session could not be read" in page.locator("[data-la-unread]").inner_text()
    start(page)
    skip_to(page, step_of(page, 0))
    page.locator(DONE).click()
    stop_and_save(page)
    stored = page.evaluate(f"localStorage.getItem('{HISTORY_KEY}')")
    assert stored.startswith(text[:-1]), "the damaged entry is kept as it was, ahead of the new one"


def test_a_session_in_progress_with_a_damaged_log_is_not_resumed_and_is_set_aside(context, base_url):
    page = routine_page(context, base_url)
    at = step_of(page, 1, side="left")
    damaged = {"v": 1, "routine": SHORT, "started": "2026-12-01T07:20:00.000Z", "index": at, "stepStart": 0, "pausedAt": 0,
               "done": [[0, 1, ""]], "log": [[0, 1, "", 10, "reps", "meh"]]}
    text = json.dumps(damaged)
    page.evaluate("([key, text]) => localStorage.setItem(key, text)", [SESSION_KEY, text])
    page.reload()
    assert not page.locator(".la-player__resume").is_visible()
    assert "could not be read" in page.locator("[data-la-unread]").inner_text()
    start(page)
    stored = page.evaluate("() => Object.keys(localStorage).map(key => localStorage.getItem(key))")
    assert text in stored, "set aside before the new session was written over it"


# --- A layout that holds still, big enough for a finger, for a keyboard and a screen reader ---------

# The player's controls at every step of the routine, with Skip pressed until the end: where each
# one is, whether it is shown, and whether anything scrolls.
LAYOUT = """() => {
  const player = document.querySelector('dialog.la-player');
  const controls = [...player.querySelectorAll('[data-la-action], [data-la-close], [data-la-reps-by], [data-la-feel], .la-player__options label')];
  const seen = [];
  for (let n = 0; n < 500 && player.getAttribute('data-kind') !== 'end'; n++) {
    seen.push({
      step: player.getAttribute('data-step'),
      logging: !player.querySelector('[data-la-action="done"]').hidden,
      scrolls: player.scrollHeight > player.clientHeight + 1 || player.scrollTop > 0,
      boxes: controls.map(e => { const b = e.getBoundingClientRect(); return {
        name: e.getAttribute('aria-label') || e.textContent.trim(), x: b.x, y: b.y, w: b.width, h: b.height,
        shown: !e.closest('[hidden]') && getComputedStyle(e).visibility === 'visible' && b.width > 0}; }),
    });
    player.querySelector('[data-la-action="skip"]').click();
  }
  return {seen, width: innerWidth, height: innerHeight};
}"""


@pytest.mark.parametrize("size", SIZES.values(), ids=SIZES.keys())
def test_the_log_keeps_its_room_so_no_control_moves_and_each_is_big_enough(browser, base_url, size):
    """Every step of every routine, upright and on its side, small and large: Done, the log's
    buttons, Back, Pause, Skip, Stop, the options and Close stay where they were on the first set
    of reps, rep steps and timed steps alike; the log is shown exactly when Done is; every control
    shown is on the screen and at least 44 x 44 px; nothing scrolls."""
    context = browser.new_context(viewport=size, is_mobile=True, has_touch=True)
    problems: list[str] = []
    for slug in ROUTINES:
        page = routine_page(context, base_url, slug)
        start(page)
        found = page.evaluate(LAYOUT)
        steps = found["seen"]
        assert len(steps) == len(data(page)["steps"]) and any(s["logging"] for s in steps) and not all(s["logging"] for s in steps), slug
        first = next(s for s in steps if s["logging"])["boxes"]
        assert {"Done", "Fewer reps", "More reps", *FEEL_BUTTONS.values()} <= {box["name"] for box in first if box["shown"]}, slug
        for seen in steps:
            where = f"{slug} step {int(seen['step']) + 1} ({'reps' if seen['logging'] else 'timed'})"
            if seen["scrolls"]:
                problems.append(f"{where}: the player scrolls")
            for want, box in zip(first, seen["boxes"], strict=True):
                log_control = box["name"] in ["Fewer reps", "More reps", *FEEL_BUTTONS.values()]
                if log_control or box["name"] == "Done":
                    if box["shown"] != seen["logging"]:
                        problems.append(f"{where}: {box['name']} {'shown' if box['shown'] else 'hidden'}")
                if box["shown"] or log_control:  # a hidden log still holds its place
                    if abs(want["x"] - box["x"]) > 0.5 or abs(want["y"] - box["y"]) > 0.5 or abs(want["w"] - box["w"]) > 0.5 or abs(want["h"] - box["h"]) > 0.5:
                        problems.append(f"{where}: {box['name']} moved: {want} to {box}")
                if box["shown"]:
                    if box["x"] < 0 or box["y"] < 0 or box["x"] + box["w"] > found["width"] + 0.5 or box["y"] + box["h"] > found["height"] + 0.5:
                        problems.append(f"{where}: {box['name']} is not on the screen: {box}")
                    if box["w"] < 44 or box["h"] < 44:
                        problems.append(f"{where}: {box['name']} is {box['w']:.0f} x {box['h']:.0f} px")
        page.close()
    context.close()
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:40])


def focused_name(page) -> str:
    return page.evaluate("() => { const e = document.activeElement; return e ? (e.getAttribute('aria-label') || e.textContent.trim()) : ''; }")


def test_the_log_is_reached_by_tab_after_done_and_works_from_the_keyboard(context, base_url):
    """Done is the first control after the stage; Tab goes on to the log's buttons, then Back.
    Enter on + and on Easy log the set and finish it."""
    page = routine_page(context, base_url)
    row = data(page)["rows"][0]
    start(page)
    at = step_of(page, 0)
    skip_to(page, at)
    page.locator(DONE).focus()
    order = []
    for _ in range(6):
        page.keyboard.press("Tab")
        order.append(focused_name(page))
    assert order == ["Fewer reps", "More reps", *FEEL_BUTTONS.values(), "Back"], order
    page.get_by_role("button", name="More reps", exact=True).focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Space")
    assert page.locator(REPS).inner_text() == str(row["reps"] + 2)
    page.get_by_role("button", name=FEEL_BUTTONS["easy"], exact=True).focus()
    page.keyboard.press("Enter")
    assert step_index(page) == at + 1
    assert page.evaluate("document.querySelector('dialog.la-player').contains(document.activeElement)")
    visible = page.evaluate("() => { const e = document.activeElement, b = e.getBoundingClientRect(); return b.width > 0 && getComputedStyle(e).visibility === 'visible'; }")
    assert visible, f"focus was left on a hidden button: {focused_name(page)}"
    stop_and_save(page)
    assert saved_log(page) == [[row["exercise"], 1, "", row["reps"] + 2, "reps", "easy"]]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_set_of_reps_with_its_log_passes_axe_on_a_small_phone(browser, base_url, scheme):
    need(AXE, "axe-core")
    context = browser.new_context(viewport=SIZES["small upright"], color_scheme=scheme, is_mobile=True, has_touch=True)
    context.add_init_script(RECORD_VIOLATIONS)
    page = routine_page(context, base_url, MIXED)
    start(page)
    skip_to(page, step_of(page, 0))
    more(page)
    page.clock.resume()  # axe waits on timers of its own
    found = run_axe(page)
    assert not found, found
    assert page.evaluate("window.__violations") == []
    context.close()


# --- Drawings where the page has no card -------------------------------------------------------------


def test_a_rows_drawing_comes_from_the_template_of_its_exercise_where_the_page_has_no_card(context, base_url):
    """A plan's page has no card: it holds a <template data-la-figure-of="<exercise>"> per exercise.
    Tested on a routine's page made like one (its card's rows taken out, the templates put in
    their place, each drawing marked with its exercise), as the plan page is another's work: the
    player shows each row's own exercise's drawing, the moving one and the still strip."""
    page = routine_page(context, base_url, MIXED)
    rows = data(page)["rows"]
    page.evaluate("""rows => {
      const cardRows = [...document.querySelectorAll('.la-sheet .la-sheet__row')];
      rows.forEach((row, r) => {
        const template = document.createElement('template');
        template.setAttribute('data-la-figure-of', row.exercise);
        cardRows[r].querySelectorAll('.la-fig').forEach(svg => {
          const copy = svg.cloneNode(true);
          copy.setAttribute('data-from', row.exercise);
          template.content.appendChild(copy);
        });
        document.body.appendChild(template);
      });
      cardRows.forEach(row => row.remove());
    }""", rows)
    assert page.locator(".la-sheet .la-sheet__row").count() == 0
    start(page)
    seen = set()
    for r, row in enumerate(rows):
        skip_to(page, step_of(page, r, side="left" if row["oneSided"] else ""))
        marks = page.locator("dialog.la-player [data-la-figure] .la-fig").evaluate_all("figs => figs.map(f => f.getAttribute('data-from'))")
        assert marks and set(marks) == {row["exercise"]}, (r, marks)
        seen.add(row["exercise"])
    assert len(seen) == len(rows) > 1
