"""The drawing's shapes (`drawing`) painted with Pillow, beside `svg` which writes the same
shapes as SVG: a figure's poses as frames, set side by side in a row on a canvas the caller
owns (the link previews, `lazyathlete.site.previews`, give the canvas, its colours and where
the row goes). Round ends and joins, opacity and the floor line as the SVG shows them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from PIL import ImageDraw, ImageFont

from lazyathlete.figures.drawing import (
    INK,
    Circle,
    Group,
    Paint,
    PathCommand,
    PathShape,
    Rect,
    Shape,
    fitted_box,
    pose_shapes,
)
from lazyathlete.figures.kinematics import placed_poses
from lazyathlete.figures.pose import STROKE, ExerciseFigure

FRAME_GAP = 0.22  # between two drawings, as a share of one drawing's width
MAX_ZOOM = 4.4  # pixels per figure unit at most, so a small figure is not blown up
LABEL_ROOM = 34  # under the drawings, for their labels

# --- The frames of a row, and what the caller gives -----------------------------------------------


@dataclass(frozen=True)
class Bounds:
    """A rectangle by its edges, as Pillow measures text: left, top, right, bottom."""

    left: float
    top: float
    right: float
    bottom: float


@dataclass(frozen=True)
class Look:
    """How a row is painted: the canvas's pixels per pixel of the picture (drawn large, then
    halved: smooth lines), the ink, the accent, the card the drawings sit on (opacity is seen
    over it), the colour of labels and arrows, and the labels' font."""

    scale: int
    ink: str
    accent: str
    card: str
    muted: str
    label_font: ImageFont.FreeTypeFont


@dataclass(frozen=True)
class Frame:
    """One drawing in the row: its shapes, the window of figure units it shows, and its label."""

    shapes: Group
    window: Bounds
    label: str = ""


# The frames of a figure's poses at `indices`, each with its label if asked.
def figure_frames(figure: ExerciseFigure, indices: Sequence[int], labels: bool) -> list[Frame]:
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


# --- Shapes in pixels -----------------------------------------------------------------------------


def _hex(colour: str) -> tuple[int, int, int]:
    return (int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16))


# A colour seen at `opacity` over the card: the card is one colour, so this is
# what the SVG's opacity shows wherever nothing else lies below.
def _mix(colour: str, opacity: float, card: str) -> tuple[int, int, int]:
    fg, bg = _hex(colour), _hex(card)
    return tuple(round(b + (f - b) * opacity) for f, b in zip(fg, bg, strict=True))  # type: ignore[return-value]


def _colour(value: str, look: Look) -> str | None:
    """An SVG paint as a colour: the ink, nothing ('none'), or the drawing's one other colour."""
    if value == "none":
        return None
    return look.ink if value == INK else look.accent


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
    """Paints figure shapes onto the canvas: figure units -> canvas pixels (at the look's scale)."""

    def __init__(self, draw: ImageDraw.ImageDraw, look: Look, zoom: float, x: float, y: float) -> None:
        self.draw, self.look = draw, look
        self.zoom, self.x, self.y = zoom * look.scale, x * look.scale, y * look.scale

    def xy(self, p: tuple[float, float]) -> tuple[float, float]:
        return (self.x + p[0] * self.zoom, self.y + p[1] * self.zoom)

    def paint(self, shape: Shape, inherited: Paint) -> None:
        paint = _inherit(inherited, shape.paint)
        if isinstance(shape, Group):
            for child in shape.shapes:
                self.paint(child, paint)
            return
        opacity = paint.opacity or 1.0
        stroke = _colour(paint.stroke or INK, self.look)  # strokes inherit the ink, fills default to none
        fill = _colour(paint.fill, self.look) if paint.fill is not None else None
        line = _mix(stroke, opacity, self.look.card) if stroke else None
        area = _mix(fill, opacity * (paint.fill_opacity or 1.0), self.look.card) if fill else None
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



# --- A row of drawings ----------------------------------------------------------------------------


def _row_size(frames: Sequence[Frame]) -> tuple[list[float], float, float]:
    """Each drawing's width, the tallest one's height and the gap between two, in figure units."""
    widths = [f.window.right - f.window.left for f in frames]
    return widths, max(f.window.bottom - f.window.top for f in frames), FRAME_GAP * max(widths)


def row_zoom(frames: Sequence[Frame], box: Bounds) -> float:
    """Pixels per figure unit for the row to fit in the box (the caller's layout compares them)."""
    widths, height, gap = _row_size(frames)
    label_room = LABEL_ROOM if any(frame.label for frame in frames) else 0
    return min(
        (box.right - box.left) / (sum(widths) + gap * (len(frames) - 1)),
        (box.bottom - box.top - label_room) / height,
        MAX_ZOOM,
    )


def paint_row(draw: ImageDraw.ImageDraw, frames: Sequence[Frame], box: Bounds, chevrons: bool, look: Look) -> None:
    """The drawings side by side, as large as fits in the box, sitting on one floor line; with
    `chevrons`, an arrow between each two (start to end)."""
    widths, height, gap = _row_size(frames)
    label_room = LABEL_ROOM if any(frame.label for frame in frames) else 0
    zoom = row_zoom(frames, box)
    total = (sum(widths) + gap * (len(frames) - 1)) * zoom
    x = box.left + (box.right - box.left - total) / 2
    floor = box.top + (box.bottom - box.top - label_room + height * zoom) / 2  # the row's bottom edge, in pixels
    scale = look.scale
    for index, (frame, width) in enumerate(zip(frames, widths, strict=True)):
        painter = _Painter(draw, look, zoom, x - frame.window.left * zoom, floor - frame.window.bottom * zoom)
        painter.paint(_clipped_floor(frame), Paint())
        if frame.label:
            centre = (x + width * zoom / 2) * scale
            draw.text((centre, (floor + 8) * scale), frame.label, font=look.label_font, fill=look.muted, anchor="mt")
        x += width * zoom
        if chevrons and index + 1 < len(frames):
            cx, cy, s = (x + gap * zoom / 2) * scale, (floor - height * zoom / 2) * scale, 9 * scale
            draw.line([(cx - s / 2, cy - s), (cx + s / 2, cy), (cx - s / 2, cy + s)], fill=look.muted, width=3 * scale,
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
