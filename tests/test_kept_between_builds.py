"""What a build keeps for the next (compiled templates in .cache/templates, preview pictures in
.cache/previews: tests/test_previews.py) is never shown stale: an edit shows on the next build."""

from __future__ import annotations

from conftest import build_site


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
