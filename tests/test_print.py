"""Printing as a person does: Chromium's print to PDF, pages counted, text read, QR scanned."""

from __future__ import annotations

import copy
import io
import subprocess
import unicodedata
from pathlib import Path

import pytest
import zxingcpp
from conftest import ROOT, build_site, need_program, serve_directory, write_data
from PIL import Image
from pypdf import PdfReader

from lazyathlete.data import DATA_FILE, load_catalog

pytestmark = pytest.mark.browser

CATALOG = load_catalog(ROOT / DATA_FILE)
ROUTINES = list(CATALOG.routines.values())
PAPERS = ["A4", "Letter"]
A6_POINTS = (105 / 25.4 * 72, 148 / 25.4 * 72)
# Text that belongs to the site's chrome (header, tabs, search, footer, buttons), never to paper.
CHROME = [
    "Skip to content", "Search", "Switch to dark mode", "Switch to light mode", "Table of contents",
    "Back to top", "Print this routine", "Print the pocket card", "Pocket card (A6)",
    "Read the medical disclaimer", "Home Exercises Routines About",
]


def expected_dose(item, exercise) -> str:
    dose = item.dose or exercise.dose
    amount = f"{dose.reps}" if dose.reps else f"{dose.seconds} s"
    return f"{dose.sets} × {amount}" + (" each side" if exercise.one_sided else "")


@pytest.fixture(scope="module")
def printer(browser):
    """print_pdf(url, paper): the PDF Chromium prints; paper None keeps the page's own CSS size."""
    context = browser.new_context()
    page = context.new_page()

    def print_pdf(url: str, paper: str | None) -> PdfReader:
        page.goto(url)
        if paper is None:
            data = page.pdf(prefer_css_page_size=True, print_background=True)
        else:
            data = page.pdf(format=paper, print_background=True)
        return PdfReader(io.BytesIO(data))

    yield print_pdf
    context.close()


# NFKC: a font may set "fi" as one ligature glyph, which the PDF's text keeps.
def text_of(reader: PdfReader, index: int = 0) -> str:
    return " ".join(unicodedata.normalize("NFKC", reader.pages[index].extract_text()).split())


def qr_codes(reader: PdfReader, tmp_path: Path) -> list[str]:
    """Render the first page to PNG with pdftoppm and read every QR code on it."""
    pdftoppm = need_program("pdftoppm", "poppler-utils", "printed QR code tests")
    pdf = tmp_path / "card.pdf"
    with pdf.open("wb") as handle:
        reader.stream.seek(0)
        handle.write(reader.stream.read())
    subprocess.run([pdftoppm, "-png", "-r", "150", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "card")], check=True)
    png = next(tmp_path.glob("card*.png"))
    return [code.text for code in zxingcpp.read_barcodes(Image.open(png))]


def assert_no_chrome(text: str) -> None:
    for chrome in CHROME:
        assert chrome not in text, f"printed page shows the site's '{chrome}'"


# --- Routine sheets ------------------------------------------------------------------------------


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("routine", ROUTINES, ids=lambda r: r.slug)
def test_routine_prints_on_exactly_one_page(printer, base_url, routine, paper):
    reader = printer(f"{base_url}routines/{routine.slug}/", paper)
    assert len(reader.pages) == 1
    text = text_of(reader)
    assert routine.title in text
    for block in routine.blocks:
        for item in block.exercises:
            exercise = CATALOG.exercise(item.exercise)
            assert exercise.name in text
            assert expected_dose(item, exercise) in text
    assert_no_chrome(text)


@pytest.mark.parametrize("routine", ROUTINES, ids=lambda r: r.slug)
def test_routine_card_qr_opens_the_routine_page(printer, base_url, site_url, routine, tmp_path):
    reader = printer(f"{base_url}routines/{routine.slug}/", "Letter")
    target = f"{site_url}routines/{routine.slug}/"
    assert qr_codes(reader, tmp_path) == [target]
    short = f"{site_url}go/{routine.short}".split("://", 1)[1]
    assert short in text_of(reader), "the short address, as text to type"


