"""The drawing's shapes (`drawing`) written as accessible inline SVG that inherits the
page's text colour, each cropped to what the figure uses: the poses in a row or a column, start
faint under end in one frame, or the movement playing from start to end and back."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from functools import lru_cache, wraps
from typing import TypeVar

from markupsafe import Markup, escape

from lazyathlete.figures.drawing import (
    Circle,
    Group,
    Paint,
    PathCommand,
    PathShape,
    Rect,
    Shape,
    ViewBox,
    fitted_box,
    ground_shapes,
    line,
    move_arrow,
    pose_shapes,
)
from lazyathlete.figures.kinematics import motion_poses, placed, placed_poses
from lazyathlete.figures.pose import (
    GHOST_OPACITY,
    LABEL_BASELINE,
    LABEL_FONT,
    MOTION_FRAMES,
    STRIP_GAP,
    STRIP_ROOM,
    STROKE,
    ExerciseFigure,
)

# --- Drawn once per figure -------------------------------------------------------------------------

_Drawn = TypeVar("_Drawn")


# A figure's drawing, kept for the process by the figure's own text: one figure is drawn on its
# page, its cards and its routines' pages and cards (five to ten times a build), and under
# `mkdocs serve` a saved edit draws again only the figures it changed (BENCHMARK.md, issue 25).
# The other arguments are plain values (booleans, numbers), given in order.
def by_figure(draw: Callable[..., _Drawn]) -> Callable[..., _Drawn]:
    @lru_cache(maxsize=4096)
    def drawn_from_text(text: str, *args: Hashable) -> _Drawn:
        return draw(ExerciseFigure.model_validate_json(text), *args)

    @wraps(draw)
    def drawn(figure: ExerciseFigure, *args: Hashable) -> _Drawn:
        return drawn_from_text(figure.model_dump_json(), *args)

    return drawn


# --- Shapes as SVG -------------------------------------------------------------------------------


# Coordinates to one decimal, trailing zeros dropped: the SVG stays small.
def _num(value: float) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


# Opacities as CSS writes them: .45, .8.
def _fraction(value: float) -> str:
    return f"{value:.2f}".rstrip("0").lstrip("0") or "0"


def _attrs(pairs: Sequence[tuple[str, str | None]]) -> str:
    return "".join(f' {name}="{value}"' for name, value in pairs if value is not None)


def _opt(value: float | None, write: Callable[[float], str] = _num) -> str | None:
    return None if value is None else write(value)


def _d(commands: Sequence[PathCommand]) -> str:
    return "".join(command.letter + " ".join(_num(n) for n in command.numbers) for command in commands)


# Each element's attributes in one fixed order, so the same drawing is always the same text.
def _shape_svg(shape: Shape) -> str:
    p: Paint = shape.paint
    if isinstance(shape, PathShape):
        return "<path" + _attrs([
            ("class", p.classes or None), ("stroke", p.stroke), ("stroke-width", _opt(p.width)),
            ("opacity", _opt(p.opacity, _fraction)), ("fill", p.fill), ("fill-opacity", _opt(p.fill_opacity, _fraction)),
            ("d", _d(shape.commands)),
        ]) + "/>"  # fmt: skip
    if isinstance(shape, Circle):
        return "<circle" + _attrs([
            ("class", p.classes or None), ("cx", _num(shape.centre[0])), ("cy", _num(shape.centre[1])),
            ("r", _num(shape.r)), ("stroke-width", _opt(p.width)), ("fill", p.fill), ("stroke", p.stroke),
            ("opacity", _opt(p.opacity, _fraction)),
        ]) + "/>"  # fmt: skip
    if isinstance(shape, Rect):
        return "<rect" + _attrs([
            ("x", _num(shape.x)), ("y", _num(shape.y)), ("width", _num(shape.width)),
            ("height", _num(shape.height)), ("rx", _num(shape.rx)),
        ]) + "/>"  # fmt: skip
    inner = "".join(_shape_svg(child) for child in shape.shapes)
    return "<g" + _attrs([
        ("class", p.classes or None), ("stroke-width", _opt(p.width)), ("fill", p.fill),
        ("fill-opacity", _opt(p.fill_opacity, _fraction)), ("opacity", _opt(p.opacity, _fraction)),
    ]) + f">{inner}</g>"  # fmt: skip


# --- Whole drawings ---------------------------------------------------------------------------------


# The outer <svg>: accessible name from the data (escaped), one stroke style for everything;
# `box` is the part of the picture it shows. Without a label the drawing is hidden from
# assistive technology: for a picture beside the words that name it.
def _svg(inner: str, box: ViewBox, label: str | None, extra_class: str) -> Markup:
    text = escape(label) if label is not None else None
    named = f'role="img" aria-label="{text}"' if text is not None else 'aria-hidden="true"'
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="la-fig{extra_class}" {named} data-search-exclude=""'
        f' viewBox="{_view_box(box)}" fill="none" stroke="currentColor"'
        f' stroke-width="{_num(STROKE)}" stroke-linecap="round" stroke-linejoin="round">'
        + (f"<title>{text}</title>" if text is not None else "")
        + f"{inner}</svg>"
    )


def _view_box(box: ViewBox) -> str:
    return " ".join(_num(n) for n in (box.x, box.y, box.width, box.height))


# One frame of a strip at (x, y): a nested <svg> showing the frame's box, so nothing of one
# frame (the floor line) runs into the next.
def _placed(inner: str, box: ViewBox, x: float, y: float) -> str:
    return (
        f'<svg aria-hidden="true" x="{_num(x)}" y="{_num(y)}" width="{_num(box.width)}" height="{_num(box.height)}"'
        f' viewBox="{_view_box(box)}">{inner}</svg>'
    )


# The height of the line under a frame for its label. A fitted drawing is shown as wide or as
# tall as its box allows, so the text is sized to the drawing's longer side, not to the figure:
# it reads the same under a lying figure and a standing one.
def _label_height(width: float, height: float) -> float:
    return LABEL_FONT * max(width, height) / LABEL_BASELINE


# A pose's label ("start", "end") centred under its frame, in a line `height` tall.
def _label(text: str, x: float, y: float, height: float) -> str:
    return (
        f'<text class="la-fig__label" x="{_num(x)}" y="{_num(y + height * LABEL_BASELINE)}"'
        f' text-anchor="middle" fill="currentColor" stroke="none" font-size="{_num(height * LABEL_BASELINE)}"'
        f' font-family="system-ui, sans-serif">{escape(text)}</text>'
    )


# Alt texts are written as phrases; read aloud one after another they need full stops.
def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


# The text alternative of one pose: "Start: lying on the back…".
def pose_alt(figure: ExerciseFigure, index: int) -> str:
    label = figure.pose_label(index)
    return f"{label[:1].upper()}{label[1:]}: {_sentence(figure.poses[index].alt)}"


# The text alternative of the still poses, after the drawing's title: "Clamshell. Start: ... End: ...".
def _stills_alt(figure: ExerciseFigure, title: str | None) -> str:
    alts = " ".join(pose_alt(figure, i) for i in range(len(figure.poses)))
    return f"{title}. {alts}" if title else alts


# The mark between two frames of a strip: a chevron pointing to the next one, right or down.
def _next_mark(x: float, y: float, down: bool = False) -> PathShape:
    tip = [(-2.5, -6.0), (2.5, 0.0), (-2.5, 6.0)]  # pointing right; turned, pointing down
    points = [(x + b, y + a) if down else (x + a, y + b) for a, b in tip]
    return PathShape(line(points), Paint("la-fig__next", width=2, opacity=0.5))


# Whether `count` frames of `box` show larger stacked than side by side, in a place `room` times
# as wide as it is tall.
def _stacks(box: ViewBox, count: int, room: float) -> bool:
    side_by_side = min(room / (count * box.width + (count - 1) * STRIP_GAP), 1 / box.height)
    stacked = min(room / box.width, 1 / (count * box.height + (count - 1) * STRIP_GAP))
    return stacked > side_by_side


# All poses in order, each labelled, arrows on the moving part, each frame cropped to what the
# poses use (`fitted_box`). Side by side; a figure whose frames show larger one above the other in
# the place the strip is given (`room`: its width over its height) is stacked instead, start on
# top: a lying figure in a squarish place.
def figure_strip(
    figure: ExerciseFigure, *, title: str | None = None, labels: bool = True, room: float = STRIP_ROOM
) -> Markup:
    inner, whole = _strip(figure, labels, room)
    return _svg(inner, whole, _stills_alt(figure, title), " la-fig--strip")


@by_figure
def _strip(figure: ExerciseFigure, labels: bool, room: float) -> tuple[str, ViewBox]:
    count = len(figure.poses)
    posed = placed_poses(figure)
    groups = [pose_shapes(figure, posed, index) for index in range(count)]
    box = fitted_box(groups)
    stacked = _stacks(box, count, room)
    long_side = count * (box.height if stacked else box.width) + (count - 1) * STRIP_GAP
    label_h = _label_height(long_side, box.width if stacked else box.height) if labels else 0.0
    dx, dy = (0.0, box.height + label_h + STRIP_GAP) if stacked else (box.width + STRIP_GAP, 0.0)
    parts = []
    for index, group in enumerate(groups):
        x, y = index * dx, index * dy
        parts.append(_placed(_shape_svg(group), box, x, y))
        if labels:
            parts.append(_label(figure.pose_label(index), x + box.width / 2, y + box.height, label_h))
        if index + 1 < count:
            if stacked:
                mark = _next_mark(box.width / 2, y + box.height + label_h + STRIP_GAP / 2, down=True)
            else:
                mark = _next_mark(x + box.width + STRIP_GAP / 2, box.height / 2)
            parts.append(_shape_svg(mark))
    whole = ViewBox(0.0, 0.0, box.width + (count - 1) * dx, box.height + label_h + (count - 1) * dy)
    return "".join(parts), whole


# The start drawn faintly under a later pose: in the overlay, and under every frame of the moving
# drawing, so the reader sees where the movement began whichever frame is showing.
def _ghost(start: Group) -> Group:
    return Group((start,), Paint("la-fig__ghost", opacity=GHOST_OPACITY))


# Start and end in one frame, for where there is room for one small frame only (the pocket
# card): the start pose faint, the end pose over it, the arrow from one to the other.
def figure_overlay(figure: ExerciseFigure, *, title: str | None = None) -> Markup:
    inner, box = _overlay(figure)
    return _svg(inner, box, _stills_alt(figure, title), " la-fig--overlay")


# The overlay as a small picture on an exercise's card (home page, index, browse pages), to find
# a move by looking: the card's name says what it is, so the picture carries no text of its own.
def figure_thumb(figure: ExerciseFigure) -> Markup:
    inner, box = _overlay(figure)
    return _svg(inner, box, None, " la-fig--overlay la-fig--thumb")


@by_figure
def _overlay(figure: ExerciseFigure) -> tuple[str, ViewBox]:
    posed = placed_poses(figure)
    last = len(posed) - 1
    start = pose_shapes(figure, posed, 0, ground=False, arrows=False)
    end = pose_shapes(figure, posed, last, ground=False)
    arrow = move_arrow(figure, posed, 0)
    shapes: list[Shape] = [ground_shapes(figure, posed), _ghost(start), end, *([arrow] if arrow else [])]
    box = fitted_box([pose_shapes(figure, posed, i) for i in range(len(posed))])
    return "".join(_shape_svg(shape) for shape in shapes), box


# The text alternative of the moving drawing: the start, the end, and that it plays from one to the other.
def motion_alt(figure: ExerciseFigure) -> str:
    last = len(figure.poses) - 1
    return f"Moving drawing, from {figure.pose_label(0)} to {figure.pose_label(last)} and back. {_stills_alt(figure, None)}"


# The movement as one frame that plays from start to end and back: the poses in between are
# interpolated from the joint angles here, at build time, and drawn as groups that site.css shows
# one after another (no script). Reduced motion and print show the still strip instead.
def figure_motion(figure: ExerciseFigure, *, title: str | None = None, labels: bool = True) -> Markup:
    inner, whole = _motion(figure, labels)
    label_text = f"{title}. {motion_alt(figure)}" if title else motion_alt(figure)
    return _svg(inner, whole, label_text, " la-fig--motion")


@by_figure
def _motion(figure: ExerciseFigure, labels: bool) -> tuple[str, ViewBox]:
    poses = motion_poses(figure, MOTION_FRAMES)
    posed = [placed(figure, pose) for pose in poses]
    framing = placed_poses(figure) + posed  # the same frame as the stills, widened by any in-between reach
    ground = ground_shapes(figure, framing)
    first = len(figure.poses)  # the in-between poses follow the figure's own in `framing`
    every = [*figure.poses, *poses]
    shapes = [
        pose_shapes(figure, framing, first + index, poses=every, ground=False, arrows=False)
        for index in range(len(poses))
    ]
    box = fitted_box([ground, *shapes])
    label_h = _label_height(box.width, box.height) if labels else 0.0
    last = len(poses) - 1
    frames = []
    for index, shape in enumerate(shapes):
        label = ""
        if labels and index in (0, last):
            text = figure.pose_label(0 if index == 0 else len(figure.poses) - 1)
            label = _label(text, box.x + box.width / 2, box.y + box.height, label_h)
        frames.append(f'<g class="la-fig__frame la-fig__frame--{index}">{_shape_svg(shape)}{label}</g>')
    whole = ViewBox(box.x, box.y, box.width, box.height + label_h)
    return _shape_svg(ground) + _shape_svg(_ghost(shapes[0])) + "".join(frames), whole
