"""Link previews: one 1200×630 PNG per exercise and routine, for the og:image and
twitter:image of its pages (a link pasted in a video description or a chat shows it).

Each picture is the site's line drawing of the exercise (every pose, start to
end) or of the routine (each exercise's end pose, in order), painted with
Pillow from the same shapes the SVG is written from (`figures.drawing`), under
the title. The font is Aileron, bundled inside Pillow: nothing is downloaded.
Pure: data in, PNG bytes out, the same bytes for the same data.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from PIL import Image, ImageDraw, ImageFont

from lazyathlete.data import Catalog
from lazyathlete.data.models import Exercise, Routine
from lazyathlete.figures.drawing import INK, Circle, Group, Paint, PathCommand, PathShape, Rect, Shape, fitted_box, pose_shapes
from lazyathlete.figures.kinematics import placed_poses
from lazyathlete.figures.pose import STROKE, ExerciseFigure

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


def preview_of(meta: Mapping[str, Any], catalog: Catalog) -> Preview | None:
    """The preview of a generated page from its front matter: an exercise's, or its routine's
    (the routine page and its pocket card share one); None for any other page."""
    if "exercise" in meta:
        exercise = catalog.exercise(meta["exercise"])
        return Preview(exercise_image(exercise.slug), f"{exercise.name}: line drawing, start and end")
    if "routine" in meta:
        routine = catalog.routine(meta["routine"])
        return Preview(routine_image(routine.slug), f"{routine.title}: line drawings of its exercises")
    return None


def preview_files(catalog: Catalog) -> dict[str, str]:
    """Every preview file the build writes -> what it is for, in words (for the one-address check)."""
    files = {exercise_image(slug): f"the preview image of exercise '{slug}'" for slug in catalog.exercises}
    files |= {routine_image(slug): f"the preview image of routine '{slug}'" for slug in catalog.routines}
    return files


def preview_images(catalog: Catalog) -> dict[str, bytes]:
    """Every preview file under site/ -> its PNG."""
    images = {exercise_image(slug): exercise_png(exercise) for slug, exercise in catalog.exercises.items()}
    for slug, routine in catalog.routines.items():
        images[routine_image(slug)] = routine_png(routine, catalog)
    return images


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
FRAME_GAP = 0.22  # between two drawings, as a share of one drawing's width
MAX_ZOOM = 4.4  # pixels per figure unit at most, so a small figure is not blown up
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


@dataclass(frozen=True)
class Bounds:
    """A rectangle by its edges, as Pillow measures text: left, top, right, bottom."""

    left: float
    top: float
    right: float
    bottom: float


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
    return max((under, beside), key=lambda layout: _zoom(frames, _inside(layout.card)))


def exercise_layout(exercise: Exercise) -> Layout:
    """Where an exercise's preview puts its text and drawings (tests check the text stays on the canvas)."""
    return layout_of(exercise.name, _exercise_frames(exercise))


def _inside(card: Bounds) -> Bounds:
    return Bounds(card.left + 28, card.top + 22, card.right - 28, card.bottom - 18)


def _box(x: float, y: float, text: str, font: ImageFont.FreeTypeFont) -> Bounds:
    left, top, right, bottom = font.getbbox(text)
    return Bounds(x + left / SCALE, y + top / SCALE, x + right / SCALE, y + bottom / SCALE)


# --- Shapes in pixels -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Frame:
    """One drawing in the row: its shapes, the window of figure units it shows, and its label."""

    shapes: Group
    window: Bounds
    label: str = ""


def _hex(colour: str) -> tuple[int, int, int]:
    return (int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16))


# A colour seen at `opacity` over the card: the card is one colour, so this is
# what the SVG's opacity shows wherever nothing else lies below.
def _mix(colour: str, opacity: float) -> tuple[int, int, int]:
    fg, bg = _hex(colour), _hex(CARD)
    return tuple(round(b + (f - b) * opacity) for f, b in zip(fg, bg, strict=True))  # type: ignore[return-value]


def _colour(value: str) -> str | None:
    """An SVG paint as a colour: the ink, nothing ('none'), or the drawing's one other colour."""
    if value == "none":
        return None
    return TEXT if value == INK else ACCENT


# A child's paint over its group's: what is set wins, opacities multiply.
def _inherit(parent: Paint, child: Paint) -> Paint:
    return Paint(
        classes=child.classes,
        stroke=child.stroke if child.stroke is not None else parent.stroke,
        width=child.width if child.width is not None else parent.width,
        opacity=(parent.opacity or 1.0) * (child.opacity or 1.0),
        fill=child.fill if child.fill is not None else parent.fill,
        fill_opacity=child.fill_opacity if child.fill_opacity is not None else parent.fill_opacity,
    )


