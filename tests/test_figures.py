"""Every exercise has a picture: start and end drawn from joint angles in the data,
with one body for every figure, set down on the floor (or its box or bench), and
drawn as an accessible inline SVG with the working leg highlighted."""

from __future__ import annotations

import copy
import math
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import yaml

from lazyathlete.figures.checks import FigureError, checked_figure, figure_problems
from lazyathlete.figures.kinematics import drawn_travel, placed_poses, posed_points
from lazyathlete.figures.pose import HEAD_R, LIMBS, PAD, STATURE, TOLERANCE, TRAVEL_MIN, ExerciseFigure, Working
from lazyathlete.figures.svg import figure_motion, figure_overlay, figure_strip

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "glutes.yml"
SVG = "{http://www.w3.org/2000/svg}"


# --- Loading ---------------------------------------------------------------------------


def exercise_slugs() -> list[str]:
    with open(DATA, encoding="utf-8") as handle:
        return [exercise["slug"] for exercise in yaml.safe_load(handle)["exercises"]]


def raw_figures() -> dict[str, Any]:
    """Each exercise's `figure:` as written in the data file."""
    with open(DATA, encoding="utf-8") as handle:
        return {exercise["slug"]: exercise["figure"] for exercise in yaml.safe_load(handle)["exercises"]}


SLUGS = exercise_slugs()
RAW = raw_figures()


