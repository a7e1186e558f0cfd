"""Words explained where they appear: the first time a page says a word the glossary explains
(docs/glossary.md), the word links to its entry. No MkDocs here; templates call a `Glosser`
made for each page (site/render.py)."""

from __future__ import annotations

import re
from collections.abc import Callable

from markupsafe import Markup, escape

GLOSSARY_URL = "glossary/"

# Each entry's anchor in docs/glossary.md, and the forms pages write the word in. Longer phrases
# first: "reps left in you" is one word here, not "reps". "set" only as a noun ("sets", "set of").
TERMS: dict[str, str] = {
    "reps-left": r"(?:reps? )?left in you",
    "ribs-down": r"ribs down",
    "it-band": r"(?-i:IT) band",
    "runners-knee": r"runner[’']s knee",
    "shin-splints": r"shin splints",
    "hinge": r"hinge[sd]?|hinging",
    "brace": r"brace[sd]?|bracing",
    "set": r"sets|set(?= of\b)",
    "rep": r"reps?",
}
_TERM = re.compile("|".join(rf"\b(?P<{anchor.replace('-', '_')}>{form})\b" for anchor, form in TERMS.items()), re.IGNORECASE)


class Glosser:
    """Text made HTML for one page (escaped), with the first mention of each glossary word
    linked to its entry; later mentions stay plain."""

    def __init__(self, link: Callable[[str], str]) -> None:
        self.link = link  # a site path -> the href from this page
        self.seen: set[str] = set()

    def __call__(self, text: str) -> Markup:
        parts: list[str] = []
        done = 0
        for match in _TERM.finditer(text):
            anchor = (match.lastgroup or "").replace("_", "-")
            if anchor in self.seen:
                continue
            self.seen.add(anchor)
            href = f"{self.link(GLOSSARY_URL)}#{anchor}"
            parts += [escape(text[done:match.start()]), Markup('<a class="la-gloss" href="{}">{}</a>').format(href, match.group())]
            done = match.end()
        parts.append(escape(text[done:]))
        return Markup("").join(parts)
