"""What the pages promise a reader: goals rather than cures, a professional for lasting pain,
one narrator, accurate muscles and progressions, and routines a coach would sign."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, article, words

from lazyathlete.data import DATA_FILE, load_catalog

CATALOG = load_catalog(ROOT / DATA_FILE)
EXERCISES = list(CATALOG.exercises.values())
ROUTINES = list(CATALOG.routines.values())
LEVELS = ["beginner", "intermediate", "advanced"]
# Verbs that promise to mend a body; the site trains, it doesn't treat.
TREATMENT = re.compile(r"\b(fix|fixes|fixed|fixing|cure[sd]?|curing|treat|treats|treated|treating|heal|heals|healed|healing)\b", re.I)
CONDITIONS = re.compile(r"\b(pain|injury|injuries|IT band|runner's knee|shin splints)\b", re.I)
SEE_A_PRO = re.compile(r"physio.{0,20}doctor|doctor.{0,20}physio", re.I)


def page_texts(site: Path):
    for path in sorted(site.rglob("*.html")):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        node = soup.select_one("article.md-content__inner") or soup.body
        if node is not None:
            yield str(path.relative_to(site)), node


# --- No treatment promises -----------------------------------------------------------------


def test_no_page_promises_to_fix_cure_or_treat(site):
    found = [f"{name}: {m.group(0)}" for name, node in page_texts(site) for m in TREATMENT.finditer(words(node))]
    assert not found


def test_the_measure_catches_a_promise():
    assert TREATMENT.search("the glute exercises that fix it")


@pytest.mark.parametrize("ex", EXERCISES, ids=lambda e: e.slug)
def test_condition_words_sit_beside_a_see_a_professional_line(page, ex):
    body = article(page(f"exercises/{ex.slug}/"))
    assert "Good for" not in words(body)
    assert words(body.select_one(".la-goals")).startswith("Works towards:")
    for goal in ex.goals:
        assert goal in words(body.select_one(".la-goals"))
        assert not CONDITIONS.search(goal), f"a goal, not a condition: {goal}"
    helps = body.select_one(".la-helps")
    if any(CONDITIONS.search(h) for h in ex.helps_with):
        assert helps is not None and SEE_A_PRO.search(words(helps.select_one(".la-see-a-pro")))


def test_home_names_conditions_with_a_see_a_professional_line(page):
    body = article(page(""))
    why = next(h for h in body.find_all("h2") if words(h).startswith("Why your glutes"))
    section = []
    for sibling in why.find_next_siblings():
        if sibling.name == "h2":
            break
        section.append(words(sibling))
    text = " ".join(section)
    assert CONDITIONS.search(text) and SEE_A_PRO.search(text)
    assert "can" in text  # "can contribute", as the post says; not "tends to" or "will"
    assert "tends to show up as knee pain" not in text


# --- One narrator, true claims -------------------------------------------------------------


def test_one_narrator_on_every_page(site):
    third_person = re.compile(r"\b(the owner|the channel is run by|we|our)\b", re.I)
    found = [f"{name}: {m.group(0)}" for name, node in page_texts(site) for m in third_person.finditer(words(node))]
    assert not found


def test_about_says_which_moves_are_from_the_video(page):
    text = words(article(page("about/")))
    assert "Five of the exercises" in text and "put together for this site" in text


# --- Each exercise page: rest, effort, when to move on -------------------------------------


@pytest.mark.parametrize("ex", EXERCISES, ids=lambda e: e.slug)
def test_exercise_page_says_rest_effort_and_when_to_move_on(page, ex):
    body = article(page(f"exercises/{ex.slug}/"))
    facts = {words(d.dt): words(d.dd) for d in body.select(".la-effort > div")}
    assert facts["How it should feel"] == ex.effort
    rest = next(words(d.dd) for d in body.select(".la-facts > div") if words(d.dt) == "Rest")
    assert rest == f"{ex.rest_seconds} s between sets"
    assert facts["Move on when"] == ex.progress_when


# --- Accuracy --------------------------------------------------------------------------------


def test_step_up_lists_the_quads_as_a_main_mover():
    assert "quadriceps" in CATALOG.exercise("step-up").primary_muscles


def test_clamshell_works_the_glute_max_too():
    ex = CATALOG.exercise("clamshell")
    assert "gluteus-maximus" in ex.primary_muscles + ex.secondary_muscles


def test_what_takes_over_is_the_front_of_the_hip_not_the_thigh():
    for slug in ("clamshell", "side-lying-leg-raise"):
        text = " ".join(CATALOG.exercise(slug).mistakes)
        assert "front of the hip" in text and "front of the thigh" not in text


def test_swing_stance_muscles_and_a_hinge_to_learn_it_from():
    swing = CATALOG.exercise("kettlebell-swing")
    assert "shoulder-width" in swing.steps[0]
    assert "hamstrings" in swing.primary_muscles
    easier = CATALOG.exercise(swing.easier.exercise)
    assert "hip hinge" in easier.also_called
    assert LEVELS.index(easier.level) < LEVELS.index(swing.level)


@pytest.mark.parametrize("ex", EXERCISES, ids=lambda e: e.slug)
def test_linked_variations_go_the_right_way(ex):
    if ex.easier.exercise:
        assert LEVELS.index(CATALOG.exercise(ex.easier.exercise).level) <= LEVELS.index(ex.level)
    if ex.harder.exercise:
        harder = CATALOG.exercise(ex.harder.exercise)
        assert LEVELS.index(harder.level) >= LEVELS.index(ex.level)
        # a move on one leg does not get harder by going back to two
        assert harder.one_sided or not ex.one_sided, f"{ex.slug}: harder is {harder.slug}, on two legs"


def test_glute_bridge_easier_is_not_the_bridge_itself():
    assert "lift only a few" in CATALOG.exercise("glute-bridge").easier.how


def test_band_walk_puts_the_band_in_one_place():
    steps = " ".join(CATALOG.exercise("lateral-band-walk").steps)
    assert "knees" in steps and "ankles" not in steps


# --- Routines a coach would sign --------------------------------------------------------------


@pytest.mark.parametrize("r", [r for r in ROUTINES if any(i.exercise == "kettlebell-swing" for b in r.blocks for i in b.exercises)], ids=lambda r: r.slug)
def test_swings_come_first_after_a_warm_up(page, r):
    assert [i.exercise for i in r.blocks[0].exercises] == ["kettlebell-swing"]
    assert r.warm_up
    assert r.warm_up in words(article(page(f"routines/{r.slug}/")).select_one(".la-sheet__warmup"))


@pytest.mark.parametrize("r", [r for r in ROUTINES if r.when.value == "strength-day"], ids=lambda r: r.slug)
def test_strength_days_say_where_they_go_in_the_week(page, r):
    text = words(article(page(f"routines/{r.slug}/")))
    assert "not the day before a long run or a race" in text
    assert "one strength routine in a session" in text


def test_routines_index_says_where_strength_days_go(page):
    text = words(article(page("routines/")))
    assert "day before a long run or a race" in text


def test_the_week_has_a_hard_day_way_a_race_week_and_a_limit_on_mixing_routines(page):
    week = article(page("routines/")).select_one("p#your-week")
    said = " ".join(words(p) for p in [week, *week.find_next_siblings("p")])
    assert "same day as a hard session" in said and "easy days stay properly easy" in said
    assert "Race week. Cut back" in said
    assert "the pre-run wake-up and at most one other routine" in said


@pytest.mark.parametrize("r", ROUTINES, ids=lambda r: r.slug)
def test_every_routine_page_leads_to_the_week_advice(page, r):
    links = [a["href"] for a in article(page(f"routines/{r.slug}/")).select(".la-week a")]
    assert links == ["../#your-week"]


def standing_single_leg(slug: str) -> bool:
    ex = CATALOG.exercise(slug)
    return ex.one_sided and ex.figure.poses[0].base.value == "standing"


def test_no_kit_home_session_has_a_standing_single_leg_move():
    r = CATALOG.routine("no-kit-home-glutes")
    assert any(standing_single_leg(i.exercise) for b in r.blocks for i in b.exercises)


def test_pre_run_offers_standing_moves():
    r = CATALOG.routine("pre-run-activation")
    standing = [i.exercise for b in r.blocks for i in b.exercises if CATALOG.exercise(i.exercise).figure.poses[0].base.value == "standing"]
    assert len(standing) >= 2


# --- What the affiliate disclosure promises (issue 28, item 14) -------------------------------------


def test_every_move_that_needs_kit_has_the_no_kit_swap_the_disclosure_promises(page):
    assert "no-kit swap" in words(article(page("affiliate-disclosure/")))
    kit_moves = [e for e in CATALOG.exercises.values() if e.equipment != ["none"]]
    assert kit_moves
    for ex in kit_moves:
        swap = ex.no_kit_swap
        assert swap is not None, ex.slug
        if swap.exercise:
            assert CATALOG.exercise(swap.exercise).equipment == ["none"], ex.slug
        box = next(b for b in article(page(f"exercises/{ex.slug}/")).select(".la-variation") if "No kit" in words(b))
        assert (swap.how or CATALOG.exercise(swap.exercise).name) in words(box)
