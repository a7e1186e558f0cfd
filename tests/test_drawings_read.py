"""Drawings a reader understands at a glance: measured as they are shown, on a 390 px phone
and on paper, every exercise's figure is big and what moves between start and end moves far
enough to see."""

from __future__ import annotations

import pytest
from conftest import ROOT

from lazyathlete.data import DATA_FILE, load_catalog
from lazyathlete.figures.pose import MOTION_FRAMES
from lazyathlete.site.builder import dose_code

pytestmark = pytest.mark.browser

CATALOG = load_catalog(ROOT / DATA_FILE)
SLUGS = sorted(CATALOG.exercises)
PHONE = {"width": 390, "height": 844}
MM = 25.4 / 96  # millimetres in a CSS pixel
# The printable width of each paper (@page margins in site.css and main.html): what the card is laid out in.
SHEET_MM = 210 - 2 * 12
POCKET_MM = 105 - 2 * 6

# What the reader sees of one drawing, in CSS pixels: the figure's longer side in its first pose,
# and how far what moves (the working leg, the head, the trunk) shifts from the first pose to the
# last, each pose measured from the frame it is drawn in.
MEASURE_JS = """
svg => {
  const union = els => [...els].map(e => e.getBoundingClientRect()).reduce((r, b) => r
      ? {l: Math.min(r.l, b.left), t: Math.min(r.t, b.top), r: Math.max(r.r, b.right), b: Math.max(r.b, b.bottom)}
      : {l: b.left, t: b.top, r: b.right, b: b.bottom}, null);
  const poses = svg.classList.contains('la-fig--motion')
    ? [...svg.querySelectorAll('.la-fig__frame')].map(frame => frame.querySelector('.la-fig__pose'))
    : [...svg.querySelectorAll('.la-fig__pose')];
  const first = poses[0], last = poses[poses.length - 1];
  const body = union(first.querySelectorAll('.la-fig__head, .la-fig__trunk, .la-fig__leg, .la-fig__arm'));
  const at = (pose, sel) => {
    const origin = pose.ownerSVGElement.getBoundingClientRect(), r = union(pose.querySelectorAll(sel));
    return [r.l - origin.left, r.t - origin.top, r.r - origin.left, r.b - origin.top];
  };
  const moved = sel => { const a = at(first, sel), b = at(last, sel); return Math.max(...a.map((v, i) => Math.abs(v - b[i]))); };
  return {size: Math.max(body.r - body.l, body.b - body.t),
          travel: Math.max(moved('.la-fig__work'), moved('.la-fig__head'), moved('.la-fig__trunk'))};
}
"""


def measure(page, selector: str) -> dict[str, float]:
    return page.locator(selector).evaluate(MEASURE_JS)


@pytest.fixture(scope="module")
def phone(browser):
    context = browser.new_context(viewport=PHONE)
    yield context.new_page()
    context.close()


# --- On a phone --------------------------------------------------------------------------------


@pytest.mark.parametrize("slug", SLUGS)
def test_on_a_phone_the_moving_figure_is_big_and_what_moves_travels_far(phone, base_url, slug: str) -> None:
    """Over half the screen's width for the figure, and what moves shifts by at least 36 px
    (about 6 mm on a phone's glass): a lying figure is not a thin strip, a bridge visibly lifts."""
    phone.emulate_media(reduced_motion="no-preference")
    phone.goto(base_url + CATALOG.exercise_url(slug))
    shown = measure(phone, ".la-figure > .la-fig--motion")
    assert shown["size"] >= 230, f"{slug}: the figure is {shown['size']:.0f} px at its longest"
    assert shown["travel"] >= 36, f"{slug}: what moves shifts {shown['travel']:.0f} px from start to end"


@pytest.mark.parametrize("slug", SLUGS)
def test_on_a_phone_with_reduced_motion_the_still_poses_are_big(phone, base_url, slug: str) -> None:
    phone.emulate_media(reduced_motion="reduce")
    phone.goto(base_url + CATALOG.exercise_url(slug))
    shown = measure(phone, ".la-figure > .la-fig--strip")
    assert shown["size"] >= 115, f"{slug}: each still pose's figure is {shown['size']:.0f} px at its longest"
    assert shown["travel"] >= 25, f"{slug}: what moves shifts {shown['travel']:.0f} px from start to end"


# --- On paper ------------------------------------------------------------------------------------


# Builder links that put every exercise on a card, five at a time with its own dose.
def builder_links() -> list[str]:
    blocks = [f"b={slug}.{dose_code(CATALOG.exercises[slug].dose)}" for slug in SLUGS]
    return ["#v1&t=Every%20move&" + "&".join(blocks[i : i + 5]) for i in range(0, len(blocks), 5)]


