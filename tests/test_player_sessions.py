"""The follow-along player's sessions, as a reader meets them in Chromium: history kept in
this browser and shown on the routine's page, the CSV download, clearing, resuming after a
reload, nothing sent anywhere, accessibility, the keyboard, no JavaScript, and print.

Time is Playwright's clock: installed before the page loads, paused, and moved on by hand,
so a timed step ends when the test says so. What the player shows is read from the screen;
the plan (how many sets) is read from the page's own JSON, never written down here."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from test_quality import AXE, need, run_axe
from test_security import RECORD_VIOLATIONS

pytestmark = pytest.mark.browser

ROUTINE = "pre-run-activation"  # the shortest routine: every set is reps, no rests
WITH_RESTS = "gym-glute-strength"  # a rest comes after its first set
PHONE = {"width": 390, "height": 844}
ZONE = "Europe/London"
NOW = datetime(2025, 3, 14, 9, 30, tzinfo=ZoneInfo(ZONE))  # a Friday morning where the reader is
TODAY = "Fri, 14 Mar 2025"  # how an en-GB browser writes NOW as weekday, day, month, year
SESSION_KEY = "la-player-session-v1"
HISTORY_KEY = "la-player-history-v1"

PLAYER = "dialog.la-player"
DONE = "dialog.la-player [data-la-action='done']"
SUMMARY = "[data-la-summary]"
ITEMS = "[data-la-list] li"
CARD_DONE = ".la-sheet .la-tick.la-tick--done"
# Fills this browser's storage to the brim, so that the next thing it is asked to keep is refused.
FILL_STORAGE = """() => {
  let size = 1 << 24;
  for (let n = 0; size >= 1; n++) {
    try { localStorage.setItem("filler-" + n, "x".repeat(size)); } catch (error) { size = Math.floor(size / 2); }
  }
}"""


# --- A reader's tab ---------------------------------------------------------------------------


@pytest.fixture
def context(browser):
    """A fresh browser (empty localStorage) with a phone's screen, British dates and the policy watched."""
    context = browser.new_context(viewport=PHONE, locale="en-GB", timezone_id=ZONE)
    context.add_init_script(RECORD_VIOLATIONS)
    yield context
    context.close()


def open_page(context, base_url: str, address: str, clock: bool = True):
    """A new tab on `address`, with Playwright's clock installed first and then paused."""
    page = context.new_page()
    page.console_lines = []
    page.on("console", lambda message: page.console_lines.append(message.text))
    if clock:
        page.clock.install(time=NOW)
    page.goto(base_url + address)
    if clock:
        page.clock.pause_at(NOW + timedelta(seconds=30))
    return page


def routine_page(context, base_url: str, slug: str = ROUTINE):
    return open_page(context, base_url, f"routines/{slug}/")


def plan(page) -> dict:
    """The player's data, as the build put it in the page."""
    return json.loads(page.locator("script.la-player__data").text_content())


def work_steps(page) -> int:
    """The sets of the routine as its card counts them: "2 × 15 each side" is 2 sets."""
    return sum(row["sets"] for row in plan(page)["rows"])


def shown(page, selector: str) -> str:
    return " ".join(page.locator(selector).inner_text().split())


def phase(page) -> str:
    """The phase line's words (shown in capitals by the style sheet)."""
    return page.locator("dialog.la-player [data-la-phase]").text_content().strip()


def step_index(page) -> str | None:
    return page.locator(PLAYER).get_attribute("data-step")


def seconds_on(clock: str) -> int:
    minutes, seconds = clock.split(":")
    return int(minutes) * 60 + int(seconds)


def history(page) -> list[dict]:
    return json.loads(page.evaluate(f"localStorage.getItem('{HISTORY_KEY}') || '[]'"))


def focused(page) -> dict:
    """Where keyboard focus is: the element's tag, words and whether a person can see it."""
    return page.evaluate(
        """() => {
          const e = document.activeElement;
          const box = e ? e.getBoundingClientRect() : null;
          return {tag: e ? e.tagName.toLowerCase() : null, text: e ? e.textContent.trim().slice(0, 60) : "",
                  visible: !!e && e !== document.body && box.width > 0 && box.height > 0 && getComputedStyle(e).visibility !== "hidden"};
        }"""
    )


