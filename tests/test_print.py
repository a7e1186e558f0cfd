"""Printing as a person does: Chromium's print to PDF, pages counted, text read, QR scanned."""

from __future__ import annotations

import copy
import io
import subprocess
import unicodedata
from pathlib import Path
from urllib.parse import quote

import pytest
import zxingcpp
from conftest import ROOT, build_site, need_program, serve_directory, write_data
from PIL import Image
from pypdf import PdfReader
from tools.project import copy_project

from lazyathlete.data import DATA_FILE, load_catalog
from lazyathlete.data.models import MAX_CUE, MAX_HOW, MAX_KIT, MAX_MOVE_ON, MAX_NAME, MAX_TITLE, MAX_WARM_UP

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


# --- Whatever the data says, within its limits, every card prints on one page --------------------------
# Each printed text at its most (data/models.py), in letters as wide as they come, in one long
# word, in many short ones, and as a coach writes; six one-sided exercises of six sets (the most
# rows and tick boxes), and fewer rows, which get more lines each (site.css).

LONGEST_TEXTS = {
    "wide words": lambda n: " ".join(["WWWWW"] * n)[:n].rstrip(),
    "one word": lambda n: "W" * n,
    "one-letter words": lambda n: " ".join(["W"] * n)[:n],
    "long words": lambda n: " ".join(["MMMMMMMMMMMMM"] * n)[:n].rstrip(),
    "lowercase m": lambda n: " ".join(["mmmmmmm"] * n)[:n].rstrip(),
    "prose": lambda n: ("Keep the hips high and still as the knee opens slowly, then lower it with control. " * 9)[:n].rstrip(),
}
# (texts, rows, back to back): the most rows for every kind of text, fewer rows for the hardest ones
LONGEST_ROUTINES = [(kind, 6, False) for kind in LONGEST_TEXTS] + [
    (kind, rows, False) for kind in ("wide words", "one word", "long words") for rows in (5, 4, 3, 1)
] + [("wide words", 6, True), ("one-letter words", 5, True)]


def longest_data(raw_data: dict) -> dict:
    data = copy.deepcopy(raw_data)
    base = next(e for e in data["exercises"] if e["slug"] == "clamshell")
    # The most kit an exercise may list, each with the longest name: the card's "Kit:" line.
    kit = [f"longest-kit-{n}" for n in range(MAX_KIT)]
    for number, (kind, rows, paired) in enumerate(LONGEST_ROUTINES):
        text = LONGEST_TEXTS[kind]
        slugs = []
        for row in range(rows):
            slug = f"longest-{number}-{row}"
            data["exercises"].append({
                **copy.deepcopy(base), "slug": slug, "short": f"long{number}x{row}", "former_slugs": [],
                "name": text(MAX_NAME), "key_cue": text(MAX_CUE), "one_sided": True,
                "easier": {"how": text(MAX_HOW)}, "harder": {"how": text(MAX_HOW)},
                "equipment": kit, "no_kit_swap": {"how": text(MAX_HOW)}, "move_on": text(MAX_MOVE_ON),
            })
            for slug_of_kit in kit:
                data["vocabulary"]["equipment"][slug_of_kit] = {"name": text(MAX_NAME), "about": "Kit."}
            slugs.append(slug)
        groups = [slugs[i:i + 2] for i in range(0, rows, 2)] if paired else [[slug] for slug in slugs]
        data["routines"].append({
            "slug": f"longest-{number}", "short": f"longest{number}", "title": text(MAX_TITLE),
            "warm_up": text(MAX_WARM_UP), "purpose": "The most a card can hold.", "when": "strength-day",
            "per_week": 2, "per_week_max": 3,
            "blocks": [
                {"exercises": [{"exercise": s, "dose": {"sets": 6, "seconds": 300}} for s in group], "rest_seconds": 300}
                for group in groups
            ],
        })
    return data


@pytest.fixture(scope="module")
def longest_site(raw_data, tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("longest") / "project")
    write_data(project, longest_data(raw_data))
    site = build_site(project, project / "site")
    with serve_directory(site) as url:
        yield url


