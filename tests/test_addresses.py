"""One address, one page; and every address handed out keeps working, its #fragment included.

The build refuses any two things that would write the same file of the site (pages, browse
pages, cards, short links, former slugs, static files, the theme's own files) and names both;
and the advice its messages give works when it is followed.
"""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from conftest import build_error, build_site, page_path, rename_in_plans, write_data
from test_links import redirect_target

from lazyathlete.site.links import PUBLISHED_URLS


def exercise(data: dict, slug: str) -> dict:
    return next(e for e in data["exercises"] if e["slug"] == slug)


def routine(data: dict, slug: str) -> dict:
    return next(r for r in data["routines"] if r["slug"] == slug)


def twin_of(data: dict, slug: str, new_slug: str, short: str) -> dict:
    twin = copy.deepcopy(exercise(data, slug))
    twin.update(slug=new_slug, short=short, former_slugs=[], name=f"Another {twin['name']}")
    data["exercises"].append(twin)
    return twin


# --- Clashes -------------------------------------------------------------------------------------------


def exercise_named_like_a_browse_folder(project: Path, data: dict) -> tuple[str, ...]:
    # exercises/muscle.md and exercises/muscle/index.md both become /exercises/muscle/.
    data["vocabulary"]["muscles"]["index"] = {"name": "Index muscle", "about": "A muscle named like a folder's page."}
    exercise(data, "glute-bridge")["secondary_muscles"].append("index")
    twin_of(data, "clamshell", "muscle", "musc")
    return "/exercises/muscle/", "exercise 'muscle'", "muscle browse page for 'index'"


def routine_named_like_a_hand_written_page(project: Path, data: dict) -> tuple[str, ...]:
    routine(data, "pre-run-activation")["slug"] = "print"
    return "docs/routines/print.md", "routine 'print'"


def static_file_where_a_page_goes(project: Path, data: dict) -> tuple[str, ...]:
    (project / "docs/exercises/clamshell").mkdir(parents=True)
    (project / "docs/exercises/clamshell/index.html").write_text("<p>old</p>\n", encoding="utf-8")
    return "/exercises/clamshell/", "docs/exercises/clamshell/index.html", "exercise 'clamshell'"


def static_file_where_a_short_link_goes(project: Path, data: dict) -> tuple[str, ...]:
    (project / "docs/go/five").mkdir(parents=True)
    (project / "docs/go/five/index.html").write_text("<p>mine</p>\n", encoding="utf-8")
    return "/go/five/", "docs/go/five/index.html", "short name 'five'"


def hand_written_page_where_a_former_slug_goes(project: Path, data: dict) -> tuple[str, ...]:
    exercise(data, "clamshell")["former_slugs"] = ["clam-shell"]
    (project / "docs/exercises/clam-shell.md").write_text("# Clam shell\n", encoding="utf-8")
    return "/exercises/clam-shell/", "docs/exercises/clam-shell.md", "former slug 'clam-shell'"


def static_redirects_file(project: Path, data: dict) -> tuple[str, ...]:
    (project / "docs/_redirects").write_text("/old /new 301\n", encoding="utf-8")
    return "/_redirects", "docs/_redirects"


def static_404_page(project: Path, data: dict) -> tuple[str, ...]:
    (project / "docs/404.html").write_text("<p>lost</p>\n", encoding="utf-8")
    return "/404.html", "docs/404.html", "404.html template"


def static_search_index(project: Path, data: dict) -> tuple[str, ...]:
    (project / "docs/search.json").write_text("{}\n", encoding="utf-8")
    return "/search.json", "docs/search.json", "search index"


def static_file_where_a_preview_goes(project: Path, data: dict) -> tuple[str, ...]:
    (project / "docs/assets/previews/exercises").mkdir(parents=True)
    (project / "docs/assets/previews/exercises/clamshell.png").write_bytes(b"\x89PNG\r\n")
    return (
        "/assets/previews/exercises/clamshell.png", "docs/assets/previews/exercises/clamshell.png",
        "preview image of exercise 'clamshell'",
    )


CLASHES = [
    exercise_named_like_a_browse_folder, routine_named_like_a_hand_written_page, static_file_where_a_page_goes,
    static_file_where_a_short_link_goes, hand_written_page_where_a_former_slug_goes, static_redirects_file,
    static_404_page, static_search_index, static_file_where_a_preview_goes,
]


