"""A link to an exercise or a routine, pasted in a video description or a chat, shows its own
picture: a 1200×630 PNG drawn by the build from its line drawing and title, named in the
page's og:image and twitter:image; every other page keeps the site's picture."""

from __future__ import annotations

import copy
import hashlib
import io
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import build_site, page_path, write_data
from PIL import Image

from lazyathlete.data import DATA_FILE, load_catalog
from lazyathlete.site import previews

SITE_URL = "https://glutes.thelazyathlete.com/"


def image_file(site: Path, soup, prop: str) -> Path:
    tag = soup.find("meta", attrs={"property": prop}) or soup.find("meta", attrs={"name": prop})
    assert tag is not None, f"no {prop}"
    url = tag["content"]
    assert url.startswith(SITE_URL), url
    return site / urlsplit(url).path.lstrip("/")


def meta(soup, key: str) -> str:
    tag = soup.find("meta", attrs={"property": key}) or soup.find("meta", attrs={"name": key})
    assert tag is not None, f"no {key}"
    return tag["content"]


def own_pages(catalog) -> list[tuple[str, str, str]]:
    """(page, its picture under site/, the picture's text alternative) for every page with its own."""
    pages = [
        (catalog.exercise_url(slug), previews.exercise_image(slug), f"{e.name}: line drawing, start and end")
        for slug, e in catalog.exercises.items()
    ]
    for slug, routine in catalog.routines.items():
        alt = f"{routine.title}: line drawings of its exercises"
        pages += [(catalog.routine_url(slug), previews.routine_image(slug), alt),
                  (catalog.card_url(slug), previews.routine_image(slug), alt)]  # fmt: skip
    return pages


def test_every_exercise_routine_and_card_page_names_its_own_1200_by_630_png(site, page, catalog):
    pages = own_pages(catalog)
    assert len(pages) == len(catalog.exercises) + 2 * len(catalog.routines)
    for url, picture, alt in pages:
        soup = page(url)
        for prop in ("og:image", "twitter:image"):
            path = image_file(site, soup, prop)
            assert path == site / picture, f"/{url} {prop}: {path}"
            with Image.open(path) as image:
                assert (image.format, image.size) == ("PNG", (1200, 630)), f"/{url}: {path.name}"
        assert meta(soup, "og:image:alt") == meta(soup, "twitter:image:alt") == alt
        assert (meta(soup, "og:image:width"), meta(soup, "og:image:height")) == ("1200", "630")


@pytest.mark.parametrize("url", ["", "about/", "exercises/", "routines/", "exercises/muscle/gluteus-medius/"])
def test_other_pages_keep_the_site_picture(site, page, url):
    soup = page(url)
    assert image_file(site, soup, "og:image") == image_file(site, soup, "twitter:image") == site / "assets/social.png"


def test_each_picture_is_its_own(site, catalog):
    """Not one picture for all: every exercise's and routine's file differs, and shows the drawing."""
    files = [site / previews.exercise_image(s) for s in catalog.exercises]
    files += [site / previews.routine_image(s) for s in catalog.routines]
    assert len({hashlib.sha256(f.read_bytes()).digest() for f in files}) == len(files)
    accent = tuple(int(previews.ACCENT[i : i + 2], 16) for i in (1, 3, 5))
    for path in files:
        with Image.open(path) as image:
            colours = image.convert("RGB").getcolors(maxcolors=1 << 20) or []
        working = sum(n for n, rgb in colours if sum(abs(a - b) for a, b in zip(rgb, accent, strict=True)) < 30)
        assert working > 2000, f"{path.name}: the working leg is missing ({working} accent pixels)"


def test_the_pictures_are_the_same_bytes_every_build(site, catalog):
    for relative, png in previews.preview_images(catalog).items():
        assert (site / relative).read_bytes() == png, relative


def background_columns(png: bytes, left: int, right: int, rows: range) -> bool:
    with Image.open(io.BytesIO(png)) as image:
        rgb = image.convert("RGB")
        background = tuple(int(previews.BACKGROUND[i : i + 2], 16) for i in (1, 3, 5))
        return all(rgb.getpixel((x, y)) == background for x in range(left, right) for y in rows)


LONG_NAME = "Side-lying clamshell with a band, slowly"  # 40 characters, the most a name may have


def test_a_long_name_fits_on_its_picture(project_copy, raw_data):
    data = copy.deepcopy(raw_data)
    entry = next(e for e in data["exercises"] if e["slug"] == "clamshell")
    entry["name"] = LONG_NAME
    write_data(project_copy, data)
    site = build_site(project_copy, project_copy / "site")
    soup = BeautifulSoup(page_path(site, "exercises/clamshell/").read_text(encoding="utf-8"), "lxml")
    png = image_file(site, soup, "og:image").read_bytes()
    exercise = load_catalog(project_copy / DATA_FILE).exercise("clamshell")
    layout = previews.exercise_layout(exercise)
    title = [text for _, text, _, _ in layout.texts[1:]]
    assert " ".join(title) == LONG_NAME, "the whole name is shown, wrapped"
    for box, _, _, _ in layout.texts:
        assert previews.MARGIN <= box.left and box.right <= 1200 - previews.MARGIN and 0 < box.top
        assert box.bottom < layout.card.top, "the text runs into the drawings"
    # Nothing is drawn in the right margin above the drawings: the title stops before it.
    assert background_columns(png, 1200 - previews.MARGIN + 4, 1200, range(20, int(layout.card.top) - 4))