def violations(page) -> list[str]:
    """Content-Security-Policy refusals on this page (its listener) and in the console."""
    return page.evaluate("window.__violations || []") + [line for line in page.console_lines if "Content Security Policy" in line]


# --- Playing --------------------------------------------------------------------------------


def next_step(page) -> bool:
    """Do what a reader does with the step on screen: press Done for a set of reps, or wait
    out a timed step. Returns True when "Done" was pressed."""
    set_line = shown(page, "dialog.la-player [data-la-set]")
    if page.locator(DONE).is_visible():
        assert "reps" in set_line, f"Done is offered on a timed step: {set_line!r}"
        page.locator(DONE).click()
        return True
    clock = page.locator("dialog.la-player [data-la-clock]").inner_text()
    assert ":" in clock, f"a step with neither Done nor a countdown: {phase(page)} {set_line!r}"
    page.clock.run_for(seconds_on(clock) * 1000 + 300)
    return False


def do_sets(page, sets: int) -> None:
    """Follow the player until `sets` sets of reps have been marked done."""
    pressed = 0
    for _ in range(200):
        if pressed == sets:
            return
        pressed += next_step(page)
    pytest.fail(f"only {pressed} of {sets} sets reached")


def play_to_the_end(page) -> None:
    for _ in range(200):
        if phase(page) == "Finished":
            return
        next_step(page)
    pytest.fail(f"the routine never finished: still at {phase(page)}")


def start(page) -> None:
    page.get_by_role("button", name="Start: follow along").click()
    assert page.locator(PLAYER).is_visible()


def close_player(page) -> None:
    page.locator("dialog.la-player [data-la-close]").click()
    assert not page.locator(PLAYER).is_visible()


def finished_session(page) -> None:
    start(page)
    play_to_the_end(page)
    close_player(page)


def stopped_session(page, sets: int = 1) -> None:
    start(page)
    do_sets(page, sets)
    stop(page)
    close_player(page)


def stop(page) -> None:
    """Stop, and say yes when the player asks."""
    page.locator("dialog.la-player [data-la-action='stop']").click()
    page.get_by_role("button", name="Stop and save").click()
    assert phase(page) == "Stopped"


def download_csv(page) -> tuple[str, list[list[str]]]:
    with page.expect_download() as info:
        page.get_by_role("link", name="Download my sessions (CSV)").click()
    download = info.value
    text = Path(download.path()).read_bytes().decode("utf-8")
    return download.suggested_filename, list(csv.reader(io.StringIO(text, newline="")))


# --- 1. History saved and shown ---------------------------------------------------------------


def test_a_finished_session_is_shown_on_its_routine_page_and_kept_after_a_reload(context, base_url):
    """A routine played to the end shows as "Last done <today>" with "finished, N of N sets",
    still after a reload, and only on its own routine's page."""
    page = routine_page(context, base_url)
    sets = work_steps(page)
    assert sets > 1
    assert "Not done on this device yet" in shown(page, SUMMARY)
    assert page.locator(ITEMS).count() == 0
    start(page)
    play_to_the_end(page)
    assert shown(page, "dialog.la-player [data-la-set]") == f"{sets} of {sets} sets done"
    close_player(page)
    for _ in range(2):
        assert f"Last done {TODAY}" in shown(page, SUMMARY)
        assert page.locator(ITEMS).count() == 1
        item = shown(page, ITEMS)
        assert "finished" in item and f"{sets} of {sets} sets" in item and TODAY in item, item
        page.reload()
    other = routine_page(context, base_url, WITH_RESTS)
    assert other.locator(ITEMS).count() == 0 and not other.locator("[data-la-list]").is_visible()
    assert "Not done on this device yet" in shown(other, SUMMARY)
    assert "Last done" not in shown(other, SUMMARY)


