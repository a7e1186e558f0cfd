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
UPPER_ARM = 16.0
FOREARM = 15.0
HIP_HALF = 4.0  # half the distance between the hip joints
SHOULDER_HALF = 7.0
SHOULDER_DROP = 2.0  # shoulders sit a little below the base of the neck
STROKE = 5.0
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
