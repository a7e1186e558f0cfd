"""Theme markup the Nu Html Checker rejects, fixed in each written page (hooks.py's
on_post_page and on_post_template hand every page over). No MkDocs here.

Outside any template block in mkdocs-material 9.8, so fixed in the output:
`autocomplete` is not allowed on a checkbox and `tabindex=""` is not an integer. The vnu and axe gates in
tests/test_quality.py fail if a theme update moves any of these
(ARCHITECTURE.md, upgrade checklist).
"""

from __future__ import annotations

THEME_HTML_FIXES = (
    ('type="checkbox" id="__drawer" autocomplete="off"', 'type="checkbox" id="__drawer"'),
    ('type="checkbox" id="__search" autocomplete="off"', 'type="checkbox" id="__search"'),
    (' tabindex=""', ""),
)  # fmt: skip


def fixed_theme_html(output: str) -> str:
    for old, new in THEME_HTML_FIXES:
        output = output.replace(old, new)
    return output