@pytest.mark.parametrize("make_clash", CLASHES, ids=lambda f: f.__name__)
def test_two_things_at_one_address_fail_the_build_naming_both(project_copy, raw_data, caplog, make_clash):
    data = copy.deepcopy(raw_data)
    expected = make_clash(project_copy, data)
    write_data(project_copy, data)
    message = build_error(project_copy, caplog)
    for words in expected:
        assert words in message, f"{words!r} not in: {message}"
    assert "Traceback" not in message


# --- The published-address contract --------------------------------------------------------------------


def publish(project: Path, *urls: str) -> None:
    path = project / PUBLISHED_URLS
    path.write_text(path.read_text(encoding="utf-8") + "".join(f"{url}\n" for url in urls), encoding="utf-8")


def test_a_missing_list_of_published_addresses_fails_the_build(project_copy, caplog):
    (project_copy / PUBLISHED_URLS).unlink()
    message = build_error(project_copy, caplog)
    assert "published-urls.txt" in message and "not found" in message and "create it" in message


@pytest.mark.parametrize("url", [
    "/exercises/clamshell/#how-to-do-it",  # a heading of the page
    "/go/clam/#how-to-do-it",  # through a short link
    "https://glutes.thelazyathlete.com/go/clam/?utm_source=youtube&utm_medium=video#how-to-do-it",
    "/exercises/clamshell/  # a comment after the address",
])
def test_published_links_into_a_page_that_has_the_place_build(project_copy, url):
    publish(project_copy, url)
    assert (build_site(project_copy, project_copy / "site") / "index.html").is_file()


@pytest.mark.parametrize("url,words", [
    ("/exercises/clamshell/#how-to-do-it-well", "#how-to-do-it-well"),
    ("/go/clam/#no-such-place", "#no-such-place"),
    ("https://glutes.thelazyathlete.com/go/nowhere/?utm_source=youtube", "short name 'nowhere'"),
])
def test_published_links_that_lost_their_place_fail_the_build(project_copy, caplog, url, words):
    publish(project_copy, url)
    message = build_error(project_copy, caplog)
    assert url in message and words in message


def test_renaming_a_routine_works_when_the_advice_is_followed(project_copy, raw_data, caplog):
    data = copy.deepcopy(raw_data)
    routine(data, "the-five-from-the-video")["slug"] = "five-from-the-video"
    for session in (s for p in data["plans"] for w in p["weeks"] for s in w["sessions"]):  # named anew, as the owner would
        if session["routine"] == "the-five-from-the-video":
            session["routine"] = "five-from-the-video"
    write_data(project_copy, data)
    message = build_error(project_copy, caplog)
    advice = "list 'the-five-from-the-video' under 'former_slugs' of the routine it became"
    assert "/routines/the-five-from-the-video/" in message and advice in message

    routine(data, "five-from-the-video")["former_slugs"] = ["the-five-from-the-video"]  # as the message says
    write_data(project_copy, data)
    site = build_site(project_copy, project_copy / "site")
    old_page = (page_path(site, "routines/the-five-from-the-video/")).read_text(encoding="utf-8")
    old_card = (page_path(site, "routines/the-five-from-the-video/card/")).read_text(encoding="utf-8")
    from bs4 import BeautifulSoup

    assert redirect_target(BeautifulSoup(old_page, "lxml")) == "routines/five-from-the-video/"
    assert redirect_target(BeautifulSoup(old_card, "lxml")) == "routines/five-from-the-video/card/"
    assert page_path(site, "routines/five-from-the-video/card/").is_file()


def name_anew(data: dict, old: str, new: str) -> None:
    """What the owner does after a rename: routines, variations, the home page's lists and the
    plans name the exercise by its new slug."""
    for entry in data["exercises"]:
        for side in ("easier", "harder"):
            if entry[side].get("exercise") == old:
                entry[side]["exercise"] = new
    for item in (i for r in data["routines"] for b in r["blocks"] for i in b["exercises"]):
        item["exercise"] = new if item["exercise"] == old else item["exercise"]
    for name, slugs in data["home_page"].items():
        data["home_page"][name] = [new if slug == old else slug for slug in slugs]
    rename_in_plans(data, old, new)


