"""The owner's commands, in one place:

    python -m lazyathlete build [--config mkdocs.yml]          (what `make build` runs)
    python -m lazyathlete describe routine five --utm video    (a YouTube description)
    python -m lazyathlete video https://youtu.be/... --routine five chapters.txt
                                                               (a video's chapters into the data, and its description)
    python -m lazyathlete schema                               (data/glutes.schema.json and data/FIELDS.md)
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from lazyathlete.cli import describe, schema, sitebuild, video

COMMANDS: dict[str, Callable[[list[str]], int]] = {
    "build": sitebuild.main,
    "describe": describe.main,
    "schema": schema.main,
    "video": video.main,
}


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] not in COMMANDS:
        print(__doc__.strip(), file=sys.stderr)
        return 0 if args[:1] in (["-h"], ["--help"]) else 2
    return COMMANDS[args[0]](args[1:])


if __name__ == "__main__":
    sys.exit(main())
