"""A plan's page as a runner uses it: every week and session with that week's doses, a tick box per
session, on one printed A4 or Letter page; found by search and by its short and former addresses;
in the open data; clean for axe. The doses a page should show are worked out here from the data file
itself, not from the site's code."""

from __future__ import annotations

import copy
import io
import json

import pytest
from bs4 import BeautifulSoup
from conftest import article, build_site, page_path, words, write_data
from pypdf import PdfReader
from test_links import redirect_target
from test_quality import AXE, need, run_axe
from test_search import open_search, paths, search

PLAN_URL = "plans/{slug}/"


def dose_words(dose: dict, one_sided: bool) -> str:
    amount = f"{dose['reps']}" if "reps" in dose else f"{dose['seconds']} s"
    return f"{dose['sets']} × {amount}" + (" each side" if one_sided else "")


def session_moves(raw: dict, session: dict) -> list[str]:
    """'Glute bridge 2 × 10' for each move of a session: its routine, with that week's harder
    exercises in place and that week's doses where it gives them."""
    exercises = {e["slug"]: e for e in raw["exercises"]}
    routine = next(r for r in raw["routines"] if r["slug"] == session["routine"])
    swaps = {swap["instead_of"]: swap["exercise"] for swap in session.get("harder", [])}
    doses = {each["exercise"]: each["dose"] for each in session.get("doses", [])}
    moves = []
    for item in (i for block in routine["blocks"] for i in block["exercises"]):
        slug = swaps.get(item["exercise"], item["exercise"])
        usual = item.get("dose") if slug == item["exercise"] else None
        dose = doses.get(slug) or usual or exercises[slug]["dose"]
        moves.append(f"{exercises[slug]['name']} {dose_words(dose, exercises[slug]['one_sided'])}")
    return moves


def plans(raw: dict) -> list[dict]:
    return raw.get("plans") or []


def test_there_is_the_six_week_plan_to_the_five(raw_data):
    plan = next(p for p in plans(raw_data) if p["slug"] == "six-weeks-to-the-five")
    assert len(plan["weeks"]) == 6 and all(len(week["sessions"]) == 2 for week in plan["weeks"])
    assert plan["weeks"][0]["sessions"][0]["routine"] == "no-kit-home-glutes"
    assert plan["weeks"][-1]["sessions"][-1]["routine"] == "the-five-from-the-video"
    assert [week.get("lighter", False) for week in plan["weeks"]].count(True) == 1


def test_the_page_shows_every_week_and_session_with_that_weeks_doses(page, raw_data):
    routines = {r["slug"]: r["title"] for r in raw_data["routines"]}
    for plan in plans(raw_data):
        body = article(page(PLAN_URL.format(slug=plan["slug"])))
        assert body.h1.get_text(strip=True) == plan["title"]
        seen: dict[str, tuple[int, int]] = {}
        for w, week in enumerate(plan["weeks"], 1):
            shown = body.select_one(f"#week-{w}")
            assert shown is not None, f"week {w}"
            text = words(shown)
            assert text.startswith(f"Week {w}") and week["note"] in text
            assert ("lighter week" in text) == week.get("lighter", False), f"week {w}"
            sessions = shown.select(".la-plan__session")
            assert len(sessions) == len(week["sessions"])
            for s, (session, html) in enumerate(zip(week["sessions"], sessions, strict=True), 1):
                said = " ".join(html.get_text().split())  # as read: a link's words and the comma after it together
                assert routines[session["routine"]] in said
                assert html.select_one(f"a[href$='routines/{session['routine']}/']") is not None
                moves = session_moves(raw_data, session)
                key = json.dumps([session["routine"], moves])
                if key in seen:  # the same session again: said so, not printed twice
                    week_of, number = seen[key]
                    again = f"The same as session {number}." if week_of == w else f"The same as week {week_of}, session {number}."
                    assert again in said, (w, s, said)
                else:
                    for move in moves:
                        assert move in said, (w, s, move, said)
                    seen[key] = (w, s)
        for part in (plan["race_week"], plan["move_on"]):
            assert " ".join(part.split()) in words(body)
        assert body.select_one("a[href$='pain/']") is not None, "the pain rule is linked"


def test_every_session_has_one_tick_box(page, raw_data):
    for plan in plans(raw_data):
        body = article(page(PLAN_URL.format(slug=plan["slug"])))
        ticks = body.select(".la-plan__tick")
        assert len(ticks) == sum(len(week["sessions"]) for week in plan["weeks"])
        assert [tick["aria-label"] for tick in ticks] == [
            f"Tick box for week {w}, session {s}"
            for w, week in enumerate(plan["weeks"], 1) for s in range(1, len(week["sessions"]) + 1)
        ]


def test_the_plans_page_lists_every_plan_and_is_in_the_nav(page, raw_data):
    listing = page("plans/")
    for plan in plans(raw_data):
        assert listing.select_one(f"article a[href$='{plan['slug']}/']").get_text(strip=True) == plan["title"]
    assert any(link.get_text(strip=True) == "Plans" for link in page("").select(".md-tabs a"))


