"""Writing a video into the data file's own text: new lines inserted where they belong and
one number changed in place, never the file dumped again, so every comment, blank line,
quote and indent stays as the owner wrote them.

Where things are comes from PyYAML's composed nodes, which carry their place in the text
(`start_mark`, `end_mark`). The new text is checked by the gate before it replaces the
file, in one rename: the file is the old one or the new one, never half of either.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import ryaml
import yaml

from lazyathlete.data.loading import load_catalog
from lazyathlete.data.problems import DataError


class EditError(ValueError):
    """The change cannot be written; the message says why and what to do. The file is untouched."""


@dataclass(frozen=True)
class Insert:
    at: int  # offset in the text
    text: str
    end: int | None = None  # set: the text from `at` to here is replaced


@dataclass
class Changes:
    """What one video changes in the data, for the command to say."""

    added: list[str] = field(default_factory=list)  # exercise slugs
    moved: list[tuple[str, int, int]] = field(default_factory=list)  # (slug, old start, new start)
    kept: list[str] = field(default_factory=list)  # already there with this start
    routine_added: bool = False
    edits: list[Insert] = field(default_factory=list)

    @property
    def any(self) -> bool:
        return bool(self.edits)


# --- Finding places in the text ------------------------------------------------------------------


def compose(text: str) -> yaml.MappingNode:
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:  # the gate read it, but PyYAML (YAML 1.1) cannot: say so, write nothing
        problem = getattr(error, "problem", None) or "it reads YAML differently"
        raise EditError(f"cannot find where to write in the data file ({problem}); nothing was changed") from None
    if not isinstance(node, yaml.MappingNode):
        raise EditError("the data file does not hold the sections it should")
    return node


def pairs(node: yaml.MappingNode) -> Iterator[tuple[str, yaml.Node, yaml.Node]]:
    for key, value in node.value:
        yield str(key.value), key, value


def value_of(node: yaml.MappingNode, name: str) -> yaml.Node | None:
    return next((value for key, _, value in pairs(node) if key == name), None)


def entries(root: yaml.MappingNode, section: str) -> dict[str, yaml.MappingNode]:
    """The section's entries by slug."""
    found = value_of(root, section)
    items = found.value if isinstance(found, yaml.SequenceNode) else []
    return {
        str(slug.value): item
        for item in items
        if isinstance(item, yaml.MappingNode) and isinstance(slug := value_of(item, "slug"), yaml.ScalarNode)
    }


# Where the line holding the node's last character ends (past its line break and any
# comment on it): the place to insert a line after it. A block mapping or list ends
# where its last value does; a scalar's end mark may lie past blank lines that follow it.
def after_line_of(text: str, node: yaml.Node) -> int:
    while isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and not node.flow_style and node.value:
        last = node.value[-1]
        node = last[1] if isinstance(last, tuple) else last
    end = node.end_mark.index
    while end > node.start_mark.index and text[end - 1] in " \t\r\n":
        end -= 1
    newline = text.find("\n", end)
    return len(text) if newline == -1 else newline + 1


def line_start(text: str, at: int) -> int:
    return text.rfind("\n", 0, at) + 1


# --- The new text ------------------------------------------------------------------------------


# Quoted only when YAML would read the id as something else than text (a number: 12345678901).
def id_text(video_id: str) -> str:
    return video_id if isinstance(ryaml.loads(f"id: {video_id}")["id"], str) else f'"{video_id}"'


def video_text(video_id: str, start: int) -> str:
    return f"{{id: {id_text(video_id)}, start: {start}}}"


def exercise_edits(text: str, item: yaml.MappingNode, slug: str, video_id: str, start: int, changes: Changes, nl: str) -> None:
    """Add this video with its start to the exercise's `videos`, or move its start."""
    keys = list(pairs(item))
    indent = " " * keys[0][1].start_mark.column
    videos = value_of(item, "videos")
    if videos is None:  # a new field, just before the drawing (the models' order)
        names = [name for name, _, _ in keys]
        at = names.index("figure") if "figure" in names else len(keys)
        place = after_line_of(text, keys[at - 1][2]) if at > 0 else line_start(text, keys[0][1].start_mark.index)
        lines = f"{indent}videos:{nl}{indent}  - {video_text(video_id, start)}{nl}"
        changes.edits.append(Insert(place, ("" if text[place - 1 : place] in ("\n", "") else nl) + lines))
        changes.added.append(slug)
        return
    if not isinstance(videos, yaml.SequenceNode):
        raise EditError(f"exercise '{slug}': its `videos:` is not a list (line {videos.start_mark.line + 1})")
    for video in videos.value:
        if isinstance(video, yaml.MappingNode) and _scalar(value_of(video, "id")) == video_id:
            moved_start(text, video, slug, start, changes, nl)
            return
    if videos.flow_style:  # `videos: [...]`: one more inside the brackets
        closing = videos.end_mark.index - 1
        changes.edits.append(Insert(closing, (", " if videos.value else "") + video_text(video_id, start)))
    else:
        first = videos.value[0]
        dash = text[line_start(text, first.start_mark.index) : first.start_mark.index]
        place = after_line_of(text, videos)
        changes.edits.append(Insert(place, ("" if text[place - 1 : place] == "\n" else nl) + dash + video_text(video_id, start) + nl))
    changes.added.append(slug)