def test_renaming_an_exercise_works_when_the_advice_is_followed(project_copy, raw_data, caplog):
    data = copy.deepcopy(raw_data)
    exercise(data, "clamshell")["slug"] = "clam"
    write_data(project_copy, data)
    message = build_error(project_copy, caplog)
    # Routines and variations that named it must name it anew; published addresses need the old slug.
    assert "is 'clamshell', but no exercise has that slug" in message
    exercise(data, "clam")["former_slugs"] = ["clamshell"]
    write_data(project_copy, data)
    message = build_error(project_copy, caplog)
    assert "is 'clamshell', the exercise's old slug: it was renamed, write clam." in message
    name_anew(data, "clamshell", "clam")
    write_data(project_copy, data)
    site = build_site(project_copy, project_copy / "site")
    from bs4 import BeautifulSoup

    old = BeautifulSoup(page_path(site, "exercises/clamshell/").read_text(encoding="utf-8"), "lxml")
    assert redirect_target(old) == "exercises/clam/"


def test_a_published_address_of_a_renamed_exercise_gets_the_former_slug_advice(project_copy, raw_data, caplog):
    data = copy.deepcopy(raw_data)
    exercise(data, "clamshell")["slug"] = "clam"
    name_anew(data, "clamshell", "clam")
    write_data(project_copy, data)
    message = build_error(project_copy, caplog)
    assert "list 'clamshell' under 'former_slugs' of the exercise it became" in message


# --- The published list reads what works ---------------------------------------------------------------
# Every address the site really serves is accepted, however the list was saved; a dead
# one gets advice that works when followed (followed below, then built).

BUILDER_LINK = "/routines/build/#v1&t=Home%20glutes&b=glute-bridge.3x12,r45&b=clamshell.2x15,fire-hydrant.2x12,r60"

SERVED = [
    "/data/exercises.json",  # the open data
    "/data/exercises.schema.json",
    "https://glutes.thelazyathlete.com/data/exercises.json?utm_source=github",
    "/assets/previews/exercises/clamshell.png",  # preview pictures, written after the pages
    "/assets/previews/routines/pre-run-activation.png",
    "/assets/social.png",  # a static file under docs/
    "/manifest.webmanifest",
    "/sitemap.xml",  # the theme's
    "/exercises/clamshell/index.html",  # a page by its file
    "/",
    BUILDER_LINK,  # a routine for the builder, not an anchor
    "https://glutes.thelazyathlete.com/routines/build/?utm_source=youtube#v1&t=Five&b=glute-bridge.3x12,r45",
    "/routines/build/#v1&b=clamshell,side-lying-leg-raise.2x12,r60",  # no dose: the usual one
    "/routines/build/",
    "HTTPS://GLUTES.THELAZYATHLETE.COM/go/clam/",  # the host in capitals
    "http://glutes.thelazyathlete.com/go/clam/#how-to-do-it",  # http for https
    "glutes.thelazyathlete.com/go/five",  # as a printed card shows it
    "/go/clam/#:~:text=knees",  # a text fragment: the browser searches the page
]


@pytest.mark.parametrize("url", SERVED)
def test_every_address_the_site_serves_is_accepted(project_copy, url):
    publish(project_copy, url)
    assert (build_site(project_copy, project_copy / "site") / "index.html").is_file()


def saved_as(project: Path, transform) -> None:
    path = project / PUBLISHED_URLS
    text = path.read_text(encoding="utf-8") + "/exercises/clamshell/#how-to-do-it\n" + BUILDER_LINK + "\n"
    path.write_bytes(transform(text))


@pytest.mark.parametrize("transform", [
    lambda text: ("\ufeff" + text).encode("utf-8"),  # a byte-order mark (Windows Notepad)
    lambda text: text.replace("\n", "\r\n").encode("utf-8"),  # CRLF line endings
    lambda text: text.replace("\n", "\r").encode("utf-8"),  # old Mac line endings
    lambda text: text.replace("\n", " \t\u00a0\n").encode("utf-8"),  # spaces after each address
    lambda text: ("\ufeff" + text.replace("\n", " \r\n")).encode("utf-8"),  # all of them
], ids=["bom", "crlf", "cr", "trailing-space", "all"])
def test_the_list_reads_however_it_was_saved(project_copy, transform):
    saved_as(project_copy, transform)
    assert (build_site(project_copy, project_copy / "site") / "index.html").is_file()


def test_a_list_not_in_utf8_is_named_with_its_line(project_copy, caplog):
    saved_as(project_copy, lambda text: (text + "/exercises/caf\u00e9/\n").encode("latin-1"))
    message = build_error(project_copy, caplog)
    lines = (project_copy / PUBLISHED_URLS).read_bytes().count(b"\n")
    assert f"line {lines} is not UTF-8" in message and "save the file as UTF-8" in message
    assert "Traceback" not in message


def follow_a_file(project: Path, data: dict, path: str) -> None:
    (project / "docs" / path).parent.mkdir(parents=True, exist_ok=True)
    (project / "docs" / path).write_bytes(b"kept\n")


