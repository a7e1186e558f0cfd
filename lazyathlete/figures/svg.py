"""The drawing's shapes (`drawing`) written as an accessible inline SVG that
inherits the page's text colour: one pose, or all poses side by side."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from markupsafe import Markup, escape

from lazyathlete.figures.drawing import (
    Circle,
    Paint,
    Path,
    Rect,
    Shape,
    Step,
    crop_top,
    ground_shapes,
    pose_shapes,
)
from lazyathlete.figures.kinematics import motion_poses, placed, placed_poses
from lazyathlete.figures.pose import FRAME_H, FRAME_W, LABEL_H, MOTION_FRAMES, STRIP_GAP, STROKE, ExerciseFigure

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


def _d(steps: Sequence[Step]) -> str:
    return "".join(step.command + " ".join(_num(n) for n in step.numbers) for step in steps)


# Each element's attributes in one fixed order, so the same drawing is always the same text.
def _shape_svg(shape: Shape) -> str:
    p: Paint = shape.paint
    if isinstance(shape, Path):
        return "<path" + _attrs([
            ("class", p.classes or None), ("stroke", p.stroke), ("stroke-width", _opt(p.width)),
            ("opacity", _opt(p.opacity, _fraction)), ("fill", p.fill), ("fill-opacity", _opt(p.fill_opacity, _fraction)),
            ("d", _d(shape.steps)),
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


# A pose by position or by name ('start', 'end' or a label).
def _pose_index(figure: ExerciseFigure, pose: int | str) -> int:
    if isinstance(pose, int):
        if not -len(figure.poses) <= pose < len(figure.poses):
            raise IndexError(f"the figure has {len(figure.poses)} poses; there is no pose {pose}")
        return pose % len(figure.poses)
    if pose == "start":
        return 0
    if pose == "end":
        return len(figure.poses) - 1
    for index in range(len(figure.poses)):
        if figure.pose_label(index) == pose:
            return index
    raise KeyError(f"the figure has no pose labelled '{pose}'")


# The outer <svg>: accessible name from the data (escaped), one stroke style for everything.
def _svg(
    inner: str, width: float, height: float, label: str, size: int | None, extra_class: str = "", top: float = 0.0
) -> Markup:
    text = escape(label)
    height -= top
    sized = f' width="{size}" height="{_num(size * height / width)}"' if size else ""
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="la-fig{extra_class}" role="img" aria-label="{text}" data-search-exclude=""'
        f' viewBox="0 {_num(top)} {_num(width)} {_num(height)}"{sized} fill="none" stroke="currentColor"'
        f' stroke-width="{_num(STROKE)}" stroke-linecap="round" stroke-linejoin="round">'
        f"<title>{text}</title>{inner}</svg>"
    )


# Alt texts are written as phrases; read aloud one after another they need full stops.
def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


# The text alternative of one pose: "Start: lying on the back…".
def pose_alt(figure: ExerciseFigure, index: int) -> str:
    label = figure.pose_label(index)
    return f"{label[:1].upper()}{label[1:]}: {_sentence(figure.poses[index].alt)}"


# One pose as an inline SVG; the arrow shows where the moving part goes next.
def figure_svg(
    figure: ExerciseFigure, pose: int | str = 0, *, size: int | None = None, title: str | None = None,
    crop: bool = False,
) -> Markup:
    index = _pose_index(figure, pose)
    label = f"{title}. {pose_alt(figure, index)}" if title else pose_alt(figure, index)
    posed = placed_poses(figure)
    top = crop_top(figure, posed) if crop else 0.0
    return _svg(_shape_svg(pose_shapes(figure, posed, index)), FRAME_W, FRAME_H, label, size, top=top)


# The chevron between two frames of a strip.
def _next_mark(x: float, y: float) -> Path:
    steps = (Step("M", (x - 2.5, y - 6)), Step("L", (x + 2.5, y)), Step("L", (x - 2.5, y + 6)))
    return Path(steps, Paint("la-fig__next", width=2, opacity=0.5))


# All poses side by side, start on the left, each labelled, arrows on the moving part.
def figure_strip(
    figure: ExerciseFigure, *, size: int | None = None, title: str | None = None, crop: bool = False,
    labels: bool = True,
) -> Markup:
    frames = []
    count = len(figure.poses)
    posed = placed_poses(figure)
    top = crop_top(figure, posed) if crop else 0.0
    for index in range(count):
        left = index * (FRAME_W + STRIP_GAP)
        frames.append(_shape_svg(pose_shapes(figure, posed, index, left)))
        if labels:
            frames.append(
                f'<text class="la-fig__label" x="{_num(left + FRAME_W / 2)}" y="{_num(FRAME_H + LABEL_H - 3)}"'
                f' text-anchor="middle" fill="currentColor" stroke="none" font-size="11"'
                f' font-family="system-ui, sans-serif">{escape(figure.pose_label(index))}</text>'
            )
        if index + 1 < count:
            frames.append(_shape_svg(_next_mark(left + FRAME_W + STRIP_GAP / 2, (top + FRAME_H) / 2)))
    width = count * FRAME_W + (count - 1) * STRIP_GAP
    alts = " ".join(pose_alt(figure, i) for i in range(count))
    label = f"{title}. {alts}" if title else alts
    height = FRAME_H + (LABEL_H if labels else 0.0)
    return _svg("".join(frames), width, height, label, size, " la-fig--strip", top=top)


# The text alternative of the moving drawing: the start, the end, and that it plays from one to the other.
def motion_alt(figure: ExerciseFigure) -> str:
    count = len(figure.poses)
    stills = " ".join(pose_alt(figure, i) for i in range(count))
    return f"Moving drawing, from {figure.pose_label(0)} to {figure.pose_label(count - 1)} and back. {stills}"


# The movement as one frame that plays from start to end and back: the poses in between are
# interpolated from the joint angles here, at build time, and drawn as groups that site.css shows
# one after another (no script). Reduced motion and print show the still strip instead.
def figure_motion(
    figure: ExerciseFigure, *, title: str | None = None, crop: bool = False, labels: bool = True
) -> Markup:
    poses = motion_poses(figure, MOTION_FRAMES)
    posed = [placed(figure, pose) for pose in poses]
    framing = placed_poses(figure) + posed  # the same frame as the stills, widened by any in-between reach
    top = crop_top(figure, framing) if crop else 0.0
    ground = ground_shapes(figure, framing)
    frames = []
    last = len(poses) - 1
    for index in range(len(poses)):
        at = len(figure.poses) + index  # the in-between poses follow the figure's own in `framing`
        shapes = pose_shapes(figure, framing, at, poses=[*figure.poses, *poses], ground=False, arrows=False)
        label = ""
        if labels and index in (0, last):
            text = figure.pose_label(0 if index == 0 else len(figure.poses) - 1)
            label = (
                f'<text class="la-fig__label" x="{_num(FRAME_W / 2)}" y="{_num(FRAME_H + LABEL_H - 3)}"'
                f' text-anchor="middle" fill="currentColor" stroke="none" font-size="11"'
                f' font-family="system-ui, sans-serif">{escape(text)}</text>'
            )
        frames.append(f'<g class="la-fig__frame la-fig__frame--{index}">{_shape_svg(shapes)}{label}</g>')
    label_text = f"{title}. {motion_alt(figure)}" if title else motion_alt(figure)
    inner = _shape_svg(ground) + "".join(frames)
    height = FRAME_H + (LABEL_H if labels else 0.0)
    return _svg(inner, FRAME_W, height, label_text, None, " la-fig--motion", top=top)
