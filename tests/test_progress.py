"""Your progress on a plan page (overrides/components/progress/): from the sessions the player
saved in this browser, the sessions of each of the last 8 weeks (Monday to Sunday, empty weeks
too) and, for each exercise logged, its reps or seconds in each session, as small charts, in
words and as a table; damaged data skipped, never an error; redrawn when a session is saved,
when stored data changes and when another tab changes it. Under the site's policy,
axe-clean in light and dark, fitting a 360 px phone, hidden without JavaScript and on paper.

Time is Playwright's clock, so "this week" is a known week."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from test_plan_follow import SUNDAY, WEDNESDAY, Runner
from test_quality import AXE, axe_when_still, need
from test_security import RECORD_VIOLATIONS

pytestmark = pytest.mark.browser

PLAN_PAGE = "plans/six-weeks-to-the-five/"
HISTORY_KEY = "la-player-history-v1"
ZONE = ZoneInfo("Europe/London")
NOW = datetime(2026, 12, 10, 12, 0, tzinfo=ZONE)  # a Thursday
SECTION = "[data-module='la-progress']"
EMPTY = "Finish a session with the player and your progress shows here."


def session(when: datetime, bridge: list[tuple[int, str]], plank: int | None = None, finished: bool = True) -> dict:
    """A session as the player saves it (contract §1), its glute bridge sets logged as (reps, feel)."""
    log = [["glute-bridge", n, "", reps, "reps", feel] for n, (reps, feel) in enumerate(bridge, 1)]
    log += [["single-leg-glute-bridge", 1, side, 5, "reps", ""] for side in ("left", "right")]
    if plank is not None:
        log.append(["side-plank-leg-lift", 1, "", plank, "s", "hard"])
    iso = when.astimezone(ZoneInfo("UTC")).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    return {"v": 1, "routine": "plan:six-weeks-to-the-five:1-1", "title": "No-kit home glutes", "date": iso,
            "finished": finished, "parts": len(log), "of": len(log), "rows": [["Glute bridge", len(bridge), len(bridge)]],
            "log": log, "ended": iso}


def at(days_ago: int, hour: int = 7) -> datetime:
    day = NOW.date() - timedelta(days=days_ago)
    return datetime(day.year, day.month, day.day, hour, 30, tzinfo=ZONE)


# Five sessions over four weeks, then a gap: the weeks chart has empty weeks between.
HISTORY = [
    session(at(60), [(8, "")]),  # older than 8 weeks: in the table, not in the weeks chart
    session(at(30), [(10, "hard"), (10, "hard")], plank=20),
    session(at(24), [(10, "right"), (10, "right")], plank=25),
    session(at(10), [(10, "easy"), (10, "easy"), (10, "")], plank=25),
    session(at(3), [(12, "easy"), (12, "right"), (12, "hard")], plank=30),
    session(at(1), [(12, "easy"), (12, "easy"), (12, "easy")]),
]
OLD_ENTRY = {"v": 1, "routine": "pre-run-activation", "title": "Pre-run activation", "date": at(2, 18).isoformat(),
             "finished": True, "parts": 4, "of": 4, "rows": [["Clamshell", 2, 2], ["Glute bridge", 2, 2]]}


def week_counts(entries: list[dict]) -> list[int]:
    """Sessions in each of the 8 Monday-based weeks up to this one, counted here from the dates."""
    monday = NOW.date() - timedelta(days=NOW.weekday())
    starts = [monday - timedelta(weeks=n) for n in range(7, -1, -1)]
    counts = [0] * 8
    for entry in entries:
        day = datetime.fromisoformat(entry["date"].replace("Z", "+00:00")).astimezone(ZONE).date()
        for i, start in enumerate(starts):
            if start <= day < start + timedelta(days=7):
                counts[i] += 1
    return counts


@pytest.fixture
def open_page(browser, base_url):
    """The plan page in a new browser with `history` saved, Playwright's clock at NOW."""
    contexts = []

    def open_with(history: object = None, raw: str | None = None, **options):
        options.setdefault("viewport", {"width": 390, "height": 844})
        options.setdefault("timezone_id", "Europe/London")
        context = browser.new_context(locale="en-GB", service_workers="block", **options)
        context.add_init_script(RECORD_VIOLATIONS)
        contexts.append(context)
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        page.clock.install(time=NOW)
        page.goto(base_url + PLAN_PAGE)
        text = raw if raw is not None else (json.dumps(history) if history is not None else None)
        if text is not None and options.get("java_script_enabled", True):
            page.evaluate("([key, text]) => localStorage.setItem(key, text)", [HISTORY_KEY, text])
            page.reload()
        return page

    yield open_with
    for context in contexts:
        context.close()


def text_of(page, selector: str) -> str:
    return " ".join(page.locator(selector).inner_text().split())


def chart_labels(page) -> list[str]:
    return page.locator(f"{SECTION} svg[role=img]").evaluate_all("svgs => svgs.map(s => s.getAttribute('aria-label'))")


