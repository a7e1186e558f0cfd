"""A reminder without an account: the calendar file the plan page makes in the browser
(overrides/components/plan/calendar.js) is a calendar a real parser reads (RFC 5545): one
weekly event per chosen day at the reader's time, for the weeks of the plan still to do,
with a reminder, and text from the data escaped and folded as the standard says.

The function runs in the built plan page, in Chromium; its text is read by Python's
icalendar, as a calendar app would read it, and its repeats expanded by dateutil."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from dateutil.rrule import rrulestr
from icalendar import Calendar

pytestmark = pytest.mark.browser

PLAN = "six-weeks-to-the-five"
ZONE = "Europe/London"
NOW = "2026-12-07T10:30:00.000Z"  # a Monday morning in London
TODAY = date(2026, 12, 7)
PRODID_PART = "The Lazy Athlete"
# Python's weekday (Monday 0) of each Date.getDay() number (Sunday 0).
WEEKDAY = {0: 6, 1: 0, 2: 1, 3: 2, 4: 3, 5: 4, 6: 5}


@pytest.fixture(scope="module")
def plan_page(browser, base_url):
    context = browser.new_context(timezone_id=ZONE, service_workers="block")
    page = context.new_page()
    page.goto(base_url + f"plans/{PLAN}/")
    yield page
    context.close()


def plan_data(title: str = "Six weeks to the five from the video", weeks: int = 6) -> dict:
    """The plan page's data as the contract gives it (§5): what the calendar needs of it."""
    return {"v": 1, "plan": PLAN, "title": title, "url": f"/plans/{PLAN}/", "perWeek": 2,
            "weeks": [{"number": n, "sessions": []} for n in range(1, weeks + 1)]}


def progress(**changes) -> dict:
    """Plan progress (§4): started this Monday, Tuesdays and Fridays at 18:30, in week 1."""
    state = {"v": 1, "plan": PLAN, "started": "2026-12-07", "days": [2, 5], "long": 0, "hard": 3, "time": "18:30",
             "week": 1, "weekFrom": "2026-12-07", "ticks": {}, "changes": {}, "finished": None}
    state.update(changes)
    return state


def calendar_text(page, state: dict, data: dict, now: str = NOW) -> str | None:
    return page.evaluate("([p, d, now]) => window.LazyAthleteCalendar.ics(p, d, new Date(now))", [state, data, now])


def events(text: str) -> list:
    return Calendar.from_ical(text).walk("VEVENT")


def occurrences(event) -> list[datetime]:
    start = event.decoded("dtstart")
    rule = event["rrule"].to_ical().decode()
    return list(rrulestr(rule, dtstart=start))


def test_one_weekly_event_per_chosen_day_at_the_readers_time_for_the_whole_plan(plan_page):
    text = calendar_text(plan_page, progress(), plan_data())
    assert text is not None
    found = events(text)
    assert len(found) == 2
    starts = sorted(event.decoded("dtstart") for event in found)
    assert [s.weekday() for s in starts] == [1, 4]  # Tuesday, Friday
    for event in found:
        start = event.decoded("dtstart")
        assert start.tzinfo is None, "floating local time: 18:30 wherever the phone is"
        assert start.time() == time(18, 30)
        assert start.date() >= TODAY
        assert event.decoded("dtend") - start == timedelta(minutes=30)
        dates = occurrences(event)
        assert len(dates) == 6, "six weeks, one session on that day each week"
        assert all(d.weekday() == start.weekday() and d.time() == time(18, 30) for d in dates)
        assert dates[-1].date() < TODAY + timedelta(weeks=6)
        assert "Glute session" in str(event["summary"])
        assert "Six weeks to the five from the video" in str(event["description"])
        assert f"/plans/{PLAN}/" in str(event["description"])
        alarms = event.walk("VALARM")
        assert len(alarms) == 1
        assert str(alarms[0]["action"]) == "DISPLAY"
        assert alarms[0].decoded("trigger") == timedelta(minutes=-15)
        assert str(alarms[0]["description"])
        assert event.decoded("dtstamp").utcoffset() == timedelta(0)
    calendar = Calendar.from_ical(text)
    assert str(calendar["version"]) == "2.0" and PRODID_PART in str(calendar["prodid"])
    assert str(calendar["calscale"]) == "GREGORIAN"


def test_only_the_weeks_still_to_do_and_the_days_still_to_come(plan_page):
    # Week 4 of 6, begun last Thursday: Tuesday of this plan week is past, Friday is not.
    state = progress(week=4, weekFrom="2026-12-03", days=[2, 5], time="07:15")
    found = {event.decoded("dtstart").weekday(): event for event in events(calendar_text(plan_page, state, plan_data()))}
    week_ends = date(2026, 12, 3) + timedelta(weeks=3)  # weeks 4, 5 and 6
    for weekday, event in found.items():
        dates = [d.date() for d in occurrences(event)]
        assert dates[0] >= TODAY and all(d < week_ends for d in dates), dates
        assert all(d.weekday() == weekday for d in dates)
    assert len(occurrences(found[1])) == 3, "Tuesdays 8, 15 and 22 Dec"
    assert len(occurrences(found[4])) == 2, "Fridays 11 and 18 Dec: week 4's Friday, the 4th, has gone"


def test_a_week_missed_long_ago_is_done_again_from_today(plan_page):
    state = progress(week=2, weekFrom="2026-10-05")
    for event in events(calendar_text(plan_page, state, plan_data())):
        dates = occurrences(event)
        assert dates[0].date() >= TODAY and len(dates) == 5  # weeks 2 to 6, from now