def _subpaths(commands: Sequence[PathCommand]) -> list[tuple[list[tuple[float, float]], bool]]:
    """A path's commands as point lists (curves sampled), each with whether it is closed."""
    out: list[tuple[list[tuple[float, float]], bool]] = []
    points: list[tuple[float, float]] = []
    for command in commands:
        n = command.numbers
        if command.letter == "M":
            if points:
                out.append((points, False))
            points = [(n[0], n[1])]
        elif command.letter == "L":
            points.append((n[0], n[1]))
        elif command.letter == "H":
            points.append((n[0], points[-1][1]))
        elif command.letter == "V":
            points.append((points[-1][0], n[0]))
        elif command.letter == "Q":
            (x0, y0), (qx, qy, x1, y1) = points[-1], n
            for i in range(1, 17):
                t = i / 16
                points.append(((1 - t) ** 2 * x0 + 2 * (1 - t) * t * qx + t * t * x1,
                               (1 - t) ** 2 * y0 + 2 * (1 - t) * t * qy + t * t * y1))  # fmt: skip
        elif command.letter == "Z":
            out.append((points, True))
            points = []
    if points:
        out.append((points, False))
    return out


def _is_floor_line(shape: Shape) -> bool:
    return isinstance(shape, PathShape) and shape.paint.classes == "la-fig__floor"


class _Painter:
    """Paints figure shapes onto the canvas: figure units -> canvas pixels (at SCALE)."""

    def __init__(self, draw: ImageDraw.ImageDraw, zoom: float, x: float, y: float) -> None:
        self.draw, self.zoom, self.x, self.y = draw, zoom * SCALE, x * SCALE, y * SCALE

    def xy(self, p: tuple[float, float]) -> tuple[float, float]:
        return (self.x + p[0] * self.zoom, self.y + p[1] * self.zoom)

    def paint(self, shape: Shape, inherited: Paint) -> None:
        paint = _inherit(inherited, shape.paint)
        if isinstance(shape, Group):
            for child in shape.shapes:
                self.paint(child, paint)
            return
        opacity = paint.opacity or 1.0
        stroke = _colour(paint.stroke or INK)  # strokes inherit the ink, fills default to none
        fill = _colour(paint.fill) if paint.fill is not None else None
        line = _mix(stroke, opacity) if stroke else None
        area = _mix(fill, opacity * (paint.fill_opacity or 1.0)) if fill else None
        width = max(1, round((paint.width if paint.width is not None else STROKE) * self.zoom))
        if isinstance(shape, Circle):
            (cx, cy), r = self.xy(shape.centre), shape.r * self.zoom
            self.draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=area, outline=line, width=width if line else 0)
        elif isinstance(shape, Rect):
            (x0, y0), (x1, y1) = self.xy((shape.x, shape.y)), self.xy((shape.x + shape.width, shape.y + shape.height))
            self.draw.rounded_rectangle(
                (x0, y0, x1, y1), radius=shape.rx * self.zoom, fill=area, outline=line, width=width if line else 0
            )
        else:
            for points, closed in _subpaths(shape.commands):
                pixels = [self.xy(p) for p in points]
                if closed and area:
                    self.draw.polygon(pixels, fill=area)
                if line:
                    self._line(pixels + pixels[:1] if closed else pixels, line, width)

    # A stroke with round ends and joins, as the SVG draws it.
    def _line(self, pixels: list[tuple[float, float]], colour: tuple[int, int, int], width: int) -> None:
        if len(pixels) > 1 and pixels[0] != pixels[-1] or len(pixels) > 2:
            self.draw.line(pixels, fill=colour, width=width, joint="curve")
        r = width / 2
        for x, y in (pixels[0], pixels[-1]):
            self.draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)


# The drawings side by side, as large as fits in the box, sitting on one floor line.
LABEL_ROOM = 34  # under the drawings, for their labels


def _row_size(frames: Sequence[Frame]) -> tuple[list[float], float, float]:
    """Each drawing's width, the tallest one's height and the gap between two, in figure units."""
    widths = [f.window.right - f.window.left for f in frames]
    return widths, max(f.window.bottom - f.window.top for f in frames), FRAME_GAP * max(widths)


# Pixels per figure unit for the row to fit in the box.
def _zoom(frames: Sequence[Frame], box: Bounds) -> float:
    widths, height, gap = _row_size(frames)
    label_room = LABEL_ROOM if any(frame.label for frame in frames) else 0
    return min(
        (box.right - box.left) / (sum(widths) + gap * (len(frames) - 1)),
        (box.bottom - box.top - label_room) / height,
        MAX_ZOOM,
    )