def follow_a_page(project: Path, data: dict, path: str) -> None:
    page = project / "docs" / f"{path.strip('/')}.md"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text("# Kept\n", encoding="utf-8")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("not_in_nav: |\n", f"not_in_nav: |\n  /{path.strip('/')}.md\n")
    config.write_text(text, encoding="utf-8")


def follow_a_former_slug(project: Path, data: dict, slug: str) -> None:
    exercise(data, "clamshell")["former_slugs"] = [slug]


def follow_a_short_name(project: Path, data: dict, short: str) -> None:
    twin_of(data, "clamshell", "clamshell-on-a-bench", short)  # every short in use is published


def follow_a_vocabulary_word(project: Path, data: dict, word: str) -> None:
    data["vocabulary"]["equipment"][word] = {"name": "Yoga block", "about": "A firm foam block."}
    exercise(data, "kettlebell-swing")["equipment"].append(word)


# A dead address, words its advice must hold, and the owner following it.
DEAD = [
    ("/data/exercise.json", "a file at docs/data/exercise.json would be", follow_a_file, "data/exercise.json"),
    ("/assets/previews/exercises/clam.png", "a file at docs/assets/previews/exercises/clam.png", follow_a_file,
     "assets/previews/exercises/clam.png"),
    ("/routines/build/#v1&t=Home&b=glute-bridge.3x12,clam-shells.2x15,r45", "without 'clam-shells'",
     follow_a_former_slug, "clam-shells"),
    ("/routines/build/#v1&b=bridge-of-sighs", "list 'bridge-of-sighs' under 'former_slugs'", follow_a_former_slug,
     "bridge-of-sighs"),
    ("/go/clammy/", "short name 'clammy'", follow_a_short_name, "clammy"),
    ("/exercises/equipment/yoga-block/", "keep 'yoga-block' among the vocabulary's equipment",
     follow_a_vocabulary_word, "yoga-block"),
    ("/exercises/colour/red/", "keep a page at docs/exercises/colour/red.md", follow_a_page, "exercises/colour/red"),
    ("/go/Clam/", "keep a page at docs/go/Clam.md", follow_a_page, "go/Clam"),  # no short name has capitals
    ("/exercises/Clam_Shell/", "keep a page at docs/exercises/Clam_Shell.md", follow_a_page, "exercises/Clam_Shell"),
    ("/about-us/", "keep a page at docs/about-us.md", follow_a_page, "about-us"),
]


@pytest.mark.parametrize("url,advice,follow,name", DEAD, ids=[d[0] for d in DEAD])
def test_a_dead_address_gets_advice_that_works_when_followed(project_copy, raw_data, caplog, url, advice, follow, name):
    publish(project_copy, url)
    message = build_error(project_copy, caplog)
    assert url in message and advice in message, message
    assert "line " in message and "Traceback" not in message
    data = copy.deepcopy(raw_data)
    follow(project_copy, data, name)
    write_data(project_copy, data)
    assert (build_site(project_copy, project_copy / "site") / "index.html").is_file()


@pytest.mark.parametrize("url", [
    "/routines/build/#v1&b=Glute Bridge.3x12",
    "/routines/build/#v1&t=Home&b=glute-bridge.3x12,clamshell.two-sets",
])
def test_a_builder_link_that_was_never_readable_says_so(project_copy, caplog, url):
    publish(project_copy, url)
    message = build_error(project_copy, caplog)
    assert url in message and "cannot read" in message and "as it was handed out" in message


def test_a_full_address_outside_the_sites_folder_is_refused(project_copy, caplog, monkeypatch):
    monkeypatch.setenv("SITE_URL", "https://user.github.io/glutes/")
    publish(project_copy, "https://user.github.io/glutes/go/clam/", "/go/five/", "https://user.github.io/other/go/clam/")
    message = build_error(project_copy, caplog)
    assert "https://user.github.io/other/go/clam/ (outside the site's address" in message
    assert "/go/five/" not in message and "glutes/go/clam/" not in message


@pytest.mark.parametrize("url,words", [
    ("/#no-such-place", "/ has no '#no-such-place'"),  # the home page's places are checked too
    ("/data/exercises.json#no-such-place", None),  # a file has no places to lose
])
def test_fragments_are_checked_on_pages_only(project_copy, caplog, url, words):
    publish(project_copy, url)
    if words is None:
        assert (build_site(project_copy, project_copy / "site") / "index.html").is_file()
    else:
        assert words in build_error(project_copy, caplog)
