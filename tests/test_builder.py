"""The routine builder, used as a reader uses it: in Chromium, by mouse and by keyboard;
its link reopened, damaged and renamed; its cards printed and their QR codes scanned;
its routine played in the follow-along player. Times and steps are checked against the
build's own model (lazyathlete/data/routines.py), never against numbers typed here."""

from __future__ import annotations

import copy
import io
from datetime import timedelta

import pytest
from conftest import ROOT, build_site, serve_directory, write_data
from playwright.sync_api import expect
from pypdf import PdfReader
from test_player import DEVICE, START, expected_steps, play_through
from test_print import A6_POINTS, qr_codes, text_of
from test_quality import run_axe

from lazyathlete.data import DATA_FILE, load_catalog
from lazyathlete.data.models import MAX_CARD_EXERCISES, Block, Dose, Routine, RoutineItem
from lazyathlete.data.routines import minutes_text, routine_seconds
from lazyathlete.site.builder import BUILDER_URL

pytestmark = pytest.mark.browser

CATALOG = load_catalog(ROOT / DATA_FILE)
ROUTINES = list(CATALOG.routines.values())
PHONE = {"width": 390, "height": 844}


def open_builder(browser, base_url, fragment: str = "", **options):
    context = browser.new_context(viewport=options.pop("viewport", PHONE), **options)
    page = context.new_page()
    page.add_init_script(DEVICE)
    page.clock.install(time=START)
    page.goto(base_url + BUILDER_URL + (("#" + fragment) if fragment else ""))
    page.locator("[data-module='la-builder']").wait_for()
    page.clock.pause_at(START + timedelta(minutes=1))  # from here time moves only when the test says
    return context, page


def rows_shown(page) -> list[dict]:
    """The routine as the builder lists it: label, name and the numbers in its inputs."""
    return page.locator(".la-builder__row").evaluate_all("""rows => rows.map(row => ({
        label: row.querySelector('.la-sheet__label').textContent,
        name: row.querySelector('a').textContent,
        fields: Object.fromEntries([...row.querySelectorAll('input')].map(i => [i.dataset.field, Number(i.value)])),
    }))""")


def card_rows(page, scope: str) -> list[list[str]]:
    """Label, name, dose and rest of every row of a card on the page."""
    return page.locator(f"{scope} .la-sheet__row").evaluate_all("""rows => rows.map(row => [
        row.querySelector('.la-sheet__label').textContent,
        row.querySelector('.la-sheet__name').textContent,
        row.querySelector('.la-sheet__amount').textContent,
        (row.querySelector('.la-sheet__rest') || {textContent: ''}).textContent,
        String(row.querySelectorAll('.la-tick').length),
    ])""")


def words_in(page, selector: str) -> str:
    """The words of an element, shown or not (the builder's cards show only in print), spaces as one."""
    return " ".join(page.locator(selector).text_content().split())


def total_shown(page) -> str:
    return page.locator("[data-la-total]").inner_text().split(" · ")[0]


def as_routine(blocks: list[tuple[list[tuple[str, Dose]], int]]) -> Routine:
    """A routine of the data model with these blocks, to ask the build what it adds up to."""
    return Routine(
        slug="built", short="built", title="Built", purpose="p", when="strength-day", per_week=1,
        blocks=[Block(exercises=[RoutineItem(exercise=s, dose=d) for s, d in items], rest_seconds=rest) for items, rest in blocks],
    )


# --- Every data routine opens in the builder as it is ------------------------------------------


@pytest.mark.parametrize("routine", ROUTINES, ids=[r.slug for r in ROUTINES])
def test_change_this_routine_opens_it_in_the_builder_with_the_same_card_and_time(browser, base_url, routine):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(base_url + CATALOG.routine_url(routine.slug))
    on_its_page = card_rows(page, ".la-sheet--sheet")
    kit_on_its_page = words_in(page, ".la-sheet--sheet .la-sheet__kit")
    moving_on_its_page = words_in(page, ".la-sheet--sheet .la-sheet__moving-on")
    minutes = minutes_text(routine_seconds(routine, CATALOG.exercises))
    page.get_by_role("link", name="Change this routine").click()
    page.locator(".la-builder__row").first.wait_for()
    assert page.locator("[data-la-title]").input_value() == routine.title
    assert total_shown(page) == minutes, "the builder's time is the build's time"
    assert card_rows(page, "[data-la-card='sheet']") == on_its_page
    # The kit (worked out in the browser) and when to move on, as the build says them.
    assert words_in(page, "[data-la-kit]") == kit_on_its_page
    for size in ("sheet", "pocket"):
        assert words_in(page, f"[data-la-card='{size}'] .la-sheet__kit") == kit_on_its_page
    assert words_in(page, "[data-la-card='sheet'] .la-sheet__moving-on") == moving_on_its_page
    assert page.locator("[data-la-read]").is_hidden(), "a link the site wrote reads without a note"
    context.close()