def printed_figures(page, card: str) -> dict[str, dict[str, float]]:
    """Each exercise's drawing on the page's printed card, in millimetres, by exercise name."""
    rows = ".la-sheet__row" if card == "sheet" else ".la-pocket__item"
    cell = ".la-sheet__figure > .la-fig--strip" if card == "sheet" else ".la-pocket__figure > .la-fig"
    found = {}
    for row in page.locator(f".la-sheet--{card} {rows}").all():
        name = row.locator(".la-sheet__name").first.inner_text()
        found[name] = {k: v * MM for k, v in row.locator(cell).evaluate(MEASURE_JS).items()}
    return found


@pytest.mark.parametrize(("card", "paper_mm", "smallest_mm"), [("sheet", SHEET_MM, 13.0), ("pocket", POCKET_MM, 7.0)])
def test_on_every_printed_card_each_figure_is_big_enough_to_read(browser, base_url, card, paper_mm, smallest_mm) -> None:
    """Laid out as the printer lays it out (print media, the paper's printable width): every
    exercise's still poses on the routine cards and on the builder's cards, with the figure at
    least `smallest_mm` at its longest."""
    context = browser.new_context(viewport={"width": round(paper_mm / MM), "height": 1200})
    page = context.new_page()
    seen: dict[str, dict[str, float]] = {}
    pages = [(CATALOG.card_url if card == "pocket" else CATALOG.routine_url)(slug) for slug in CATALOG.routines]
    for url in pages:
        page.goto(base_url + url)
        page.emulate_media(media="print")
        seen.update(printed_figures(page, card))
    for link in builder_links():
        page.emulate_media(media="screen")
        page.goto(base_url + "routines/build/" + link)
        page.locator(".la-builder__row").first.wait_for()
        page.evaluate("card => document.documentElement.classList.add('la-print-' + card)", card)
        page.emulate_media(media="print")
        seen.update(printed_figures(page, card))
    context.close()
    assert set(seen) == {e.name for e in CATALOG.exercises.values()}
    small = {name: f"{m['size']:.1f} mm" for name, m in seen.items() if m["size"] < smallest_mm}
    assert not small, f"figures smaller than {smallest_mm} mm on the printed {card} card: {small}"


# The moving drawing held on its end frame (1.5 s into the 2.4 s loop), as a reader sees it when it
# reaches the end: which frames show, how strongly the faint start shows, and where each is drawn.
AT_THE_END_JS = """
svg => {
  svg.getAnimations({subtree: true}).forEach(a => { a.pause(); a.currentTime = 1500; });
  const box = g => { const r = [...g.querySelectorAll('.la-fig__head, .la-fig__trunk, .la-fig__leg, .la-fig__arm')]
      .map(e => e.getBoundingClientRect()); return [Math.min(...r.map(b => b.left)), Math.min(...r.map(b => b.top)),
      Math.max(...r.map(b => b.right)), Math.max(...r.map(b => b.bottom))]; };
  const frames = [...svg.querySelectorAll('.la-fig__frame')];
  const ghost = svg.querySelector('.la-fig__ghost');
  return {
    shown: frames.filter(f => getComputedStyle(f).opacity === '1').map(f => frames.indexOf(f)),
    ghost: ghost ? parseFloat(getComputedStyle(ghost).opacity) : 0,
    ghostBox: ghost ? box(ghost) : null,
    startBox: box(frames[0]),
  };
}
"""


@pytest.mark.parametrize("slug", SLUGS)
def test_when_the_moving_drawing_reaches_the_end_the_start_still_shows_faintly(phone, base_url, slug: str) -> None:
    """So a reader tells start from end without reading: the end pose over a faint start, in place."""
    phone.emulate_media(reduced_motion="no-preference")
    phone.goto(base_url + CATALOG.exercise_url(slug))
    seen = phone.locator(".la-figure > .la-fig--motion").evaluate(AT_THE_END_JS)
    assert seen["shown"] == [MOTION_FRAMES - 1], f"{slug}: frames shown at the end: {seen['shown']}"
    assert 0.1 <= seen["ghost"] <= 0.5, f"{slug}: the start shows at opacity {seen['ghost']}"
    assert seen["ghostBox"] == pytest.approx(seen["startBox"], abs=0.5)


# The rendered height of every piece of text a drawing shows, in CSS pixels.
DRAWING_TEXT_JS = """
() => [...document.querySelectorAll('.la-fig text')].filter(t => t.checkVisibility())
  .map(t => t.getBoundingClientRect().height)
"""


@pytest.mark.parametrize("slug", SLUGS)
def test_a_printed_exercise_page_has_no_drawing_text_too_small_to_read(browser, base_url, slug: str) -> None:
    """Labels sized for a screen shrink with a drawing on paper: printed, none is under 2.5 mm."""
    context = browser.new_context(viewport={"width": round(SHEET_MM / MM), "height": 1200})
    page = context.new_page()
    page.goto(base_url + CATALOG.exercise_url(slug))
    page.emulate_media(media="print")
    heights = [h * MM for h in page.evaluate(DRAWING_TEXT_JS)]
    context.close()
    assert all(h >= 2.5 for h in heights), f"{slug}: printed drawing text {min(heights):.1f} mm tall"
