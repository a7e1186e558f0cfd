"""Line drawings of every exercise, generated from the data at build time.

A figure is a few poses (start, end, and any in between). Each pose is written
by hand as joint angles, the way a coach would describe it ("hip bent 45°,
knee 90°"). Forward kinematics turns the angles into joint positions with one
set of limb lengths for every figure; the pose is then set down on the floor
(or on a box or bench) by the body parts it rests on, checked, and drawn as a
small inline SVG that inherits the page's text colour.

Angles, in degrees:

* ``trunk``: the line from the hips to the shoulders, measured in the picture
  from upright; positive leans right (the way a side-view figure faces),
  -90 lies flat with the head on the left.
* ``hip``: thigh forward of the trunk line (flexion); negative goes behind.
* ``knee``: bend; 0 is straight. ``ankle``: toes towards the shin; negative
  points them. ``shoulder``: arm forward of the trunk line; ``elbow``: bend.
* ``hip_out``/``shoulder_out``: limb swung out to its own side (abduction);
  ``hip_open``: the bent leg turned about the line from hip to ankle, knee
  lifting away from the other knee while the foot stays put (a clamshell).

Each of the limb angles takes one number for both sides or ``{near, far}``.
"Near" is the side facing the viewer in a side view, the top side when lying
on one side. Points and positions are in figure units: a standing figure is
about 100 tall. World axes: x right, y up (the floor is y = 0), z towards the
viewer.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from enum import Enum
from typing import Annotated, Any, Literal

from markupsafe import Markup, escape
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, field_validator, model_validator

# --- Proportions: one body for every figure ------------------------------------------

THIGH = 26.0
SHIN = 25.0
FOOT = 9.0
TRUNK = 30.0  # hip joint centre to the base of the neck
NECK = 4.0
HEAD_R = 7.0
UPPER_ARM = 16.0
FOREARM = 15.0
HIP_HALF = 4.0  # half the distance between the hip joints
SHOULDER_HALF = 7.0
SHOULDER_DROP = 2.0  # shoulders sit a little below the base of the neck
STROKE = 5.0
ACCENT_STROKE = 7.0  # thicker, so the working leg survives greyscale print
PAD = STROKE / 2  # a limb touches a surface when its centre line is half a stroke above it
TOLERANCE = 1.5  # how far a resting part may float or sink before it is an error

# The body segments whose lengths never change: (from, to) -> length.
LIMBS: dict[tuple[str, str], float] = {
    ("pelvis", "neck"): TRUNK,
    ("neck", "head"): NECK + HEAD_R,
    **{
        pair: length
        for side in ("near", "far")
        for pair, length in (
            ((f"{side}-hip", f"{side}-knee"), THIGH),
            ((f"{side}-knee", f"{side}-ankle"), SHIN),
            ((f"{side}-ankle", f"{side}-toe"), FOOT),
            ((f"{side}-shoulder", f"{side}-elbow"), UPPER_ARM),
            ((f"{side}-elbow", f"{side}-hand"), FOREARM),
        )
    },
}

# One frame of the drawing, in figure units; the floor is FLOOR_Y down from the top.
FRAME_W = 170.0
FRAME_H = 140.0
FLOOR_Y = 132.0
FRAME_MARGIN = 4.0
STRIP_GAP = 14.0
CROP_MARGIN = 22.0  # above the highest point of a cropped drawing: room for the arrow
LABEL_H = 14.0

ACCENT = "#c2410c"  # a default; the site's CSS sets the real one per colour scheme

# Human ranges for each angle, in degrees: (lowest, highest).
JOINT_RANGES: dict[str, tuple[float, float]] = {
    "trunk": (-180, 180),
    "head": (-45, 60),
    "hip": (-30, 140),
    "knee": (0, 160),
    "ankle": (-75, 40),
    "hip_out": (-20, 90),
    "hip_open": (0, 70),
    "shoulder": (-60, 180),
    "elbow": (0, 150),
    "shoulder_out": (-20, 180),
}
SIDED_JOINTS = ("hip", "knee", "ankle", "hip_out", "hip_open", "shoulder", "elbow", "shoulder_out")

Point3 = tuple[float, float, float]
Point2 = tuple[float, float]

# --- Vocabulary of the YAML -------------------------------------------------------------


class Base(str, Enum):
    """How the body is set down: which way it faces, and its usual trunk angle and resting parts."""

    standing = "standing"
    lying_back = "lying-back"
    side_lying = "side-lying"
    hands_knees = "hands-knees"
    side_plank = "side-plank"


class Working(str, Enum):
    """The leg whose glute does the work: highlighted in the drawing."""

    near = "near"
    far = "far"
    both = "both"


Side = Literal["near", "far"]
Surface = Literal["floor", "box", "bench", "wall"]
BodyPoint = Literal[
    "pelvis", "neck", "head",
    "near-hip", "far-hip", "near-knee", "far-knee", "near-ankle", "far-ankle",
    "near-foot", "far-foot", "near-toe", "far-toe",
    "near-shoulder", "far-shoulder", "near-elbow", "far-elbow", "near-hand", "far-hand",
]  # fmt: skip
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]

# The parts a pose rests on, and its trunk angle, when the pose does not say.
BASE_RESTS: dict[Base, dict[str, str]] = {
    Base.standing: {"near-foot": "floor", "far-foot": "floor"},
    Base.lying_back: {"neck": "floor", "pelvis": "floor"},
    Base.side_lying: {"far-hip": "floor", "far-shoulder": "floor"},
    Base.hands_knees: {"near-knee": "floor", "far-knee": "floor", "near-hand": "floor", "far-hand": "floor"},
    Base.side_plank: {"far-elbow": "floor", "far-foot": "floor"},
}
BASE_TRUNK: dict[Base, float] = {
    Base.standing: 0,
    Base.lying_back: -90,
    Base.side_lying: -84,
    Base.hands_knees: 90,
    Base.side_plank: -70,
}
# The point that keeps its place from pose to pose, unless the figure names one.
BASE_ANCHOR: dict[Base, str] = {
    Base.standing: "near-foot",
    Base.lying_back: "near-foot",
    Base.side_lying: "pelvis",
    Base.hands_knees: "far-knee",
    Base.side_plank: "far-elbow",
}


# --- Models ----------------------------------------------------------------------------------


# Strict, like the rest of the data (models.py): a wrong type is an error, and every number is finite.
class Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, strict=True, allow_inf_nan=False
    )


class Sides(Model):
    """One angle for each side; written as one number when both sides match."""

    near: float
    far: float

    def of(self, side: Side) -> float:
        return self.near if side == "near" else self.far


# Accept `knee: 90` as `knee: {near: 90, far: 90}`.
def _both_sides(value: Any) -> Any:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return {"near": value, "far": value}
    return value


ZERO = Sides(near=0, far=0)


class Pose(Model):
    """One position of the body, by joint angles (see the module docstring)."""

    label: Text | None = None  # "start", "end", "bottom"...; defaults from the position
    alt: Text  # what the body is doing, in words: the drawing's text alternative
    base: Base = Field(strict=False)  # its words, as in the YAML
    trunk: float | None = None
    head: float = 0
    hip: Sides
    knee: Sides
    ankle: Sides | None = None  # unset: a resting foot lies flat, a free one is at 0
    hip_out: Sides = ZERO
    hip_open: Sides = ZERO
    shoulder: Sides = ZERO
    elbow: Sides = ZERO
    shoulder_out: Sides = ZERO
    rests_on: dict[BodyPoint, Surface] | None = None  # unset: the base's usual parts, on the floor

    @model_validator(mode="after")
    def _rests_on_something(self) -> Pose:
        if self.rests_on is not None and all(surface == "wall" for surface in self.rests_on.values()):
            raise ValueError("'rests_on' needs at least one part on the floor, a box or a bench")
        return self

    _sides = field_validator(*SIDED_JOINTS, mode="before")(_both_sides)

    @property
    def trunk_angle(self) -> float:
        return BASE_TRUNK[self.base] if self.trunk is None else self.trunk

    @property
    def rests(self) -> dict[str, str]:
        return dict(BASE_RESTS[self.base] if self.rests_on is None else self.rests_on)


class Block(Model):
    """A box or bench: a flat top the figure can rest on, from `left` to `right`."""

    kind: Literal["box", "bench"]
    left: float
    right: float
    height: float = Field(gt=0, le=60)


class Wall(Model):
    kind: Literal["wall"]
    x: float


class Weight(Model):
    """A kettlebell or dumbbell, held in one hand or both."""

    kind: Literal["kettlebell", "dumbbell"]
    hand: Literal["near", "far", "both"] = "both"


class Band(Model):
    """A loop band round both legs."""

    kind: Literal["band"]
    around: Literal["thighs", "knees", "ankles"] = "knees"


Prop = Annotated[Block | Wall | Weight | Band, Field(discriminator="kind")]


class ExerciseFigure(Model):
    """The drawings of one exercise: its poses in order, start first and end last."""

    working: Working = Field(strict=False)  # its words, as in the YAML
    poses: list[Pose] = Field(min_length=2)
    props: list[Prop] = []
    turn: float = Field(default=0, ge=-180, le=180)  # degrees the scene turns: 90 faces the viewer
    tilt: float = Field(default=0, ge=0, le=75)  # degrees the viewer looks down; over 0 draws a mat, not a line
    anchor: BodyPoint | None = None  # stays put from pose to pose; default from the first pose's base
    arrow: BodyPoint | None = None  # the part the arrow follows; default the one that moves most

    @property
    def anchor_point(self) -> str:
        return self.anchor or BASE_ANCHOR[self.poses[0].base]

    def pose_label(self, index: int) -> str:
        pose = self.poses[index]
        if pose.label:
            return pose.label
        if index == 0:
            return "start"
        return "end" if index == len(self.poses) - 1 else f"step {index + 1}"

    def block(self, kind: str) -> Block | None:
        return next((p for p in self.props if isinstance(p, Block) and p.kind == kind), None)


class FigureError(ValueError):
    """A figure cannot be drawn as written; the message names the exercise, pose and joint."""


# --- Vector maths ------------------------------------------------------------------------------


# Small 3-D vector helpers on plain tuples: fast enough, and no dependency.
def _add(a: Point3, b: Point3) -> Point3:
    return (a[0] + b[0], a[1] + b[1], a[2] + b[2])


def _sub(a: Point3, b: Point3) -> Point3:
    return (a[0] - b[0], a[1] - b[1], a[2] - b[2])


def _mul(a: Point3, k: float) -> Point3:
    return (a[0] * k, a[1] * k, a[2] * k)


def _dot(a: Point3, b: Point3) -> float:
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]


def _cross(a: Point3, b: Point3) -> Point3:
    return (a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0])


def _unit(a: Point3) -> Point3:
    length = math.sqrt(_dot(a, a))
    return _mul(a, 1 / length) if length > 1e-9 else a


# Rodrigues' formula: `v` turned by `degrees` about `axis` (right-hand rule).
def _rotate(v: Point3, axis: Point3, degrees: float) -> Point3:
    return _rotation(axis, degrees)(v)


# The turn by `degrees` about `axis`, set up once for any number of vectors.
def _rotation(axis: Point3, degrees: float) -> Callable[[Point3], Point3]:
    k = _unit(axis)
    a = math.radians(degrees)
    cos, sin = math.cos(a), math.sin(a)
    k0, k1, k2 = k
    rest = 1 - cos

    def turned(v: Point3) -> Point3:
        v0, v1, v2 = v
        along = (k0 * v0 + k1 * v1 + k2 * v2) * rest
        return (
            v0 * cos + (k1 * v2 - k2 * v1) * sin + k0 * along,
            v1 * cos + (k2 * v0 - k0 * v2) * sin + k1 * along,
            v2 * cos + (k0 * v1 - k1 * v0) * sin + k2 * along,
        )

    return turned


# Turning a whole frame of vectors so that `start` swings towards `towards`.
def _swing(vectors: Sequence[Point3], start: Point3, towards: Point3, degrees: float) -> list[Point3]:
    turned = _rotation(_cross(start, towards), degrees)
    return [turned(v) for v in vectors]


# --- Forward kinematics --------------------------------------------------------------------------


# The body's own axes in the world: up the trunk, the way the chest faces, and towards the near side.
def body_axes(pose: Pose) -> tuple[Point3, Point3, Point3]:
    up, front, near = (0.0, 1.0, 0.0), (1.0, 0.0, 0.0), (0.0, 0.0, 1.0)
    if pose.base in (Base.side_lying, Base.side_plank):  # quarter turn: the near side faces up once laid down
        up, front, near = (_rotate(v, (0.0, 1.0, 0.0), 90) for v in (up, front, near))
    z = (0.0, 0.0, 1.0)
    return tuple(_rotate(v, z, -pose.trunk_angle) for v in (up, front, near))  # type: ignore[return-value]


# Where the foot points, and the ankle angle that gives it: a resting foot lies flat unless told.
def _foot_direction(pose: Pose, side: Side, shin: Point3, front: Point3) -> tuple[Point3, float]:
    rests = pose.rests
    if pose.ankle is not None:
        angle = pose.ankle.of(side)
    elif f"{side}-foot" in rests and rests[f"{side}-foot"] != "wall":
        flat = (front[0], 0.0, front[2])  # the neutral foot laid flat on what it stands on
        if math.hypot(flat[0], flat[2]) < 0.2:
            angle = 0.0
        else:
            flat = _unit(flat)
            angle = math.degrees(math.atan2(_dot(flat, _mul(shin, -1)), _dot(flat, front)))
    else:
        angle = 0.0
    return _rotate(front, _cross(front, _mul(shin, -1)), angle), angle


# Joint positions relative to the pelvis, with the ankle angles actually used.
def body_points(pose: Pose) -> tuple[dict[str, Point3], dict[str, float]]:
    up, front, near = body_axes(pose)
    down = _mul(up, -1)
    neck = _mul(up, TRUNK)
    head_up = _rotate(up, _cross(up, front), pose.head)  # a nod swings the head towards the chest
    points: dict[str, Point3] = {
        "pelvis": (0.0, 0.0, 0.0),
        "neck": neck,
        "head": _add(neck, _mul(head_up, NECK + HEAD_R)),
    }
    ankles: dict[str, float] = {}
    for side, sign in (("near", 1.0), ("far", -1.0)):
        lateral = _mul(near, sign)
        # Leg: swing out, bend forward at the hip, bend the knee, open, set the foot.
        hip = _mul(lateral, HIP_HALF)
        thigh, leg_front = _swing([down, front], down, lateral, pose.hip_out.of(side))
        thigh, leg_front = _swing([thigh, leg_front], down, front, pose.hip.of(side))
        shin, shin_front = _swing([thigh, leg_front], thigh, _mul(leg_front, -1), pose.knee.of(side))
        if pose.hip_open.of(side):
            hinge = _add(_mul(thigh, THIGH), _mul(shin, SHIN))  # hip to ankle: the foot stays on it
            turn = pose.hip_open.of(side) * (1 if _dot(_cross(hinge, thigh), lateral) >= 0 else -1)
            opened = _rotation(hinge, turn)
            thigh, shin, shin_front = opened(thigh), opened(shin), opened(shin_front)
        knee = _add(hip, _mul(thigh, THIGH))
        ankle = _add(knee, _mul(shin, SHIN))
        foot, ankles[side] = _foot_direction(pose, side, shin, shin_front)
        # Arm: swing out, then forward at the shoulder, bend the elbow forwards.
        shoulder = _add(_mul(up, TRUNK - SHOULDER_DROP), _mul(lateral, SHOULDER_HALF))
        arm, arm_front = _swing([down, front], down, lateral, pose.shoulder_out.of(side))
        arm, arm_front = _swing([arm, arm_front], down, front, pose.shoulder.of(side))
        forearm = _rotate(arm, _cross(arm, arm_front), pose.elbow.of(side))
        elbow = _add(shoulder, _mul(arm, UPPER_ARM))
        points.update(
            {
                f"{side}-hip": hip,
                f"{side}-knee": knee,
                f"{side}-ankle": ankle,
                f"{side}-toe": _add(ankle, _mul(foot, FOOT)),
                f"{side}-shoulder": shoulder,
                f"{side}-elbow": elbow,
                f"{side}-hand": _add(elbow, _mul(forearm, FOREARM)),
            }
        )
    return points, ankles


# How far a point's centre sits above whatever it touches: half a stroke, or the head's radius.
def _pad(name: str) -> float:
    return HEAD_R if name == "head" else PAD


# The joints that make up a body point named in `rests_on` ("near-foot" is its ankle and toe).
def _parts(name: str) -> list[str]:
    if name.endswith("-foot"):
        side = name.removesuffix("-foot")
        return [f"{side}-ankle", f"{side}-toe"]
    return [name]


# The lowest joint of a body point: the one that touches when it rests.
def _lowest(points: Mapping[str, Point3], name: str) -> Point3:
    return min((points[part] for part in _parts(name)), key=lambda p: p[1])


# How high a surface is: 0 for the floor, the top of a box or bench.
def _surface_top(figure: ExerciseFigure, surface: str) -> float:
    block = figure.block(surface)
    return block.height if block is not None else 0.0


# Joint positions in the world: the anchor at x = 0 and the lowest resting part on its surface.
def posed_points(figure: ExerciseFigure, index: int) -> dict[str, Point3]:
    """Joint positions of one pose, placed on its floor or prop."""
    pose = figure.poses[index]
    points, _ = body_points(pose)
    anchor = points[_parts(figure.anchor_point)[0]]
    rests = pose.rests
    lift = max(
        (
            _surface_top(figure, surface) + _pad(name) - _lowest(points, name)[1]
            for name, surface in rests.items()
            if surface != "wall"
        ),
        default=0.0,
    )
    shift = (-anchor[0], lift, -anchor[2])
    return {name: _add(p, shift) for name, p in points.items()}


# Every pose placed, start first: a check or a drawing works them out once and passes them on.
def placed_poses(figure: ExerciseFigure) -> list[dict[str, Point3]]:
    return [posed_points(figure, index) for index in range(len(figure.poses))]


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
        if isinstance(prop, Block) and prop.left + inset <= x <= prop.right - inset and prop.height > best[1]:
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
        lowest = _lowest(points, name)
        if surface == "wall":
            wall = next((p for p in figure.props if isinstance(p, Wall)), None)
            if wall is None:
                yield f"{where}: '{name}' rests on a wall, but the figure has no wall in its props"
            elif abs(abs(lowest[0] - wall.x) - PAD) > TOLERANCE:
                yield f"{where}: '{name}' should touch the wall but is {abs(lowest[0] - wall.x) - PAD:.1f} away"
            continue
        if surface != "floor" and figure.block(surface) is None:
            yield f"{where}: '{name}' rests on a {surface}, but the figure has no {surface} in its props"
            continue
        top = _surface_top(figure, surface)
        if surface != "floor":
            under, _ = _ground_under(figure, lowest[0], -TOLERANCE)
            if under != surface:
                block = figure.block(surface)
                assert block is not None
                yield (
                    f"{where}: '{name}' should rest on the {surface} but is not over it"
                    f" (it is at x={lowest[0]:.0f}; the {surface} spans {block.left:g} to {block.right:g})"
                )
                continue
        gap = lowest[1] - _pad(name) - top
        if gap > TOLERANCE:
            yield f"{where}: '{name}' should rest on the {surface} but floats {gap:.1f} above it"


# No part of the body may go into the floor, a box or a bench.
def _sink_problems(where: str, figure: ExerciseFigure, points: Mapping[str, Point3]) -> Iterable[str]:
    blocks = [(p.left + TOLERANCE, p.right - TOLERANCE, p.height, p.kind) for p in figure.props if isinstance(p, Block)]
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
    left, right, top, bottom = _extent(figure, posed)
    width = right - left
    if width > FRAME_W - 2 * FRAME_MARGIN:
        yield f"{slug}: figure: the poses and props are {width:.0f} wide; a frame holds {FRAME_W - 2 * FRAME_MARGIN:g}"
    if top - bottom > FLOOR_Y - FRAME_MARGIN:
        yield f"{slug}: figure: the drawing is {top - bottom:.0f} high; a frame holds {FLOOR_Y - FRAME_MARGIN:g}"


# Problems of a figure that passed the shape check: props, angles, resting parts, fit.
def _figure_problems(slug: str, figure: ExerciseFigure) -> Iterable[str]:
    kinds = [p.kind for p in figure.props if not isinstance(p, Weight)]
    for kind in sorted({k for k in kinds if kinds.count(k) > 1}):
        yield f"{slug}: figure: field 'props': more than one {kind}"
    for block in (p for p in figure.props if isinstance(p, Block)):
        if block.right <= block.left:
            yield f"{slug}: figure: field 'props': the {block.kind}'s 'right' must be more than its 'left'"
    posed = placed_poses(figure)
    for index, pose in enumerate(figure.poses):
        where = f"{slug}: figure, pose {index + 1} ({figure.pose_label(index)})"
        _, ankles = body_points(pose)
        yield from _angle_problems(where, pose, ankles)
        yield from _rest_problems(where, figure, pose, posed[index])
        yield from _sink_problems(where, figure, posed[index])
    yield from _fit_problems(slug, figure, posed)


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


# --- From the world to the picture -----------------------------------------------------------------


# The world as the viewer sees it: turned about the vertical by `turn`, then looked down on by
# `tilt`. The returned function maps a point to (x right in the picture, y up in the picture,
# depth towards the viewer); the trigonometry is done once per figure, not once per point.
def _view(figure: ExerciseFigure) -> Callable[[Point3], Point3]:
    a, t = math.radians(figure.turn), math.radians(figure.tilt)
    ca, sa, ct, st = math.cos(a), math.sin(a), math.cos(t), math.sin(t)

    def viewed(p: Point3) -> Point3:
        x = p[0] * ca - p[2] * sa
        z = p[0] * sa + p[2] * ca
        return (x, p[1] * ct - z * st, z * ct + p[1] * st)

    return viewed


# Where a box or bench sits across the picture once the scene is turned.
def _block_span(figure: ExerciseFigure, block: Block) -> tuple[float, float]:
    scale = abs(math.cos(math.radians(figure.turn)))
    return (min(block.left * scale, block.right * scale), max(block.left * scale, block.right * scale))


# The corners of the mat drawn under a figure seen from above: every pose's footprint, with a margin.
def _mat_corners(posed: Sequence[Mapping[str, Point3]]) -> list[Point3]:
    points = [p for points in posed for p in points.values()]
    xs, zs = [p[0] for p in points], [p[2] for p in points]
    x0, x1, z0, z1 = min(xs) - 8, max(xs) + 8, min(zs) - 8, max(zs) + 8
    return [(x0, 0.0, z0), (x1, 0.0, z0), (x1, 0.0, z1), (x0, 0.0, z1)]


# Left, right, top and bottom (in the picture, y up) of everything drawn in any pose,
# so that every frame of a figure is framed the same way.
def _extent(figure: ExerciseFigure, posed: Sequence[Mapping[str, Point3]]) -> tuple[float, float, float, float]:
    viewed = _view(figure)
    xs: list[float] = []
    ys: list[float] = [0.0]
    for points in posed:
        for name, p in points.items():
            x, y, _ = viewed(p)
            pad = _pad(name)
            xs += [x - pad, x + pad]
            ys += [y - pad, y + pad]
    if figure.tilt:
        for corner in _mat_corners(posed):
            x, y, _ = viewed(corner)
            xs.append(x)
            ys.append(y)
    for prop in figure.props:
        if isinstance(prop, Block):
            xs += list(_block_span(figure, prop))
            ys.append(prop.height)
        elif isinstance(prop, Wall):
            xs.append(viewed((prop.x, 0, 0))[0])
    return min(xs), max(xs), max(ys), min(ys)


# Coordinates to one decimal, trailing zeros dropped: the SVG stays small.
def _num(value: float) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


class _Frame:
    """Turns world points of one figure into SVG coordinates of one frame."""

    def __init__(self, figure: ExerciseFigure, posed: Sequence[Mapping[str, Point3]], left: float = 0.0) -> None:
        self.posed = posed
        self.viewed = _view(figure)
        x0, x1, _, bottom = _extent(figure, posed)
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
            spot = _add(points[f"{side}-hip"], _mul(front, -1.5))
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
            hand = _mul(_add(points[f"{sides[0]}-hand"], points[f"{sides[-1]}-hand"]), 0.5)
            forearm = _unit(_sub(points[f"{sides[0]}-hand"], points[f"{sides[0]}-elbow"]))
            hx, hy = frame.xy(hand)
            if prop.kind == "kettlebell":
                # A handle loop in the hand and the bell hanging past it, in line with the forearm.
                lx, ly = frame.xy(_add(hand, _mul(forearm, 3.5)))
                cx, cy = frame.xy(_add(hand, _mul(forearm, 10)))
                parts.append(
                    (
                        frame.depth(hand) + 1,
                        f'<g class="la-fig__prop la-fig__kettlebell"><circle cx="{_num(lx)}" cy="{_num(ly)}" r="3.5"'
                        f' stroke-width="2.5"/><circle cx="{_num(cx)}" cy="{_num(cy)}" r="5.5"'
                        ' fill="currentColor" stroke="none"/></g>',
                    )
                )
            else:
                across = _unit(_cross(forearm, (0.0, 0.0, 1.0)))
                a, b = _add(hand, _mul(across, 5)), _add(hand, _mul(across, -5))
                parts.append(
                    (
                        frame.depth(hand) + 1,
                        f'<path class="la-fig__prop la-fig__dumbbell" stroke-width="3" d="{frame.path([a, b])}"/>'
                        f'<path class="la-fig__prop la-fig__dumbbell" stroke-width="6" d="{frame.path([a, a])}{frame.path([b, b])}"/>',
                    )
                )
        elif isinstance(prop, Band):
            joint = {"thighs": ("hip", "knee"), "knees": ("knee", "knee"), "ankles": ("ankle", "ankle")}[prop.around]

            def at(side: str) -> Point3:
                a, b = points[f"{side}-{joint[0]}"], points[f"{side}-{joint[1]}"]
                if prop.around == "thighs":
                    return _add(a, _mul(_sub(b, a), 0.7))
                if prop.around == "knees":  # just above the knee
                    return _add(b, _mul(_sub(points[f"{side}-hip"], b), 0.12))
                return _add(a, _mul(_sub(points[f"{side}-knee"], a), 0.12))

            parts.append(
                (
                    50.0,
                    f'<path class="la-fig__prop la-fig__band" stroke-width="2.5" opacity=".8"'
                    f' d="{frame.path([at("near"), at("far")])}"/>',
                )
            )
    return parts


# The floor, and any box, bench or wall: drawn lightly, behind the figure.
def _ground(frame: _Frame, figure: ExerciseFigure, left: float) -> str:
    if figure.tilt:
        out = [
            f'<path class="la-fig__floor la-fig__mat" stroke="none" fill="currentColor"'
            f' fill-opacity=".1" d="{frame.path(_mat_corners(frame.posed))}Z"/>'
        ]
    else:
        out = [
            f'<path class="la-fig__floor" stroke-width="1.5" opacity=".6"'
            f' d="M{_num(left + 2)} {_num(frame.floor + 0.75)}H{_num(left + FRAME_W - 2)}"/>'
        ]
    for prop in figure.props:
        if isinstance(prop, Block):
            a, b = _block_span(figure, prop)
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
        return figure.arrow if figure.arrow in a else _parts(figure.arrow)[-1]

    viewed = _view(figure)

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
    _, _, top, bottom = _extent(figure, posed)
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