@pytest.mark.parametrize("routine", ROUTINES[:2], ids=[r.slug for r in ROUTINES[:2]])
def test_a_routine_from_the_builder_plays_the_steps_of_the_data_routine(browser, base_url, routine):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.add_init_script(DEVICE)
    page.clock.install(time=START)
    page.goto(base_url + CATALOG.routine_url(routine.slug))
    link = page.get_by_role("link", name="Change this routine").get_attribute("href")
    page.goto(base_url + BUILDER_URL + "#" + link.split("#", 1)[1])
    page.clock.pause_at(START + timedelta(minutes=1))  # from here time moves only when the test says
    page.get_by_role("button", name="Start: follow along").click()
    play_through(page, expected_steps(routine))
    context.close()


# --- Building one, as a reader does ---------------------------------------------------------------


def add(page, name: str) -> None:
    page.locator(".la-builder__choice").filter(has=page.get_by_role("link", name=name, exact=True)).get_by_role("button").click()


def test_a_reader_builds_a_routine_and_the_time_is_the_builds(browser, base_url):
    context, page = open_builder(browser, base_url)
    assert page.locator("[data-la-empty]").is_visible()
    assert page.get_by_role("button", name="Start: follow along").is_disabled()
    for name in ["Glute bridge", "Clamshell", "Fire hydrant"]:
        add(page, name)
    # Clamshell and fire hydrant back to back, both for 2 sets of 12, with 50 s rest.
    page.get_by_role("button", name="Pair with next Clamshell").click()
    rows = rows_shown(page)
    assert [r["label"] for r in rows] == ["A", "B1", "B2"]
    page.get_by_label("Sets for Clamshell").fill("2")
    page.get_by_label("Sets for Fire hydrant").fill("2")
    page.get_by_label("Reps for Fire hydrant").fill("12")
    page.get_by_label("Rest (s) after each round of B").fill("50")
    page.get_by_label("Name it").fill("Home glutes")
    rows = rows_shown(page)
    bridge, clam, hydrant = (CATALOG.exercise(s) for s in ("glute-bridge", "clamshell", "fire-hydrant"))
    built = as_routine([
        ([("glute-bridge", bridge.dose)], bridge.rest_seconds),
        ([("clamshell", Dose(sets=2, reps=rows[1]["fields"]["reps"])), ("fire-hydrant", Dose(sets=2, reps=12))], 50),
    ])
    assert total_shown(page) == minutes_text(routine_seconds(built, CATALOG.exercises))
    assert page.locator("[data-la-problems] li").count() == 0
    # The card says the same, and plays the same.
    sheet = card_rows(page, "[data-la-card='sheet']")
    assert [r[:2] for r in sheet] == [["A", "Glute bridge"], ["B1", "Clamshell"], ["B2", "Fire hydrant"]]
    assert sheet[2][3] == "rest 50 s after each round"
    title = page.locator("[data-la-card='sheet'] .la-sheet__title")
    title.scroll_into_view_if_needed()  # the cards are below the list, drawn as the reader comes to them
    expect(title).to_have_text("Home glutes", use_inner_text=True)
    page.get_by_role("button", name="Start: follow along").click()
    play_through(page, expected_steps(built))
    context.close()