@pytest.mark.parametrize("name", [
    "A" * 30 + " " + "glute " * 40,  # far more than two lines
    "Supercalifragilisticexpialidocious-glute-activation-drill-for-ultra-marathoners-every-day",  # one long word
])
def test_a_name_too_long_for_two_lines_is_cut_inside_the_picture(catalog, name):
    exercise = catalog.exercise("glute-bridge").model_copy(update={"name": name})
    layout = previews.exercise_layout(exercise)
    for box, _, _, _ in layout.texts:
        assert previews.MARGIN <= box.left and box.right <= 1200 - previews.MARGIN
        assert box.bottom < layout.card.top
    assert len(layout.texts) <= 1 + previews.SIDE_TITLE_LINES
    with Image.open(io.BytesIO(previews.exercise_png(exercise))) as image:
        assert image.size == (1200, 630)


# --- Any title, in bounded time ----------------------------------------------------------------------


class CountingFont:
    """A font that counts what the wrapping asks it to measure."""

    def __init__(self, size: int) -> None:
        self.font, self.calls, self.measured = previews._font(size), 0, 0

    def getlength(self, text: str) -> float:
        self.calls += 1
        self.measured += len(text)
        return self.font.getlength(text)


LONG_WORDS = {
    "unbroken": lambda n: "W" * n,
    "narrow letters": lambda n: "i" * n,
    "hyphenated": lambda n: ("glute-" * n)[:n],
    "many words": lambda n: ("glute " * n)[:n],
    "a long word after a short one": lambda n: "Clam " + "M" * n,
}


@pytest.mark.parametrize("kind", LONG_WORDS)
@pytest.mark.parametrize("size", [previews.TITLE_SIZES[0], previews.TITLE_SIZES[-1]])
def test_wrapping_any_title_measures_about_a_lines_worth_whatever_its_length(kind, size):
    """A 20,000-letter word costs what a 200-letter one does: the work is bounded by the lines shown."""
    work = {}
    for length in (200, 2_000, 20_000):
        font = CountingFont(size)
        lines, whole = previews.wrap(LONG_WORDS[kind](length), font, previews.SIDE_TEXT * previews.SCALE, 4)
        assert not whole and len(lines) == 4
        work[length] = font.measured
    assert work[20_000] <= 2 * work[200] + 1_000, work


@pytest.mark.parametrize("kind", LONG_WORDS)
def test_a_very_long_word_is_cut_inside_the_picture(catalog, kind):
    exercise = catalog.exercise("clamshell").model_copy(update={"name": LONG_WORDS[kind](20_000)})
    layout = previews.exercise_layout(exercise)
    for box, _, _, _ in layout.texts:
        assert previews.MARGIN <= box.left and box.right <= 1200 - previews.MARGIN
        assert 0 < box.top and box.bottom < layout.card.top
    assert layout.texts[-1][1].endswith("…"), "a cut title says so"
    with Image.open(io.BytesIO(previews.exercise_png(exercise))) as image:
        assert image.size == (1200, 630)


def test_a_build_paints_again_only_the_pictures_whose_drawing_or_title_changed(project_copy, raw_data):
    """Pictures are kept between builds (.cache/previews/, like Material's social cards):
    renaming one exercise paints its picture again and no other, and every picture in
    the site is the one painting afresh gives."""
    kept = project_copy / previews.CACHE
    first = build_site(project_copy, project_copy / "one")
    before = {path.name: path.stat().st_mtime_ns for path in kept.iterdir()}
    catalog = load_catalog(project_copy / DATA_FILE)
    assert len(before) == len(set(previews.preview_images(catalog).values())), "one kept picture per picture drawn"
    (kept / "notes.txt").write_text("mine", encoding="utf-8")  # not the build's: left alone

    data = copy.deepcopy(raw_data)
    data["exercises"][0]["name"] = "Glute bridge, slowly"
    write_data(project_copy, data)
    second = build_site(project_copy, project_copy / "two")
    after = {path.name: path.stat().st_mtime_ns for path in kept.iterdir()}
    new = set(after) - set(before) - {"notes.txt"}
    assert len(new) == 1 and (kept / "notes.txt").read_text(encoding="utf-8") == "mine", new
    assert len(set(before) - set(after)) == 1, "the renamed exercise's old picture is no longer kept"
    assert all(after[name] == before[name] for name in set(after) & set(before)), "the others were not painted again"
    slug = data["exercises"][0]["slug"]
    assert (second / previews.exercise_image(slug)).read_bytes() != (first / previews.exercise_image(slug)).read_bytes()
    for relative, png in previews.preview_images(load_catalog(project_copy / DATA_FILE)).items():
        assert (second / relative).read_bytes() == png, relative