def table(page) -> list[list[str]]:
    return page.locator(f"{SECTION} tbody tr").evaluate_all(
        "rows => rows.map(r => [...r.cells].map(c => c.textContent))")


def clean(page) -> None:
    assert page.evaluate("window.__violations") == []
    assert page.errors == []


# The theme fades its header title and back-to-top button in and out as the page scrolls (a
# question taking focus scrolls it): axe reads colours once those transitions have ended.
def test_sessions_per_week_for_the_last_eight_weeks_with_the_empty_ones(open_page):
    page = open_page(HISTORY + [OLD_ENTRY])
    counts = week_counts(HISTORY + [OLD_ENTRY])
    assert counts == [0, 0, 0, 1, 1, 0, 1, 3], "the data above, as meant"
    weeks = chart_labels(page)[0]
    assert weeks.startswith("Sessions per week, the last 8 weeks: ")
    said = [int(part.rsplit(" ", 1)[1].rstrip(".")) for part in weeks.split(": ", 1)[1].split(", ")]
    assert said == counts
    assert weeks.endswith(f"this week {counts[-1]}.")
    assert page.locator(f"{SECTION} [data-la-progress-weeks] svg rect").count() == sum(1 for c in counts if c)
    assert "This week: 3 sessions. The last 8 weeks: 6 sessions." in text_of(page, f"{SECTION} [data-la-progress-weeks]")
    clean(page)


def test_each_exercise_over_time_in_a_chart_and_in_words(open_page, catalog):
    page = open_page(HISTORY)
    names = page.locator(f"{SECTION} h4").all_inner_texts()
    bridge, one_leg, plank = (catalog.exercise(slug).name for slug in ("glute-bridge", "single-leg-glute-bridge", "side-plank-leg-lift"))
    assert names == [bridge, one_leg, plank], "the latest session's order, then the rest"
    words = page.locator(f"{SECTION} .la-progress__exercise .la-progress__words").all_inner_texts()
    last = at(1).strftime("%a, %-d %b %Y")
    assert words[0] == f"{bridge}: 36 reps last time ({last}), the same as the time before."
    assert words[1] == f"{one_leg}: 10 reps last time ({last}), the same as the time before."
    assert words[2] == f"{plank}: 30 seconds last time ({at(3).strftime('%a, %-d %b %Y')}), up from 25."
    labels = chart_labels(page)[1:]
    assert labels[0].startswith(f"{bridge}, reps in each session: 8 on ")
    assert [int(p.split(" on ")[0]) for p in labels[0].split(": ", 1)[1].rstrip(".").split(", ")] == [8, 20, 20, 30, 36, 36]
    assert labels[2].startswith(f"{plank}, seconds in each session: 20 on ")
    assert page.locator(f"{SECTION} .la-progress__exercise svg circle").count() == 6 + 6 + 4
    clean(page)


def test_a_drop_is_said_as_one(open_page):
    page = open_page([session(at(8), [(15, "")]), session(at(1), [(12, "hard")])])
    assert page.locator(f"{SECTION} .la-progress__exercise .la-progress__words").first.inner_text().endswith(", down from 15.")


def test_the_table_has_every_session_newest_first(open_page, catalog):
    page = open_page(HISTORY + [OLD_ENTRY])
    bridge, one_leg, plank = (catalog.exercise(slug).name for slug in ("glute-bridge", "single-leg-glute-bridge", "side-plank-leg-lift"))
    assert page.locator(f"{SECTION} table").is_hidden(), "folded away until asked for"
    page.get_by_text("Show as a table").click()
    assert page.locator(f"{SECTION} table").is_visible()
    assert page.locator(f"{SECTION} table caption").inner_text() == "What you did in each session, newest first"
    assert page.locator(f"{SECTION} thead th").all_inner_texts() == ["Date", "Exercise", "Sets", "Reps or seconds", "How it felt"]
    rows = table(page)
    assert len(rows) == 2 + 3 + 3 + 3 + 3 + 2 + 2  # each session's exercises logged; the unlogged one's rows
    day = at(3).strftime("%a, %-d %b %Y")
    assert [day, bridge, "3", "36 reps (12, 12, 12)", "easy, just right, hard"] in rows
    assert [day, one_leg, "1", "10 reps (5, 5)", "not said"] in rows
    assert [day, plank, "1", "30 seconds", "hard"] in rows
    assert [at(2, 18).strftime("%a, %-d %b %Y"), "Clamshell", "2 of 2", "not logged", "not said"] in rows
    assert rows[0][0] == at(1).strftime("%a, %-d %b %Y") and rows[-1][0] == at(60).strftime("%a, %-d %b %Y")