def tab_to(page, selector: str, presses: int = 30) -> None:
    """Press Tab until the focused element matches `selector`, as a keyboard user would."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_a_routine_can_be_built_with_the_keyboard_alone(browser, base_url):
    context, page = open_builder(browser, base_url)
    page.locator("#la-builder-q").focus()
    page.keyboard.type("bridge")
    tab_to(page, "[data-la-add]")  # past the filters, to the first shown exercise's Add button
    page.keyboard.press("Enter")
    page.locator("#la-builder-q").focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("clam")
    tab_to(page, "[data-la-add]")
    page.keyboard.press("Space")
    assert [r["name"] for r in rows_shown(page)] == ["Glute bridge", "Clamshell"]
    move = page.get_by_role("button", name="Move up Clamshell")
    move.focus()
    page.keyboard.press("Enter")
    assert [r["name"] for r in rows_shown(page)] == ["Clamshell", "Glute bridge"]
    focused = page.evaluate("() => document.activeElement.textContent")
    assert "Clamshell" in focused, f"focus stayed with the moved exercise, not {focused!r}"
    assert "Move down" in focused
    context.close()


# --- Seeing what Add did, and hitting the right button, on a phone ------------------------------

EXERCISES = list(CATALOG.exercises.values())
SMALL_PHONE = {"width": 360, "height": 640}


def bar_seen(page) -> dict:
    """The routine bar as the reader sees it: its words and where it is on the screen."""
    return page.locator("[data-la-bar]").evaluate("""bar => {
        const box = bar.getBoundingClientRect();
        const seen = getComputedStyle(bar).visibility === 'visible' && box.height > 0;
        return {text: bar.innerText.replace(/\\s+/g, ' ').trim(), top: box.top, bottom: box.bottom,
                left: box.left, right: box.right, seen, height: innerHeight, width: innerWidth};
    }""")


def test_after_add_the_bar_shows_the_count_and_the_builds_minutes_where_the_reader_is(browser, base_url):
    """Anywhere down the list, pressing Add shows on the same screen, without scrolling, how
    many moves the routine has and its minutes as the build works them out."""
    context, page = open_builder(browser, base_url)
    assert not bar_seen(page)["seen"], "nothing to show before the first move"
    added = []
    for ex in (EXERCISES[-1], EXERCISES[0], EXERCISES[len(EXERCISES) // 2], EXERCISES[-2]):
        button = page.locator(f".la-builder__choice[data-slug='{ex.slug}'] [data-la-add]")
        button.scroll_into_view_if_needed()
        page.evaluate("y => window.scrollBy(0, y)", 0 if ex is EXERCISES[-1] else -120)
        at = button.bounding_box()
        button.click()
        added.append(ex)
        # The row appears far above; the browser keeps what is on the screen where it was.
        assert abs(button.bounding_box()["y"] - at["y"]) < 1, "nothing moves under the reader's finger"
        bar = bar_seen(page)
        assert bar["seen"], bar
        assert 0 <= bar["top"] and bar["bottom"] <= bar["height"] and 0 <= bar["left"] and bar["right"] <= bar["width"], bar
        built = as_routine([([(e.slug, e.dose)], e.rest_seconds) for e in added])
        minutes = minutes_text(routine_seconds(built, CATALOG.exercises))
        moves = f"{len(added)} move" + ("s" if len(added) > 1 else "")
        assert bar["text"].lower().startswith(f"{moves} · {minutes}".lower()), (bar["text"], moves, minutes)
        cover = page.locator("[data-la-bar]").bounding_box()
        now = button.bounding_box()
        assert now["y"] + now["height"] <= cover["y"] or now["y"] >= cover["y"] + cover["height"], "the bar does not hide the button just pressed"
    # The live message is said as before, and View routine takes the reader to the routine.
    assert page.locator("[data-la-said]").text_content() == f"{EXERCISES[-2].name} added as D."
    page.get_by_role("button", name="View routine").click()
    heading = page.get_by_role("heading", name="Your routine", exact=True)
    assert page.evaluate("() => document.activeElement.textContent") == "Your routine"
    top = heading.bounding_box()["y"]
    assert 0 <= top < PHONE["height"] / 2, top
    last = page.locator(".la-builder__row").last.bounding_box()
    assert last["y"] + last["height"] <= PHONE["height"] or len(added) > 3, "the routine is on the screen"
    context.close()


@pytest.mark.parametrize("fragment", ["", "v1&t=Mine&b=glute-bridge.3x12,r45&b=clamshell,r30"], ids=["empty", "with-moves"])
def test_the_list_stays_still_as_the_end_of_the_page_comes_into_view(browser, base_url, fragment):
    """A reader who scrolls to the last exercise and reaches for its Add button finds it where
    they saw it: the end of the page does not grow or shrink under them as it comes near."""
    context, page = open_builder(browser, base_url, fragment)
    last = page.locator(".la-builder__choice [data-la-add]").last
    seen = page.evaluate("""() => {
        window.scrollTo(0, document.documentElement.scrollHeight);
        return [...document.querySelectorAll('.la-builder__choice [data-la-add]')].pop().getBoundingClientRect().top;
    }""")
    page.wait_for_timeout(400)  # a few frames of real time: what the browser lays out as the end comes near
    assert abs(last.bounding_box()["y"] - seen) < 1, "the last Add button moved while the reader looked at it"
    context.close()


def test_the_bar_never_hides_the_button_a_keyboard_user_is_on(browser, base_url):
    context, page = open_builder(browser, base_url)
    page.locator(".la-builder__choice [data-la-add]").first.focus()
    page.keyboard.press("Enter")
    assert bar_seen(page)["seen"]
    for _ in range(len(EXERCISES) - 1):
        tab_to(page, "[data-la-add]", presses=6)
        box = page.evaluate("() => { const b = document.activeElement.getBoundingClientRect(); return [b.top, b.bottom]; }")
        bar = bar_seen(page)
        assert box[1] <= bar["top"] and box[0] >= 0, (page.evaluate("() => document.activeElement.textContent"), box, bar)
    context.close()


def controls_too_small(page) -> list[str]:
    """Every control of the builder the reader can see (buttons, links drawn as buttons,
    fields and menus) smaller than 44 × 44 CSS px, with its size."""
    return page.locator(".la-builder").evaluate("""root => [...root.querySelectorAll('button, select, input, a.md-button, [role=button]')]
        .filter(el => el.getClientRects().length && getComputedStyle(el).visibility === 'visible' && !el.closest('.la-builder__cards, dialog, template'))
        .map(el => [el, el.getBoundingClientRect()])
        .filter(([el, box]) => box.width < 44 || box.height < 44)
        .map(([el, box]) => `${(el.textContent || el.getAttribute('aria-label') || el.name || el.id).trim()}: ${box.width.toFixed(1)} × ${box.height.toFixed(1)}`)""")


@pytest.mark.parametrize("viewport", [PHONE, SMALL_PHONE], ids=["390x844", "360x640"])
def test_every_control_of_the_builder_is_at_least_44_px_square(browser, base_url, viewport):
    context, page = open_builder(browser, base_url, viewport=viewport)
    assert controls_too_small(page) == []
    for ex in EXERCISES[:4]:
        add(page, ex.name)
    page.get_by_role("button", name=f"Pair with next {EXERCISES[1].name}").click()
    rows = page.locator(".la-builder__row [data-la-do]").count()
    assert rows >= 8, "Move, Pair, Unpair and Remove are all there to measure"
    assert controls_too_small(page) == []
    page.get_by_label("Name it").fill("Mine")
    page.get_by_label(f"Sets for {EXERCISES[1].name}").fill("1")  # a problem: the pair's sets differ
    assert page.locator("[data-la-problems] li").count() >= 1
    assert controls_too_small(page) == []
    context.close()


def test_each_add_button_names_its_exercise_and_sits_with_it(browser, base_url):
    """Add is inside its exercise's own box, named "Add Clamshell", and nearer its own
    exercise's name than the next one's: nobody adds the move below by mistake."""
    context, page = open_builder(browser, base_url)
    for ex in EXERCISES:
        button = page.get_by_role("button", name=f"Add {ex.name}", exact=True)
        assert button.count() == 1, ex.name
        assert button.evaluate("(b, slug) => b.closest('.la-builder__choice').dataset.slug === slug", ex.slug), ex.name
    seen = page.locator(".la-builder__choice").evaluate_all("""cards => cards.map(card => {
        const style = getComputedStyle(card), page = getComputedStyle(document.querySelector('.md-main'));
        const box = card.getBoundingClientRect(), add = card.querySelector('[data-la-add]').getBoundingClientRect();
        const name = card.querySelector('.la-card__link').getBoundingClientRect();
        return {
            slug: card.dataset.slug, top: box.top, bottom: box.bottom,
            bounded: parseFloat(style.borderTopWidth) >= 1 && style.borderTopColor !== style.backgroundColor
                     || style.backgroundColor !== page.backgroundColor && style.backgroundColor !== 'rgba(0, 0, 0, 0)',
            inside: add.top >= box.top && add.bottom <= box.bottom && add.left >= box.left && add.right <= box.right,
            add: [add.top, add.bottom], name: [name.top, name.bottom],
        };
    })""")
    for card, following in zip(seen, [*seen[1:], None], strict=True):
        assert card["bounded"], f"{card['slug']}: its box is drawn (a border or its own background)"
        assert card["inside"], f"{card['slug']}: Add is inside its exercise's box"
        if following and following["top"] >= card["bottom"]:
            own = max(0, card["add"][0] - card["name"][1])
            other = following["name"][0] - card["add"][1]
            assert following["top"] - card["bottom"] >= 8, f"{card['slug']}: boxes apart"
            assert own < other, f"{card['slug']}: Add is {own:.0f} px from its name and {other:.0f} px from the next one's"
    context.close()


def test_the_bar_is_on_screen_and_never_printed(browser, built_link):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(built_link)
    page.locator(".la-builder__row").first.wait_for()
    page.locator("[data-la-add]").last.scroll_into_view_if_needed()
    assert bar_seen(page)["seen"]
    page.emulate_media(media="print")
    assert page.locator("[data-la-bar]").evaluate("bar => bar.getClientRects().length") == 0, "the bar is not printed"
    context.close()


# --- The link ----------------------------------------------------------------------------------------


def test_the_routine_lives_in_the_link_and_comes_back_on_another_phone(browser, base_url):
    context, page = open_builder(browser, base_url)
    add(page, "Step-up")
    add(page, "Side-lying leg raise")
    page.get_by_label("Sets for Step-up").fill("4")
    page.get_by_label("Name it").fill("Hotel room <b>quick</b> one")
    link = page.locator("[data-la-link]").input_value()
    assert link == page.url and "#v1" in link
    before = rows_shown(page)
    page.reload()
    assert rows_shown(page) == before
    assert page.locator("[data-la-title]").input_value() == "Hotel room <b>quick</b> one"
    other = browser.new_context(viewport=PHONE)
    phone = other.new_page()
    phone.goto(link)
    assert rows_shown(phone) == before
    title = phone.locator("[data-la-card='sheet'] .la-sheet__title")
    title.scroll_into_view_if_needed()
    expect(title, "the title is text, never markup").to_have_text("Hotel room <b>quick</b> one", use_inner_text=True)
    assert phone.locator("[data-la-card] .la-sheet__title b").count() == 0
    other.close()
    context.close()


def test_a_damaged_link_shows_what_could_be_read_and_what_could_not(browser, base_url):
    fragment = "v1&t=Mine&b=glute-bridge.9x12,r45&b=no-such-move.3x4&b=clamshell,r30&b=%E0%A4%A&zz=1"
    context, page = open_builder(browser, base_url, fragment)
    names = [r["name"] for r in rows_shown(page)]
    assert names == ["Glute bridge", "Clamshell"]
    note = page.locator("[data-la-read]").inner_text()
    assert "no-such-move" in note and "9" in note and "Clamshell" in note and "damaged" in note
    assert rows_shown(page)[0]["fields"]["sets"] == 6, "a number out of range is brought into range"
    context.close()
    for broken in ["v7&b=glute-bridge.3x12,r45", "%%%", "b=", "v1&b=" + ",".join(["glute-bridge.3x12"] * 9)]:
        context, page = open_builder(browser, base_url, broken)
        assert page.locator("[data-la-read]").is_visible() or rows_shown(page), broken
        assert page.locator("h1").is_visible()
        assert len(rows_shown(page)) <= MAX_CARD_EXERCISES
        context.close()


def test_an_exercise_renamed_later_still_opens_from_an_old_link(browser, raw_data, tmp_path):
    from test_addresses import exercise, name_anew
    from tools.project import copy_project

    project = copy_project(tmp_path / "project")
    data = copy.deepcopy(raw_data)
    exercise(data, "clamshell").update(slug="clam", former_slugs=["clamshell"])
    name_anew(data, "clamshell", "clam")
    write_data(project, data)
    site = build_site(project, project / "site")
    with serve_directory(site) as url:
        context, page = open_builder(browser, url, "v1&b=clamshell.2x15,r30")
        assert [r["name"] for r in rows_shown(page)] == ["Clamshell"]
        assert page.locator("[data-la-read]").is_hidden()
        assert "b=clam.2x15,r30" in page.url, "the link is written anew with today's slug"
        context.close()


# --- What a data routine may not be, the builder may not be either -------------------------------


def test_the_cards_limits_hold_with_messages_that_say_what_to_change(browser, base_url):
    context, page = open_builder(browser, base_url)
    names = [e.name for e in CATALOG.exercises.values()][: MAX_CARD_EXERCISES + 1]
    for name in names[:MAX_CARD_EXERCISES]:
        add(page, name)
    assert page.locator("[data-la-full]").is_visible()
    assert "remove one" in page.locator("[data-la-full]").inner_text()
    assert page.locator(".la-builder__choice button:not([disabled])").count() == 0
    page.get_by_role("button", name=f"Remove {names[0]}").click()
    assert page.locator("[data-la-full]").is_hidden()
    # A pair with different sets is no routine the card can print.
    first, second = rows_shown(page)[0]["name"], rows_shown(page)[1]["name"]
    page.get_by_role("button", name=f"Pair with next {first}").click()
    page.get_by_label(f"Sets for {first}").fill("2")
    page.get_by_label(f"Sets for {second}").fill("3")
    problem = page.locator("[data-la-problems]").inner_text()
    assert "same number of sets" in problem and first in problem and second in problem
    assert page.get_by_role("button", name="Print this routine").is_disabled()
    assert page.get_by_role("button", name="Start: follow along").is_disabled()
    page.get_by_label(f"Sets for {second}").fill("2")
    assert page.locator("[data-la-problems] li").count() == 0
    assert page.get_by_role("button", name="Print this routine").is_enabled()
    page.get_by_label(f"Sets for {second}").fill("40")
    assert "1 to 6" in page.locator("[data-la-problems]").inner_text()
    context.close()


# --- Printing and playing -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built_link(browser, base_url) -> str:
    routine = max(ROUTINES, key=lambda r: sum(len(b.exercises) for b in r.blocks))
    context = browser.new_context()
    page = context.new_page()
    page.goto(base_url + CATALOG.routine_url(routine.slug))
    href = page.get_by_role("link", name="Change this routine").get_attribute("href")
    context.close()
    return base_url + BUILDER_URL + "#" + href.split("#", 1)[1] + "&t=My%20biggest%20routine"


def printed(browser, link: str, card: str, paper: str | None) -> tuple[PdfReader, str]:
    """The PDF Chromium prints of one of the builder's cards, and the page's address then."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(link)
    page.locator(".la-builder__row").first.wait_for()
    page.evaluate("card => document.documentElement.classList.add(card === 'pocket' ? 'la-print-pocket' : 'la-print-sheet')", card)
    data = page.pdf(prefer_css_page_size=True, print_background=True) if paper is None else page.pdf(format=paper, print_background=True)
    address = page.url
    context.close()
    return PdfReader(io.BytesIO(data)), address


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_a_built_routine_prints_on_one_page_with_a_qr_code_back_to_itself(browser, built_link, paper, tmp_path):
    reader, address = printed(browser, built_link, "sheet", paper)
    assert len(reader.pages) == 1
    text = text_of(reader)
    assert "My biggest routine" in text and "Add exercises" not in text and "Your sessions" not in text
    assert "#v1" in address and "My%20biggest%20routine" in address
    assert qr_codes(reader, tmp_path) == [address]


