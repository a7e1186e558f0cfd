"""From the world to the picture, as shapes: each placed pose seen from the figure's
viewpoint (body, props, ground, an arrow to the next pose) as paths, circles and
rectangles in frame units, each with its stroke, fill and opacity.

`svg` writes these shapes as inline SVG; `lazyathlete.site.previews` paints the
same shapes into the link-preview PNGs. The geometry lives here only.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from lazyathlete.figures.kinematics import (
    Point3,
    add,
    body_axes,
    cross,
    extent,
    joints_of,
    mat_corners,
    mul,
    platform_span,
    sub,
    unit,
    view,
)
from lazyathlete.figures.pose import (
    FIT_MARGIN,
    FLOOR_Y,
    FRAME_W,
    HEAD_R,
    Band,
    ExerciseFigure,
    Platform,
    Pose,
    Wall,
    Weight,
    Working,
)

Point2 = tuple[float, float]

INK = "currentColor"  # the page's text colour in SVG; the preview's ink colour in a PNG
ACCENT = "#c2410c"  # a default; the site's CSS sets the real one per colour scheme
ACCENT_STROKE = 7.0  # thicker, so the working leg survives greyscale print


# --- Shapes -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Paint:
    """How a shape is drawn. None inherits: from the group, else the drawing's own
    (ink stroke STROKE wide, round ends, no fill). 'none' paints nothing."""

    classes: str = ""
    stroke: str | None = None
    width: float | None = None
    opacity: float | None = None
    fill: str | None = None
    fill_opacity: float | None = None


@dataclass(frozen=True)
class PathCommand:
    """One command of a path, as SVG spells it: M x y, L x y, H x, V y, Q qx qy x y, Z."""

    letter: str
    numbers: tuple[float, ...] = ()


@dataclass(frozen=True)
class PathShape:
    """An SVG path: its commands, drawn with its paint."""

    commands: tuple[PathCommand, ...]
    paint: Paint = Paint()


@dataclass(frozen=True)
class Circle:
    centre: Point2
    r: float
    paint: Paint = Paint()


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    rx: float = 0.0
    paint: Paint = Paint()


@dataclass(frozen=True)
class Group:
    shapes: tuple[Shape, ...]
    paint: Paint = Paint()


Shape = PathShape | Circle | Rect | Group


# A polyline through the points: M, then L to each next one.
def line(points: Sequence[Point2]) -> tuple[PathCommand, ...]:
    return tuple(PathCommand("M" if i == 0 else "L", p) for i, p in enumerate(points))


# --- From the world to the picture -----------------------------------------------------------------


class _Frame:
    """Turns world points of one figure into picture coordinates of one frame."""

    def __init__(self, figure: ExerciseFigure, posed: Sequence[Mapping[str, Point3]]) -> None:
        self.posed = posed
        self.viewed = view(figure)
        x0, x1, _, bottom = extent(figure, posed)
        self.dx = FRAME_W / 2 - (x0 + x1) / 2
        self.floor = FLOOR_Y + bottom  # a mat seen from above reaches below the floor line

    def xy(self, p: Point3) -> Point2:
        x, y, _ = self.viewed(p)
        return (x + self.dx, self.floor - y)

    def depth(self, p: Point3) -> float:
        return self.viewed(p)[2]

    def path(self, points: Sequence[Point3]) -> tuple[PathCommand, ...]:
        return line([self.xy(p) for p in points])


# --- Drawing ----------------------------------------------------------------------------------------


# The sides whose leg is drawn in the accent colour.
def _limb_sides(figure: ExerciseFigure) -> set[str]:
    return {"near", "far"} if figure.working is Working.both else {figure.working.value}


Part = tuple[float, tuple[Shape, ...]]  # (depth, shapes): nearer parts are drawn over farther ones


# Body parts as (depth, shapes) pairs.
def _body_parts(frame: _Frame, figure: ExerciseFigure, points: Mapping[str, Point3], pose: Pose) -> list[Part]:
    working = _limb_sides(figure)
    parts: list[Part] = []

    def depth(*names: str) -> float:
        return sum(frame.depth(points[n]) for n in names) / len(names)

    up, front, near = body_axes(pose)
    # Limbs on the side turned away from the viewer are drawn fainter, as a side view shows them.
    away = frame.depth(near) - frame.depth((0.0, 0.0, 0.0)) > 0.5
    for side in ("near", "far"):
        faint = away and side == "far"
        leg = [points[f"{side}-{j}"] for j in ("hip", "knee", "ankle", "toe")]
        leg_depth = depth(f"{side}-knee", f"{side}-ankle")
        classes = ["la-fig__leg", f"la-fig__{side}"]
        stroke, width = None, None
        if side in working:
            classes.append("la-fig__work")
            stroke, width = ACCENT, ACCENT_STROKE
            spot = add(points[f"{side}-hip"], mul(front, -1.5))
            glute = Paint("la-fig__glute", stroke="none", opacity=0.35, fill=ACCENT)
            parts.append((leg_depth - 0.01, (Circle(frame.xy(spot), 6.0, glute),)))
        if faint:
            classes.append("la-fig__far-side")
        paint = Paint(" ".join(classes), stroke=stroke, width=width, opacity=0.45 if faint else None)
        parts.append((leg_depth, (PathShape(frame.path(leg), paint),)))
        arm = [points[f"{side}-{j}"] for j in ("shoulder", "elbow", "hand")]
        arm_paint = Paint("la-fig__arm la-fig__far-side", opacity=0.45) if faint else Paint("la-fig__arm")
        parts.append((depth(f"{side}-elbow", f"{side}-hand"), (PathShape(frame.path(arm), arm_paint),)))
    trunk = (
        frame.path([points["pelvis"], points["neck"]])
        + frame.path([points["near-hip"], points["far-hip"]])
        + frame.path([points["near-shoulder"], points["far-shoulder"]])
    )
    head = Circle(frame.xy(points["head"]), HEAD_R, Paint("la-fig__head", stroke="none", fill=INK))
    parts.append((depth("pelvis", "neck"), (PathShape(trunk, Paint("la-fig__trunk")), head)))
    return parts


# Props held or worn by the body: kettlebell, dumbbell, band.
def _carried_props(frame: _Frame, figure: ExerciseFigure, points: Mapping[str, Point3]) -> list[Part]:
    parts: list[Part] = []
    for prop in figure.props:
        if isinstance(prop, Weight):
            sides = ["near", "far"] if prop.hand == "both" else [prop.hand]
            hand = mul(add(points[f"{sides[0]}-hand"], points[f"{sides[-1]}-hand"]), 0.5)
            forearm = unit(sub(points[f"{sides[0]}-hand"], points[f"{sides[0]}-elbow"]))
            if prop.kind == "kettlebell":
                # A handle loop in the hand and the bell hanging past it, in line with the forearm.
                loop = Circle(frame.xy(add(hand, mul(forearm, 3.5))), 3.5, Paint(width=2.5))
                bell = Circle(frame.xy(add(hand, mul(forearm, 10))), 5.5, Paint(stroke="none", fill=INK))
                kettlebell = Group((loop, bell), Paint("la-fig__prop la-fig__kettlebell"))
                parts.append((frame.depth(hand) + 1, (kettlebell,)))
            else:
                across = unit(cross(forearm, (0.0, 0.0, 1.0)))
                a, b = add(hand, mul(across, 5)), add(hand, mul(across, -5))
                bar = PathShape(frame.path([a, b]), Paint("la-fig__prop la-fig__dumbbell", width=3))
                ends = PathShape(frame.path([a, a]) + frame.path([b, b]), Paint("la-fig__prop la-fig__dumbbell", width=6))
                parts.append((frame.depth(hand) + 1, (bar, ends)))
        elif isinstance(prop, Band):
            ends3 = [_band_point(points, prop.around, side) for side in ("near", "far")]
            band = Paint("la-fig__prop la-fig__band", width=2.5, opacity=0.8)
            parts.append((50.0, (PathShape(frame.path(ends3), band),)))
    return parts


# Where a band sits on one leg: around the thighs, just above the knees, or above the ankles.
def _band_point(points: Mapping[str, Point3], around: str, side: str) -> Point3:
    joint = {"thighs": ("hip", "knee"), "knees": ("knee", "knee"), "ankles": ("ankle", "ankle")}[around]
    a, b = points[f"{side}-{joint[0]}"], points[f"{side}-{joint[1]}"]
    if around == "thighs":
        return add(a, mul(sub(b, a), 0.7))
    if around == "knees":  # just above the knee
        return add(b, mul(sub(points[f"{side}-hip"], b), 0.12))
    return add(a, mul(sub(points[f"{side}-knee"], a), 0.12))


# The ground of a figure's frame alone: a moving drawing draws it once, under every frame.
def ground_shapes(figure: ExerciseFigure, posed: Sequence[Mapping[str, Point3]]) -> Group:
    return Group(tuple(_ground(_Frame(figure, posed), figure)), Paint("la-fig__ground"))


# The floor, and any box, bench or wall: drawn lightly, behind the figure.
def _ground(frame: _Frame, figure: ExerciseFigure) -> list[Shape]:
    out: list[Shape]
    if figure.tilt:
        mat = Paint("la-fig__floor la-fig__mat", stroke="none", fill=INK, fill_opacity=0.1)
        out = [PathShape(frame.path(mat_corners(frame.posed)) + (PathCommand("Z"),), mat)]
    else:
        floor = (PathCommand("M", (2, frame.floor + 0.75)), PathCommand("H", (FRAME_W - 2,)))
        out = [PathShape(floor, Paint("la-fig__floor", width=1.5, opacity=0.6))]
    for prop in figure.props:
        if isinstance(prop, Platform):
            a, b = platform_span(figure, prop)
            x0, x1 = a + frame.dx, b + frame.dx
            top = frame.floor - prop.height
            shapes: tuple[Shape, ...]
            if prop.kind == "box":
                shapes = (Rect(x0, top, x1 - x0, prop.height, 1.5),)
            else:
                legs = (
                    PathCommand("M", (x0 + 4, top + 5)), PathCommand("V", (frame.floor,)),
                    PathCommand("M", (x1 - 4, top + 5)), PathCommand("V", (frame.floor,)),
                )  # fmt: skip
                shapes = (Rect(x0, top, x1 - x0, 5.0, 1.5), PathShape(legs))
            paint = Paint(f"la-fig__prop la-fig__{prop.kind}", width=1.5, opacity=0.7, fill=INK, fill_opacity=0.08)
            out.append(Group(shapes, paint))
        elif isinstance(prop, Wall):
            x = frame.xy((prop.x, 0, 0))[0]
            wall = (PathCommand("M", (x, frame.floor)), PathCommand("V", (frame.floor - 110,)))
            out.append(PathShape(wall, Paint("la-fig__prop la-fig__wall", width=1.5, opacity=0.6)))
    return out


# The part that moves the most between two poses (or the one the figure names).
def _moving_point(figure: ExerciseFigure, a: Mapping[str, Point3], b: Mapping[str, Point3]) -> str:
    if figure.arrow is not None:
        return figure.arrow if figure.arrow in a else joints_of(figure.arrow)[-1]

    viewed = view(figure)

    def moved(name: str) -> float:
        pa, pb = viewed(a[name]), viewed(b[name])
        return math.hypot(pa[0] - pb[0], pa[1] - pb[1])

    return max(a, key=moved)


ARROW_MIN = 18.0  # a small movement still gets an arrow big enough to see
ARROW_OFF = 9.0  # how far the arrow runs beside the moving part, clear of the limb


# A curved arrow beside the moving part, from where it is towards where it goes next,
# bowed away from the body; never shorter than ARROW_MIN. None when nothing moves.
def _arrow(frame: _Frame, figure: ExerciseFigure, a: Mapping[str, Point3], b: Mapping[str, Point3]) -> PathShape | None:
    name = _moving_point(figure, a, b)
    (x0, y0), (x1, y1) = frame.xy(a[name]), frame.xy(b[name])
    length = math.hypot(x1 - x0, y1 - y0)
    if length < 4:
        return None
    ux, uy = (x1 - x0) / length, (y1 - y0) / length
    nx, ny = -uy, ux
    body = [frame.xy(p) for p in a.values()]
    shown = max(length - 6, ARROW_MIN)

    def arrow_at(side: float) -> tuple[float, float, float, float, float, float]:
        mx, my = nx * side, ny * side
        sx, sy = x0 + mx * ARROW_OFF + ux * 3, y0 + my * ARROW_OFF + uy * 3
        ex, ey = sx + ux * shown, sy + uy * shown
        return sx, sy, ex, ey, (sx + ex) / 2 + mx * 0.2 * shown, (sy + ey) / 2 + my * 0.2 * shown

    # Of the two sides of the path, the one clearer of the body and above the floor.
    def clearance(arrow: tuple[float, ...]) -> float:
        sx, sy, ex, ey, qx, qy = arrow
        marks = [(sx, sy), (ex, ey), ((sx + 2 * qx + ex) / 4, (sy + 2 * qy + ey) / 4)]
        room = min(math.hypot(mx - bx, my - by) for mx, my in marks for bx, by in body)
        return room - (100 if max(sy, ey, qy) > frame.floor - 3 else 0)

    sx, sy, ex, ey, qx, qy = max((arrow_at(1.0), arrow_at(-1.0)), key=clearance)
    lift = max(0.0, max(sy, ey, qy) - (frame.floor - 3))
    sy, ey, qy = sy - lift, ey - lift, qy - lift
    # The tip of a quadratic curve points from its control point to its end.
    tx, ty = ex - qx, ey - qy
    tl = math.hypot(tx, ty) or 1
    tx, ty = tx / tl, ty / tl
    head = 6.0
    lx, ly = ex - tx * head - ty * head * 0.7, ey - ty * head + tx * head * 0.7
    rx, ry = ex - tx * head + ty * head * 0.7, ey - ty * head - tx * head * 0.7
    commands = (PathCommand("M", (sx, sy)), PathCommand("Q", (qx, qy, ex, ey)), *line([(lx, ly), (ex, ey), (rx, ry)]))
    return PathShape(commands, Paint("la-fig__arrow", stroke=ACCENT, width=2.5))


# One pose of a figure as shapes, in a frame FRAME_W wide: the ground behind, the body and
# props from far to near, and the arrow to the next pose. A moving drawing passes its in-between
# poses, draws the ground once and leaves out the arrows.
def pose_shapes(
    figure: ExerciseFigure, posed: Sequence[Mapping[str, Point3]], index: int, *,
    poses: Sequence[Pose] | None = None, ground: bool = True, arrows: bool = True,
) -> Group:
    frame = _Frame(figure, posed)
    points = posed[index]
    pose = (poses or figure.poses)[index]
    parts = _body_parts(frame, figure, points, pose) + _carried_props(frame, figure, points)
    shapes: list[Shape] = _ground(frame, figure) if ground else []
    for _, part in sorted(parts, key=lambda part: part[0]):
        shapes += part
    arrow = move_arrow(figure, posed, index) if arrows else None
    if arrow is not None:
        shapes.append(arrow)
    return Group(tuple(shapes), Paint("la-fig__pose"))


# The arrow from a pose towards the next one; None for the last pose, or when nothing moves.
def move_arrow(figure: ExerciseFigure, posed: Sequence[Mapping[str, Point3]], index: int) -> PathShape | None:
    if index + 1 >= len(posed):
        return None
    return _arrow(_Frame(figure, posed), figure, posed[index], posed[index + 1])


# --- Framing ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ViewBox:
    """The part of the picture a drawing shows, as SVG's viewBox gives it: left, top, width, height."""

    x: float
    y: float
    width: float
    height: float


