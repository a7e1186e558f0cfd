"""Link previews: one 1200×630 PNG per exercise and routine, for the og:image and
twitter:image of its pages (a link pasted in a video description or a chat shows it).

Each picture is the site's line drawing of the exercise (every pose, start to
end) or of the routine (each exercise's end pose, in order), painted with
Pillow by `figures.png` from the same shapes the SVG is written from, under
the title. This module says what a preview is: which pages have one, its
address, its title and where text and drawings go on the canvas. The font is Aileron, bundled inside Pillow: nothing is downloaded.
Pure: data in, PNG bytes out, the same bytes for the same data.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import PIL
from PIL import Image, ImageDraw, ImageFont

from lazyathlete.data import Catalog
from lazyathlete.data.models import Exercise, Routine
from lazyathlete.figures import ExerciseFigure
from lazyathlete.figures.png import Bounds, Frame, Look, figure_frames, paint_row, row_zoom
from lazyathlete.site import kept

# --- Addresses ------------------------------------------------------------------------------------

PREVIEWS = "assets/previews"  # under site/; the site-wide picture stays at assets/social.png


def exercise_image(slug: str) -> str:
    return f"{PREVIEWS}/exercises/{slug}.png"


def routine_image(slug: str) -> str:
    return f"{PREVIEWS}/routines/{slug}.png"


@dataclass(frozen=True)
class Preview:
    """A page's preview picture: its file under site/ and its text alternative (plain text)."""

    path: str
    alt: str


def exercise_preview(exercise: Exercise) -> Preview:
    return Preview(exercise_image(exercise.slug), f"{exercise.name}: line drawing, start and end")


def routine_preview(routine: Routine) -> Preview:
    """A routine's picture: its page's and its pocket card's."""
    return Preview(routine_image(routine.slug), f"{routine.title}: line drawings of its exercises")


def preview_files(catalog: Catalog) -> dict[str, str]:
    """Every preview file the build writes -> what it is for, in words (for the one-address check)."""
    files = {exercise_image(slug): f"the preview image of exercise '{slug}'" for slug in catalog.exercises}
    files |= {routine_image(slug): f"the preview image of routine '{slug}'" for slug in catalog.routines}
    return files


def preview_images(catalog: Catalog, cache: Path | None = None) -> dict[str, bytes]:
    """Every preview file under site/ -> its PNG. With a cache folder, a picture drawn by an
    earlier build from the same title and drawings is read from there, not painted again."""
    pictures = {exercise_image(slug): exercise_picture(exercise) for slug, exercise in catalog.exercises.items()}
    pictures |= {routine_image(slug): routine_picture(routine, catalog) for slug, routine in catalog.routines.items()}
    if cache is None:
        return {path: picture.png() for path, picture in pictures.items()}
    return kept_pictures(pictures, cache)


# --- Pictures kept between builds -----------------------------------------------------------------

# Painting and compressing a picture costs about 40 ms (BENCHMARK.md): each is kept between
# builds (site/kept.py), named by a hash of what it is drawn from and of the code and Pillow
# that draw it.
CACHE = Path(".cache") / "previews"  # under the project folder; in .gitignore


@lru_cache(maxsize=1)
def painter_version() -> str:
    """A hash of the code that paints a picture (this module and the drawings') and Pillow's version."""
    here = Path(__file__).resolve()
    sources = [here, *sorted((here.parent.parent / "figures").glob("*.py"))]
    digest = hashlib.sha256(PIL.__version__.encode())
    for source in sources:
        digest.update(source.read_bytes())
    return digest.hexdigest()


def kept_pictures(pictures: Mapping[str, Picture], cache: Path) -> dict[str, bytes]:
    return kept.kept({path: (picture.key(), picture.png) for path, picture in pictures.items()}, cache, ".png")


# --- The picture ----------------------------------------------------------------------------------

WIDTH, HEIGHT = 1200, 630  # what Open Graph and X ask for (1.91:1)
SCALE = 2  # drawn twice as large, then halved: smooth lines and text

# The site's light colours (docs/stylesheets/site.css).
BACKGROUND = "#f5f8f7"  # --la-card-bg
CARD = "#ffffff"
BORDER = "#cfdcd8"  # --la-card-border
PRIMARY = "#0b5d4b"  # --md-primary-fg-color
TEXT = "#1b2321"
MUTED = "#4d5856"  # --la-muted
ACCENT = "#a3410b"  # --md-accent-fg-color: the working leg and the arrow

