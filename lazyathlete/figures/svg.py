"""From the world to the picture: each placed pose seen from the figure's viewpoint,
drawn as an accessible inline SVG (body, props, ground, an arrow to the next pose)
that inherits the page's text colour."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from markupsafe import Markup, escape

from lazyathlete.figures.kinematics import (
    Point3,
    add,
    block_span,
    body_axes,
    cross,
    extent,
    joints_of,
    mat_corners,
    mul,
    placed_poses,
    sub,
    unit,
    view,
)
from lazyathlete.figures.pose import (
    CROP_MARGIN,
    FLOOR_Y,
    FRAME_H,
    FRAME_W,
    HEAD_R,
    LABEL_H,
    STRIP_GAP,
    STROKE,
    Band,
    Block,
    ExerciseFigure,
    Pose,
    Wall,
    Weight,
    Working,
)

Point2 = tuple[float, float]

ACCENT_STROKE = 7.0  # thicker, so the working leg survives greyscale print
ACCENT = "#c2410c"  # a default; the site's CSS sets the real one per colour scheme


# --- From the world to the picture -----------------------------------------------------------------


# Coordinates to one decimal, trailing zeros dropped: the SVG stays small.
def _num(value: float) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


class _Frame:
    """Turns world points of one figure into SVG coordinates of one frame."""

    def __init__(self, figure: ExerciseFigure, posed: Sequence[Mapping[str, Point3]], left: float = 0.0) -> None:
        self.posed = posed
        self.viewed = view(figure)
        x0, x1, _, bottom = extent(figure, posed)
        self.dx = left + FRAME_W / 2 - (x0 + x1) / 2
        self.floor = FLOOR_Y + bottom  # a mat seen from above reaches below the floor line

    def xy(self, p: Point3) -> Point2:
        x, y, _ = self.viewed(p)
        return (x + self.dx, self.floor - y)

    def depth(self, p: Point3) -> float:
        return self.viewed(p)[2]

    def path(self, points: Sequence[Point3]) -> str:
        coords = [self.xy(p) for p in points]
        return "M" + "L".join(f"{_num(x)} {_num(y)}" for x, y in coords)


# --- Drawing ----------------------------------------------------------------------------------------


# The sides whose leg is drawn in the accent colour.
def _limb_sides(figure: ExerciseFigure) -> set[str]:
    return {"near", "far"} if figure.working is Working.both else {figure.working.value}


# Body parts as (depth, svg) pairs, so nearer parts are drawn over farther ones.
def _body_parts(frame: _Frame, figure: ExerciseFigure, points: Mapping[str, Point3], pose: Pose) -> list[tuple[float, str]]:
    working = _limb_sides(figure)
    parts: list[tuple[float, str]] = []

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
        attrs = ""
        if side in working:
            classes.append("la-fig__work")
            attrs = f' stroke="{ACCENT}" stroke-width="{_num(ACCENT_STROKE)}"'
            spot = add(points[f"{side}-hip"], mul(front, -1.5))
            sx, sy = frame.xy(spot)
            parts.append(
                (
                    leg_depth - 0.01,
                    f'<circle class="la-fig__glute" cx="{_num(sx)}" cy="{_num(sy)}" r="6"'
                    f' fill="{ACCENT}" stroke="none" opacity=".35"/>',
                )
            )
        if faint:
            classes.append("la-fig__far-side")
            attrs += ' opacity=".45"'
        parts.append((leg_depth, f'<path class="{" ".join(classes)}"{attrs} d="{frame.path(leg)}"/>'))
        arm = [points[f"{side}-{j}"] for j in ("shoulder", "elbow", "hand")]
        arm_depth = depth(f"{side}-elbow", f"{side}-hand")
        arm_attrs = ' class="la-fig__arm la-fig__far-side" opacity=".45"' if faint else ' class="la-fig__arm"'
        parts.append((arm_depth, f'<path{arm_attrs} d="{frame.path(arm)}"/>'))
    hips = frame.path([points["near-hip"], points["far-hip"]])
    shoulders = frame.path([points["near-shoulder"], points["far-shoulder"]])
    trunk = frame.path([points["pelvis"], points["neck"]])
    hx, hy = frame.xy(points["head"])
    parts.append(
        (
            depth("pelvis", "neck"),
            f'<path class="la-fig__trunk" d="{trunk}{hips}{shoulders}"/>'
            f'<circle class="la-fig__head" cx="{_num(hx)}" cy="{_num(hy)}" r="{_num(HEAD_R)}"'
            ' fill="currentColor" stroke="none"/>',
        )
    )
    return parts


# Props held or worn by the body: kettlebell, dumbbell, band.
def _carried_props(frame: _Frame, figure: ExerciseFigure, points: Mapping[str, Point3]) -> list[tuple[float, str]]:
    parts: list[tuple[float, str]] = []
    for prop in figure.props:
        if isinstance(prop, Weight):
            sides = ["near", "far"] if prop.hand == "both" else [prop.hand]
            hand = mul(add(points[f"{sides[0]}-hand"], points[f"{sides[-1]}-hand"]), 0.5)
            forearm = unit(sub(points[f"{sides[0]}-hand"], points[f"{sides[0]}-elbow"]))
            hx, hy = frame.xy(hand)
            if prop.kind == "kettlebell":
                # A handle loop in the hand and the bell hanging past it, in line with the forearm.
                lx, ly = frame.xy(add(hand, mul(forearm, 3.5)))
                cx, cy = frame.xy(add(hand, mul(forearm, 10)))
                parts.append(
                    (
                        frame.depth(hand) + 1,
                        f'<g class="la-fig__prop la-fig__kettlebell"><circle cx="{_num(lx)}" cy="{_num(ly)}" r="3.5"'
                        f' stroke-width="2.5"/><circle cx="{_num(cx)}" cy="{_num(cy)}" r="5.5"'
                        ' fill="currentColor" stroke="none"/></g>',
                    )
                )
            else:
                across = unit(cross(forearm, (0.0, 0.0, 1.0)))
                a, b = add(hand, mul(across, 5)), add(hand, mul(across, -5))
                parts.append(
                    (
                        frame.depth(hand) + 1,
                        f'<path class="la-fig__prop la-fig__dumbbell" stroke-width="3" d="{frame.path([a, b])}"/>'
                        f'<path class="la-fig__prop la-fig__dumbbell" stroke-width="6" d="{frame.path([a, a])}{frame.path([b, b])}"/>',
                    )
                )
        elif isinstance(prop, Band):
            ends = [_band_point(points, prop.around, side) for side in ("near", "far")]
            parts.append(
                (
                    50.0,
                    f'<path class="la-fig__prop la-fig__band" stroke-width="2.5" opacity=".8" d="{frame.path(ends)}"/>',
                )
            )
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


# The floor, and any box, bench or wall: drawn lightly, behind the figure.
def _ground(frame: _Frame, figure: ExerciseFigure, left: float) -> str:
    if figure.tilt:
        out = [
            f'<path class="la-fig__floor la-fig__mat" stroke="none" fill="currentColor"'
            f' fill-opacity=".1" d="{frame.path(mat_corners(frame.posed))}Z"/>'
        ]
    else:
        out = [
            f'<path class="la-fig__floor" stroke-width="1.5" opacity=".6"'
            f' d="M{_num(left + 2)} {_num(frame.floor + 0.75)}H{_num(left + FRAME_W - 2)}"/>'
        ]
    for prop in figure.props:
        if isinstance(prop, Block):
            a, b = block_span(figure, prop)
            x0, x1 = a + frame.dx, b + frame.dx
            top = frame.floor - prop.height
            if prop.kind == "box":
                shape = f'<rect x="{_num(x0)}" y="{_num(top)}" width="{_num(x1 - x0)}" height="{_num(prop.height)}" rx="1.5"/>'
            else:
                shape = (
                    f'<rect x="{_num(x0)}" y="{_num(top)}" width="{_num(x1 - x0)}" height="5" rx="1.5"/>'
                    f'<path d="M{_num(x0 + 4)} {_num(top + 5)}V{_num(frame.floor)}M{_num(x1 - 4)} {_num(top + 5)}V{_num(frame.floor)}"/>'
                )
            out.append(
                f'<g class="la-fig__prop la-fig__{prop.kind}" stroke-width="1.5" fill="currentColor"'
                f' fill-opacity=".08" opacity=".7">{shape}</g>'
            )
        elif isinstance(prop, Wall):
            x = frame.xy((prop.x, 0, 0))[0]
            out.append(
                f'<path class="la-fig__prop la-fig__wall" stroke-width="1.5" opacity=".6"'
                f' d="M{_num(x)} {_num(frame.floor)}V{_num(frame.floor - 110)}"/>'
            )
    return "".join(out)


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
# bowed away from the body; never shorter than ARROW_MIN.
def _arrow(frame: _Frame, figure: ExerciseFigure, a: Mapping[str, Point3], b: Mapping[str, Point3]) -> str:
    name = _moving_point(figure, a, b)
    (x0, y0), (x1, y1) = frame.xy(a[name]), frame.xy(b[name])
    length = math.hypot(x1 - x0, y1 - y0)
    if length < 4:
        return ""
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
    return (
        f'<path class="la-fig__arrow" stroke="{ACCENT}" stroke-width="2.5"'
        f' d="M{_num(sx)} {_num(sy)}Q{_num(qx)} {_num(qy)} {_num(ex)} {_num(ey)}'
        f'M{_num(lx)} {_num(ly)}L{_num(ex)} {_num(ey)}L{_num(rx)} {_num(ry)}"/>'
    )


# One pose drawn into a frame whose left edge is at `left`.
def _frame_svg(figure: ExerciseFigure, posed: Sequence[Mapping[str, Point3]], index: int, left: float) -> str:
    frame = _Frame(figure, posed, left)
    points = posed[index]
    parts = _body_parts(frame, figure, points, figure.poses[index]) + _carried_props(frame, figure, points)
    body = "".join(svg for _, svg in sorted(parts, key=lambda part: part[0]))
    extra = ""
    if index + 1 < len(posed):
        extra = _arrow(frame, figure, points, posed[index + 1])
    return f'<g class="la-fig__pose">{_ground(frame, figure, left)}{body}{extra}</g>'


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
    top = _crop_top(figure, posed) if crop else 0.0
    return _svg(_frame_svg(figure, posed, index, 0.0), FRAME_W, FRAME_H, label, size, top=top)


# Where a cropped drawing starts: just above the figure's highest point over all
# its poses (room for the arrow), so a lying figure is not lost in empty sky.
def _crop_top(figure: ExerciseFigure, posed: Sequence[Mapping[str, Point3]]) -> float:
    _, _, top, bottom = extent(figure, posed)
    return max(0.0, FLOOR_Y + bottom - top - CROP_MARGIN)


# All poses side by side, start on the left, each labelled, arrows on the moving part.
def figure_strip(
    figure: ExerciseFigure, *, size: int | None = None, title: str | None = None, crop: bool = False,
    labels: bool = True,
) -> Markup:
    frames = []
    count = len(figure.poses)
    posed = placed_poses(figure)
    top = _crop_top(figure, posed) if crop else 0.0
    for index in range(count):
        left = index * (FRAME_W + STRIP_GAP)
        frames.append(_frame_svg(figure, posed, index, left))
        if labels:
            frames.append(
                f'<text class="la-fig__label" x="{_num(left + FRAME_W / 2)}" y="{_num(FRAME_H + LABEL_H - 3)}"'
                f' text-anchor="middle" fill="currentColor" stroke="none" font-size="11"'
                f' font-family="system-ui, sans-serif">{escape(figure.pose_label(index))}</text>'
            )
        if index + 1 < count:
            x = left + FRAME_W + STRIP_GAP / 2
            y = (top + FRAME_H) / 2
            frames.append(
                f'<path class="la-fig__next" stroke-width="2" opacity=".5"'
                f' d="M{_num(x - 2.5)} {_num(y - 6)}L{_num(x + 2.5)} {_num(y)}L{_num(x - 2.5)} {_num(y + 6)}"/>'
            )
    width = count * FRAME_W + (count - 1) * STRIP_GAP
    alts = " ".join(pose_alt(figure, i) for i in range(count))
    label = f"{title}. {alts}" if title else alts
    height = FRAME_H + (LABEL_H if labels else 0.0)
    return _svg("".join(frames), width, height, label, size, " la-fig--strip", top=top)
