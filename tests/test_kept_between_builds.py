"""What a build keeps for the next (compiled templates in .cache/templates, preview pictures in
.cache/previews: tests/test_previews.py) is never shown stale: an edit shows on the next build."""

from __future__ import annotations

import io
import re

import pytest
import zxingcpp
from conftest import build_site
from PIL import Image


def test_an_edited_template_shows_on_the_next_build(project_copy):
    first = build_site(project_copy, project_copy / "one")
    assert (project_copy / ".cache" / "templates").is_dir() and any((project_copy / ".cache" / "templates").iterdir())
    page = "exercises/clamshell/index.html"
    assert "Edited template" not in (first / page).read_text(encoding="utf-8")
    content = project_copy / "overrides" / "content" / "exercise.html"
    content.write_text(content.read_text(encoding="utf-8") + "\n<p>Edited template: content</p>\n", encoding="utf-8")
    theme = project_copy / "overrides" / "main.html"
    theme.write_text(theme.read_text(encoding="utf-8").replace(
        "{% block extrahead %}", "{% block extrahead %}<meta name=\"la-edited\" content=\"Edited template: theme\">", 1
    ), encoding="utf-8")
    html = (build_site(project_copy, project_copy / "two") / page).read_text(encoding="utf-8")
    assert "Edited template: content" in html and "Edited template: theme" in html



def qr_codes_on(browser, html_file):
    """Every QR code drawn on a built page, read the way a phone reads it: from pixels."""
    page = browser.new_page(viewport={"width": 400, "height": 400})
    codes = []
    for svg in re.findall(r'<svg[^>]*class="la-qr".*?</svg>', html_file.read_text(encoding="utf-8"), re.S):
        page.set_content(f'<body style="margin:0;background:#fff"><div style="width:300px">{svg}</div></body>')
        page.locator("svg").evaluate("svg => { svg.style.width = '300px'; svg.style.height = '300px'; }")
        image = Image.open(io.BytesIO(page.screenshot()))
        codes += [code.text for code in zxingcpp.read_barcodes(image)]
    page.close()
    return codes


@pytest.mark.browser
def test_a_kept_qr_code_is_always_the_one_for_the_routines_address_now(project_copy, browser, monkeypatch):
    """The routines' QR codes are kept in .cache/qr: when the site moves, each card prints the new
    address, and the codes kept for the old one are removed."""
    page = "routines/the-five-from-the-video/index.html"
    monkeypatch.setenv("SITE_URL", "https://first.example/glutes/")
    first = build_site(project_copy, project_copy / "one")
    kept = project_copy / ".cache" / "qr"
    before = {path.name for path in kept.iterdir()}
    assert qr_codes_on(browser, first / page) == ["https://first.example/glutes/routines/the-five-from-the-video/"]
    monkeypatch.setenv("SITE_URL", "https://moved.example/")
    second = build_site(project_copy, project_copy / "two")
    assert qr_codes_on(browser, second / page) == ["https://moved.example/routines/the-five-from-the-video/"]
    after = {path.name for path in kept.iterdir()}
    assert len(after) == len(before) and not after & before
