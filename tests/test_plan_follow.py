"""Following a plan on the phone, as a runner does it in Chromium (issue 29): start the plan and
choose strength days, see today's session on the plan page and the home page, play it in the
player at that week's doses, tick it by finishing it, repeat a missed week, move on by hand, and
take (or turn down) the harder version or more reps when a move felt easy twice running.

Days pass on Playwright's clock: installed before the first page, paused, and moved to 8 in the
morning of each day the test lives through. What each week holds is read from the data
(the catalog), never written down here; what the reader sees is read from the screen."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from test_offline import eventually
from test_player_sessions import PHONE, ZONE
from test_quality import AXE, axe_when_still, need
from test_security import RECORD_VIOLATIONS

from lazyathlete.data.routines import card_rows

pytestmark = pytest.mark.browser

PLAN = "six-weeks-to-the-five"
START = date(2025, 3, 3)  # a Monday
PROGRESS_KEY = "la-plan-v1"
HISTORY_KEY = "la-player-history-v1"
SUNDAY, MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY = range(7)  # as the page's values: Date.getDay()
DAY_NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]

PLAYER = "dialog.la-player"
DONE = "dialog.la-player [data-la-action='done']"
STATUS = "[data-la-plan-status]"
WHAT = "[data-la-plan-what]"
MESSAGE = "[data-la-plan-message]"


def morning(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 8, 0, tzinfo=ZoneInfo(ZONE))


@pytest.fixture
def context(browser):
    """A fresh phone (empty storage), British dates, the policy watched: the player tests' own."""
    context = browser.new_context(viewport=PHONE, locale="en-GB", timezone_id=ZONE)
    context.add_init_script(RECORD_VIOLATIONS)
    yield context
    context.close()


class Runner:
    """A reader with a phone: one tab, days that pass on its clock."""

    def __init__(self, context, base_url: str, first: date = START) -> None:
        self.base_url = base_url
        self.page = context.new_page()
        self.page.console_lines = []
        self.page.on("console", lambda message: self.page.console_lines.append(message.text))
        self.page.on("pageerror", lambda error: self.page.console_lines.append(f"page error: {error}"))
        self.day = first
        self.page.clock.install(time=morning(first) - timedelta(minutes=5))
        self.open("")
        self.page.clock.pause_at(morning(first))

    def open(self, address: str) -> None:
        self.page.goto(self.base_url + address)

    def plan_page(self) -> None:
        self.open(f"plans/{PLAN}/")

    def live_to(self, day: date) -> None:
        """Morning of `day`: the reader opens the plan page again."""
        assert day >= self.day
        self.day = day
        self.page.clock.pause_at(morning(day))
        self.plan_page()
        assert self.page.evaluate("new Date().getDate()") == day.day

    def text(self, selector: str) -> str:
        return " ".join(self.page.locator(selector).first.inner_text().split())

    def progress(self) -> dict:
        return json.loads(self.page.evaluate(f"localStorage.getItem('{PROGRESS_KEY}')") or "null")

    def history(self) -> list[dict]:
        return json.loads(self.page.evaluate(f"localStorage.getItem('{HISTORY_KEY}')") or "[]")

    def violations(self) -> list[str]:
        return self.page.evaluate("window.__violations || []") + [
            line for line in self.page.console_lines if "Content Security Policy" in line or line.startswith("page error")
        ]

    def start_plan(self, long_run: int | None, hard: int | None) -> None:
        self.page.locator("[data-la-plan-long]").select_option("" if long_run is None else str(long_run))
        self.page.locator("[data-la-plan-hard]").select_option("" if hard is None else str(hard))

    def chosen_days(self) -> list[int]:
        return [int(v) for v in self.page.locator("[data-la-plan-day]:checked").evaluate_all("boxes => boxes.map(b => b.value)")]

    def play(self, feel: dict[str, str] | None = None) -> dict[str, list[int]]:
        """Start today's session and follow it to the end: Done on each set of reps (or the
        feel the reader gives for an exercise), timed steps waited out. Returns the reps the
        player asked for, by exercise name."""
        page = self.page
        page.locator("[data-la-start]").click()
        assert page.locator(PLAYER).is_visible()
        asked: dict[str, list[int]] = {}
        for _ in range(400):
            if page.locator(f"{PLAYER} [data-la-phase]").text_content().strip() == "Finished":
                page.locator(DONE).click()  # "Back to the plan"
                assert not page.locator(PLAYER).is_visible()
                return asked
            name = page.locator(f"{PLAYER} [data-la-name]").text_content().strip().split(" · ")[-1]
            set_line = page.locator(f"{PLAYER} [data-la-set]").text_content()
            if page.locator(DONE).is_visible():
                reps = re.search(r"(\d+) reps", set_line)
                assert reps, f"Done offered on a set without reps: {set_line!r}"
                asked.setdefault(name, []).append(int(reps.group(1)))
                words = (feel or {}).get(name)
                if words:
                    page.locator(PLAYER).get_by_role("button", name=words, exact=False).first.click()
                else:
                    page.locator(DONE).click()
                continue
            clock = page.locator(f"{PLAYER} [data-la-clock]").inner_text()
            minutes, seconds = clock.split(":")
            page.clock.run_for((int(minutes) * 60 + int(seconds)) * 1000 + 300)
        pytest.fail("the session never finished")