# --- 2. Stopped mid-way ---------------------------------------------------------------------


def test_a_session_stopped_after_two_sets_is_kept_as_stopped_with_two_sets(context, base_url):
    """Stop after two sets: the player says so and the history item reads "stopped, 2 of N sets"."""
    page = routine_page(context, base_url)
    sets = work_steps(page)
    start(page)
    do_sets(page, 3)  # the glute bridge's set, and both sides of the clamshell's: two sets on the card
    stop(page)
    assert shown(page, "dialog.la-player [data-la-set]") == f"2 of {sets} sets done"
    close_player(page)
    assert page.locator(ITEMS).count() == 1
    item = shown(page, ITEMS)
    assert "stopped" in item and "finished" not in item and f"2 of {sets} sets" in item, item
    assert f"Last done {TODAY}" in shown(page, SUMMARY)


# --- 3. Export ------------------------------------------------------------------------------


def test_the_download_is_a_csv_with_one_row_per_session(context, base_url):
    """"Download my sessions (CSV)" gives a header and one row per session: the routine's title,
    finished yes or no, sets done and sets planned, and each exercise's sets."""
    page = routine_page(context, base_url)
    data = plan(page)
    sets = work_steps(page)
    finished_session(page)
    stopped_session(page, 1)
    name, rows = download_csv(page)
    assert name.endswith(".csv")
    assert rows[0] == ["date", "routine", "finished", "sets done", "sets planned", "exercises"]
    assert len(rows) == 3, rows
    (first, second) = rows[1:]
    assert first[1:5] == [data["title"], "yes", str(sets), str(sets)]
    assert second[1:5] == [data["title"], "no", "1", str(sets)]
    assert first[0].startswith("2025-03-14")
    for row in data["rows"]:
        planned = row["sets"]  # as the card counts them: a one-sided set is both its sides
        assert f"{row['name']} {planned}/{planned}" in first[5], first[5]
    assert f"{data['rows'][0]['name']} 1/" in second[5], second[5]


@pytest.mark.parametrize("start_of_formula", ["=", "+", "-", "@"])
def test_a_title_or_exercise_that_starts_like_a_formula_is_written_as_text(context, base_url, start_of_formula):
    """A cell a spreadsheet would run as a formula (=, +, -, @ first) starts with "'" in the download."""
    page = routine_page(context, base_url)
    stopped_session(page, 1)
    entry = history(page)[0]
    entry["title"] = f"{start_of_formula}HYPERLINK(1)"
    entry["rows"][0][0] = f"{start_of_formula}SUM(1,2)"
    page.evaluate("([key, value]) => localStorage.setItem(key, value)", [HISTORY_KEY, json.dumps([entry])])
    page.reload()
    _, rows = download_csv(page)
    assert len(rows) == 2, rows
    assert rows[1][1] == f"'{start_of_formula}HYPERLINK(1)"
    assert rows[1][5].startswith(f"'{start_of_formula}SUM(1,2) 1/"), rows[1][5]


# --- 4. Clear -------------------------------------------------------------------------------


def test_clearing_asks_first_keeps_on_no_and_empties_on_yes(context, base_url):
    """"Clear my sessions" asks; "Keep them" keeps everything; "Yes, clear them" empties the list
    and the browser's storage, and focus lands on something a person can see."""
    page = routine_page(context, base_url)
    stopped_session(page, 1)
    confirm = page.locator("[data-la-confirm]")
    assert not confirm.is_visible()
    page.get_by_role("button", name="Clear my sessions").click()
    assert confirm.is_visible() and "Clear every session" in shown(page, "[data-la-confirm]")
    assert focused(page)["visible"] and focused(page)["text"] == "Keep them"
    page.get_by_role("button", name="Keep them").click()
    assert not confirm.is_visible()
    assert page.locator(ITEMS).count() == 1 and len(history(page)) == 1
    assert focused(page) == {"tag": "button", "text": "Clear my sessions", "visible": True}
    page.get_by_role("button", name="Clear my sessions").click()
    page.get_by_role("button", name="Yes, clear them").click()
    assert page.locator(ITEMS).count() == 0 and not page.locator("[data-la-list]").is_visible()
    assert page.evaluate(f"localStorage.getItem('{HISTORY_KEY}')") is None
    assert "Not done on this device yet" in shown(page, SUMMARY)
    assert not page.get_by_role("button", name="Clear my sessions").is_visible()
    assert focused(page)["visible"], f"focus was lost after clearing: {focused(page)}"
    page.reload()
    assert page.locator(ITEMS).count() == 0


