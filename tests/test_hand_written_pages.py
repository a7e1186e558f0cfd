"""Hand-written pages that quote the data never end in a traceback.

A page in docs/ names experts, exercises and routines in its macro calls. When
the data changes under it, or a call is mistyped, the build stops and says, in
plain words, the page, the line of the call and the name it could not find.
"""

from __future__ import annotations

import copy
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import build_error, build_site, write_data


def build_messages(project: Path, caplog: pytest.LogCaptureFixture) -> str:
    """Every line the failed build logged (mkdocs-macros logs its tracebacks as warnings)."""
    build_error(project, caplog)
    return "\n".join(r.getMessage() for r in caplog.records)


def page_with(project: Path, *lines: str) -> Path:
    page = project / "docs" / "quotes.md"
    page.write_text("# Quotes\n\nSome words first.\n\n" + "\n\n".join(lines) + "\n", encoding="utf-8")
    return page


# A call and what the message must say about it (the line is the call's own, counted from 1).
BAD_CALLS = [
    ("{{ expert_says('metzel') }}", ["expert_says", "'metzel'", "did you mean 'metzl'"]),
    ("{{ expert_says('nobody-at-all') }}", ["'nobody-at-all'", "'metzl', 'powers'"]),
    ("{{ expert_says(3) }}", ["expert_says", "in quotes", "not 3"]),
    ("{{ expert_says() }}", ["expert_says", "write it like this: expert_says('metzl')"]),
    ("{{ expert_says('metzl', 'powers') }}", ["write it like this: expert_says('metzl')"]),
    ("{{ exercise_cards(['glute-bridge', 'clamshel']) }}", ["exercise_cards", "'clamshel'", "did you mean 'clamshell'"]),
    ("{{ exercise_cards('clamshell') }}", ["exercise_cards", "square brackets", "not the text 'clamshell'"]),
    ("{{ home_exercises('new_to_strenght') }}", ["home_exercises", "'new_to_strenght'", "did you mean 'new_to_strength'"]),
    ("{{ home_exercises(['clamshell']) }}", ["home_exercises", "in quotes, like 'new_to_strength'"]),
    ("{{ exercise_cards(7) }}", ["exercise_cards", "square brackets", "not 7"]),
    ("{{ exercise_cards([]) }}", ["exercise_cards", "the list is empty"]),
    ("{{ exercise_cards(['clamshell', 3]) }}", ["exercise_cards", "not 3"]),
    ("{{ exercise_cards(['clamshell', 'clamshell']) }}", ["'clamshell' named twice"]),
    ("{{ exercise_cards(filters='yes') }}", ["filters is True or False, not 'yes'"]),
    ("{{ exercise_cards(filter=True) }}", ["write it like this: exercise_cards("]),
    ("{{ exercise_page('the-five-from-the-video') }}", ["no exercise has the slug", "is a routine"]),
    ("{{ routine_page('clamshell') }}", ["no routine has the slug 'clamshell'", "is an exercise"]),
    ("{{ pocket_card('pre-run') }}", ["pocket_card", "'pre-run'", "did you mean 'pre-run-activation'"]),
    ("{{ routine_list('pre-run-activation') }}", ["routine_list", "square brackets"]),
    ("{{ routine_list(['pre-run-activation', 'gone-routine']) }}", ["routine_list", "'gone-routine'"]),
    ("{{ facet_page('muscles', 'gluteus-medius') }}", ["no way to browse by 'muscles'", "'muscle'"]),
    ("{{ facet_page('muscle', 'glutes-medius') }}", ["no muscle is called 'glutes-medius'", "'gluteus-medius'"]),
    ("{{ browse('all') }}", ["write it like this: browse()"]),
    ("{{ print_all(1) }}", ["write it like this: print_all()"]),
    ("{{ expert_say('metzl') }}", ["no macro called 'expert_say'", "did you mean 'expert_says'"]),
    ("Follow [us]({{ config.extra.youtub }}).", ["'youtub' is not defined", "did you mean 'youtube'"]),
    ("{{ words.first }}", ["'words' is not defined"]),  # the word is in the page's text too (line 3)
    ("{{ exercise_cards(['clamshell'] }}", ["'{{ exercise_cards(['clamshell'] }}' cannot be read",
                                            "unexpected '}', expected ')'", "every bracket and quote is closed"]),
    ("{{ exercise_cards(['clamshell']) | shuffled }}", ["cannot be read (no filter named 'shuffled')"]),
    ("{% if %}", ["'{% if %}' cannot be read"]),
]


@pytest.mark.parametrize("call,words", BAD_CALLS, ids=[c for c, _ in BAD_CALLS])
def test_a_bad_call_names_page_line_and_name(project_copy, caplog, call, words):
    page_with(project_copy, "{{ expert_says('metzl') }}", call)
    message = build_messages(project_copy, caplog)
    assert "docs/quotes.md" in message and "line 7:" in message, message
    for word in words:
        assert word in message, f"{word!r} not in: {message}"
    assert "Traceback" not in message