def test_the_short_link_leads_to_the_plan(page, raw_data):
    for plan in plans(raw_data):
        assert redirect_target(page(f"go/{plan['short']}/")) == PLAN_URL.format(slug=plan["slug"])


def test_a_renamed_plan_keeps_its_old_address_and_a_harder_variation_shows_from_its_week(project_copy, raw_data):
    data = copy.deepcopy(raw_data)
    plan = data["plans"][0]
    plan["slug"] = "six-weeks-to-five"
    plan["former_slugs"] = ["six-weeks-to-the-five"]
    last = plan["weeks"][-1]["sessions"][-1]
    last["harder"] = [{"instead_of": "glute-bridge", "exercise": "single-leg-glute-bridge"}]
    last["doses"] = [{"exercise": "single-leg-glute-bridge", "dose": {"sets": 3, "reps": 6}}]
    write_data(project_copy, data)
    site = build_site(project_copy, project_copy / "site")
    old = BeautifulSoup(page_path(site, "plans/six-weeks-to-the-five/").read_text(encoding="utf-8"), "lxml")
    assert redirect_target(old) == "plans/six-weeks-to-five/"
    new = BeautifulSoup(page_path(site, "plans/six-weeks-to-five/").read_text(encoding="utf-8"), "lxml")
    week = new.select_one(f"#week-{len(plan['weeks'])}")
    first, second = (" ".join(s.get_text().split()) for s in week.select(".la-plan__session"))
    assert "Single-leg glute bridge 3 × 6 each side (harder: instead of Glute bridge)" in second
    assert "Glute bridge 3 × 12" not in second  # done as the harder one that session
    assert "Glute bridge 3 × 12" in first and "The same as" not in second


def test_the_page_has_its_own_preview_picture(page, site, raw_data):
    for plan in plans(raw_data):
        image = page(PLAN_URL.format(slug=plan["slug"])).select_one("meta[property='og:image']")["content"]
        assert image.endswith(f"assets/previews/plans/{plan['slug']}.png")
        assert (site / "assets" / "previews" / "plans" / f"{plan['slug']}.png").read_bytes().startswith(b"\x89PNG")


def test_the_plans_are_in_the_sitemap(site, raw_data):
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    for plan in plans(raw_data):
        assert f"/plans/{plan['slug']}/</loc>" in sitemap
    assert "/plans/</loc>" in sitemap


def test_the_open_data_has_the_plans(site, raw_data):
    published = json.loads((site / "data" / "exercises.json").read_text(encoding="utf-8"))
    assert [p["slug"] for p in published["plans"]] == [p["slug"] for p in plans(raw_data)]
    for plan, data in zip(published["plans"], plans(raw_data), strict=True):
        assert [[s["routine"] for s in week["sessions"]] for week in plan["weeks"]] == [
            [s["routine"] for s in week["sessions"]] for week in data["weeks"]
        ]
    schema = json.loads((site / "data" / "exercises.schema.json").read_text(encoding="utf-8"))
    assert "plans" in schema["properties"]


# --- In the browser ----------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize("query", ["plan", "six weeks", "programme", "6 weeks"])
def test_search_finds_the_plan(browser, base_url, query):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(base_url + "exercises/")
    open_search(page)
    assert PLAN_URL.format(slug="six-weeks-to-the-five") in paths(search(page, query))[:3], query
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_plan_prints_on_one_page_with_a_tick_box_per_session(browser, base_url, raw_data, paper):
    context = browser.new_context()
    page = context.new_page()
    for plan in plans(raw_data):
        page.goto(base_url + PLAN_URL.format(slug=plan["slug"]))
        reader = PdfReader(io.BytesIO(page.pdf(format=paper, print_background=True)))
        assert len(reader.pages) == 1, f"{plan['slug']} on {paper}"
        text = " ".join(reader.pages[0].extract_text().split())
        for w in range(1, len(plan["weeks"]) + 1):
            assert f"Week {w}" in text
        for part in ("Race week", "When to move on", "pain rule", f"go/{plan['short']}"):
            assert part in text, part
        assert "Print this plan" not in text
        page.emulate_media(media="print")
        boxes = page.evaluate("""() => [...document.querySelectorAll('.la-plan__tick')].map(t => {
            const r = t.getBoundingClientRect(); return r.width > 10 && r.height > 10 && getComputedStyle(t).borderTopStyle === 'solid';
        })""")
        assert boxes == [True] * sum(len(week["sessions"]) for week in plan["weeks"])
        page.emulate_media(media="screen")
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", [{"width": 390, "height": 844}, {"width": 360, "height": 640}], ids=["390", "360"])
def test_the_plan_page_passes_axe_and_fits_a_phone(browser, base_url, raw_data, scheme, viewport):
    need(AXE, "axe-core")
    context = browser.new_context(viewport=viewport, color_scheme=scheme)
    page = context.new_page()
    for plan in plans(raw_data):
        page.goto(base_url + PLAN_URL.format(slug=plan["slug"]))
        assert run_axe(page) == []
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    context.close()