def test_a_built_routine_prints_an_a6_pocket_card(browser, built_link, tmp_path):
    reader, address = printed(browser, built_link, "pocket", None)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == tuple(round(p) for p in A6_POINTS)
    assert "My biggest routine" in text_of(reader)
    assert qr_codes(reader, tmp_path) == [address]


def test_the_print_buttons_print_the_card_they_name(browser, built_link):
    context = browser.new_context()
    page = context.new_page()
    page.add_init_script("window.print = () => { window.__printed = document.documentElement.className; };")
    page.goto(built_link)
    page.get_by_role("button", name="Print the pocket card (A6)").click()
    assert "la-print-pocket" in page.evaluate("window.__printed")
    page.get_by_role("button", name="Print this routine").click()
    assert "la-print-sheet" in page.evaluate("window.__printed")
    context.close()


# --- Everyone, everywhere, and nobody else ------------------------------------------------------


def test_without_javascript_the_page_says_what_it_needs_and_links_the_routines(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + BUILDER_URL)
    assert "needs JavaScript" in page.locator("article .la-nojs-only").inner_text()
    for routine in ROUTINES:
        assert page.get_by_role("link", name=routine.title).first.is_visible()
    assert page.locator(".la-builder").is_hidden()
    context.close()


def test_once_loaded_the_builder_works_offline_and_asks_nobody_for_anything(browser, base_url, built_link):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    origin = base_url.rstrip("/")
    asked = []
    page.on("request", lambda request: asked.append(request.url))
    page.clock.install(time=START)
    page.goto(built_link)
    page.locator(".la-builder__row").first.wait_for()
    context.set_offline(True)
    first = rows_shown(page)[0]["name"]
    page.get_by_role("button", name=f"Remove {first}").click()
    add(page, first)
    page.get_by_label("Name it").fill("Offline")
    assert rows_shown(page)[-1]["name"] == first
    page.get_by_role("button", name="Start: follow along").click()
    page.get_by_role("button", name="Skip", exact=True).click()
    assert page.locator("dialog.la-player[open]").is_visible()
    assert all(url.startswith(origin) or url.startswith("data:") for url in asked), [u for u in asked if not u.startswith(origin)]
    context.close()