def week_doses(catalog, week: int, session: int) -> dict[str, int]:
    """Reps a set, by exercise name, as the data gives that week's session."""
    plan = catalog.plan(PLAN)
    routine = catalog.session_routine(plan.weeks[week - 1].sessions[session - 1])
    return {row.exercise.name: row.dose.reps for row in card_rows(routine, catalog.exercises) if row.dose.reps is not None}


def days_before(days: list[int]) -> set[int]:
    return {(d + 6) % 7 for d in days}


# --- Choosing days --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("long_run", "hard"),
    [(SUNDAY, WEDNESDAY), (SATURDAY, TUESDAY), (SUNDAY, THURSDAY), (SATURDAY, SUNDAY), (None, None), (SUNDAY, None), (WEDNESDAY, THURSDAY)],
)
def test_the_days_proposed_leave_the_day_before_the_long_run_and_the_hard_session_clear(context, base_url, catalog, long_run, hard):
    reader = Runner(context, base_url)
    reader.plan_page()
    reader.start_plan(long_run, hard)
    days = reader.chosen_days()
    runs = [d for d in (long_run, hard) if d is not None]
    assert len(days) == catalog.plan(PLAN).per_week
    assert not set(days) & days_before(runs), f"a strength day right before a run day: {days} for runs {runs}"
    assert not set(days) & days_before(days), f"strength days back to back: {days}"
    assert not set(days) & set(runs), f"a strength day on a run day when the week had room: {days}"
    advice = reader.text("[data-la-plan-advice]")
    assert all(DAY_NAMES[d] in advice for d in days), advice


def test_the_reader_can_change_the_days_and_hears_what_is_wrong_with_them(context, base_url):
    reader = Runner(context, base_url)
    reader.plan_page()
    reader.start_plan(SUNDAY, WEDNESDAY)
    page = reader.page
    for value in reader.chosen_days():
        page.locator(f"[data-la-plan-day][value='{value}']").uncheck()
    page.get_by_role("checkbox", name="Sat").check()  # the day before the long run
    assert "Pick 2 days" in reader.text("[data-la-plan-advice]")
    assert page.get_by_role("button", name="Start the plan").is_disabled()
    page.get_by_role("checkbox", name="Tue").check()  # the day before the hard session
    advice = reader.text("[data-la-plan-advice]")
    assert "Saturday is the day before your long run" in advice and "Tuesday is the day before your hard session" in advice
    page.get_by_role("checkbox", name="Sat").uncheck()
    page.get_by_role("checkbox", name="Tue").uncheck()
    page.get_by_role("checkbox", name="Mon").check()
    page.get_by_role("checkbox", name="Fri").check()
    assert reader.text("[data-la-plan-advice]") == "Your strength days: Monday and Friday."
    page.get_by_role("button", name="Start the plan").click()
    assert reader.progress()["days"] == [MONDAY, FRIDAY]
    assert "Monday and Friday" in reader.text("[data-la-plan-where]")
    # Changing them later keeps the place in the plan.
    page.get_by_role("button", name="Change my days").click()
    page.get_by_role("checkbox", name="Fri").uncheck()
    page.get_by_role("checkbox", name="Thu").check()
    page.get_by_role("button", name="Save my days").click()
    assert reader.progress()["days"] == [MONDAY, THURSDAY] and reader.progress()["week"] == 1
    assert reader.violations() == []


# --- The whole plan ------------------------------------------------------------------------------