def test_clearing_from_another_routines_page_keeps_focus_on_the_page(context, base_url):
    """Sessions of one routine can be cleared from another routine's page (the tools show there
    too): afterwards focus must not fall back to the page's body."""
    page = routine_page(context, base_url)
    stopped_session(page, 1)
    other = routine_page(context, base_url, WITH_RESTS)
    assert "other routines' sessions are in the download" in shown(other, SUMMARY)
    other.get_by_role("button", name="Clear my sessions").click()
    other.get_by_role("button", name="Yes, clear them").click()
    assert history(other) == []
    assert focused(other)["visible"], f"focus was lost after clearing: {focused(other)}"


# --- 5. Resume after a reload ---------------------------------------------------------------


def test_a_session_in_progress_is_offered_again_after_a_reload(context, base_url):
    """Reload mid-way: "Resume" names where the reader stopped, ticks the card as far as they got,
    and opens the player on the same step with the same time left; "Start again" discards it."""
    page = routine_page(context, base_url)
    start(page)
    do_sets(page, 1)
    page.clock.run_for(5000)
    where = {"step": step_index(page), "name": shown(page, "dialog.la-player [data-la-name]"),
             "clock": shown(page, "dialog.la-player [data-la-clock]")}
    assert page.locator(CARD_DONE).count() == 1
    page.reload()
    page.clock.run_for(60_000)  # the reader comes back a minute later
    offer = page.locator(".la-player__resume")
    assert offer.is_visible()
    assert f"You stopped at {where['name']}" in shown(page, ".la-player__resume")
    assert page.locator(CARD_DONE).count() == 1
    page.get_by_role("button", name="Resume", exact=True).click()
    assert page.locator(PLAYER).is_visible()
    assert step_index(page) == where["step"]
    assert shown(page, "dialog.la-player [data-la-name]") == where["name"]
    # The same time left, give or take the one tick (200 ms) the screen may lag the clock by.
    assert abs(seconds_on(shown(page, "dialog.la-player [data-la-clock]")) - seconds_on(where["clock"])) <= 1
    assert page.locator(CARD_DONE).count() == 1
    do_sets(page, 2)  # both sides of the clamshell: the card's second set
    assert page.locator(CARD_DONE).count() == 3
    page.reload()
    assert "(2 sets done)" in shown(page, ".la-player__resume")
    page.get_by_role("button", name="Start again").click()
    assert not offer.is_visible()
    assert page.locator(CARD_DONE).count() == 0
    assert page.evaluate(f"localStorage.getItem('{SESSION_KEY}')") is None
    assert focused(page) == {"tag": "button", "text": "Start: follow along", "visible": True}
    page.reload()
    assert not offer.is_visible()


def test_the_resume_offer_counts_one_set_in_the_singular(context, base_url):
    """After one set the offer reads "1 set done", as the history's "1 session" does, not "1 sets"."""
    page = routine_page(context, base_url)
    start(page)
    do_sets(page, 1)
    page.reload()
    offer = shown(page, ".la-player__resume")
    assert "(1 set done)" in offer, offer


# --- 6. Nothing leaves the device -----------------------------------------------------------


def test_a_session_export_and_clear_send_nothing_anywhere(context, base_url):
    """Every request during a whole session, the download and clearing goes to the site itself,
    and nothing tries to go elsewhere (the site's policy would refuse it, and say so)."""
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = routine_page(context, base_url)
    finished_session(page)
    download_csv(page)
    page.get_by_role("button", name="Clear my sessions").click()
    page.get_by_role("button", name="Yes, clear them").click()
    refused = violations(page)
    page.reload()
    refused += violations(page)
    site = urlsplit(base_url)
    elsewhere = [url for url in requests if not url.startswith("data:") and urlsplit(url)[:2] != site[:2]]
    assert requests and not elsewhere, elsewhere
    # The policy refuses other hosts before any request is made: an attempt shows as a violation.
    assert not refused, refused


