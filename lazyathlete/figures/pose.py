"""The pose model: one body's proportions, the words of the YAML, and the models they fill.

A figure is a few poses (start, end, and any in between). Each pose is written
by hand as joint angles, the way a coach would describe it ("hip bent 45°,
knee 90°"), with the body parts it rests on (the floor, a box or a bench);
every figure shares one set of limb lengths.

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

from enum import Enum
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

# --- Proportions: one body for every figure ------------------------------------------

THIGH = 26.0
SHIN = 25.0
FOOT = 9.0
TRUNK = 30.0  # hip joint centre to the base of the neck
NECK = 4.0
HEAD_R = 7.0
# The arm reaches mid-thigh standing, as an adult's does: with shorter arms a hinge could not
# reach a bell between the feet and hands-down poses needed a flatter back than people have.
UPPER_ARM = 19.0
FOREARM = 17.0  # elbow to the middle of the grip
HIP_HALF = 4.0  # half the distance between the hip joints
SHOULDER_HALF = 7.0
SHOULDER_DROP = 2.0  # shoulders sit a little below the base of the neck
STROKE = 5.0
PAD = STROKE / 2  # a limb touches a surface when its centre line is half a stroke above it
TOLERANCE = 1.5  # how far a resting part may float or sink before it is an error
STATURE = THIGH + SHIN + TRUNK + NECK + 2 * HEAD_R + PAD  # a standing figure's height: every frame's scale
MOTION_FRAMES = 4  # the moving drawing: start, two in between, end (site.css keyframes la-fig-frame-0..3)
TRAVEL_MIN = 0.1  # the working leg's travel, as drawn, in statures: less and the view hides the move

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
FLOOR_Y = 132.0
FRAME_MARGIN = 4.0
STRIP_GAP = 14.0
STRIP_ROOM = 1.3  # the usual place of a strip, width over height: an exercise page's drawing on a phone, on a desk, on paper
FIT_MARGIN = 5.0  # round a fitted drawing
GHOST_OPACITY = 0.25  # the start pose, drawn faintly under the end pose or a moving frame
LABEL_FONT = 0.04  # the labels ("start", "end"): text as a share of the drawing's longer side
LABEL_BASELINE = 0.78  # where the text sits in its line, and how much of the line it fills

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
# Every text and list has a most, as in the rest of the data (models.py): the build's time stays bounded.
MAX_LABEL, MAX_ALT, MAX_POSES, MAX_PROPS = 30, 300, 6, 6

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


# What the descriptions below say about each angle and each base, from the tables above.
def _human(joint: str) -> str:
    low, high = JOINT_RANGES[joint]
    return f"The build refuses an angle outside {low:g} to {high:g}."


BOTH_SIDES = "One number for both sides, or `{near: .., far: ..}`."
ACROSS = (
    "in figure units across the picture, from the anchor at 0 (negative is left of it);"
    " a standing figure is about 100 tall"
)
TRUNK_BY_BASE = ", ".join(f"{base.value} {angle:g}" for base, angle in BASE_TRUNK.items())
RESTS_BY_BASE = "; ".join(f"{base.value}: {', '.join(parts)}" for base, parts in BASE_RESTS.items())
ANCHOR_BY_BASE = ", ".join(f"{base.value}: {part}" for base, part in BASE_ANCHOR.items())


class Sides(Model):
    """One angle, in degrees, for each side of the body: "near" is the side facing the viewer (the top
    side when lying on one side), "far" the other. Write one number instead when both sides match:
    `knee: 90` means `knee: {near: 90, far: 90}`."""

    near: float = Field(description="The angle on the near side: the one facing the viewer, the top side when lying on one side.")
    far: float = Field(description="The angle on the far side: the one away from the viewer, underneath when lying on one side.")

    def of(self, side: Side) -> float:
        return self.near if side == "near" else self.far


# Accept `knee: 90` as `knee: {near: 90, far: 90}`.
def _both_sides(value: Any) -> Any:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return {"near": value, "far": value}
    return value


ZERO = Sides(near=0, far=0)


class Pose(Model):
    """One position of the body, written as joint angles in degrees, the way a coach would describe it
    ("hip bent 45°, knee 90°"), with the parts it rests on. Each limb angle takes one number for both
    sides or `{near: .., far: ..}`; "near" is the side facing the viewer (the top side when lying on one
    side)."""

    label: Text | None = Field(
        default=None,
        max_length=MAX_LABEL,
        description='The pose\'s name under its drawing ("start", "bottom", "top"...). Unset: "start" for the'
        ' first pose, "end" for the last, "step 2", "step 3"... for those between.',
    )
    alt: Text = Field(
        max_length=MAX_ALT,
        description="What the body is doing, in words: the drawing's text alternative, read out by screen"
        " readers in place of the picture."
    )
    base: Base = Field(
        strict=False,
        description="How the body is set down: standing; lying on the back; lying on one side (the far side"
        " underneath); on hands and knees; or in a side plank (on the far elbow and foot). It gives the"
        " pose its usual trunk angle and resting parts when the pose does not say.",
    )
    trunk: float | None = Field(
        default=None,
        description="The line from the hips to the shoulders, in degrees from upright, as seen in the"
        " picture: 0 is upright, positive leans right (the way a side-view figure faces), -90 lies flat"
        f" with the head on the left. Unset: the base's usual angle ({TRUNK_BY_BASE}).",
    )
    head: float = Field(
        default=0,
        description="The nod of the head, in degrees: 0 is in line with the trunk, positive brings the chin"
        f" towards the chest, negative tips it back. {_human('head')}",
    )
    hip: Sides = Field(
        description="Hip bend, in degrees: how far the thigh comes forward of the trunk line (flexion). 0 is"
        " the thigh in line with the trunk, as when standing; 90 is a right angle, as when sitting;"
        f" negative takes it behind. {_human('hip')} {BOTH_SIDES}"
    )
    knee: Sides = Field(
        description=f"Knee bend, in degrees: 0 is a straight leg, 90 a right angle. {_human('knee')} {BOTH_SIDES}"
    )
    ankle: Sides | None = Field(
        default=None,
        description="Ankle, in degrees: 0 is the foot at a right angle to the shin, positive pulls the toes"
        " up towards the shin, negative points them. Unset: a foot that rests on something lies flat on"
        f" it, a free one is at 0. {_human('ankle')} {BOTH_SIDES}",
    )
    hip_out: Sides = Field(
        default=ZERO,
        description="The leg swung out to its own side, away from the other leg, in degrees (abduction): 0"
        f" is straight under the hip, negative crosses it in. {_human('hip_out')} {BOTH_SIDES}",
    )
    hip_open: Sides = Field(
        default=ZERO,
        description="The bent leg turned about the line from hip to ankle, in degrees, as in a clamshell:"
        " the knee lifts away from the other knee while the foot stays put. 0 is not turned."
        f" {_human('hip_open')} {BOTH_SIDES}",
    )
    shoulder: Sides = Field(
        default=ZERO,
        description="The arm forward of the trunk line, in degrees: 0 hangs by the side, 90 points straight"
        f" ahead, 180 overhead; negative goes behind. {_human('shoulder')} {BOTH_SIDES}",
    )
    elbow: Sides = Field(
        default=ZERO,
        description=f"Elbow bend, in degrees: 0 is a straight arm, 90 a right angle. {_human('elbow')} {BOTH_SIDES}",
    )
    shoulder_out: Sides = Field(
        default=ZERO,
        description="The arm swung out to its own side, in degrees (abduction): 0 hangs by the side, 90 is"
        f" out level with the shoulder, 180 overhead. {_human('shoulder_out')} {BOTH_SIDES}",
    )
    rests_on: dict[BodyPoint, Surface] | None = Field(
        default=None,
        description="What bears weight: each body part that rests on something, and what it rests on"
        " (`{near-foot: box}`); `wall` is for a part pressed against the wall in `props`, and at least one"
        " part must be on the floor, a box or a bench. The build names any part that floats or sinks."
        f" Unset: the base's usual parts, on the floor ({RESTS_BY_BASE}).",
    )

    @model_validator(mode="after")
    def _rests_on_something(self) -> Pose:
        if self.rests_on is not None and all(surface == "wall" for surface in self.rests_on.values()):
            raise ValueError("`rests_on` needs at least one part on the floor, a box or a bench")
        return self

    # The schema says what these take: one number or a side each (and, for the ankle, null for unset).
    _sides = field_validator(
        *(joint for joint in SIDED_JOINTS if joint != "ankle"), mode="before", json_schema_input_type=float | Sides
    )(_both_sides)
    _ankle = field_validator("ankle", mode="before", json_schema_input_type=float | Sides | None)(_both_sides)

    @property
    def trunk_angle(self) -> float:
        return BASE_TRUNK[self.base] if self.trunk is None else self.trunk

    @property
    def rests(self) -> dict[str, str]:
        if self.rests_on is None:
            return dict(BASE_RESTS[self.base])
        return {str(part): str(surface) for part, surface in self.rests_on.items()}


class Platform(Model):
    """A box or bench: a flat top the figure can rest on, from `left` to `right`, `height` above the
    floor, in figure units (a standing figure is about 100 tall)."""

    kind: Literal["box", "bench"] = Field(
        description="`box` (drawn solid to the floor) or `bench` (a top on legs); a pose rests a part on it"
        " with `rests_on`, as in `{near-foot: box}`."
    )
    left: float = Field(description=f"Where its top starts, {ACROSS}.")
    right: float = Field(description=f"Where its top ends, {ACROSS}.")
    height: float = Field(
        gt=0,
        le=60,
        description="How high its top is above the floor, in figure units: over 0 and at most 60 (a standing"
        " figure's knee is about 27 up).",
    )


class Wall(Model):
    """A wall, upright at `x`: a pose can press a part against it with `rests_on`, as in `{near-foot: wall}`."""

    kind: Literal["wall"] = Field(description="`wall`.")
    x: float = Field(description=f"Where the wall stands, {ACROSS}.")


class Weight(Model):
    """A kettlebell or dumbbell, held in one hand or both."""

    kind: Literal["kettlebell", "dumbbell"] = Field(description="`kettlebell` or `dumbbell`: which one is drawn.")
    hand: Literal["near", "far", "both"] = Field(
        default="both",
        description='The hand that holds it: `near` (facing the viewer), `far`, or `both` (one weight held in'
        " both hands).",
    )


class Band(Model):
    """A loop band round both legs."""

    kind: Literal["band"] = Field(description="`band`.")
    around: Literal["thighs", "knees", "ankles"] = Field(
        default="knees", description="Where it sits: round the thighs, just above the knees, or just above the ankles."
    )


Prop = Annotated[Platform | Wall | Weight | Band, Field(discriminator="kind")]


class ExerciseFigure(Model):
    """The line drawing of one exercise, drawn by the build: its poses in order, start first and end last,
    with any props; a side view facing right unless turned."""

    working: Working = Field(
        strict=False,
        description="The leg whose glute does the work, drawn in the accent colour: `near` (the leg facing the"
        " viewer, the top one when lying on one side), `far`, or `both`.",
    )
    poses: list[Pose] = Field(
        min_length=2,
        max_length=MAX_POSES,
        description="The positions, in order: start first, end last, any others between; every pose but the"
        " last has an arrow showing where the moving part goes next.",
    )
    props: list[Prop] = Field(
        default=[],
        max_length=MAX_PROPS,
        description="What is drawn with the body: `{kind: box}` or `{kind: bench}` with `left`, `right` and"
        " `height`; `{kind: wall, x: ..}`; `{kind: kettlebell}` or `{kind: dumbbell}` with `hand`;"
        " `{kind: band, around: ..}`.",
    )
    turn: float = Field(
        default=0,
        ge=-180,
        le=180,
        description="How far the scene turns about the upright, in degrees: 0 is a side view with the body"
        " facing right, 90 faces the viewer, -90 faces away. Pick, with `tilt`, the view in which the working"
        f" leg moves most: the build refuses a view in which it travels less than {TRAVEL_MIN:.0%} of the"
        " figure's height from start to end, and suggests a better one.",
    )
    tilt: float = Field(
        default=0,
        ge=0,
        le=75,
        description="How far the viewer looks down on the scene, in degrees: 0 is eye level, the floor drawn"
        " as a line; over 0 looks down on a mat.",
    )
    anchor: BodyPoint | None = Field(
        default=None,
        description="The body part that stays put from pose to pose, at 0 across the picture. Unset: from the"
        f" first pose's base ({ANCHOR_BY_BASE}).",
    )
    arrow: BodyPoint | None = Field(
        default=None, description="The body part the movement arrow follows. Unset: the one that moves most."
    )

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

    def platform(self, kind: str) -> Platform | None:
        return next((p for p in self.props if isinstance(p, Platform) and p.kind == kind), None)