def stored(page) -> dict[str, str]:
    """Everything the site keeps in this browser: its keys all start `la-`."""
    return page.evaluate("() => Object.fromEntries(Object.keys(localStorage).filter(k => k.startsWith('la-')).map(k => [k, localStorage.getItem(k)]))")


def calendar_file(page, tmp_path: Path) -> Calendar:
    with page.expect_download() as info:
        page.get_by_role("link", name="Add my days to my calendar").click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    assert path.suffix == ".ics"
    return Calendar.from_ical(path.read_bytes())


def table_rows(page) -> list[list[str]]:
    page.locator(".la-progress summary").click()  # "Show as a table"
    rows = page.locator(".la-progress tbody tr").evaluate_all("rows => rows.map(r => [...r.cells].map(c => c.textContent.trim()))")
    page.locator(".la-progress summary").click()
    return rows


def test_following_the_whole_six_week_plan(context, browser, base_url, catalog, tmp_path):
    need(AXE, "axe-core")
    plan = catalog.plan(PLAN)
    reader = Runner(context, base_url)
    page = reader.page
    # One visit online, then six weeks and more without a network.
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    eventually(page, "() => navigator.serviceWorker.controller !== null", bool)
    context.set_offline(True)
    reader.plan_page()
    reader.start_plan(SUNDAY, WEDNESDAY)
    page.get_by_role("checkbox", name="Thu").uncheck()
    page.get_by_role("checkbox", name="Fri").check()
    assert axe(page) == [], "the form to start, offline"
    page.get_by_role("button", name="Start the plan").click()
    assert reader.text(STATUS) == "Today's session"
    assert axe(page) == [], "today's session"
    page.clock.pause_at(morning(START) + timedelta(minutes=1))

    # A reminder on the days chosen, as a calendar app reads the file.
    events = calendar_file(page, tmp_path).walk("VEVENT")
    assert sorted(str(day) for event in events for day in event["RRULE"]["BYDAY"]) == ["FR", "MO"]
    assert {event.decoded("DTSTART").strftime("%H:%M") for event in events} == {"07:00"}
    assert all(event.walk("VALARM") for event in events)
    assert {event.decoded("DTSTART").date() for event in events} == {START, START + timedelta(days=4)}

    day = START
    week_seen: list[tuple[int, int, date]] = []
    added: dict[str, int] = {}
    missed_week = 3
    missing = missed = False
    while True:
        progress = reader.progress()
        if progress["finished"]:
            break
        assert day < START + timedelta(weeks=10), "the plan never finished"
        week = progress["week"]
        if day.weekday() in (0, 4):  # Monday and Friday, the days chosen
            if week == missed_week and not missed:
                missing = missed = True  # the reader misses all of week 3's first go
            if missing:
                assert reader.text(STATUS) == "Today's session"
            else:
                session = next(s for s in range(1, 3) if f"{week}-{s}" not in progress["ticks"])
                assert reader.text(STATUS) == "Today's session"
                assert reader.text(WHAT).startswith(f"Week {week}, session {session}:")
                easy = {"Glute bridge": "Easy"} if week == 1 else None
                asked = reader.play(feel=easy)
                want = week_doses(catalog, week, session)
                for name, reps in asked.items():
                    assert set(reps) == {want[name] + added.get(name, 0)}, f"week {week} session {session}: {name} asked {reps}, the week says {want[name]}"
                assert set(asked) >= set(want), f"moves the week has but the player skipped: {set(want) - set(asked)}"
                assert page.locator(f"[data-la-plan-tick='{week}-{session}'].la-tick--done").count() == 1
                week_seen.append((week, session, day))
                last = (week, session) == (len(plan.weeks), len(plan.weeks[-1].sessions))
                assert reader.text(STATUS).startswith("You've finished the plan" if last else "Done for today")
        day += timedelta(days=1)
        reader.live_to(day)
        if missing and reader.progress()["repeated"] == missed_week:
            assert f"Week {missed_week} starts again" in reader.text(MESSAGE)
            assert axe(page) == [], "a week that starts again"
            missing = False
        if reader.page.locator(".la-follow__offer").count():
            offer = reader.text(".la-follow__offer")
            assert offer.startswith("Glute bridge felt easy twice running"), offer
            assert catalog.exercise("glute-bridge").progress_when in offer
            assert axe(page) == [], "an offer to move on"
            page.get_by_role("button", name="2 more reps a set").click()
            added["Glute bridge"] = 2
            assert "2 more reps a set" in reader.text(MESSAGE)
            assert page.locator(".la-follow__offer").count() == 0
        if day.weekday() not in (0, 4) and not reader.progress()["finished"]:
            assert reader.text(STATUS).startswith(("Rest day", "Done for today")), reader.text(STATUS)

    sessions = [(w, s) for w, s, _ in week_seen]
    assert sessions == [(w + 1, s + 1) for w in range(len(plan.weeks)) for s in range(len(plan.weeks[w].sessions))]
    assert added == {"Glute bridge": 2}, "the offer came and was taken"
    missed_days = [d for w, _, d in week_seen if w == missed_week]
    assert missed_days[0] - [d for w, _, d in week_seen if w == missed_week - 1][-1] > timedelta(days=7)
    assert reader.text(STATUS) == "You've finished the plan. Well done!"
    assert page.locator(".la-plan__tick.la-tick--done").count() == sum(len(w.sessions) for w in plan.weeks)
    assert all(entry.get("plan", {}).get("slug") == PLAN for entry in reader.history())

    # Progress: a row of the table per move of each session, the bridges with their extra reps.
    rows = table_rows(page)
    played = [week_doses(catalog, w, s) for w, s, _ in week_seen]
    assert len(rows) == sum(len(doses) for doses in played)
    bridges = [row for row in rows if row[1] == "Glute bridge"]
    last_bridge = played[-1]["Glute bridge"] + 2
    assert bridges[0][3].startswith(f"{last_bridge * int(bridges[0][2])} reps"), bridges[0]
    assert bridges[-1][4] == ", ".join(["easy"] * int(bridges[-1][2])), "week 1's bridges felt easy"
    charts = page.locator(".la-progress svg[role='img']").evaluate_all("svgs => svgs.map(s => s.getAttribute('aria-label'))")
    assert charts[0].startswith("Sessions per week") and any("Glute bridge" in label for label in charts[1:])
    assert axe(page) == [], "the plan finished, with progress"
    assert reader.violations() == []

    # Everything, to another browser: nothing lost.
    with page.expect_download() as info:
        page.get_by_role("link", name="Download everything (backup)").click()
    backup = tmp_path / info.value.suggested_filename
    info.value.save_as(backup)
    other = browser.new_context(viewport=PHONE, locale="en-GB", timezone_id=ZONE)
    try:
        second = other.new_page()
        second.clock.install(time=morning(day))
        second.goto(base_url + f"plans/{PLAN}/")
        second.get_by_label("Load a backup").set_input_files(str(backup))
        second.wait_for_function("() => localStorage.getItem('la-plan-v1') !== null")
        assert stored(second) == stored(page)
        second.reload()
        assert " ".join(second.locator(STATUS).inner_text().split()) == "You've finished the plan. Well done!"
        assert second.locator(".la-plan__tick.la-tick--done").count() == sum(len(w.sessions) for w in plan.weeks)
        assert table_rows(second) == rows
    finally:
        other.close()