# --- 7. Accessibility and the policy, in every state --------------------------------------------


def test_every_state_of_the_player_passes_axe_and_meets_no_policy_violation(context, base_url):
    """On a phone: the page with history, a rest, a set with Done, paused, finished, and the
    resume offer: axe finds nothing, and the Content-Security-Policy refuses nothing."""
    need(AXE, "axe-core")
    failures: list[str] = []

    def check(page, state: str) -> None:
        # axe waits on timers of its own: time flows while it runs (no state here ends in a second or two).
        page.clock.resume()
        # A button just pressed is still fading to its focus colours: axe reads the colours at rest.
        page.evaluate("Promise.all(document.getAnimations().filter(a => a instanceof CSSTransition).map(a => a.finished.catch(() => null)))")
        failures.extend(f"{state}: axe {v['rule']} ({v['impact']}) at {v['nodes']}" for v in run_axe(page))
        page.clock.pause_at(page.evaluate("Date.now()") / 1000 + 1)
        failures.extend(f"{state}: {v}" for v in violations(page))

    page = routine_page(context, base_url)
    start(page)
    play_to_the_end(page)
    assert phase(page) == "Finished"
    check(page, "finished")
    close_player(page)
    assert page.locator(ITEMS).count() == 1
    check(page, "history shown")
    start(page)
    do_sets(page, 1)
    close_player(page)
    assert page.locator(".la-player__resume").is_visible()
    check(page, "resume offer")

    rests = routine_page(context, base_url, WITH_RESTS)
    start(rests)
    next_step(rests)
    assert rests.locator(DONE).is_visible()
    check(rests, "set with Done")
    do_sets(rests, 1)
    assert rests.locator(PLAYER).get_attribute("data-kind") == "rest", phase(rests)
    check(rests, "rest")
    rests.locator("dialog.la-player [data-la-action='pause']").click()
    assert phase(rests) == "Paused"
    check(rests, "paused")
    assert not failures, "\n".join(failures)


# --- 8. The keyboard ------------------------------------------------------------------------


def tab_to(page, name: str, limit: int = 300) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if focused(page)["text"] == name:
            return
    pytest.fail(f"Tab never reached {name!r}")


def test_the_player_works_from_the_keyboard(context, base_url):
    """Tab to Start and press Enter; Space and Enter on Done move on; Escape closes the player,
    the resume offer appears and focus is on a control a person can see."""
    page = routine_page(context, base_url)
    tab_to(page, "Start: follow along")
    page.keyboard.press("Enter")
    assert page.locator(PLAYER).is_visible()
    for key in ("Space", "Enter"):
        while not page.locator(DONE).is_visible():
            next_step(page)
        before = step_index(page)
        tab_to(page, "Done", limit=20)
        page.keyboard.press(key)
        assert step_index(page) != before, f"{key} on Done did not move on"
    page.keyboard.press("Escape")
    assert not page.locator(PLAYER).is_visible()
    assert page.locator(".la-player__resume").is_visible()
    assert focused(page) == {"tag": "button", "text": "Resume", "visible": True}


def test_after_done_keyboard_focus_stays_on_a_visible_control_in_the_player(context, base_url):
    """Pressing Done hides it (the next step is timed): focus must move to a control a person can
    see in the player, not drop to the page's body."""
    page = routine_page(context, base_url)
    start(page)
    while not page.locator(DONE).is_visible():
        next_step(page)
    page.locator(DONE).focus()
    page.keyboard.press("Enter")
    assert not page.locator(DONE).is_visible()
    where = focused(page)
    assert where["visible"], f"focus was lost after Done: {where}"
    assert page.evaluate("document.querySelector('dialog.la-player').contains(document.activeElement)")


