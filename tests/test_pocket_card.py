"""The A6 pocket card uses its page: drawings as large as fit, tick boxes a pen can hit, the page
filled to its foot; and an address on a card or page breaks only after a "/", never inside a word.
Measured as the printer lays the card out (print media, the page's printable width) and on the
printed PDF itself."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from conftest import ROOT, need_program
from PIL import Image

from lazyathlete.data import DATA_FILE, load_catalog

pytestmark = pytest.mark.browser

CATALOG = load_catalog(ROOT / DATA_FILE)
ROUTINES = list(CATALOG.routines.values())
MM = 25.4 / 96  # millimetres in a CSS pixel
POCKET_WIDTH_MM = 105 - 2 * 6  # A6 less its @page margins (main.html)
SHEET_WIDTH_MM = 210 - 2 * 12  # A4 less its margins (site.css): the narrower of A4 and Letter
# The cell every pocket drawing was fitted into before the card used its page (18 by 13 mm).
OLD_CELL_MM = (18.0, 13.0)

# Each drawing on the pocket card as printed: the drawing inside its <svg> (fitted to the box,
# its proportions kept), in CSS pixels, with its proportions (viewBox width / height).
DRAWINGS_JS = """
() => [...document.querySelectorAll('.la-sheet--pocket .la-pocket__item')].map(row => {
  const svg = row.querySelector('.la-pocket__figure svg'), box = svg.getBoundingClientRect(), vb = svg.viewBox.baseVal;
  const k = Math.min(box.width / vb.width, box.height / vb.height);
  return {name: row.querySelector('.la-sheet__name').textContent, width: vb.width * k, height: vb.height * k,
          ratio: vb.width / vb.height};
})
"""
TICKS_JS = """
() => [...document.querySelectorAll('.la-sheet--pocket .la-tick')].map(t => {
  const r = t.getBoundingClientRect(); return [r.width, r.height];
})
"""
# The address as the reader sees it: its characters grouped into the lines they are laid out on.
ADDRESS_LINES_JS = """
el => {
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT), lines = [];
  let top = null;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.length; i++) {
      const range = document.createRange(); range.setStart(node, i); range.setEnd(node, i + 1);
      const rect = range.getClientRects()[0];
      if (!rect) continue;
      if (top === null || rect.top > top + rect.height / 2) { lines.push(''); top = rect.top; }
      lines[lines.length - 1] += node.data[i];
    }
  }
  return lines;
}
"""


def old_area(ratio: float) -> float:
    """A drawing's area in mm² when it was fitted into the old 18 by 13 mm cell."""
    width = min(OLD_CELL_MM[0], OLD_CELL_MM[1] * ratio)
    return width * width / ratio


@pytest.fixture(scope="module")
def pocket(browser):
    """A page laid out as the A6 card prints: print media, the card's printable width."""
    context = browser.new_context(viewport={"width": round(POCKET_WIDTH_MM / MM), "height": 1200})
    page = context.new_page()
    page.emulate_media(media="print")
    yield page
    context.close()


@pytest.mark.parametrize("routine", ROUTINES, ids=lambda r: r.slug)
def test_pocket_card_tick_boxes_print_at_least_4mm(pocket, base_url, routine):
    pocket.goto(f"{base_url}{CATALOG.card_url(routine.slug)}")
    ticks = pocket.evaluate(TICKS_JS)
    assert ticks
    smallest = min(min(w, h) for w, h in ticks) * MM
    assert smallest >= 4 - 0.01, f"{routine.slug}: tick boxes print {smallest:.2f} mm"


def test_the_builders_largest_pocket_card_has_4mm_tick_boxes(pocket, base_url):
    """Six one-sided rows of six sets, the most the builder takes."""
    one_sided = [e.slug for e in CATALOG.exercises.values() if e.one_sided][:6]
    pocket.goto(f"{base_url}routines/build/#v1&t=Six&" + "&".join(f"b={slug}.6x300s,r300" for slug in one_sided))
    pocket.locator(".la-pocket__item").nth(5).wait_for(state="attached")
    pocket.evaluate("document.documentElement.classList.add('la-print-pocket')")  # what its Print button does
    ticks = pocket.evaluate(TICKS_JS)
    assert len(ticks) == 6 * 6 * 2
    smallest = min(min(w, h) for w, h in ticks) * MM
    assert smallest >= 4 - 0.01, f"the builder's pocket card: tick boxes print {smallest:.2f} mm"