def moved_start(text: str, video: yaml.MappingNode, slug: str, start: int, changes: Changes, nl: str) -> None:
    """The video is listed already: its start number changed in place when it differs."""
    old = value_of(video, "start")
    old_start = int(_scalar(old)) if _scalar(old).isdigit() else 0  # the gate has checked it is a number
    if old_start == start:
        changes.kept.append(slug)
        return
    if isinstance(old, yaml.ScalarNode):
        changes.edits.append(Insert(old.start_mark.index, str(start), old.end_mark.index))
    else:  # no `start:` yet (0): after the id
        the_id = value_of(video, "id")
        assert the_id is not None
        if video.flow_style:
            changes.edits.append(Insert(the_id.end_mark.index, f", start: {start}"))
        else:
            key_column = next(key for name, key, _ in pairs(video) if name == "id").start_mark.column
            changes.edits.append(Insert(after_line_of(text, the_id), " " * key_column + f"start: {start}{nl}"))
    changes.moved.append((slug, old_start, start))


def routine_edits(text: str, item: yaml.MappingNode, slug: str, video_id: str, changes: Changes, nl: str) -> None:
    """The routine's `video: {id}`, added at the end of its entry; another video already there is refused."""
    current = value_of(item, "video")
    if current is None:
        indent = " " * next(pairs(item))[1].start_mark.column
        place = after_line_of(text, item)
        lead = "" if text[place - 1 : place] in ("\n", "") else nl
        changes.edits.append(Insert(place, f"{lead}{indent}video: {{id: {id_text(video_id)}}}{nl}"))
        changes.routine_added = True
        return
    the_id = value_of(current, "id") if isinstance(current, yaml.MappingNode) else None
    if _scalar(the_id) != video_id:
        raise EditError(
            f"the routine '{slug}' is already shown in another video ('{_scalar(the_id)}', line"
            f" {current.start_mark.line + 1} of the data file). A routine has one video: to show it in this one"
            " instead, change that line's id by hand, then run this again. Nothing was changed."
        )


def _scalar(node: yaml.Node | None) -> str:
    return str(node.value) if isinstance(node, yaml.ScalarNode) else ""


def applied(text: str, edits: list[Insert]) -> str:
    for edit in sorted(edits, key=lambda edit: edit.at, reverse=True):
        text = text[: edit.at] + edit.text + text[edit.end if edit.end is not None else edit.at :]
    return text


def video_changes(text: str, video_id: str, starts: dict[str, int], routine: str | None) -> Changes:
    """Every edit that writes this video, with these starts (by exercise slug), into the text."""
    root = compose(text)
    nl = "\r\n" if "\r\n" in text else "\n"
    changes = Changes()
    exercises = entries(root, "exercises")
    for slug, start in starts.items():
        exercise_edits(text, exercises[slug], slug, video_id, start, changes, nl)
    if routine is not None:
        routine_edits(text, entries(root, "routines")[routine], routine, video_id, changes, nl)
    return changes


# --- Writing the file --------------------------------------------------------------------------


def write_video(path: Path, video_id: str, starts: dict[str, int], routine: str | None) -> Changes:
    """Write the video into the data file, checked by the gate first; nothing is written when
    nothing changes, or when the new text would not pass."""
    before = path.read_bytes()
    text = before.decode("utf-8")
    changes = video_changes(text, video_id, starts, routine)
    if not changes.any:
        return changes
    new_text = applied(text, changes.edits)
    replace_checked(path, before, new_text.encode("utf-8"), lambda catalog_path: check_written(catalog_path, video_id, starts, routine))
    return changes


def check_written(path: Path, video_id: str, starts: dict[str, int], routine: str | None) -> None:
    """The new file passes the gate and says what was meant: this video at these seconds."""
    catalog = load_catalog(path)
    for slug, start in starts.items():
        if not any(v.id == video_id and v.start == start for v in catalog.exercise(slug).videos):
            raise EditError(f"the exercise '{slug}' did not get the video")
    shown_in = catalog.routine(routine).video if routine is not None else None
    if routine is not None and (shown_in is None or shown_in.id != video_id):
        raise EditError(f"the routine '{routine}' did not get the video")


# A temporary file beside the data file, checked, then renamed over it; the file's mode is kept.
# When the file changed meanwhile (saved from an editor), nothing is written.
def replace_checked(path: Path, before: bytes, after: bytes, check: Callable[[Path], None]) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(after)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, path.stat().st_mode & 0o7777)
        try:
            check(Path(temporary))
        except (DataError, EditError, KeyError) as error:
            raise EditError(
                f"the change would not have been right ({error}), so it was not written: please report this."
            ) from None
        if path.read_bytes() != before:
            raise EditError(f"{path} changed while this ran (saved from an editor?); nothing was written: run it again")
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