SITE_LINE = "The Lazy Athlete · glute exercises for runners"
MARGIN = 56
BAND = 12  # the primary-coloured band along the top
TITLE_SIZES = (72, 66, 60, 54, 48, 44, 40)  # the biggest that fits wins
TITLE_LINES = 2  # at most over the drawings; a title longer than that at the smallest size is cut with an ellipsis
SIDE_TITLE_LINES = 4  # at most beside the drawings
SIDE_TEXT = 430  # the width of the title beside the drawings
MAX_FIGURES = 6  # a routine shows this many end poses at most (the data's limit)


@lru_cache(maxsize=16)
def _font(size: int) -> ImageFont.FreeTypeFont:
    font = ImageFont.load_default(size=size * SCALE)
    assert isinstance(font, ImageFont.FreeTypeFont), "Pillow was built without FreeType"
    return font


# Wrapped at spaces, a word too long for a line broken where it must; the last line
# that fits ends with an ellipsis when the text needs more than `lines` lines.
# Bounded work whatever the text: it stops once it has one line more than it shows, and
# measures only what could fit on a line (`_fits`), so a 20,000-letter word costs no more
# than a line's worth.
def wrap(text: str, font: ImageFont.FreeTypeFont, width: float, lines: int) -> tuple[list[str], bool]:
    out: list[str] = []
    current = ""
    for word in text.split():
        if len(out) > lines:
            break
        candidate = f"{current} {word}" if current else word
        if _fits(candidate, font, width) == len(candidate):
            current = candidate
            continue
        if current:
            out.append(current)
        current = word
        while len(out) <= lines and (fit := _fits(current, font, width)) < len(current):  # a word wider than the line
            cut = max(1, fit)
            hyphen = current.rfind("-", 0, cut - 1)
            cut = hyphen + 1 if hyphen > 0 else cut  # after a hyphen, where there is one
            out.append(current[:cut])
            current = current[cut:]
    if current and len(out) <= lines:
        out.append(current)
    if len(out) <= lines:
        return out, True
    last = out[lines - 1]
    while last and font.getlength(last + "…") > width:
        last = last[:-1]
    return [*out[: lines - 1], last.rstrip() + "…"], False


# How many of the text's first characters fit in `width`: prefixes twice as long each time,
# then halved back, so no prefix longer than twice what fits is ever measured.
def _fits(text: str, font: ImageFont.FreeTypeFont, width: float) -> int:
    low, high = 0, min(1, len(text))
    while font.getlength(text[:high]) <= width:
        if high >= len(text):
            return len(text)
        low, high = high, min(2 * high, len(text))
    while high - low > 1:  # text[:low] fits, text[:high] does not
        middle = (low + high) // 2
        low, high = (middle, high) if font.getlength(text[:middle]) <= width else (low, middle)
    return low


# The biggest title size whose wrapped lines fit; the smallest, cut, if none does.
def title_lines(title: str, width: float, most: int) -> tuple[int, list[str]]:
    for size in TITLE_SIZES:
        lines, whole = wrap(title, _font(size), width * SCALE, most)
        if whole:
            return size, lines
    size = TITLE_SIZES[-1]
    return size, wrap(title, _font(size), width * SCALE, most)[0]


Placed = tuple[Bounds, str, int, str]  # a line of text: where (canvas pixels), what, its size, its colour


@dataclass(frozen=True)
class Layout:
    """Where the text lines and the card of drawings go on the 1200×630 canvas."""

    texts: list[Placed]
    card: Bounds


# The site line, then the title's lines in a column `width` wide.
def _text(title: str, width: float, most: int) -> tuple[list[Placed], float]:
    y = BAND + 34.0
    placed: list[Placed] = [(_box(MARGIN, y, SITE_LINE, _font(26)), SITE_LINE, 26, PRIMARY)]
    y += 26 * 1.2 + 18
    size, lines = title_lines(title, width, most)
    for line in lines:
        placed.append((_box(MARGIN, y, line, _font(size)), line, size, TEXT))
        y += size * 1.12
    return placed, y


# Drawings under the title, or beside it: whichever shows them larger
# (a standing figure is tall, a lying one wide).
def layout_of(title: str, frames: Sequence[Frame]) -> Layout:
    over, end = _text(title, WIDTH - 2 * MARGIN, TITLE_LINES)
    under = Layout(over, Bounds(MARGIN, end + 18, WIDTH - MARGIN, HEIGHT - 40))
    texts = _text(title, SIDE_TEXT, SIDE_TITLE_LINES)[0]
    beside = Layout(texts, Bounds(MARGIN + SIDE_TEXT + 34, texts[0][0].bottom + 18, WIDTH - MARGIN, HEIGHT - 40))
    return max((under, beside), key=lambda layout: row_zoom(frames, _inside(layout.card)))


