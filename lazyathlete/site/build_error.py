"""What stops a build, in the owner's words. The package raises it with the whole message;
hooks.py, the one module that knows MkDocs, turns it into MkDocs' PluginError in one place
(the preview shows it on every page instead: site/preview.py)."""

from __future__ import annotations


class BuildError(Exception):
    """A check the site fails: its text says what is wrong and what to do."""
