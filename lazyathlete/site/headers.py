"""Security headers for hosts that read a `_headers` file (Netlify, Cloudflare Pages).

The Content-Security-Policy allows no inline script or style by category
('unsafe-inline'), only the exact blocks the site's pages carry, by their
SHA-256 hash, computed from the finished HTML. Pure functions over HTML
strings, and `write_headers_file`, which reads them from the written site: no
MkDocs here (lazyathlete/hooks.py calls it once every page is written).
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from lazyathlete.site.build_error import BuildError

HEADERS_FILE = "_headers"  # at the site's root
PLAYER_ORIGIN = "https://www.youtube-nocookie.com"  # the video facade's player (overrides/components/video/video.js)

# Cloudflare Pages' limit for a line of `_headers` (name, value and indent).
MAX_LINE_LENGTH = 2000

# An inline <script> or <style> block: its tag, its attributes (a quoted
# value may hold a `>`) and its text, up to the first end tag of its kind.
_BLOCK = re.compile(
    r"""<(?P<tag>script|style)(?P<attributes>(?:\s+[^\s=>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*/?>"""
    r"(?P<text>[^<]*(?:<(?!/(?P=tag)[\s/>])[^<]*)*)</(?P=tag)\s*>",
    re.IGNORECASE,
)
_ATTRIBUTE = re.compile(r"""([^\s=>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")

# The `type` values a browser runs (HTML: "JavaScript MIME type essence
# match", modules, import maps, speculation rules): the rest are data
# blocks, never run, so CSP does not ask for their hash.
_JAVASCRIPT_TYPES = frozenset(
    {"", "module", "importmap", "speculationrules"}
    | {f"application/{name}" for name in ("ecmascript", "javascript", "x-ecmascript", "x-javascript")}
    | {f"text/{name}" for name in (
        "ecmascript", "javascript", "javascript1.0", "javascript1.1", "javascript1.2", "javascript1.3",
        "javascript1.4", "javascript1.5", "jscript", "livescript", "x-ecmascript", "x-javascript",
    )}
)


def _attributes(text: str) -> dict[str, str]:
    """An opening tag's attributes by lower-case name (a bare attribute's value is "")."""
    return {
        match[1].lower(): next((value for value in match.groups()[1:] if value is not None), "")
        for match in _ATTRIBUTE.finditer(text)
    }


def runs_as_script(attributes: dict[str, str]) -> bool:
    """Whether a browser runs an inline <script> with these attributes (and CSP must allow it)."""
    return "src" not in attributes and attributes.get("type", "").strip().lower() in _JAVASCRIPT_TYPES


def inline_blocks(html: str) -> Iterator[tuple[str, str]]:
    """(tag, text) of every inline block in `html` that CSP must allow: run scripts and styles."""
    for match in _BLOCK.finditer(html):
        tag = match["tag"].lower()
        if tag == "style" or runs_as_script(_attributes(match["attributes"])):
            yield tag, match["text"]


# Every page holds the same few blocks (the site's styles, the palette's first paint): each is hashed once.
@lru_cache(maxsize=64)
def hash_source(text: str) -> str:
    """The CSP source that allows exactly this inline block: 'sha256-...'."""
    # Browsers hash the text as parsed, and HTML parsing turns CR LF and CR into LF.
    parsed = text.replace("\r\n", "\n").replace("\r", "\n")
    digest = hashlib.sha256(parsed.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


@dataclass
class InlineBlocks:
    """The hash sources of the inline scripts and styles seen so far."""

    scripts: set[str] = field(default_factory=set)
    styles: set[str] = field(default_factory=set)

    def add_page(self, html: str) -> None:
        for tag, text in inline_blocks(html):
            (self.scripts if tag == "script" else self.styles).add(hash_source(text))


def content_security_policy(blocks: InlineBlocks) -> str:
    """The policy: the site's own files, these inline blocks by hash, and the video player's frame."""
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'", *sorted(blocks.scripts)],
        "style-src": ["'self'", *sorted(blocks.styles)],
        "img-src": ["'self'", "data:"],  # the theme's icons are data: URLs in its CSS
        "frame-src": [PLAYER_ORIGIN],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    return "; ".join(" ".join([name, *sources]) for name, sources in directives.items())


# Features the site does not use are off for it and any frame; the player
# frame keeps what its iframe's `allow` asks for; wake lock stays for the
# site itself (a follow-along workout player will keep the screen on).
# Only names Chromium knows: it warns of an unknown one on every page
# (tests/test_security.py watches the console).
DENIED_FEATURES = (
    "accelerometer", "camera", "display-capture", "geolocation", "gyroscope", "hid", "idle-detection",
    "magnetometer", "microphone", "midi", "payment", "publickey-credentials-get", "serial", "usb",
    "xr-spatial-tracking", "browsing-topics", "interest-cohort",
)
PLAYER_FEATURES = ("autoplay", "encrypted-media", "fullscreen", "picture-in-picture")


def permissions_policy() -> str:
    allowed = {feature: f'(self "{PLAYER_ORIGIN}")' for feature in PLAYER_FEATURES}
    allowed["screen-wake-lock"] = "(self)"
    denied = {feature: "()" for feature in DENIED_FEATURES}
    return ", ".join(f"{feature}={allowlist}" for feature, allowlist in {**allowed, **denied}.items())


def security_headers(blocks: InlineBlocks) -> dict[str, str]:
    """Header name -> value, for every page of the site."""
    return {
        "Content-Security-Policy": content_security_policy(blocks),
        "X-Content-Type-Options": "nosniff",
        # Not "no-referrer": YouTube's embedded player refuses to play when it
        # is sent no referrer at all; other sites still only see our origin.
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "Permissions-Policy": permissions_policy(),
    }


class HeaderTooLongError(BuildError):
    pass


def headers_file(blocks: InlineBlocks) -> str:
    """A `_headers` file (Netlify, Cloudflare Pages) sending the security headers on every path."""
    lines = [f"  {name}: {value}" for name, value in security_headers(blocks).items()]
    for line in lines:
        if len(line) > MAX_LINE_LENGTH:
            raise HeaderTooLongError(
                f"_headers: the {line.split(':', 1)[0].strip()} line is {len(line)} characters long, and"
                f" Cloudflare Pages ignores one over {MAX_LINE_LENGTH}: {len(blocks.scripts)} inline scripts and"
                f" {len(blocks.styles)} inline styles differ. Is one different on every page? Move it to a file."
            )
    return "\n".join(["# Written by the build (lazyathlete/headers.py): the headers of every page.", "/*", *lines]) + "\n"


def blocks_of(pages: Iterable[str]) -> InlineBlocks:
    """The inline blocks of all these pages' HTML."""
    blocks = InlineBlocks()
    for html in pages:
        blocks.add_page(html)
    return blocks


# Read back from site/ once everything is written, so the policy covers every
# page: MkDocs' own, theme-only ones (404.html) and the redirect pages.
def write_headers_file(site: Path) -> None:
    pages = (path.read_text(encoding="utf-8") for path in site.rglob("*.html"))
    (site / HEADERS_FILE).write_text(headers_file(blocks_of(pages)), encoding="utf-8")