# --- The home page ---------------------------------------------------------------------------------


def test_the_home_page_shows_todays_session_and_its_start_plays_it(context, base_url, catalog):
    reader = Runner(context, base_url)
    page = reader.page
    assert not page.locator(".la-today").is_visible(), "the home page speaks of a plan nobody started"
    reader.plan_page()
    reader.start_plan(SUNDAY, WEDNESDAY)
    page.get_by_role("button", name="Start the plan").click()
    days = reader.progress()["days"]
    reader.open("")
    first = catalog.routine(catalog.plan(PLAN).weeks[0].sessions[0].routine).title
    assert page.locator(".la-today").is_visible()
    assert "week 1 of 6" in reader.text(".la-today")
    assert reader.text("[data-la-today-status]") == "Today's session"
    assert first in reader.text("[data-la-today-what]")
    page.get_by_role("link", name="Start today's session").click()
    page.locator(PLAYER).wait_for(state="visible")
    assert page.locator(f"{PLAYER} [data-la-routine]").inner_text().startswith("Week 1, session 1")
    page.locator(f"{PLAYER} [data-la-close]").click()
    # A rest day says when the next session is.
    rest = next(START + timedelta(days=n) for n in range(1, 7) if (START + timedelta(days=n)).isoweekday() % 7 not in days)
    reader.day = rest
    page.clock.pause_at(morning(rest))
    reader.open("")
    next_day = next(rest + timedelta(days=n) for n in range(0, 7) if (rest + timedelta(days=n)).isoweekday() % 7 in days)
    status = reader.text("[data-la-today-status]")
    assert status.startswith("Rest day. Next session")
    assert (DAY_NAMES[next_day.isoweekday() % 7] in status) or "tomorrow" in status
    assert page.get_by_role("link", name="Do it today instead").is_visible()
    assert reader.violations() == []