@pytest.mark.parametrize("routine", ROUTINES, ids=lambda r: r.slug)
def test_pocket_card_drawings_print_larger_than_they_did(pocket, base_url, routine):
    """Every drawing at least 1.35 times the area it had in the old 18 by 13 mm cell (the six-row card,
    whose rows are the lowest, sets that), and the card's drawings together at least 1.75 times it."""
    pocket.goto(f"{base_url}{CATALOG.card_url(routine.slug)}")
    drawings = pocket.evaluate(DRAWINGS_JS)
    assert drawings
    small = []
    for d in drawings:
        area = d["width"] * d["height"] * MM * MM
        if area < 1.35 * old_area(d["ratio"]):
            small.append(f"{d['name']}: {d['width'] * MM:.1f} × {d['height'] * MM:.1f} mm, {area / old_area(d['ratio']):.2f}×")
    assert not small, f"{routine.slug}: drawings still small: {small}"
    total = sum(d["width"] * d["height"] for d in drawings) * MM * MM
    before = sum(old_area(d["ratio"]) for d in drawings)
    assert total >= 1.75 * before, f"{routine.slug}: drawings {total:.0f} mm² in all, {total / before:.2f}× before"


def printed_ink_bottom(pdf: bytes, tmp_path: Path) -> float:
    """How far down the printed page (a fraction of its height) the lowest mark reaches."""
    pdftoppm = need_program("pdftoppm", "poppler-utils", "printed page tests")
    (tmp_path / "card.pdf").write_bytes(pdf)
    subprocess.run([pdftoppm, "-png", "-r", "110", "-f", "1", "-l", "1", str(tmp_path / "card.pdf"), str(tmp_path / "card")], check=True)
    image = Image.open(next(tmp_path.glob("card*.png"))).convert("L")
    box = image.point(lambda p: 255 if p < 200 else 0).getbbox()
    assert box is not None, "the printed page is blank"
    return box[3] / image.height


@pytest.mark.parametrize("routine", ROUTINES, ids=lambda r: r.slug)
def test_pocket_card_uses_its_page(browser, base_url, routine, tmp_path):
    """Printed, the card reaches the foot of its A6 page: its last line within 92% of the page's
    height (the printable part ends at 96%); before, four rows left the bottom third blank."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{base_url}{CATALOG.card_url(routine.slug)}")
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    context.close()
    reached = printed_ink_bottom(pdf, tmp_path)
    assert reached >= 0.92, f"{routine.slug}: the card ends {reached:.0%} of the way down its page"


# --- The address -------------------------------------------------------------------------------------

VIEWS = {
    "360 px": ({"width": 360, "height": 800}, "screen"),
    "390 px": ({"width": 390, "height": 844}, "screen"),
    "print": (None, "print"),
}
ADDRESS_PAGES = [(r.slug, "card") for r in ROUTINES] + [(r.slug, "page") for r in ROUTINES]


@pytest.mark.parametrize("view", list(VIEWS))
@pytest.mark.parametrize(("slug", "kind"), ADDRESS_PAGES, ids=lambda v: v)
def test_an_address_breaks_only_after_a_slash(browser, base_url, slug, kind, view):
    viewport, media = VIEWS[view]
    if viewport is None:  # laid out at the printed width of the card it is on
        viewport = {"width": round((POCKET_WIDTH_MM if kind == "card" else SHEET_WIDTH_MM) / MM), "height": 1200}
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.emulate_media(media=media)
    page.goto(f"{base_url}{CATALOG.card_url(slug) if kind == 'card' else CATALOG.routine_url(slug)}")
    lines = page.locator(".la-sheet__url").evaluate(ADDRESS_LINES_JS)
    context.close()
    assert "".join(lines).endswith(f"go/{CATALOG.routines[slug].short}")
    inside = [f"{a!r} / {b!r}" for a, b in zip(lines[:-1], lines[1:], strict=True) if not a.endswith("/")]
    assert not inside, f"the address breaks inside a word: {inside}"