@pytest.mark.parametrize("state", ["empty", "built", "problem", "damaged"])
def test_no_accessibility_violations_in_any_state(browser, base_url, built_link, state):
    fragment = {"empty": "", "built": built_link.split("#", 1)[1], "damaged": "v1&b=nope.1x1&b=glute-bridge.9x9,r1",
                "problem": "v1&b=glute-bridge.2x12,clamshell.3x15,r60"}[state]
    context, page = open_builder(browser, base_url, fragment)
    if state == "problem":
        assert page.locator("[data-la-problems] li").count() == 1
    page.clock.resume()  # axe waits on timers of its own
    violations = run_axe(page)
    assert violations == [], [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
    context.close()


@pytest.mark.parametrize("url", [BUILDER_URL, CATALOG.routine_url(ROUTINES[0].slug), CATALOG.card_url(ROUTINES[0].slug)])
def test_the_table_of_contents_lists_only_what_a_reader_without_javascript_can_see(browser, base_url, url):
    """The player and the builder are hidden without JavaScript: their headings are not
    in the page's table of contents, which would lead nowhere."""
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(base_url + url)
    for href in page.locator(".md-sidebar--secondary a.md-nav__link").evaluate_all("links => links.map(a => a.getAttribute('href'))"):
        assert href.startswith("#"), href
        assert page.locator(f"[id='{href[1:]}']").is_visible(), f"{url}: the contents list {href}, which is hidden"
    context.close()


# --- Any link, however hostile, leaves a working builder ---------------------------------------

# Names every JavaScript object inherits, used where the link names an exercise, a part or a title.
INHERITED = ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf", "prototype", "isPrototypeOf", "__defineGetter__"]
HOSTILE_LINKS = {
    "inherited names as slugs": "v1&b=" + ",".join(f"{name}.3x12" for name in INHERITED) + "&b=glute-bridge.3x12,r45",
    "inherited names with no dose": "v1&b=constructor&b=clamshell,valueof,tostring&b=" + "&b=".join(INHERITED),
    "inherited names as a rest": "v1&b=glute-bridge.3x12,rconstructor,r__proto__",
    "inherited names as parts": "v1&" + "&".join(f"{name}={name}" for name in INHERITED) + "&t=Mine&b=glute-bridge.3x12",
    "inherited names as titles": "v1&b=clamshell.2x15&" + "&".join(f"t={name}" for name in INHERITED),
    "inherited names as the version": "constructor&b=glute-bridge.3x12&__proto__&toString",
    "inherited names encoded": "v1&b=%63onstructor.3x12&t=%5F%5Fproto%5F%5F&%5F%5Fproto%5F%5F=1",
    "only inherited names": "&".join(INHERITED),
}


def open_watched(browser, base_url, fragment: str):
    """The builder opened on `fragment`, with script errors and console errors recorded."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(f"page error: {error}"))
    page.on("console", lambda message: page.errors.append(f"console: {message.text}") if message.type == "error" else None)
    page.add_init_script(DEVICE)
    page.clock.install(time=START)
    page.goto(base_url + BUILDER_URL + "#" + fragment)
    page.locator("[data-module='la-builder']").wait_for(state="attached")  # a script error leaves it hidden
    page.clock.pause_at(START + timedelta(minutes=1))
    return context, page


def still_works(page) -> None:
    """The builder drew itself and still builds: it shows, its rows are real exercises, adding one works."""
    assert not page.errors, page.errors
    assert page.locator(".la-builder.la-builder--ready").is_visible(), "the builder never showed"
    names = {e.name for e in CATALOG.exercises.values()}
    rows = rows_shown(page)
    assert len(rows) <= MAX_CARD_EXERCISES and all(r["name"] in names for r in rows), rows
    if len(rows) == MAX_CARD_EXERCISES:
        page.get_by_role("button", name=f"Remove {rows[-1]['name']}").last.click()
        rows = rows[:-1]
    add(page, "Glute bridge")
    assert [r["name"] for r in rows_shown(page)] == [r["name"] for r in rows] + ["Glute bridge"]
    assert page.locator("[data-la-card='sheet'] .la-sheet__row").count() == len(rows) + 1
    title = page.locator("[data-la-card='sheet'] .la-sheet__title").text_content()
    assert title == (page.locator("[data-la-title]").input_value().strip() or "My glute routine")
    assert not page.errors, page.errors


@pytest.mark.parametrize("fragment", HOSTILE_LINKS.values(), ids=HOSTILE_LINKS.keys())
def test_a_link_naming_inherited_javascript_names_opens_a_working_builder(browser, base_url, fragment):
    context, page = open_watched(browser, base_url, fragment)
    still_works(page)
    note = page.locator("[data-la-read]")
    if "b=" in fragment:
        shown = rows_shown(page)
        assert note.is_visible() or shown, "neither rows nor a note"
    context.close()


def test_inherited_names_are_left_out_and_said_so(browser, base_url):
    context, page = open_watched(browser, base_url, HOSTILE_LINKS["inherited names as slugs"])
    assert [r["name"] for r in rows_shown(page)] == ["Glute bridge"]
    note = page.locator("[data-la-read]").inner_text()
    assert "constructor" in note and "no exercise on the site" in note, note
    context.close()


def refused_in_a_title() -> str:
    """Each character of the basic plane the data's rule for a routine's title turns away, asked of that rule."""
    from typing import Annotated

    from pydantic import TypeAdapter, ValidationError

    field = Routine.model_fields["title"]
    title = TypeAdapter(Annotated[(field.annotation, *field.metadata)])
    refused = []
    for point in range(0x10000):
        if 0xD800 <= point <= 0xDFFF:
            continue
        try:
            title.validate_python(f"a{chr(point)}a")
        except ValidationError:
            refused.append(chr(point))
    return "".join(refused)


REFUSED = refused_in_a_title()


def test_the_builder_is_handed_the_datas_rules_for_a_title():
    """The build hands the script the characters a title may not hold and its longest length,
    both read from the data's model: no second copy of either in the script."""
    import re

    from lazyathlete.site.builder import builder_data

    data = builder_data(CATALOG, lambda path: path)
    refused = re.compile("[" + data["title"]["refused"] + "]")
    assert "\u202e" in REFUSED and "\x00" in REFUSED and "\u2028" in REFUSED and "\t" not in REFUSED
    wrongly = [f"U+{ord(c):04X}" for c in map(chr, range(0x10000)) if not 0xD800 <= ord(c) <= 0xDFFF and bool(refused.match(c)) != (c in REFUSED)]
    assert not wrongly, wrongly
    longest = Routine.model_json_schema()["properties"]["title"].get("maxLength")
    assert data["title"]["max"] == (longest or data["title"]["max"]) and 20 <= data["title"]["max"] <= 200


REVERSED_TITLES = {
    "right-to-left override": "\u202eenituor ym",
    "every direction mark": "Hips\u202a \u202bfirst\u202c \u202d\u202e then\u2066 \u2067knees\u2068\u2069",
    "controls": "Bell\x07 null\x00 escape\x1b del\x7f c1\x85\x9b",
    "line breaks": "one\nline\r\u2028only\u2029",
}


@pytest.mark.parametrize("title", REVERSED_TITLES.values(), ids=REVERSED_TITLES.keys())
def test_a_title_with_characters_the_data_refuses_is_shown_without_them(browser, base_url, title):
    from urllib.parse import quote

    context, page = open_watched(browser, base_url, "v1&t=" + quote(title, safe="") + "&b=glute-bridge.3x12,r45")
    kept = "".join(c for c in title if c not in REFUSED).strip()
    assert page.locator("[data-la-title]").input_value() == kept
    for card in ("sheet", "pocket"):
        assert page.locator(f"[data-la-card='{card}'] .la-sheet__title").text_content() == kept
    assert "t=" + quote(kept, safe="") in page.url, "the link is written anew without them"
    assert "left out" in page.locator("[data-la-read]").inner_text()
    # Typed or pasted into the name field, they are left out too.
    page.get_by_label("Name it").fill(title)
    typed = page.locator("[data-la-title]").input_value()
    assert not any(c in REFUSED for c in typed), typed
    assert page.locator("[data-la-card='sheet'] .la-sheet__title").text_content() == typed.strip()
    still_works(page)
    context.close()


def test_every_character_the_data_refuses_is_left_out_of_a_title_and_others_are_kept(browser, base_url):
    from urllib.parse import quote

    others = "Ünïcode ☺ عربى 日本 – “quotes” & <b>"
    title = "A" + REFUSED + "B " + others
    context, page = open_watched(browser, base_url, "v1&t=" + quote(title, safe="") + "&b=glute-bridge.3x12")
    assert page.locator("[data-la-title]").input_value() == ("AB " + others)[: builder_limits(page)["max"]]
    still_works(page)
    context.close()


def builder_limits(page) -> dict:
    import json

    return json.loads(page.locator(".la-builder__data").text_content())["title"]


def test_a_title_is_no_longer_than_the_data_allows(browser, base_url):
    context, page = open_watched(browser, base_url, "v1&t=" + "W" * 5000 + "&b=glute-bridge.3x12")
    longest = builder_limits(page)["max"]
    assert page.locator("[data-la-title]").input_value() == "W" * longest
    assert page.locator("[data-la-title]").get_attribute("maxlength") == str(longest)
    emoji = "\U0001f3c3" * (longest + 5)  # a runner: one character, two UTF-16 units
    page.goto(base_url + BUILDER_URL + "#v1&t=" + emoji + "&b=glute-bridge.3x12")
    page.reload()
    assert page.locator("[data-la-title]").input_value() == "\U0001f3c3" * longest
    still_works(page)
    context.close()


@pytest.mark.parametrize("card", ["sheet", "pocket"])
def test_the_longest_title_still_prints_on_one_page(browser, built_link, card, tmp_path):
    context = browser.new_context()
    page = context.new_page()
    page.goto(built_link)
    longest = builder_limits(page)["max"]
    context.close()
    words = " ".join(["Wm" * 4] * longest)[:longest]
    reader, address = printed(browser, built_link.rsplit("&t=", 1)[0] + "&t=" + words.replace(" ", "%20"), card, None if card == "pocket" else "Letter")
    assert len(reader.pages) == 1
    assert qr_codes(reader, tmp_path) == [address]


JUNK = 12_000


def test_thousands_of_unreadable_parts_are_counted_not_listed(browser, base_url):
    junk = [f"zz{n}=1" if n % 4 == 0 else f"b=nope{n}.3x12" if n % 4 == 1 else "b=%E0%A4%A" if n % 4 == 2 else f"b=glute-bridge.{n}x1" for n in range(JUNK)]
    context, page = open_watched(browser, base_url, "v1&t=Mine&b=clamshell.2x15,r30&" + "&".join(junk))
    note = page.locator("[data-la-read]").inner_text()
    assert "12,0" in note and len(note) < 1500, note[:2000]
    assert page.locator("[data-la-read]").evaluate("e => e.getBoundingClientRect().height") < 400
    assert rows_shown(page)[0]["name"] == "Clamshell"
    still_works(page)
    context.close()


@pytest.mark.parametrize("fragment", [
    "v1&b=" + ",".join(["glute-bridge.3x12"] * 50_000),
    "v1&" + "&".join(["b=clamshell"] * 50_000),
    "v1&t=" + "%E2%80%AE" * 100_000,
    "v1&b=" + "glute-bridge" * 50_000,
], ids=["50,000 exercises in a block", "50,000 blocks", "a title of 100,000 overrides", "a 600,000-letter slug"])
def test_a_huge_link_is_read_in_bounded_time_and_said_in_bounded_words(browser, base_url, fragment):
    import time

    began = time.monotonic()
    context, page = open_watched(browser, base_url, fragment)
    assert time.monotonic() - began < 15
    assert len(page.locator("[data-la-read]").inner_text()) < 1500
    assert len(page.url) < 2000, "the link is written anew, as short as the routine"
    still_works(page)
    context.close()