# --- 9. Without JavaScript ------------------------------------------------------------------


@pytest.mark.parametrize("address", [f"routines/{ROUTINE}/", f"routines/{ROUTINE}/card/"])
def test_without_javascript_the_player_and_sessions_are_hidden_and_the_card_is_there(browser, base_url, address):
    """With JavaScript off: no Start button, no "Your sessions", and the printable card with every box."""
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(base_url + address)
    sets = sum(row["sets"] * (2 if row["oneSided"] else 1) for row in plan(page)["rows"])  # a box per side of a set
    assert page.locator("[data-la-start]").count() == 1 and not page.locator("[data-la-start]").is_visible()
    assert not page.locator(".la-history").is_visible()
    assert not page.locator(".la-player__resume").is_visible()
    assert page.locator(".la-sheet").is_visible()
    ticks = page.locator(".la-sheet .la-tick")
    assert ticks.count() == sets and all(ticks.nth(i).is_visible() for i in range(sets))
    context.close()


def test_with_javascript_the_card_page_plays_and_ticks_its_own_card(context, base_url):
    """The pocket card's page has the player too, and its card gets the ticks."""
    page = open_page(context, base_url, f"routines/{ROUTINE}/card/")
    assert page.locator(".la-history").is_visible()
    start(page)
    do_sets(page, 1)
    assert page.locator(CARD_DONE).count() == 1


# --- 10. Print ------------------------------------------------------------------------------


def test_print_shows_neither_player_nor_sessions_and_the_ticks_stay_blank(context, base_url):
    """Printed, the page has no player and no sessions, and the card's boxes are blank even where
    the player ticked them, so the paper copy can be ticked by pen."""
    page = routine_page(context, base_url)
    finished_session(page)
    start(page)
    do_sets(page, 1)
    close_player(page)
    assert page.locator(CARD_DONE).count() == 1
    assert page.locator(".la-history").is_visible()
    page.emulate_media(media="print")
    for selector in (".la-player-home", ".la-history", ".la-player__resume", "[data-la-start]", PLAYER):
        assert not page.locator(selector).first.is_visible(), f"{selector} is printed"
    looks = page.evaluate(
        """() => {
          const done = document.querySelector('.la-sheet .la-tick.la-tick--done');
          const blank = document.querySelector('.la-sheet .la-tick:not(.la-tick--done)');
          const look = e => { const s = getComputedStyle(e); return [s.backgroundColor, s.borderTopColor]; };
          const mark = getComputedStyle(done, '::after');
          return {done: look(done), blank: look(blank), mark: mark.display === 'none' || mark.content === 'none'};
        }"""
    )
    assert looks["done"] == looks["blank"], looks
    assert looks["mark"], "a ticked box prints its tick mark"
    assert page.locator(".la-sheet").is_visible()


# --- 11. Whatever is in storage ---------------------------------------------------------------

SETTINGS_KEY = "la-player-settings-v1"
UNREAD = "[data-la-unread]"
# A session as the player writes it, for this routine, a few days ago.
GOOD = {"v": 1, "routine": ROUTINE, "title": "Pre-run glute wake-up", "date": "2025-03-10T08:00:00.000Z",
        "finished": True, "parts": 3, "of": 3, "rows": [["Glute bridge", 2, 2]]}