# --- Accessible in every state -------------------------------------------------------------------


def axe(page) -> list[dict]:
    """axe's findings for the page as it is now, once still. axe waits on timers of its own, so the clock runs."""
    page.clock.resume()
    return axe_when_still(page)


def test_every_state_of_following_a_plan_is_accessible(context, base_url):
    need(AXE, "axe-core")
    reader = Runner(context, base_url)
    reader.plan_page()
    page = reader.page
    assert axe(page) == [], "the form to start"
    page.get_by_role("button", name="Start the plan").click()
    assert axe(page) == [], "today's session"
    page.get_by_role("button", name="Stop following this plan").click()
    assert axe(page) == [], "asking before it stops"
    page.get_by_role("button", name="Keep following").click()
    page.get_by_role("button", name="Change my days").click()
    assert axe(page) == [], "changing days"
    page.get_by_role("button", name="Keep my days as they were").click()
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        assert axe(page) == [], f"{scheme}"
    reader.open("")
    assert axe(page) == [], "the home page with a plan under way"
    assert reader.violations() == []


def test_a_reader_starts_the_plan_and_a_session_with_the_keyboard_alone(context, base_url):
    reader = Runner(context, base_url)
    reader.plan_page()
    page = reader.page
    page.locator("[data-la-plan-long]").focus()
    page.keyboard.press("End")  # Sunday, the last of the list
    page.keyboard.press("Tab")
    for _ in range(3):
        page.keyboard.press("ArrowDown")  # Wednesday
    assert page.evaluate("document.activeElement.value") == str(WEDNESDAY)
    page.keyboard.press("Tab")
    focused = []
    for _ in range(12):
        focused.append(page.evaluate("document.activeElement.textContent.trim() || document.activeElement.value"))
        if page.evaluate("document.activeElement.matches('[data-la-plan-begin]')"):
            break
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert reader.progress() is not None, f"Enter on {focused[-1]!r} did not start the plan"
    assert page.evaluate("document.activeElement.matches('[data-la-start]')"), "focus goes to Start"
    page.keyboard.press("Enter")
    assert page.locator(PLAYER).is_visible()
    assert reader.violations() == []


def test_a_week_not_finished_in_its_seven_days_starts_again_and_moving_on_by_hand_works(context, base_url):
    reader = Runner(context, base_url)
    reader.plan_page()
    page = reader.page
    page.get_by_role("button", name="Start the plan").click()
    reader.play()
    assert reader.progress()["ticks"] == {"1-1": START.isoformat()}
    reader.live_to(START + timedelta(days=1))
    assert reader.text(STATUS).startswith("Rest day. Next session")
    assert "You trained yesterday" in reader.text(WHAT)
    assert page.get_by_role("button", name="Do it today instead").is_visible()
    reader.live_to(START + timedelta(days=7))
    assert "Week 1 starts again" in reader.text(MESSAGE)
    assert reader.progress()["week"] == 1 and reader.progress()["ticks"] == {}
    assert page.locator(".la-plan__tick.la-tick--done").count() == 0
    page.get_by_role("button", name="Move on to week 2").click()
    assert reader.progress()["week"] == 2
    assert "Week 2 of 6" in reader.text("[data-la-plan-where]")
    assert reader.text(WHAT).startswith("Week 2, session 1:")
    page.get_by_role("button", name="Stop following this plan").click()
    page.get_by_role("button", name="Yes, stop it").click()
    assert reader.progress() is None
    assert page.get_by_role("button", name="Start the plan").is_visible()


def test_a_damaged_record_of_the_plan_is_set_aside_not_lost(context, base_url):
    reader = Runner(context, base_url)
    page = reader.page
    page.evaluate(f"localStorage.setItem('{PROGRESS_KEY}', '{{\"v\": 1, \"plan\": 42}}')")
    reader.plan_page()
    assert page.get_by_role("button", name="Start the plan").is_visible()
    page.get_by_role("button", name="Start the plan").click()
    kept = page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('la-plan-set-aside-v1:')).map(k => localStorage.getItem(k))")
    assert kept == ['{"v": 1, "plan": 42}']
    assert reader.progress()["plan"] == PLAN
