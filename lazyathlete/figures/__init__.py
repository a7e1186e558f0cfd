"""Line drawings of every exercise, generated from the data at build time.

Six modules, each building on the ones before it:

* ``pose``: the pose model: one body's proportions, the words of the YAML and
  the pydantic models they fill (``ExerciseFigure``, ``Pose``, the props);
* ``kinematics``: where each joint lands, from the angles, set down on the
  floor or a prop, and how far the figure reaches as the viewer sees it;
* ``checks``: what is wrong with a figure, in words (``figure_problems``);
* ``drawing``: the placed poses as 2-D shapes (paths, circles, rectangles with
  their stroke, fill and opacity: ``pose_shapes``), the one place the picture's
  geometry lives;
* ``svg``: those shapes written as inline SVG (``figure_strip``, the poses in a row or a
  column; ``figure_overlay``, start faint under end in one frame, and ``figure_thumb``, the same
  small and without words, for a card beside the exercise's name;
  ``figure_motion``, the movement played from start to end and back by site.css), each
  cropped to what the figure uses (``drawing.fitted_box``);
* ``png``: the same shapes painted with Pillow, the poses in a row on a canvas
  (``figure_frames``, ``paint_row``), for the link previews of
  ``lazyathlete.site.previews``.

pose ← kinematics ← checks, and pose ← kinematics ← drawing ← svg | png:
checking never draws, drawing never checks.
"""

from lazyathlete.figures.checks import FigureError, checked_figure, figure_problems
from lazyathlete.figures.pose import ExerciseFigure
from lazyathlete.figures.svg import figure_motion, figure_overlay, figure_strip, figure_thumb

__all__ = [
    "ExerciseFigure", "FigureError", "checked_figure", "figure_motion", "figure_overlay", "figure_problems", "figure_strip",
    "figure_thumb",
]