# Valid JSON the player did not write (or damaged), under each key the player keeps.
HOSTILE_STORED = {
    "sessions an object": {HISTORY_KEY: '{"v": 1, "sessions": []}'},
    "sessions null": {HISTORY_KEY: "null"},
    "sessions a number": {HISTORY_KEY: "42"},
    "sessions a string": {HISTORY_KEY: '"my sessions"'},
    "sessions cut short": {HISTORY_KEY: '[{"v": 1, "routine": '},
    "null and junk entries": {HISTORY_KEY: json.dumps([None, 1, "x", [], {}, True, GOOD])},
    "an entry without rows": {HISTORY_KEY: json.dumps([{k: v for k, v in GOOD.items() if k != "rows"}, GOOD])},
    "numbers as strings": {HISTORY_KEY: json.dumps([{**GOOD, "parts": "3", "of": "3"}, {**GOOD, "rows": [["Glute bridge", "2", "2"]]}])},
    "rows of the wrong shape": {HISTORY_KEY: json.dumps([{**GOOD, "rows": [None, "Glute bridge", {"0": 1}]}, {**GOOD, "rows": {"length": 1}}])},
    "dates that are no date": {HISTORY_KEY: json.dumps([{**GOOD, "date": "yesterday"}, {**GOOD, "date": None}, {**GOOD, "date": 1e300}])},
    "inherited names": {HISTORY_KEY: json.dumps([{**GOOD, "routine": "__proto__"}, {"__proto__": GOOD}, {**GOOD, "rows": [["constructor", 1, 1]]}])},
    "a huge list": {HISTORY_KEY: "[" + ",".join(["null"] * 200_000) + "]"},
    "a deep list": {HISTORY_KEY: "[" * 3000 + "]" * 3000},
    "session of the wrong shape": {SESSION_KEY: json.dumps({"v": 1, "routine": ROUTINE, "index": "2", "done": None, "stepStart": "x", "pausedAt": "y"})},
    "session with junk sets done": {SESSION_KEY: json.dumps({"v": 1, "routine": ROUTINE, "started": "2025-03-14T09:00:00.000Z", "index": 1, "stepStart": 0, "pausedAt": 0, "done": [None, [0], ["a", "b", "c"]]})},
    "session past the end": {SESSION_KEY: json.dumps({"v": 1, "routine": ROUTINE, "started": "2025-03-14T09:00:00.000Z", "index": 10**9, "stepStart": 0, "pausedAt": 0, "done": []})},
    "session a list": {SESSION_KEY: "[]"},
    "session null": {SESSION_KEY: "null"},
    "settings null": {SETTINGS_KEY: "null"},
    "settings of the wrong types": {SETTINGS_KEY: '{"sound": "no", "speech": 1}'},
    "settings a list": {SETTINGS_KEY: "[true, false]"},
    "everything wrong at once": {HISTORY_KEY: "{}", SESSION_KEY: "[null]", SETTINGS_KEY: '"loud"'},
}


def watched(page) -> list[str]:
    """Script errors on this page, and errors written to its console, from now on."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(f"page error: {error}"))
    page.on("console", lambda message: errors.append(f"console: {message.text}") if message.type == "error" else None)
    return errors


def store(page, values: dict[str, str]) -> None:
    """Put these texts in the page's storage as they are, then load the page again."""
    page.evaluate("values => { for (const [key, text] of Object.entries(values)) localStorage.setItem(key, text); }", values)
    page.reload()


def stored(page) -> dict[str, str]:
    return page.evaluate("() => Object.fromEntries(Object.keys(localStorage).map(key => [key, localStorage.getItem(key)]))")


def still_kept(page, values: dict[str, str]) -> None:
    """What the player could not read is in storage as it was: under its own key, set aside under
    another, or (the entries of a list) ahead of the sessions added since."""
    now = stored(page)
    for key, text in values.items():
        in_place = now.get(key, "")
        kept = text in now.values() or (text.startswith("[") and text.endswith("]") and in_place.startswith(text[:-1]))
        assert kept, f"{key}: {text[:80]!r} is no longer in storage: {[(k, v[:80]) for k, v in now.items()]}"