# The corners of everything a group draws, its widest stroke included. The floor runs on beyond
# the figure whatever it does: its line counts for its height only, a mat seen from above not at all.
def _corners(shape: Shape) -> list[Point2]:
    pad = ACCENT_STROKE / 2
    classes = shape.paint.classes.split()
    if "la-fig__mat" in classes:
        return []
    if isinstance(shape, Group):
        return [corner for child in shape.shapes for corner in _corners(child)]
    if isinstance(shape, Circle):
        (cx, cy), r = shape.centre, shape.r + pad
        return [(cx - r, cy - r), (cx + r, cy + r)]
    if isinstance(shape, Rect):
        return [(shape.x - pad, shape.y - pad), (shape.x + shape.width + pad, shape.y + shape.height + pad)]
    points: list[Point2] = []
    at = (0.0, 0.0)
    for command in shape.commands:
        n = command.numbers
        if command.letter == "H":
            at = (n[0], at[1])
        elif command.letter == "V":
            at = (at[0], n[0])
        elif n:
            points += [(n[i], n[i + 1]) for i in range(0, len(n) - 2, 2)]  # a curve's control point bounds it
            at = (n[-2], n[-1])
        points.append(at)
    if "la-fig__floor" in classes:
        return [(math.nan, y + pad) for _, y in points]
    return [(x + sx * pad, y + sy * pad) for x, y in points for sx, sy in ((-1, -1), (1, 1))]


# The part of a frame that shows something: every group's drawing with a margin round it, so a
# lying figure is not a thin strip lost in empty sky and a standing one is not lost in empty floor.
def fitted_box(groups: Sequence[Shape]) -> ViewBox:
    corners = [corner for group in groups for corner in _corners(group)]
    xs = [x for x, _ in corners if not math.isnan(x)]
    ys = [y for _, y in corners]
    x0, x1 = max(0.0, min(xs) - FIT_MARGIN), min(FRAME_W, max(xs) + FIT_MARGIN)
    y0, y1 = max(0.0, min(ys) - FIT_MARGIN), max(ys) + 1.0
    return ViewBox(x0, y0, x1 - x0, y1 - y0)