def exercise_layout(exercise: Exercise) -> Layout:
    """Where an exercise's preview puts its text and drawings (tests check the text stays on the canvas)."""
    return layout_of(exercise.name, _exercise_frames(exercise))


def _inside(card: Bounds) -> Bounds:
    return Bounds(card.left + 28, card.top + 22, card.right - 28, card.bottom - 18)


def _box(x: float, y: float, text: str, font: ImageFont.FreeTypeFont) -> Bounds:
    left, top, right, bottom = font.getbbox(text)
    return Bounds(x + left / SCALE, y + top / SCALE, x + right / SCALE, y + bottom / SCALE)


# The whole picture: the band, the site line and title, the card, and the drawings painted on it.
def _png(title: str, frames: Sequence[Frame], chevrons: bool) -> bytes:
    image = Image.new("RGB", (WIDTH * SCALE, HEIGHT * SCALE), BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH * SCALE, BAND * SCALE), fill=PRIMARY)
    layout = layout_of(title, frames)
    for box, text, size, colour in layout.texts:
        font = _font(size)
        x0, y0 = (box.left * SCALE - font.getbbox(text)[0], box.top * SCALE - font.getbbox(text)[1])
        draw.text((x0, y0), text, font=font, fill=colour, stroke_width=SCALE if size > 30 else 0, stroke_fill=colour)
    card = layout.card
    draw.rounded_rectangle(
        tuple(v * SCALE for v in (card.left, card.top, card.right, card.bottom)),
        radius=18 * SCALE, fill=CARD, outline=BORDER, width=2 * SCALE,
    )  # fmt: skip
    look = Look(SCALE, ink=TEXT, accent=ACCENT, card=CARD, muted=MUTED, label_font=_font(22))
    paint_row(draw, frames, _inside(card), chevrons, look)
    buffer = io.BytesIO()
    image.reduce(SCALE).save(buffer, "PNG")  # no text chunks, no time: the same bytes every build
    return buffer.getvalue()


# --- Exercises and routines ---------------------------------------------------------------------


# A picture depends only on a title and drawings. Under `mkdocs serve` every saved edit
# rebuilds the site in the same process: only pictures whose title or drawing changed are
# drawn again (about 20 ms each; BENCHMARK.md). Keyed by the drawings' JSON (models with
# lists are not hashable); the same bytes as drawing afresh, by construction.
@lru_cache(maxsize=512)
def _cached_png(title: str, figures: tuple[str, ...], end_poses_only: bool) -> bytes:
    drawings = [ExerciseFigure.model_validate_json(figure) for figure in figures]
    if end_poses_only:
        frames = [figure_frames(f, [len(f.poses) - 1], labels=False)[0] for f in drawings]
        return _png(title, frames, chevrons=False)
    figure = drawings[0]
    return _png(title, figure_frames(figure, range(len(figure.poses)), labels=True), chevrons=True)


@dataclass(frozen=True)
class Picture:
    """What a preview is drawn from: a title and drawings (as JSON), every pose or only the end ones."""

    title: str
    figures: tuple[str, ...]
    end_poses_only: bool

    def png(self) -> bytes:
        return _cached_png(self.title, self.figures, self.end_poses_only)

    def key(self) -> str:
        text = json.dumps([painter_version(), self.title, self.figures, self.end_poses_only])
        return hashlib.sha256(text.encode()).hexdigest()


def exercise_picture(exercise: Exercise) -> Picture:
    """The preview of an exercise: its title over every pose, start to end."""
    return Picture(exercise.name, (exercise.figure.model_dump_json(),), end_poses_only=False)


def exercise_png(exercise: Exercise) -> bytes:
    return exercise_picture(exercise).png()


def _exercise_frames(exercise: Exercise) -> list[Frame]:
    return figure_frames(exercise.figure, range(len(exercise.figure.poses)), labels=True)


def routine_exercises(routine: Routine, catalog: Catalog) -> list[Exercise]:
    """The routine's exercises in order, each once."""
    slugs = dict.fromkeys(item.exercise for block in routine.blocks for item in block.exercises)
    return [catalog.exercise(slug) for slug in slugs]


def routine_picture(routine: Routine, catalog: Catalog) -> Picture:
    """The preview of a routine: its title over each exercise's end pose, in order."""
    exercises = routine_exercises(routine, catalog)[:MAX_FIGURES]
    return Picture(routine.title, tuple(e.figure.model_dump_json() for e in exercises), end_poses_only=True)


def routine_png(routine: Routine, catalog: Catalog) -> bytes:
    return routine_picture(routine, catalog).png()