@pytest.fixture(params=SLUGS)
def slug(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def figure(slug: str) -> ExerciseFigure:
    return checked_figure(slug, RAW[slug])


def raw(slug: str) -> dict[str, Any]:
    return copy.deepcopy(RAW[slug])


# The joints that touch when a body part rests ("near-foot" is its ankle and toe).
def parts(name: str) -> list[str]:
    if name.endswith("-foot"):
        side = name.removesuffix("-foot")
        return [f"{side}-ankle", f"{side}-toe"]
    return [name]


def pad(name: str) -> float:
    return HEAD_R if name == "head" else PAD


def surface_height(figure: ExerciseFigure, surface: str) -> float:
    block = figure.platform(surface)
    return 0.0 if block is None else block.height


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def classes(element: ET.Element) -> set[str]:
    return set(element.get("class", "").split())


# --- The data: every exercise has a figure --------------------------------------------------


def test_every_exercise_has_a_figure() -> None:
    assert sorted(RAW) == sorted(SLUGS)


def test_figure_has_start_and_end(figure: ExerciseFigure) -> None:
    assert len(figure.poses) >= 2
    assert figure.pose_label(0) and figure.pose_label(len(figure.poses) - 1)
    assert all(pose.alt.strip() for pose in figure.poses)


def test_figure_has_no_problems(slug: str) -> None:
    assert figure_problems(slug, RAW[slug]) == []


def test_working_leg_travels_clearly_as_drawn(figure: ExerciseFigure) -> None:
    """The view shows the move: the working leg travels a clear part of the figure, with room to spare."""
    travel, _part = drawn_travel(figure, placed_poses(figure))
    assert travel >= 1.2 * TRAVEL_MIN * STATURE


def test_a_view_that_hides_the_move_is_refused_with_a_better_one() -> None:
    """A clamshell seen from above at its feet: the knee opens towards the viewer and hardly moves on screen."""
    data = raw("clamshell")
    data.update(turn=0, tilt=30)
    problems = figure_problems("clamshell", data)
    travel = [p for p in problems if "'turn' and 'tilt'" in p]
    assert len(travel) == 1, problems
    assert travel[0].startswith("clamshell: figure:") and "hardly moves" in travel[0]
    assert "'near-knee'" in travel[0] and "try 'turn: " in travel[0]


def test_a_suggested_view_passes() -> None:
    data = raw("clamshell")
    data.update(turn=0, tilt=30)
    [problem] = figure_problems("clamshell", data)
    turn, tilt = (float(problem.split(f"'{key}: ")[1].split("'")[0]) for key in ("turn", "tilt"))
    data.update(turn=turn, tilt=tilt)
    assert figure_problems("clamshell", data) == []


def test_poses_differ(figure: ExerciseFigure) -> None:
    """A figure whose poses are the same shows no movement."""
    first, last = posed_points(figure, 0), posed_points(figure, len(figure.poses) - 1)
    assert max(math.dist(first[name], last[name]) for name in first) > 10


# --- One body: limb lengths never change ---------------------------------------------------------


def test_limb_lengths_are_constant(figure: ExerciseFigure) -> None:
    measured: dict[tuple[str, str], set[float]] = {pair: set() for pair in LIMBS}
    for index in range(len(figure.poses)):
        points = posed_points(figure, index)
        for (a, b), length in LIMBS.items():
            distance = math.dist(points[a], points[b])
            assert distance == pytest.approx(length, abs=1e-6), (figure.pose_label(index), a, b)
            measured[(a, b)].add(round(distance, 6))
    assert all(len(lengths) == 1 for lengths in measured.values())


def test_figures_share_one_body() -> None:
    """The thigh of one exercise is as long as the thigh of every other."""
    thighs = {
        round(math.dist(points["near-hip"], points["near-knee"]), 6)
        for slug in SLUGS
        for points in [posed_points(checked_figure(slug, RAW[slug]), 0)]
    }
    assert len(thighs) == 1


# --- Set down on the floor -------------------------------------------------------------------------


def test_lowest_resting_part_touches(figure: ExerciseFigure) -> None:
    for index, pose in enumerate(figure.poses):
        points = posed_points(figure, index)
        gaps = {}
        for name, surface in pose.rests.items():
            lowest = min(points[part][1] for part in parts(name))
            gaps[name] = lowest - pad(name) - surface_height(figure, surface)
        label = figure.pose_label(index)
        assert min(gaps.values()) == pytest.approx(0, abs=1e-6), (label, gaps)  # not floating
        assert all(abs(gap) <= TOLERANCE for gap in gaps.values()), (label, gaps)  # every resting part touches


def test_nothing_below_the_floor(figure: ExerciseFigure) -> None:
    for index in range(len(figure.poses)):
        for name, point in posed_points(figure, index).items():
            assert point[1] - pad(name) >= -TOLERANCE, (figure.pose_label(index), name, point)


def test_anchor_stays_put(figure: ExerciseFigure) -> None:
    """The part that does not move (a planted foot, the hips when lying) is in the same place in every frame."""
    anchor = parts(figure.anchor_point)[0]
    xs = {round(posed_points(figure, index)[anchor][0], 6) for index in range(len(figure.poses))}
    assert xs == {0.0}


# --- The drawing -----------------------------------------------------------------------------------


# Every drawing the site ships, as the templates ask for it.
def drawings(figure: ExerciseFigure, title: str | None = None) -> list[str]:
    return [figure_strip(figure, title=title), figure_overlay(figure, title=title), figure_motion(figure, title=title)]


def test_svg_parses_and_is_accessible(figure: ExerciseFigure, slug: str) -> None:
    for svg in drawings(figure, title=slug):
        root = parse(svg)
        assert root.tag == f"{SVG}svg"
        assert root.get("role") == "img"
        label = root.get("aria-label", "")
        title = root.find(f"{SVG}title")
        assert label.strip() and title is not None and title.text == label
        for pose in figure.poses:
            assert pose.alt in label


def test_frames_line_up(figure: ExerciseFigure) -> None:
    """Every pose of a strip is framed alike, so the figure keeps its size and floor from start to end."""
    frames = [e for e in parse(figure_strip(figure)).iter(f"{SVG}svg") if e.get("aria-hidden") == "true"]
    assert len(frames) == len(figure.poses)
    assert len({(e.get("viewBox"), e.get("width"), e.get("height")) for e in frames}) == 1


def test_working_leg_is_highlighted(figure: ExerciseFigure) -> None:
    expected = {"near", "far"} if figure.working is Working.both else {figure.working.value}
    root = parse(figure_strip(figure))
    poses = [e for e in root.iter() if "la-fig__pose" in classes(e)]
    assert len(poses) == len(figure.poses)
    for pose in poses:
        legs = [e for e in pose.iter() if "la-fig__leg" in classes(e)]
        assert len(legs) == 2
        highlighted = {side for e in legs if "la-fig__work" in classes(e) for side in ("near", "far") if f"la-fig__{side}" in classes(e)}
        assert highlighted == expected
        # Thicker as well as coloured, so it survives greyscale print.
        widths = {float(e.get("stroke-width", 0)) for e in legs if "la-fig__work" in classes(e)}
        assert widths and min(widths) > float(root.get("stroke-width", 0))
        assert any("la-fig__glute" in classes(e) for e in pose.iter())


def test_strip_shows_the_movement(figure: ExerciseFigure) -> None:
    root = parse(figure_strip(figure))
    assert [e for e in root.iter() if "la-fig__arrow" in classes(e)]
    assert len([e for e in root.iter() if "la-fig__pose" in classes(e)]) == len(figure.poses)


def test_svg_is_small_and_vector(figure: ExerciseFigure) -> None:
    for svg in drawings(figure):
        assert len(svg.encode()) < 8000
        assert "<image" not in svg and "data:" not in svg


def test_text_from_the_data_is_escaped() -> None:
    data = raw("glute-bridge")
    data["poses"][0]["alt"] = 'Lying <script>alert("x")</script> & {{ 7*7 }}'
    figure = checked_figure("glute-bridge", data)
    for svg in drawings(figure, title="Bridge <b>"):
        assert "<script>" not in svg and "<b>" not in svg
        root = parse(svg)
        assert '<script>alert("x")</script> & {{ 7*7 }}' in root.get("aria-label", "")


# --- Broken figures: the message names the exercise and the joint -----------------------------------------


def test_missing_joint() -> None:
    data = raw("glute-bridge")
    del data["poses"][1]["knee"]
    problems = figure_problems("glute-bridge", data)
    assert problems and all("glute-bridge" in p for p in problems)
    assert any("'knee'" in p and "missing" in p and "pose 2" in p for p in problems)


def test_missing_side_of_a_joint() -> None:
    data = raw("single-leg-deadlift")
    data["poses"][0]["knee"] = {"near": 10}
    problems = figure_problems("single-leg-deadlift", data)
    assert any("single-leg-deadlift" in p and "'knee'" in p and "far" in p for p in problems)


def test_knee_bent_beyond_human_range() -> None:
    data = raw("step-up")
    data["poses"][0]["knee"] = {"near": 200, "far": 0}
    problems = figure_problems("step-up", data)
    assert any("step-up" in p and "'knee'" in p and "near" in p and "200" in p for p in problems)


def test_hip_beyond_human_range() -> None:
    data = raw("donkey-kick")
    data["poses"][1]["hip"] = {"near": -60, "far": 80}
    problems = figure_problems("donkey-kick", data)
    assert any("donkey-kick" in p and "'hip'" in p and "-60" in p for p in problems)


def test_floating_part() -> None:
    """Straightened legs lift the feet off the floor the bridge says they rest on."""
    data = raw("glute-bridge")
    data["poses"][0]["knee"] = 20
    problems = figure_problems("glute-bridge", data)
    assert any("glute-bridge" in p and "foot" in p and "floats" in p for p in problems)


def test_part_sinking_into_the_floor() -> None:
    """Resting on the knees alone, a chest tipped down pushes the hands through the floor."""
    data = raw("donkey-kick")
    data["poses"][0].update(trunk=100, rests_on={"near-knee": "floor", "far-knee": "floor"})
    problems = figure_problems("donkey-kick", data)
    assert any("donkey-kick" in p and "hand" in p and "sinks" in p for p in problems)


def test_resting_on_a_box_that_is_not_there() -> None:
    data = raw("step-up")
    data["props"] = [{"kind": "box", "left": 60, "right": 90, "height": 22}]
    problems = figure_problems("step-up", data)
    assert any("step-up" in p and "near-foot" in p and "box" in p for p in problems)


def test_unknown_field_is_an_error() -> None:
    data = raw("clamshell")
    data["poses"][0]["kneee"] = 90
    problems = figure_problems("clamshell", data)
    assert any("clamshell" in p and "kneee" in p for p in problems)


def test_checked_figure_raises_with_every_problem() -> None:
    data = raw("glute-bridge")
    data["poses"][0]["knee"] = 200
    del data["poses"][1]["hip"]
    with pytest.raises(FigureError) as error:
        checked_figure("glute-bridge", data)
    assert "glute-bridge" in str(error.value) and "'hip'" in str(error.value)


def test_a_single_pose_is_not_enough() -> None:
    data = raw("glute-bridge")
    data["poses"] = data["poses"][:1]
    problems = figure_problems("glute-bridge", data)
    assert any("glute-bridge" in p and "poses" in p for p in problems)