# The drawings side by side, as large as fits in the box, sitting on one floor line.
def _paint_row(draw: ImageDraw.ImageDraw, frames: Sequence[Frame], box: Bounds, chevrons: bool) -> None:
    widths, height, gap = _row_size(frames)
    label_room = LABEL_ROOM if any(frame.label for frame in frames) else 0
    zoom = _zoom(frames, box)
    total = (sum(widths) + gap * (len(frames) - 1)) * zoom
    x = box.left + (box.right - box.left - total) / 2
    floor = box.top + (box.bottom - box.top - label_room + height * zoom) / 2  # the row's bottom edge, in pixels
    labels = _font(22)
    for index, (frame, width) in enumerate(zip(frames, widths, strict=True)):
        painter = _Painter(draw, zoom, x - frame.window.left * zoom, floor - frame.window.bottom * zoom)
        painter.paint(_clipped_floor(frame), Paint())
        if frame.label:
            centre = (x + width * zoom / 2) * SCALE
            draw.text((centre, (floor + 8) * SCALE), frame.label, font=labels, fill=MUTED, anchor="mt")
        x += width * zoom
        if chevrons and index + 1 < len(frames):
            cx, cy, s = (x + gap * zoom / 2) * SCALE, (floor - height * zoom / 2) * SCALE, 9 * SCALE
            draw.line([(cx - s / 2, cy - s), (cx + s / 2, cy), (cx - s / 2, cy + s)], fill=MUTED, width=3 * SCALE,
                      joint="curve")  # fmt: skip
        x += gap * zoom


# The floor line trimmed to the drawing's window, so neighbouring floors do not run together.
def _clipped_floor(frame: Frame) -> Group:
    def trimmed(shape: Shape) -> Shape:
        if not isinstance(shape, PathShape) or not _is_floor_line(shape):
            return shape
        y = shape.commands[0].numbers[1]
        left, right = PathCommand("M", (frame.window.left + STROKE, y)), PathCommand("H", (frame.window.right - STROKE,))
        return replace(shape, commands=(left, right))

    return replace(frame.shapes, shapes=tuple(trimmed(shape) for shape in frame.shapes.shapes))


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
    _paint_row(draw, frames, _inside(card), chevrons)
    buffer = io.BytesIO()
    image.reduce(SCALE).save(buffer, "PNG")  # no text chunks, no time: the same bytes every build
    return buffer.getvalue()


# --- Exercises and routines ---------------------------------------------------------------------


def _figure_frames(figure: ExerciseFigure, indices: Sequence[int], labels: bool) -> list[Frame]:
    posed = placed_poses(figure)
    groups = [pose_shapes(figure, posed, index) for index in indices]
    # One window for every pose of a figure, so the poses keep their size and floor: the part of
    # the frame they use, as the site's cropped drawings show it.
    fitted = fitted_box(groups)
    common = Bounds(fitted.x, fitted.y, fitted.x + fitted.width, fitted.y + fitted.height)
    return [
        Frame(group, common, figure.pose_label(index) if labels else "")
        for group, index in zip(groups, indices, strict=True)
    ]


# A picture depends only on a title and drawings. Under `mkdocs serve` every saved edit
# rebuilds the site in the same process: only pictures whose title or drawing changed are
# drawn again (about 20 ms each; BENCHMARK.md). Keyed by the drawings' JSON (models with
# lists are not hashable); the same bytes as drawing afresh, by construction.
@lru_cache(maxsize=512)
def _cached_png(title: str, figures: tuple[str, ...], end_poses_only: bool) -> bytes:
    drawings = [ExerciseFigure.model_validate_json(figure) for figure in figures]
    if end_poses_only:
        frames = [_figure_frames(f, [len(f.poses) - 1], labels=False)[0] for f in drawings]
        return _png(title, frames, chevrons=False)
    figure = drawings[0]
    return _png(title, _figure_frames(figure, range(len(figure.poses)), labels=True), chevrons=True)


def exercise_png(exercise: Exercise) -> bytes:
    """The preview of an exercise: its title over every pose, start to end."""
    return _cached_png(exercise.name, (exercise.figure.model_dump_json(),), end_poses_only=False)


def _exercise_frames(exercise: Exercise) -> list[Frame]:
    return _figure_frames(exercise.figure, range(len(exercise.figure.poses)), labels=True)


def routine_exercises(routine: Routine, catalog: Catalog) -> list[Exercise]:
    """The routine's exercises in order, each once."""
    slugs = dict.fromkeys(item.exercise for block in routine.blocks for item in block.exercises)
    return [catalog.exercise(slug) for slug in slugs]


def routine_png(routine: Routine, catalog: Catalog) -> bytes:
    """The preview of a routine: its title over each exercise's end pose, in order."""
    exercises = routine_exercises(routine, catalog)[:MAX_FIGURES]
    return _cached_png(routine.title, tuple(e.figure.model_dump_json() for e in exercises), end_poses_only=True)