@pytest.mark.parametrize(("number", "case"), list(enumerate(LONGEST_ROUTINES)), ids=lambda v: v if isinstance(v, int) else "-".join(map(str, v)))
def test_a_routine_at_every_printed_limit_prints_on_one_page(printer, longest_site, number, case):
    for paper in PAPERS:
        reader = printer(f"{longest_site}routines/longest-{number}/", paper)
        assert len(reader.pages) == 1, f"{case} on {paper}: {len(reader.pages)} pages"
        assert f"go/longest{number}" in text_of(reader), "the short address still prints"
    reader = printer(f"{longest_site}routines/longest-{number}/card/", None)
    assert len(reader.pages) == 1, f"{case}: the pocket card prints {len(reader.pages)} pages"
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(A6_POINTS, abs=1.5)


@pytest.mark.parametrize("paper", PAPERS)
def test_print_all_at_every_printed_limit_gives_one_sheet_per_routine(printer, longest_site, raw_data, paper):
    reader = printer(f"{longest_site}routines/print/", paper)
    assert len(reader.pages) == len(raw_data["routines"]) + len(LONGEST_ROUTINES)


@pytest.mark.parametrize("kind", ["wide words", "one word", "prose"])
def test_the_builders_largest_routine_at_every_printed_limit_prints_on_one_page(browser, longest_site, kind):
    """The builder's cards come from the same rows: six of the longest exercises, its longest title."""
    number = LONGEST_ROUTINES.index((kind, 6, False))
    blocks = "&".join(f"b=longest-{number}-{row}.6x300s,r300" for row in range(6))
    link = f"{longest_site}routines/build/#v1&t={quote('W' * MAX_TITLE)}&{blocks}"
    context = browser.new_context()
    page = context.new_page()
    page.goto(link)
    page.locator(".la-builder__row").nth(5).wait_for()
    for card, papers in (("sheet", PAPERS), ("pocket", [None])):
        page.evaluate("card => document.documentElement.className = card === 'pocket' ? 'la-print-pocket' : 'la-print-sheet'", card)
        for paper in papers:
            data = page.pdf(prefer_css_page_size=True) if paper is None else page.pdf(format=paper)
            assert len(PdfReader(io.BytesIO(data)).pages) == 1, f"the builder's {card} card on {paper or 'A6'}"
    context.close()


# --- The owner's routines print every word ---------------------------------------------------------------
# The line limits above hold data at its limits on one page; the owner's routines print whole: every
# name, cue and easier version, the title and the warm-up, on both papers, on the pocket card and in
# print-all. Read from the printed PDF, which is what the reader gets: a cut text loses its end to "…".
# Spaces are left out of the comparison, where a line may break ("Single-" / "leg").

CARDS = {"A4": ("", "A4"), "Letter": ("", "Letter"), "pocket": ("card/", None)}


def printed_texts(routine, pocket: bool = False) -> list[str]:
    """What a card prints of a routine: the pocket card its title and names, the sheet all its words."""
    texts = [routine.title]
    if routine.warm_up and not pocket:
        texts.append(f"Warm up first: {routine.warm_up}")
    for block in routine.blocks:
        for item in block.exercises:
            exercise = CATALOG.exercise(item.exercise)
            texts.append(exercise.name)
            if not pocket:
                easier = exercise.easier.how if not exercise.easier.exercise else CATALOG.exercise(exercise.easier.exercise).name
                texts += [exercise.key_cue, f"Easier: {easier}"]
    return texts


def assert_printed_whole(text: str, routine, pocket: bool = False) -> None:
    printed = "".join(text.split())
    cut = [t for t in printed_texts(routine, pocket) if "".join(unicodedata.normalize("NFKC", t).split()) not in printed]
    assert not cut, f"{routine.slug}: printed cut short or missing: {cut}"
    assert "…" not in text, f"{routine.slug}: a printed text ends in '…'"


@pytest.mark.parametrize("card", list(CARDS))
@pytest.mark.parametrize("routine", ROUTINES, ids=lambda r: r.slug)
def test_a_real_routine_prints_every_word_whole(printer, base_url, routine, card):
    suffix, paper = CARDS[card]
    reader = printer(f"{base_url}routines/{routine.slug}/{suffix}", paper)
    assert len(reader.pages) == 1
    assert_printed_whole(text_of(reader), routine, pocket=card == "pocket")


@pytest.mark.parametrize("paper", PAPERS)
def test_print_all_prints_every_word_of_every_routine_whole(printer, base_url, paper):
    reader = printer(f"{base_url}routines/print/", paper)
    for index, routine in enumerate(ROUTINES):
        assert_printed_whole(text_of(reader, index), routine)
