"""Validation: every figure is checked before it is drawn. The YAML's shape in words,
then angles in the human range, resting parts on their surfaces, nothing sunk into the
floor or a prop, the whole figure inside one frame, and a view that shows the working
leg move."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from pydantic import ValidationError

from lazyathlete.figures.kinematics import (
    Point3,
    body_points,
    drawn_travel,
    extent,
    lowest_joint,
    motion_poses,
    pad_of,
    placed,
    placed_poses,
    surface_top,
)
from lazyathlete.figures.pose import (
    FLOOR_Y,
    FRAME_MARGIN,
    FRAME_W,
    HEAD_R,
    JOINT_RANGES,
    LIMBS,
    MOTION_FRAMES,
    PAD,
    SIDED_JOINTS,
    STATURE,
    TOLERANCE,
    TRAVEL_MIN,
    ExerciseFigure,
    Platform,
    Pose,
    Wall,
    Weight,
)


class FigureError(ValueError):
    """A figure cannot be drawn as written; the message names the exercise, pose and joint."""


# --- Validation --------------------------------------------------------------------------------


# "pose 2 (end)": how a message names a pose, read from the raw YAML before it is a model.
def _pose_name(figure_raw: Any, index: int) -> str:
    try:
        poses = figure_raw["poses"]
        label = poses[index].get("label") or ("start" if index == 0 else "end" if index == len(poses) - 1 else "")
    except (TypeError, KeyError, IndexError, AttributeError):
        label = ""
    return f"pose {index + 1} ({label})" if label else f"pose {index + 1}"


# Pydantic's errors turned into sentences that name the exercise, the pose and the joint.
def _shape_problems(slug: str, error: ValidationError, raw: Any) -> list[str]:
    problems = []
    for item in error.errors():
        loc = [str(part) for part in item["loc"]]
        message = item["msg"].removeprefix("Value error, ")
        where = f"{slug}: figure"
        if len(loc) >= 2 and loc[0] == "poses" and loc[1].isdigit():
            where += f", {_pose_name(raw, int(loc[1]))}"
            loc = loc[2:]
        if loc and loc[0] in JOINT_RANGES:
            joint = loc[0]
            side = f" ({loc[1]} side)" if len(loc) > 1 and loc[1] in ("near", "far") else ""
            if item["type"] == "missing":
                message = "is missing" if not side else "needs an angle for this side"
            elif item["type"] in ("model_type", "dict_type"):
                message = "should be an angle in degrees, or {near: angle, far: angle}"
            else:
                message = f"is wrong: {message}"
            problems.append(f"{where}: joint '{joint}'{side} {message}")
            continue
        field = ".".join(loc) or ("(the pose itself)" if "pose" in where else "(the figure itself)")
        if item["type"] == "missing":
            message = "required field is missing"
        problems.append(f"{where}: field '{field}': {message}")
    return problems


# Every angle inside the range a human joint can reach.
def _angle_problems(where: str, pose: Pose, ankles: Mapping[str, float]) -> Iterable[str]:
    low, high = JOINT_RANGES["head"]
    if not low <= pose.head <= high:
        yield f"{where}: joint 'head' at {pose.head:g}° is outside the human range {low:g} to {high:g}°"
    for joint in SIDED_JOINTS:
        low, high = JOINT_RANGES[joint]
        for side in ("near", "far"):
            if joint == "ankle":
                value = ankles[side]
                given = pose.ankle is not None
            else:
                value = getattr(pose, joint).of(side)
                given = True
            if not low - 0.5 <= value <= high + 0.5:
                how = "" if given else " (to keep the resting foot flat)"
                yield (
                    f"{where}: joint '{joint}' ({side} side) at {value:.0f}°{how} is outside"
                    f" the human range {low:g} to {high:g}°"
                )


# The surface right under a point: the floor, or the top of a box or bench it is over.
def _ground_under(figure: ExerciseFigure, x: float, inset: float) -> tuple[str, float]:
    best = ("floor", 0.0)
    for prop in figure.props:
        if isinstance(prop, Platform) and prop.left + inset <= x <= prop.right - inset and prop.height > best[1]:
            best = (prop.kind, prop.height)
    return best


# Every segment sampled along its length, so a shin through a box top is caught too.
def _samples(points: Mapping[str, Point3]) -> Iterable[tuple[str, Point3, float]]:
    for (a, b), _length in LIMBS.items():
        if b == "head":
            yield "head", points["head"], HEAD_R
            continue
        (ax, ay, az), (bx, by, bz) = points[a], points[b]
        for t in SAMPLE_STEPS:
            yield a if t < 0.5 else b, (ax + (bx - ax) * t, ay + (by - ay) * t, az + (bz - az) * t), PAD


SAMPLE_STEPS = (0.0, 0.25, 0.5, 0.75, 1.0)


# Each part the pose rests on must be over its surface and touching it.
def _rest_problems(where: str, figure: ExerciseFigure, pose: Pose, points: Mapping[str, Point3]) -> Iterable[str]:
    for name, surface in pose.rests.items():
        lowest = lowest_joint(points, name)
        if surface == "wall":
            wall = next((p for p in figure.props if isinstance(p, Wall)), None)
            if wall is None:
                yield f"{where}: '{name}' rests on a wall, but the figure has no wall in its props"
            elif abs(abs(lowest[0] - wall.x) - PAD) > TOLERANCE:
                yield f"{where}: '{name}' should touch the wall but is {abs(lowest[0] - wall.x) - PAD:.1f} away"
            continue
        if surface != "floor" and figure.platform(surface) is None:
            yield f"{where}: '{name}' rests on a {surface}, but the figure has no {surface} in its props"
            continue
        top = surface_top(figure, surface)
        if surface != "floor":
            under, _ = _ground_under(figure, lowest[0], -TOLERANCE)
            if under != surface:
                block = figure.platform(surface)
                assert block is not None
                yield (
                    f"{where}: '{name}' should rest on the {surface} but is not over it"
                    f" (it is at x={lowest[0]:.0f}; the {surface} spans {block.left:g} to {block.right:g})"
                )
                continue
        gap = lowest[1] - pad_of(name) - top
        if gap > TOLERANCE:
            yield f"{where}: '{name}' should rest on the {surface} but floats {gap:.1f} above it"


# No part of the body may go into the floor, a box or a bench.
def _sink_problems(where: str, figure: ExerciseFigure, points: Mapping[str, Point3]) -> Iterable[str]:
    blocks = [(p.left + TOLERANCE, p.right - TOLERANCE, p.height, p.kind) for p in figure.props if isinstance(p, Platform)]
    worst: dict[str, tuple[float, str]] = {}
    for name, (x, y, _), pad in _samples(points):
        surface, top = "floor", 0.0  # as _ground_under(figure, x, TOLERANCE), without a call per sample
        for left, right, height, kind in blocks:
            if left <= x <= right and height > top:
                surface, top = kind, height
        depth = top - (y - pad)
        if depth > TOLERANCE and depth > worst.get(name, (0.0, ""))[0]:
            worst[name] = (depth, surface)
    for name, (depth, surface) in worst.items():
        yield f"{where}: '{name}' sinks {depth:.1f} into the {surface}"


# The whole figure must fit one frame, or the strip would cut it off.
def _fit_problems(slug: str, figure: ExerciseFigure, posed: Sequence[Mapping[str, Point3]]) -> Iterable[str]:
    left, right, top, bottom = extent(figure, posed)
    width = right - left
    if width > FRAME_W - 2 * FRAME_MARGIN:
        yield f"{slug}: figure: the poses and props are {width:.0f} wide; a frame holds {FRAME_W - 2 * FRAME_MARGIN:g}"
    if top - bottom > FLOOR_Y - FRAME_MARGIN:
        yield f"{slug}: figure: the drawing is {top - bottom:.0f} high; a frame holds {FLOOR_Y - FRAME_MARGIN:g}"


# The views tried when a figure's own view hides its move: turned every 30°, looked down on by 0 to 60°.
VIEWS = tuple((turn, tilt) for tilt in (0, 15, 30, 45, 60) for turn in range(-150, 181, 30))


# The view in which the working leg travels furthest and the figure still fits its frame.
def _best_view(slug: str, figure: ExerciseFigure, posed: Sequence[Mapping[str, Point3]]) -> tuple[float, float, float]:
    best = (0.0, figure.turn, figure.tilt)
    for turn, tilt in VIEWS:
        other = figure.model_copy(update={"turn": float(turn), "tilt": float(tilt)})
        if not any(_fit_problems(slug, other, posed)):
            best = max(best, (drawn_travel(other, posed)[0], float(turn), float(tilt)), key=lambda view: view[0])
    return best


# The move must show: the working leg's travel from start to end, as drawn, a clear part of the figure's height.
def _travel_problems(slug: str, figure: ExerciseFigure, posed: Sequence[Mapping[str, Point3]]) -> Iterable[str]:
    travel, part = drawn_travel(figure, posed)
    if travel >= TRAVEL_MIN * STATURE:
        return
    best, turn, tilt = _best_view(slug, figure, posed)
    hint = (
        f"; try 'turn: {turn:g}' and 'tilt: {tilt:g}' (it travels {best / STATURE:.0%} there)"
        if best >= TRAVEL_MIN * STATURE
        else "; no view shows more, so make the move bigger in the poses"
    )
    yield (
        f"{slug}: figure: fields 'turn' and 'tilt': seen from this view (turn {figure.turn:g}°, tilt"
        f" {figure.tilt:g}°) the working leg hardly moves: its '{part}' travels {travel / STATURE:.0%} of the"
        f" figure's height from start to end, and the drawing needs {TRAVEL_MIN:.0%}{hint}"
    )


# Problems of a figure that passed the shape check: props, angles, resting parts, fit.
def _figure_problems(slug: str, figure: ExerciseFigure) -> Iterable[str]:
    kinds = [p.kind for p in figure.props if not isinstance(p, Weight)]
    for kind in sorted({k for k in kinds if kinds.count(k) > 1}):
        yield f"{slug}: figure: field 'props': more than one {kind}"
    for block in (p for p in figure.props if isinstance(p, Platform)):
        if block.right <= block.left:
            yield f"{slug}: figure: field 'props': the {block.kind}'s 'right' must be more than its 'left'"
    posed = placed_poses(figure)
    for index, pose in enumerate(figure.poses):
        where = f"{slug}: figure, pose {index + 1} ({figure.pose_label(index)})"
        _, ankles = body_points(pose)
        yield from _angle_problems(where, pose, ankles)
        yield from _rest_problems(where, figure, pose, posed[index])
        yield from _sink_problems(where, figure, posed[index])
    # The moving drawing's in-between poses too: nothing through the floor, and still in the frame.
    between = [placed(figure, pose) for pose in motion_poses(figure, MOTION_FRAMES)[1:-1]]
    for index, points in enumerate(between):
        yield from _sink_problems(f"{slug}: figure, the moving drawing's in-between pose {index + 1}", figure, points)
    yield from _fit_problems(slug, figure, [*posed, *between])
    yield from _travel_problems(slug, figure, posed)


# All that is wrong with a figure (raw YAML or a model), each naming the exercise and the joint.
def figure_problems(slug: str, figure: ExerciseFigure | Mapping[str, Any]) -> list[str]:
    if not isinstance(figure, ExerciseFigure):
        try:
            figure = ExerciseFigure.model_validate(figure)
        except ValidationError as error:
            return list(dict.fromkeys(_shape_problems(slug, error, figure)))
    return list(dict.fromkeys(_figure_problems(slug, figure)))


# The checked figure, or a FigureError listing every problem: the build stops here.
def checked_figure(slug: str, figure: ExerciseFigure | Mapping[str, Any]) -> ExerciseFigure:
    problems = figure_problems(slug, figure)
    if problems:
        count = len(problems)
        head = f"{slug}: {count} problem{'s' if count != 1 else ''} in the figure"
        raise FigureError("\n".join([head, *(f"  - {line}" for line in problems)]))
    return figure if isinstance(figure, ExerciseFigure) else ExerciseFigure.model_validate(figure)