def test_the_time_defaults_to_seven_in_the_morning(plan_page):
    for missing in ({"time": None}, {"time": "25:99"}, {"time": "7pm"}):
        found = events(calendar_text(plan_page, progress(**missing), plan_data()))
        assert {event.decoded("dtstart").time() for event in found} == {time(7, 0)}, missing


def test_a_late_session_ends_after_midnight(plan_page):
    event = events(calendar_text(plan_page, progress(time="23:45", days=[5]), plan_data()))[0]
    assert event.decoded("dtend") - event.decoded("dtstart") == timedelta(minutes=30)


def test_each_event_keeps_its_uid_when_the_file_is_made_again(plan_page):
    first = {str(e["uid"]) for e in events(calendar_text(plan_page, progress(), plan_data()))}
    later = {str(e["uid"]) for e in events(calendar_text(plan_page, progress(week=2), plan_data(), "2026-12-15T08:00:00Z"))}
    assert first == later and len(first) == 2
    assert all(uid.endswith("@lazyathlete") and PLAN in uid and "20261207" in uid for uid in first)
    other = {str(e["uid"]) for e in events(calendar_text(plan_page, progress(started="2027-01-04"), plan_data()))}
    assert other.isdisjoint(first), "a plan started again is a new series"


@pytest.mark.parametrize("title", [
    "Six weeks, then; more\\less",
    "Line one\nline two\r\nthree",
    "A very long plan title that goes on and on, with commas; semicolons and accents: été, ünïcödé, 🏃 runner",
])
def test_text_from_the_data_is_escaped_and_every_line_folded_at_75_octets(plan_page, title):
    text = calendar_text(plan_page, progress(), plan_data(title=title))
    raw = text.encode("utf-8")
    assert raw.endswith(b"\r\n")
    lines = raw.split(b"\r\n")[:-1]
    assert all(len(line) <= 75 for line in lines), [line for line in lines if len(line) > 75]
    assert b"\n" not in raw.replace(b"\r\n", b""), "every line ends in CRLF"
    for line in lines:
        line.decode("utf-8")  # no character cut in two by the folding
    unfolded = text.replace("\r\n ", "").split("\r\n")
    for line in (line for line in unfolded if line.startswith(("SUMMARY:", "DESCRIPTION:"))):
        value = re.sub(r"\\\\", "", line.partition(":")[2])  # escaped backslashes out of the way
        assert not re.search(r"(?<!\\)[,;]", value), f"a comma or semicolon not escaped: {line}"
        assert not re.search(r"\\[^,;nN]", value), f"a backslash that escapes nothing: {line}"
    calendar = Calendar.from_ical(text)
    wanted = " ".join(title.replace("\r\n", "\n").split("\n"))
    for event in calendar.walk("VEVENT"):
        said = " ".join(str(event["description"]).split("\n"))
        assert wanted in said, (wanted, said)
    again = Calendar.from_ical(calendar.to_ical())  # what a calendar app writes back, read again
    assert [str(e["description"]) for e in again.walk("VEVENT")] == [str(e["description"]) for e in calendar.walk("VEVENT")]


@pytest.mark.parametrize("where", [
    {"address": "https://glutes.example.org/plans/six-weeks-to-the-five/"},
    {"url": "/plans/six-weeks-to-the-five/"},
    {"url": "javascript:alert(1)"},
])
def test_each_event_links_to_the_plans_page(plan_page, where):
    data = {key: value for key, value in plan_data().items() if key != "url"} | where
    origin = plan_page.evaluate("location.origin")
    wanted = where.get("address") or (origin + where["url"] if where["url"].startswith("/") else None)
    for event in events(calendar_text(plan_page, progress(), data)):
        if wanted:
            assert str(event["url"]) == wanted
            assert str(event["description"]).endswith(": " + wanted)
        else:
            assert "url" not in event, "only an http(s) address is a link"
            assert str(event["description"]).endswith("on the plan's page.")


def test_nothing_to_remind_of_gives_no_file(plan_page):
    assert calendar_text(plan_page, progress(days=[]), plan_data()) is None
    assert calendar_text(plan_page, progress(finished="2026-12-01"), plan_data()) is None
    assert calendar_text(plan_page, progress(week=7), plan_data()) is None
    assert calendar_text(plan_page, None, plan_data()) is None


def test_the_link_downloads_the_calendar_file(browser, base_url):
    context = browser.new_context(timezone_id=ZONE, accept_downloads=True, service_workers="block")
    page = context.new_page()
    page.goto(base_url + f"plans/{PLAN}/")
    page.evaluate("""([p, d]) => {
        const a = document.createElement("a");
        a.textContent = "Add the days to my calendar";
        a.id = "calendar-link";
        document.querySelector("article").appendChild(a);
        window.LazyAthleteCalendar.link(a, p, d);
    }""", [progress(), plan_data()])
    with page.expect_download() as info:
        page.click("#calendar-link")
    download = info.value
    assert download.suggested_filename == "lazy-athlete-plan.ics"
    text = Path(download.path()).read_bytes().decode("utf-8")
    assert len(events(text)) == 2
    hidden = page.evaluate("""([p, d]) => {
        const a = document.getElementById("calendar-link");
        return [window.LazyAthleteCalendar.link(a, p, d), a.hidden, a.hasAttribute("href")];
    }""", [progress(days=[]), plan_data()])
    assert hidden == [False, True, False]
    context.close()
