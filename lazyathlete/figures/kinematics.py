"""Where each joint lands: vector maths, forward kinematics from the pose's angles,
the pose set down on its floor, box or bench, and how far the figure reaches as the
viewer sees it (the frame and the fit check both read that)."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence

from lazyathlete.figures.pose import (
    FOOT,
    FOREARM,
    HEAD_R,
    HIP_HALF,
    NECK,
    PAD,
    SHIN,
    SHOULDER_DROP,
    SHOULDER_HALF,
    SIDED_JOINTS,
    THIGH,
    TRUNK,
    UPPER_ARM,
    Base,
    ExerciseFigure,
    Platform,
    Pose,
    Side,
    Sides,
    Wall,
    Working,
)

Point3 = tuple[float, float, float]


# --- Vector maths ------------------------------------------------------------------------------


# Small 3-D vector helpers on plain tuples: fast enough, and no dependency.
def add(a: Point3, b: Point3) -> Point3:
    return (a[0] + b[0], a[1] + b[1], a[2] + b[2])


def sub(a: Point3, b: Point3) -> Point3:
    return (a[0] - b[0], a[1] - b[1], a[2] - b[2])


def mul(a: Point3, k: float) -> Point3:
    return (a[0] * k, a[1] * k, a[2] * k)


def _dot(a: Point3, b: Point3) -> float:
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]


def cross(a: Point3, b: Point3) -> Point3:
    return (a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0])


def unit(a: Point3) -> Point3:
    length = math.sqrt(_dot(a, a))
    return mul(a, 1 / length) if length > 1e-9 else a


# Rodrigues' formula: `v` turned by `degrees` about `axis` (right-hand rule).
def _rotate(v: Point3, axis: Point3, degrees: float) -> Point3:
    return _rotation(axis, degrees)(v)


# The turn by `degrees` about `axis`, set up once for any number of vectors.
def _rotation(axis: Point3, degrees: float) -> Callable[[Point3], Point3]:
    k = unit(axis)
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
    turned = _rotation(cross(start, towards), degrees)
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
            flat = unit(flat)
            angle = math.degrees(math.atan2(_dot(flat, mul(shin, -1)), _dot(flat, front)))
    else:
        angle = 0.0
    return _rotate(front, cross(front, mul(shin, -1)), angle), angle


# Joint positions relative to the pelvis, with the ankle angles actually used.
def body_points(pose: Pose) -> tuple[dict[str, Point3], dict[str, float]]:
    up, front, near = body_axes(pose)
    down = mul(up, -1)
    neck = mul(up, TRUNK)
    head_up = _rotate(up, cross(up, front), pose.head)  # a nod swings the head towards the chest
    points: dict[str, Point3] = {
        "pelvis": (0.0, 0.0, 0.0),
        "neck": neck,
        "head": add(neck, mul(head_up, NECK + HEAD_R)),
    }
    ankles: dict[str, float] = {}
    sides: tuple[tuple[Side, float], ...] = (("near", 1.0), ("far", -1.0))
    for side, sign in sides:
        lateral = mul(near, sign)
        # Leg: swing out, bend forward at the hip, bend the knee, open, set the foot.
        hip = mul(lateral, HIP_HALF)
        thigh, leg_front = _swing([down, front], down, lateral, pose.hip_out.of(side))
        thigh, leg_front = _swing([thigh, leg_front], down, front, pose.hip.of(side))
        shin, shin_front = _swing([thigh, leg_front], thigh, mul(leg_front, -1), pose.knee.of(side))
        if pose.hip_open.of(side):
            hinge = add(mul(thigh, THIGH), mul(shin, SHIN))  # hip to ankle: the foot stays on it
            turn = pose.hip_open.of(side) * (1 if _dot(cross(hinge, thigh), lateral) >= 0 else -1)
            opened = _rotation(hinge, turn)
            thigh, shin, shin_front = opened(thigh), opened(shin), opened(shin_front)
        knee = add(hip, mul(thigh, THIGH))
        ankle = add(knee, mul(shin, SHIN))
        foot, ankles[side] = _foot_direction(pose, side, shin, shin_front)
        # Arm: swing out, then forward at the shoulder, bend the elbow forwards.
        shoulder = add(mul(up, TRUNK - SHOULDER_DROP), mul(lateral, SHOULDER_HALF))
        arm, arm_front = _swing([down, front], down, lateral, pose.shoulder_out.of(side))
        arm, arm_front = _swing([arm, arm_front], down, front, pose.shoulder.of(side))
        forearm = _rotate(arm, cross(arm, arm_front), pose.elbow.of(side))
        elbow = add(shoulder, mul(arm, UPPER_ARM))
        points.update(
            {
                f"{side}-hip": hip,
                f"{side}-knee": knee,
                f"{side}-ankle": ankle,
                f"{side}-toe": add(ankle, mul(foot, FOOT)),
                f"{side}-shoulder": shoulder,
                f"{side}-elbow": elbow,
                f"{side}-hand": add(elbow, mul(forearm, FOREARM)),
            }
        )
    return points, ankles


# How far a point's centre sits above whatever it touches: half a stroke, or the head's radius.
def pad_of(name: str) -> float:
    return HEAD_R if name == "head" else PAD


# The joints that make up a body point named in `rests_on` ("near-foot" is its ankle and toe).
def joints_of(name: str) -> list[str]:
    if name.endswith("-foot"):
        side = name.removesuffix("-foot")
        return [f"{side}-ankle", f"{side}-toe"]
    return [name]


# The lowest joint of a body point: the one that touches when it rests.
def lowest_joint(points: Mapping[str, Point3], name: str) -> Point3:
    return min((points[part] for part in joints_of(name)), key=lambda p: p[1])


# How high a surface is: 0 for the floor, the top of a box or bench.
def surface_top(figure: ExerciseFigure, surface: str) -> float:
    block = figure.platform(surface)
    return block.height if block is not None else 0.0


# Joint positions in the world: the anchor at x = 0 and the lowest resting part on its surface.
def posed_points(figure: ExerciseFigure, index: int) -> dict[str, Point3]:
    """Joint positions of one pose, placed on its floor or prop."""
    return placed(figure, figure.poses[index])


# One pose's joints placed as posed_points places the figure's own: a pose drawn between two of them too.
def placed(figure: ExerciseFigure, pose: Pose) -> dict[str, Point3]:
    points, _ = body_points(pose)
    anchor = points[joints_of(figure.anchor_point)[0]]
    rests = pose.rests
    lift = max(
        (
            surface_top(figure, surface) + pad_of(name) - lowest_joint(points, name)[1]
            for name, surface in rests.items()
            if surface != "wall"
        ),
        default=0.0,
    )
    shift = (-anchor[0], lift, -anchor[2])
    return {name: add(p, shift) for name, p in points.items()}


# Every pose placed, start first: a check or a drawing works them out once and passes them on.
def placed_poses(figure: ExerciseFigure) -> list[dict[str, Point3]]:
    return [posed_points(figure, index) for index in range(len(figure.poses))]


# --- Poses in between, for the moving drawing ------------------------------------------------------


# The pose a fraction `t` of the way from `a` to `b`, every angle interpolated; it rests on what the
# nearer of the two rests on, so a part that stays put stays on its surface. `ankles_a` and
# `ankles_b`: the ankle angles each pose actually uses (body_points), worked out once per pose.
def between(a: Pose, b: Pose, t: float, ankles_a: dict[str, float], ankles_b: dict[str, float]) -> Pose:

    def mix(x: float, y: float) -> float:
        return x + (y - x) * t

    def sides(x: Sides, y: Sides) -> Sides:
        return Sides(near=mix(x.near, y.near), far=mix(x.far, y.far))

    nearer = a if t < 0.5 else b
    update: dict[str, object] = {
        joint: sides(getattr(a, joint), getattr(b, joint)) for joint in SIDED_JOINTS if joint != "ankle"
    }
    if a.ankle is not None or b.ankle is not None:
        update["ankle"] = Sides(near=mix(ankles_a["near"], ankles_b["near"]), far=mix(ankles_a["far"], ankles_b["far"]))
    update.update(
        trunk=mix(a.trunk_angle, b.trunk_angle), head=mix(a.head, b.head), base=nearer.base, rests_on=nearer.rests_on
    )
    return a.model_copy(update=update)


# The moving drawing's frames: `count` poses evenly along the figure's poses, the first and last its own.
def motion_poses(figure: ExerciseFigure, count: int) -> list[Pose]:
    poses = figure.poses
    ankles = [body_points(pose)[1] for pose in poses]
    out = []
    for frame in range(count):
        at = frame * (len(poses) - 1) / (count - 1)
        index = min(int(at), len(poses) - 2)
        out.append(between(poses[index], poses[index + 1], at - index, ankles[index], ankles[index + 1]))
    return out


# --- Where the figure reaches, as the viewer sees it ----------------------------------------------


# The world as the viewer sees it: turned about the vertical by `turn`, then looked down on by
# `tilt`. The returned function maps a point to (x right in the picture, y up in the picture,
# depth towards the viewer); the trigonometry is done once per figure, not once per point.
def view(figure: ExerciseFigure) -> Callable[[Point3], Point3]:
    a, t = math.radians(figure.turn), math.radians(figure.tilt)
    ca, sa, ct, st = math.cos(a), math.sin(a), math.cos(t), math.sin(t)

    def viewed(p: Point3) -> Point3:
        x = p[0] * ca - p[2] * sa
        z = p[0] * sa + p[2] * ca
        return (x, p[1] * ct - z * st, z * ct + p[1] * st)

    return viewed


# Where a box or bench sits across the picture once the scene is turned.
def platform_span(figure: ExerciseFigure, block: Platform) -> tuple[float, float]:
    scale = abs(math.cos(math.radians(figure.turn)))
    return (min(block.left * scale, block.right * scale), max(block.left * scale, block.right * scale))


# The corners of the mat drawn under a figure seen from above: every pose's footprint, with a margin.
def mat_corners(posed: Sequence[Mapping[str, Point3]]) -> list[Point3]:
    points = [p for pose_points in posed for p in pose_points.values()]
    xs, zs = [p[0] for p in points], [p[2] for p in points]
    x0, x1, z0, z1 = min(xs) - 8, max(xs) + 8, min(zs) - 8, max(zs) + 8
    return [(x0, 0.0, z0), (x1, 0.0, z0), (x1, 0.0, z1), (x0, 0.0, z1)]


# Left, right, top and bottom (in the picture, y up) of everything drawn in any pose,
# so that every frame of a figure is framed the same way.
def extent(figure: ExerciseFigure, posed: Sequence[Mapping[str, Point3]]) -> tuple[float, float, float, float]:
    viewed = view(figure)
    xs: list[float] = []
    ys: list[float] = [0.0]
    for points in posed:
        for name, p in points.items():
            x, y, _ = viewed(p)
            pad = pad_of(name)
            xs += [x - pad, x + pad]
            ys += [y - pad, y + pad]
    if figure.tilt:
        for corner in mat_corners(posed):
            x, y, _ = viewed(corner)
            xs.append(x)
            ys.append(y)
    for prop in figure.props:
        if isinstance(prop, Platform):
            xs += list(platform_span(figure, prop))
            ys.append(prop.height)
        elif isinstance(prop, Wall):
            xs.append(viewed((prop.x, 0, 0))[0])
    return min(xs), max(xs), max(ys), min(ys)


# --- How far the working leg moves, as drawn --------------------------------------------------------


# The working leg's travel from the first pose to the last, as the viewer sees it, in figure units,
# and the point that travels most: the hip, knee, ankle or toe of a working side moving in the
# picture, or the knee, ankle, toe or neck moving about that side's hip (the hinge of a deadlift
# moves the trunk about a hip that stays put). Every frame is drawn at one scale, so this is what
# the reader sees move.
def drawn_travel(figure: ExerciseFigure, posed: Sequence[Mapping[str, Point3]]) -> tuple[float, str]:
    viewed = view(figure)
    first, last = posed[0], posed[-1]

    def seen(points: Mapping[str, Point3], name: str) -> tuple[float, float]:
        x, y, _ = viewed(points[name])
        return x, y

    best = (0.0, "")
    sides: list[Side] = ["near", "far"] if figure.working is Working.both else ["near"]
    if figure.working is Working.far:
        sides = ["far"]
    for side in sides:
        (hx0, hy0), (hx1, hy1) = seen(first, f"{side}-hip"), seen(last, f"{side}-hip")
        for joint in ("hip", "knee", "ankle", "toe"):
            (x0, y0), (x1, y1) = seen(first, f"{side}-{joint}"), seen(last, f"{side}-{joint}")
            best = max(best, (math.hypot(x1 - x0, y1 - y0), f"{side}-{joint}"))
        for name in (f"{side}-knee", f"{side}-ankle", f"{side}-toe", "neck"):
            (x0, y0), (x1, y1) = seen(first, name), seen(last, name)
            about_hip = math.hypot((x1 - hx1) - (x0 - hx0), (y1 - hy1) - (y0 - hy0))
            best = max(best, (about_hip, name))
    return best
