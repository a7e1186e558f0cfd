"""The README is the owner's guide: short, and every command in it runs as written."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys

from conftest import ROOT, copy_project

README = ROOT / "README.md"
MAX_LINES = 150


def blocks() -> list[str]:
    """The README's shell blocks, as the owner copies them."""
    return re.findall(r"```sh\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)


def commands(prefix: str) -> list[str]:
    found = []
    for block in blocks():
        for line in block.replace("\\\n", " ").splitlines():
            line = line.split(" # ")[0].strip()
            if line.startswith(prefix):
                found.append(line)
    return found


def test_the_readme_is_short_enough_to_read():
    assert len(README.read_text(encoding="utf-8").splitlines()) <= MAX_LINES


def test_every_make_command_it_names_exists():
    text = README.read_text(encoding="utf-8")
    named = set(re.findall(r"`make ([a-z-]+)", text)) | {line.split()[1] for line in commands("make ")}
    listed = subprocess.run(["make", "help"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    targets = set(re.findall(r"make ([a-z-]+)", listed))
    assert named and named <= targets, f"not in make help: {sorted(named - targets)}"


# Each `.venv/bin/python -m lazyathlete …` command, run as written in a fresh copy of
# the project (this interpreter stands in for .venv/bin/python), in the README's order.
def test_every_owner_command_runs_as_written(tmp_path):
    project = copy_project(tmp_path / "project")
    found = commands(".venv/bin/python -m lazyathlete")
    assert found, "the README shows the owner's commands"
    env = {**os.environ, "PYTHONPATH": str(project), "NO_MKDOCS_2_WARNING": "1"}
    for command in found:
        words = shlex.split(command)
        stdin = None
        if "<<" in words:  # a here-document: the lines after it, up to its end word
            at = words.index("<<")
            words, end = words[:at], words[at + 1]
            stdin = here_document(end)
        result = subprocess.run([sys.executable, *words[1:]], cwd=project, env=env, input=stdin, capture_output=True, text=True)
        assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
        assert "Traceback" not in result.stderr


def here_document(end: str) -> str:
    for block in blocks():
        lines = block.splitlines()
        for index, line in enumerate(lines):
            if f"<< {end}" in line or f"<<{end}" in line:
                body = []
                for after in lines[index + 1 :]:
                    if after.strip() == end:
                        return "\n".join(body) + "\n"
                    body.append(after)
    raise AssertionError(f"no here-document ending in {end}")