def test_every_bad_call_of_a_page_is_named_at_once_on_its_own_line(project_copy, caplog):
    page_with(
        project_copy,
        "{{ exercise_cards(['clamshell']) }}",
        "{{ exercise_cards(['clamshel']) }}",  # line 7
        "{{ exercise_cards(['clamshell']) }} and {{ expert_says('metzl') }}",
        "{{ exercise_cards(['clamshel']) }}",  # line 11: the same call again
        "{{ routine_list(['nowhere']) }}",  # line 13
    )
    message = build_messages(project_copy, caplog)
    assert "line 7: exercise_cards: no exercise has the slug 'clamshel'" in message
    assert "line 11: exercise_cards: no exercise has the slug 'clamshel'" in message
    assert "line 13: routine_list: no routine has the slug 'nowhere'" in message
    assert "Traceback" not in message


def test_front_matter_counts_in_the_line(project_copy, caplog):
    page = project_copy / "docs" / "quotes.md"
    page.write_text("---\ntitle: Quotes\n---\n\n# Quotes\n\n{{ expert_says('nobody') }}\n", encoding="utf-8")
    message = build_messages(project_copy, caplog)
    assert "docs/quotes.md" in message and "line 7: expert_says" in message


def test_an_expert_removed_from_the_data_names_the_page_that_quotes_it(project_copy, raw_data, caplog):
    data = copy.deepcopy(raw_data)
    del data["experts"]["metzl"]
    write_data(project_copy, data)
    home = (project_copy / "docs" / "index.md").read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(home, start=1) if "expert_says('metzl')" in text)
    message = build_messages(project_copy, caplog)
    assert "docs/index.md" in message and f"line {line}: expert_says" in message and "'metzl'" in message
    assert "'powers'" in message  # the names that are there
    assert "Traceback" not in message


def test_an_exercise_renamed_without_its_former_slug_names_the_page(project_copy, raw_data, caplog):
    data = copy.deepcopy(raw_data)
    for entry in data["exercises"]:
        if entry["slug"] == "side-lying-leg-raise":
            entry["slug"] = "side-leg-raise"
        for side in ("easier", "harder"):
            if entry[side].get("exercise") == "side-lying-leg-raise":
                entry[side]["exercise"] = "side-leg-raise"
    for item in (i for r in data["routines"] for b in r["blocks"] for i in b["exercises"]):
        if item["exercise"] == "side-lying-leg-raise":
            item["exercise"] = "side-leg-raise"
    home = data["home_page"]["new_to_strength"]  # the home page's list in the data, renamed too
    home[home.index("side-lying-leg-raise")] = "side-leg-raise"
    data["gone"] = {"/exercises/side-lying-leg-raise/": "/exercises/"}  # its old address kept, without the slug
    write_data(project_copy, data)
    page_with(project_copy, "{{ exercise_cards(['clamshell', 'side-lying-leg-raise'], compact=True) }}")
    message = build_messages(project_copy, caplog)
    assert "docs/quotes.md" in message and "line 5: exercise_cards" in message
    assert "'side-lying-leg-raise'" in message and "'side-leg-raise'" in message
    assert "Traceback" not in message


def test_good_calls_with_keywords_and_former_slugs_still_build(project_copy, raw_data):
    data = copy.deepcopy(raw_data)
    next(e for e in data["exercises"] if e["slug"] == "clamshell")["former_slugs"] = ["clam-shell"]
    write_data(project_copy, data)
    about = project_copy / "docs" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\n".join([
        "", "{{ exercise_cards(slugs=['clam-shell', 'step-up'], filters=false) }}", "",
        "{{ routine_list(['pre-run-activation']) }}", "",
        "{{ facet_page(kind='level', key='beginner') }}", "",
    ]), encoding="utf-8")
    site = build_site(project_copy, project_copy / "site")
    html = (site / "about" / "index.html").read_text(encoding="utf-8")
    assert "Clamshell" in html and "Pre-run glute wake-up" in html


def test_the_command_line_build_says_it_in_one_plain_message(project_copy):
    page_with(project_copy, "{{ expert_says('metzel') }}", "{{ exercise_cards('clamshell') }}")
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(project_copy / "site")],
        cwd=project_copy, capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=300,
    )
    output = run.stdout + run.stderr
    assert run.returncode != 0
    assert "docs/quotes.md" in output and "line 5: expert_says" in output and "line 7: exercise_cards" in output
    assert "Traceback" not in output
    assert not (project_copy / "site").exists()


# The home page has front matter, which MkDocs takes off before the macros see the page:
# the line is still the file's own.
@pytest.mark.parametrize("call", ["{{ exercise_cards(['clamshell'] }}", "{{ page.nothing.deeper }}"])
def test_make_build_names_the_home_pages_line_for_any_call_it_cannot_do(project_copy, call):
    home = project_copy / "docs" / "index.md"
    text = home.read_text(encoding="utf-8") + "\n" + call + "\n"
    home.write_text(text, encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "lazyathlete", "build"], cwd=project_copy, capture_output=True, text=True,
                         env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, timeout=300)
    output = run.stdout + run.stderr
    assert run.returncode != 0
    assert "docs/index.md: a macro call on the page cannot be done" in output, output
    assert f"line {text.count(chr(10))}: " in output, output
    assert "Traceback" not in output and "Macro Syntax Error" not in output and "Rendering Error" not in output