# --- Pocket cards -------------------------------------------------------------------------------------


@pytest.mark.parametrize("routine", ROUTINES, ids=lambda r: r.slug)
def test_pocket_card_prints_on_exactly_one_A6_page(printer, base_url, site_url, routine, tmp_path):
    reader = printer(f"{base_url}routines/{routine.slug}/card/", None)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(A6_POINTS, abs=1.5)
    text = text_of(reader)
    for block in routine.blocks:
        for item in block.exercises:
            exercise = CATALOG.exercise(item.exercise)
            assert exercise.name in text and expected_dose(item, exercise) in text
    assert_no_chrome(text)
    assert qr_codes(reader, tmp_path) == [f"{site_url}routines/{routine.slug}/"]


# --- Print all ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("paper", PAPERS)
def test_print_all_gives_one_sheet_per_routine(printer, base_url, paper):
    reader = printer(f"{base_url}routines/print/", paper)
    assert len(reader.pages) == len(ROUTINES)
    for index, routine in enumerate(ROUTINES):
        text = text_of(reader, index)
        assert routine.title in text
        assert_no_chrome(text)


# --- Exercise pages -----------------------------------------------------------------------------------


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("slug", list(CATALOG.exercises), ids=str)
def test_exercise_page_prints_on_one_clean_page(printer, base_url, slug, paper):
    reader = printer(f"{base_url}exercises/{slug}/", paper)
    assert len(reader.pages) == 1
    text = text_of(reader)
    exercise = CATALOG.exercise(slug)
    assert exercise.name in text and exercise.key_cue in text
    assert_no_chrome(text)


# --- Type size -----------------------------------------------------------------------------------------

SMALLEST_TEXT_JS = """
sel => Math.min(...[...document.querySelectorAll(sel + ' *')]
  .filter(e => [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
  .filter(e => getComputedStyle(e).display !== 'none')
  .map(e => parseFloat(getComputedStyle(e).fontSize)))
"""


@pytest.mark.parametrize("url", [f"routines/{r.slug}/" for r in ROUTINES] + [f"routines/{r.slug}/card/" for r in ROUTINES])
def test_printed_card_text_is_at_least_10pt(browser, base_url, url):
    context = browser.new_context()
    page = context.new_page()
    page.goto(base_url + url)
    page.emulate_media(media="print")
    smallest_px = page.evaluate(SMALLEST_TEXT_JS, ".la-sheet")
    context.close()
    assert smallest_px * 0.75 >= 10 - 0.01, f"{url}: {smallest_px * 0.75:.1f} pt text"


# --- The longest routine the data allows still fits ----------------------------------------------------


def test_longest_allowed_routine_still_fits_one_page(printer, project_copy, raw_data):
    """Six one-sided exercises with the wordiest cues and six sets each: the worst card the build allows."""
    def card_words(e) -> int:  # what the card prints for an exercise
        easier = CATALOG.exercise(e.easier.exercise).name if e.easier.exercise else e.easier.how
        return len(e.name) + len(e.key_cue) + len(easier)

    wordiest = sorted(CATALOG.exercises.values(), key=card_words, reverse=True)
    one_sided = [e for e in wordiest if e.one_sided][:6]
    data = copy.deepcopy(raw_data)
    data["routines"].append({
        "slug": "worst-case", "short": "worst", "title": "The longest routine a card can hold, with a long title",
        "purpose": "Test.", "when": "strength-day", "per_week": 2, "per_week_max": 3,
        "blocks": [
            {"exercises": [{"exercise": e.slug, "dose": {"sets": 6, "seconds": 300}}], "rest_seconds": 300}
            for e in one_sided
        ],
    })
    write_data(project_copy, data)
    site = build_site(project_copy, project_copy / "site")
    with serve_directory(site) as url:
        for paper in PAPERS:
            assert len(printer(f"{url}routines/worst-case/", paper).pages) == 1, paper
        assert len(printer(f"{url}routines/worst-case/card/", None).pages) == 1