@pytest.mark.parametrize("raw", [
    json.dumps([{"junk": True}, 7, None, "text", HISTORY[-1],
                {**HISTORY[-2], "log": [["glute-bridge", 1, "", "ten", "reps", ""], ["glute-bridge", 2, "", 12, "kg", ""], 5,
                                        ["glute-bridge", 3, "", 12, "reps", "easy"]]},
                {**HISTORY[-3], "date": "yesterday"}]),
    "{not json",
    json.dumps({"a": "dict"}),
])
def test_damaged_data_is_skipped_never_an_error(open_page, raw):
    page = open_page(raw=raw)
    readable = raw.startswith("[")
    assert page.locator(f"{SECTION} [data-la-progress-empty]").is_visible() is not readable
    if readable:
        assert len(table(page)) == 2 + 1  # the last session whole; of the one with damaged items, its one good item
    clean(page)


def test_the_empty_state_in_plain_words(open_page):
    page = open_page()
    assert text_of(page, f"{SECTION} [data-la-progress-empty]") == EMPTY
    assert page.locator(f"{SECTION} [data-la-progress-shown]").is_hidden()
    clean(page)


def test_it_redraws_when_a_session_is_saved_data_changes_or_another_tab_writes(open_page):
    page = open_page(HISTORY[:2])

    def add_and(event: str, entry: dict) -> None:
        page.evaluate("""([key, entry, event]) => {
            const list = JSON.parse(localStorage.getItem(key) || "[]"); list.push(entry);
            localStorage.setItem(key, JSON.stringify(list));
            if (event) document.dispatchEvent(new CustomEvent(event, {detail: entry}));
        }""", [HISTORY_KEY, entry, event])

    add_and("la-player:saved", HISTORY[2])
    assert len(table(page)) == 2 + 3 + 3
    add_and("la-data:changed", HISTORY[3])
    assert len(table(page)) == 2 + 3 + 3 + 3
    other = page.context.new_page()
    other.goto(page.url)
    other.evaluate("key => localStorage.removeItem(key)", HISTORY_KEY)
    page.locator(f"{SECTION} [data-la-progress-empty]").wait_for()
    assert table(page) == []
    clean(page)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width, height", [(390, 844), (360, 640), (1280, 900)])
def test_axe_clean_and_fits_a_phone(open_page, scheme, width, height):
    need(AXE, "axe-core")
    page = open_page(HISTORY + [OLD_ENTRY], viewport={"width": width, "height": height}, color_scheme=scheme)
    page.get_by_text("Show as a table").click()
    page.locator(f"{SECTION} svg").last.scroll_into_view_if_needed()
    assert axe_when_still(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    box = page.locator(f"{SECTION} summary").bounding_box()
    assert box is not None and box["height"] >= 44
    clean(page)


def test_hidden_without_javascript_and_on_paper(open_page):
    page = open_page(java_script_enabled=False)
    assert page.locator(SECTION).is_hidden()
    page = open_page(HISTORY)
    assert page.locator(SECTION).is_visible()
    page.emulate_media(media="print")
    assert page.locator(SECTION).is_hidden()


def test_weeks_are_the_readers_own(open_page):
    # 00:30 on Monday in Sydney is still Sunday in UTC: the session is this week's where the reader is.
    sydney = ZoneInfo("Australia/Sydney")
    now_there = NOW.astimezone(sydney)
    monday = now_there.date() - timedelta(days=now_there.weekday())
    late = datetime(monday.year, monday.month, monday.day, 0, 30, tzinfo=sydney)
    assert late.astimezone(ZoneInfo("UTC")).date() < monday
    page = open_page([session(late, [(10, "")])], timezone_id="Australia/Sydney")
    assert chart_labels(page)[0].endswith("this week 1.")


def test_a_session_played_on_the_plan_page_shows_at_once(browser, base_url, catalog):
    # The real player, its log and its la-player:saved (contract §1, §2), not an entry written here.
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB", timezone_id="Europe/London")
    context.add_init_script(RECORD_VIOLATIONS)
    reader = Runner(context, base_url)
    page = reader.page
    reader.plan_page()
    assert text_of(page, f"{SECTION} [data-la-progress-empty]") == EMPTY
    reader.start_plan(SUNDAY, WEDNESDAY)
    page.get_by_role("button", name="Start the plan").click()
    bridge = catalog.exercise("glute-bridge").name
    asked = reader.play({bridge: "Easy"})
    assert page.locator(f"{SECTION} [data-la-progress-empty]").is_hidden()
    assert chart_labels(page)[0].endswith("this week 1.")
    assert bridge in page.locator(f"{SECTION} h4").all_inner_texts()
    words = page.locator(f"{SECTION} .la-progress__exercise .la-progress__words").all_inner_texts()
    assert f"{bridge}: {sum(asked[bridge])} reps last time ({reader.day.strftime('%a, %-d %b %Y')}), the first time logged." in words
    rows = [row for row in table(page) if row[1] == bridge]
    assert rows == [[reader.day.strftime("%a, %-d %b %Y"), bridge, str(len(asked[bridge])),
                     f"{sum(asked[bridge])} reps ({', '.join(map(str, asked[bridge]))})", ", ".join(["easy"] * len(asked[bridge]))]]
    assert reader.violations() == []
    context.close()