@pytest.mark.parametrize("values", HOSTILE_STORED.values(), ids=HOSTILE_STORED.keys())
def test_whatever_is_in_storage_the_player_plays_saves_and_exports(context, base_url, values):
    """Valid JSON of the wrong shape in any key the player keeps: the page shows, the player
    plays and Stop saves the session, "Your sessions" lists it and says once what it could not
    read, the download holds it, and what could not be read is still in storage."""
    page = routine_page(context, base_url)
    errors = watched(page)
    sets = work_steps(page)
    title = plan(page)["title"]
    store(page, values)
    if HISTORY_KEY in values or SESSION_KEY in values:
        assert page.locator(UNREAD).is_visible(), "nothing says what could not be read"
    said = page.locator(".la-history").get_by_text("could not be read")
    assert said.count() <= 1
    if SETTINGS_KEY in values:
        assert page.locator("[data-la-option='sound']").is_checked() and not page.locator("[data-la-option='speech']").is_checked()
    start(page)
    speech = page.locator("[data-la-option='speech']")
    speech.check()
    speech.uncheck()  # a setting written over what could not be read
    do_sets(page, 1)
    stop(page)
    close_player(page)
    assert f"stopped, 1 of {sets} sets" in shown(page, "[data-la-list] li:first-child")
    _, rows = download_csv(page)
    assert rows[0] == ["date", "routine", "finished", "sets done", "sets planned", "exercises"]
    assert rows[-1][1:5] == [title, "no", "1", str(sets)], rows[-3:]
    assert all(row[0].startswith("2025-03-") and row[2] in ("yes", "no") for row in rows[1:]), rows
    still_kept(page, values)
    page.reload()
    assert f"stopped, 1 of {sets} sets" in shown(page, "[data-la-list] li:first-child")
    assert page.locator(".la-history").get_by_text("could not be read").count() <= 1
    still_kept(page, values)
    assert not errors, errors


def test_what_could_not_be_read_is_said_once_in_plain_words_and_cleared_only_when_asked(context, base_url):
    """Two unreadable sessions and an unreadable list elsewhere: one sentence says how many could
    not be read and that they are kept; "Keep them" keeps them; "Yes, clear them" removes them."""
    page = routine_page(context, base_url)
    errors = watched(page)
    store(page, {HISTORY_KEY: json.dumps([None, GOOD, {"v": 1}])})
    note = page.locator(UNREAD)
    assert note.is_visible()
    words = shown(page, UNREAD)
    assert "2 saved sessions could not be read" in words and "Clear my sessions" in words, words
    assert page.locator(ITEMS).count() == 1, "the readable one is listed"
    stopped_session(page, 1)
    store(page, {HISTORY_KEY: '{"sessions": "lost?"}'})  # a second kind of damage, after the first was kept
    stopped_session(page, 1)
    assert "1 saved session could not be read" in shown(page, UNREAD), shown(page, UNREAD)
    page.get_by_role("button", name="Clear my sessions").click()
    page.get_by_role("button", name="Keep them").click()
    still_kept(page, {HISTORY_KEY: '{"sessions": "lost?"}'})
    page.get_by_role("button", name="Clear my sessions").click()
    page.get_by_role("button", name="Yes, clear them").click()
    assert not note.is_visible()
    assert [key for key in stored(page) if key.startswith("la-player") and "settings" not in key] == []
    page.reload()
    assert not note.is_visible() and page.locator(ITEMS).count() == 0
    assert not errors, errors


def test_a_browser_too_full_to_save_still_gives_the_session_in_the_download(context, base_url):
    """Storage full: Stop still ends the session, "Your sessions" says it could not be kept in
    this browser, and the download holds it."""
    page = routine_page(context, base_url)
    errors = watched(page)
    title = plan(page)["title"]
    sets = work_steps(page)
    start(page)
    page.evaluate(FILL_STORAGE)
    do_sets(page, 1)
    stop(page)
    close_player(page)
    assert "could not be saved" in shown(page, ".la-history")
    _, rows = download_csv(page)
    assert rows[-1][1:5] == [title, "no", "1", str(sets)], rows
    assert not errors, errors


def test_the_note_on_what_could_not_be_read_passes_axe(context, base_url):
    need(AXE, "axe-core")
    page = routine_page(context, base_url)
    store(page, {HISTORY_KEY: "{}", SESSION_KEY: "[null]"})
    assert "2 saved sessions could not be read" in shown(page, UNREAD)
    assert page.get_by_role("button", name="Clear my sessions").is_visible()
    page.clock.resume()  # axe waits on timers of its own
    found = run_axe(page)
    assert not found, found
    assert not violations(page)
