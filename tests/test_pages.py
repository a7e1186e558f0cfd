"""The built site shows what the data says, where readers expect it."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, article, page_path, words

from lazyathlete.data import DATA_FILE, load_catalog
from lazyathlete.figures import figure_overlay

CATALOG = load_catalog(ROOT / DATA_FILE)
EXERCISES = list(CATALOG.exercises.values())
SEED_URLS = [
    "exercises/glute-bridge/",
    "exercises/single-leg-deadlift/",
    "exercises/step-up/",
    "exercises/clamshell/",
    "exercises/kettlebell-swing/",
]


def expected_dose(exercise) -> str:
    amount = f"{exercise.dose.reps}" if exercise.dose.reps else f"{exercise.dose.seconds} s"
    return f"{exercise.dose.sets} × {amount}" + (" each side" if exercise.one_sided else "")


def fact(body, label: str) -> str:
    for row in body.select(".la-facts > div"):
        if words(row.dt) == label:
            return words(row.dd)
    raise AssertionError(f"no '{label}' on the page")


# --- Exercise pages --------------------------------------------------------------------------


@pytest.mark.parametrize("url", SEED_URLS)
def test_seed_urls_printed_in_video_descriptions_exist(page, url):
    assert article(page(url)).h1 is not None


def test_at_least_twelve_glute_exercises():
    assert len(EXERCISES) >= 12


@pytest.mark.parametrize("ex", EXERCISES, ids=lambda e: e.slug)
def test_exercise_page_shows_every_field(page, ex):
    soup = page(f"exercises/{ex.slug}/")
    body = article(soup)
    vocab = CATALOG.data.vocabulary
    assert words(body.h1) == ex.name
    assert words(soup.title).startswith(ex.name)
    text = words(body)
    assert ex.summary in words(body.select_one(".la-summary"))
    for alias in ex.also_called:
        assert alias in words(body.select_one(".la-also"))
    assert fact(body, "Dose") == expected_dose(ex)
    assert fact(body, "Level") == vocab.levels[ex.level].name
    for key in ex.equipment:
        assert vocab.equipment[key].name in fact(body, "Equipment")
    for key in ex.primary_muscles:
        assert vocab.muscles[key].name in fact(body, "Main muscles")
        for everyday in vocab.muscles[key].also:
            assert everyday in fact(body, "Main muscles")
    for key in ex.secondary_muscles:
        assert vocab.muscles[key].name in fact(body, "Also works")
    assert " ".join(ex.why_for_running.split()) in text
    for item in ex.helps_with:
        assert item in words(body.select_one(".la-helps"))
    assert [words(li) for li in body.select("ol.la-steps > li")] == list(ex.steps)
    assert words(body.select_one(".la-cue__text")) == ex.key_cue
    assert [words(li) for li in body.select("ul.la-mistakes > li")] == list(ex.mistakes)
    if ex.caution:
        assert ex.caution in words(body.select_one(".admonition"))
    # The safety note leads to the pain rule: which aches are OK, when to ease off, when to stop.
    assert body.select_one(".admonition a[href$='pain/']") is not None


@pytest.mark.parametrize("ex", EXERCISES, ids=lambda e: e.slug)
def test_easier_harder_and_no_kit_link_to_the_exercises_the_site_has(page, ex):
    url = f"exercises/{ex.slug}/"
    body = article(page(url))
    labels = [words(b.select_one(".la-variation__label")) for b in body.select(".la-variation")]
    # A move that needs kit says what to do with none, beside its easier and harder versions.
    assert ("No kit" in labels) == (ex.no_kit_swap is not None) == (ex.equipment != ["none"])
    for label, variation in (("Easier", ex.easier), ("Harder", ex.harder), ("No kit", ex.no_kit_swap)):
        if variation is None:
            continue
        box = next(b for b in body.select(".la-variation") if words(b.select_one(".la-variation__label")) == label)
        if variation.how:
            assert variation.how in words(box)
        link = box.select_one(".la-variation__link a")
        if variation.exercise:
            target = urlparse(urljoin("https://x/" + url, link["href"])).path
            assert target == f"/exercises/{variation.exercise}/"
            assert words(link) == CATALOG.exercise(variation.exercise).name
        else:
            assert link is None


@pytest.mark.parametrize("ex", [e for e in EXERCISES if e.attribution], ids=lambda e: e.slug)
def test_attribution_names_the_expert_as_the_source_does(page, ex):
    expert = CATALOG.expert(ex.attribution)
    quote = " ".join(article(page(f"exercises/{ex.slug}/")).select_one(".la-attribution").get_text().split())
    assert f"{expert.name}, {expert.described_as}, {expert.says}" in quote


def test_powers_is_attributed_on_the_step_up_in_own_words(page):
    # Who said it, what about, and how far it goes ("can help"), not the post's wording
    # (tests/test_own_words.py holds the wording).
    quote = words(article(page("exercises/step-up/")).select_one(".la-attribution"))
    assert "Dr. Chris Powers" in quote and "biomechanics" in quote
    assert "knee" in quote and "can help" in quote


def test_no_page_without_attribution_shows_one(page):
    for ex in EXERCISES:
        if not ex.attribution:
            assert article(page(f"exercises/{ex.slug}/")).select_one(".la-attribution") is None


# --- Index and browse pages ------------------------------------------------------------------


def linked_paths(node, from_url: str) -> list[str]:
    return [urlparse(urljoin("https://x/" + from_url, a["href"])).path for a in node.select("a[href]")]


def test_index_lists_every_exercise(page):
    cards = article(page("exercises/")).select(".la-cards")
    paths = linked_paths(cards[0], "exercises/")
    assert sorted(paths) == sorted(f"/exercises/{e.slug}/" for e in EXERCISES)


def test_index_has_filters_for_muscle_equipment_and_level(page):
    form = article(page("exercises/")).select_one("form.la-filter")
    assert [s["name"] for s in form.select("select")] == ["muscle", "equipment", "level"]
    equipment = [words(o) for o in form.select("select[name=equipment] option")]
    assert "No equipment" in equipment


@pytest.mark.parametrize("kind", ["muscle", "equipment", "level"])
def test_browse_pages_list_the_exercises_filed_under_them(page, site, kind):
    for key in CATALOG.facets[kind].terms:
        url = f"exercises/{kind}/{key}/"
        if not CATALOG.exercises_under(kind, key):
            assert not page_path(site, url).exists(), f"/{url} is an empty browse page"
            continue
        body = article(page(url))
        expected = sorted(f"/exercises/{e.slug}/" for e in CATALOG.exercises_under(kind, key))
        shown = sorted(p for p in linked_paths(body.select_one(".la-cards") or body, url)
                       if p.count("/") == 3 and p != "/exercises/")
        assert shown == expected, url


def test_no_equipment_page_lists_bodyweight_moves(page):
    body = article(page("exercises/equipment/none/"))
    assert "No equipment" in words(body.h1)
    assert "/exercises/glute-bridge/" in linked_paths(body, "exercises/equipment/none/")


def test_index_links_to_every_browse_page(page):
    paths = set(linked_paths(article(page("exercises/")).select_one(".la-browse"), "exercises/"))
    for kind, facet in CATALOG.facets.items():
        for key in facet.terms:
            listed = f"/exercises/{kind}/{key}/" in paths
            assert listed == bool(CATALOG.exercises_under(kind, key)), key


# --- Scanning by picture: every card shows its exercise's drawing ------------------------------


def card_slug(card, from_url: str) -> str:
    link = card.select_one("a.la-card__link[href]")
    return urlparse(urljoin("https://x/" + from_url, link["href"])).path.strip("/").split("/")[-1]


def drawn_paths(svg) -> list[str]:
    return [path["d"] for path in svg.select("path[d]")]


@pytest.mark.parametrize("url", ["", "exercises/"])
def test_every_card_shows_its_exercise_drawing_inline_beside_the_name(page, url):
    cards = [c for c in article(page(url)).select(".la-card") if card_slug(c, url) in CATALOG.exercises]
    assert cards and (url == "" or len(cards) == len(CATALOG.exercises))
    for card in cards:
        slug = card_slug(card, url)
        svgs = card.select("svg")
        assert len(svgs) == 1, f"{slug}: one drawing per card, not {len(svgs)}"
        svg = svgs[0]
        # Drawn in the page: nothing it shows is fetched (no <img>, <image>, <use> of another file).
        assert not card.select("img, image, use, [src]"), slug
        # The name beside it says what it is: hidden from screen readers, or named itself.
        assert svg.get("aria-hidden") == "true" or (svg.get("role") == "img" and svg.get("aria-label")), slug
        assert words(card.select_one(".la-card__link")) == CATALOG.exercise(slug).name
        # The exercise's own drawing: the end over the faint start, as on the pocket card.
        own = BeautifulSoup(str(figure_overlay(CATALOG.exercise(slug).figure)), "lxml").svg
        assert drawn_paths(svg) == drawn_paths(own), slug
        assert svg["viewbox"] == own["viewbox"], slug  # lxml reads attribute names in lower case


# --- A page listing the words of each way to browse ---------------------------------------------


@pytest.mark.parametrize("kind", list(CATALOG.facets))
def test_each_way_to_browse_has_a_page_linking_every_value(page, site, kind):
    url = f"exercises/{kind}/"
    soup = page(url)
    body = article(soup)
    facet = CATALOG.facets[kind]
    assert facet.title.lower() in words(body.h1).lower()
    assert facet.title.lower() in soup.title.get_text().lower()
    assert soup.select_one("meta[name=description]")["content"]
    paths = linked_paths(body, url)
    for key, term in facet.terms.items():
        linked = f"/exercises/{kind}/{key}/" in paths
        assert linked == bool(CATALOG.exercises_under(kind, key)), key
        if linked:
            assert term.name in words(body), key
    assert f"/{url}" in site.joinpath("sitemap.xml").read_text(encoding="utf-8")


@pytest.mark.parametrize("kind", list(CATALOG.facets))
def test_each_way_to_browse_is_found_by_search_under_its_title(search_index, kind):
    entry = next((d for d in search_index["docs"] if d["u"] == f"exercises/{kind}/"), None)
    assert entry is not None and CATALOG.facets[kind].title.lower() in entry["t"].lower()
    assert entry.get("w"), "its own search words"


# --- Home, about, footer --------------------------------------------------------------------------


def test_home_explains_why_glutes_matter(page):
    text = words(article(page("")))
    for idea in ("hips level", "forward", "hamstrings", "calves", "lower back", "knee pain",
                 "IT band", "shin splints", "runner's knee", "bendy legs"):
        assert idea.lower() in text.lower(), idea
    assert "Dr. Jordan Metzl, a sports medicine doctor" in text


def home_section_cards(page, heading: str):
    body = article(page(""))
    h2 = next(h for h in body.find_all("h2") if words(h).startswith(heading))
    return h2.find_next(class_="la-cards")


def test_home_leads_to_the_five_from_the_video_in_order(page):
    paths = linked_paths(home_section_cards(page, "The five from the video"), "")
    assert paths == ["/" + u for u in SEED_URLS]


def test_home_start_here_holds_only_beginner_moves(page):
    paths = linked_paths(home_section_cards(page, "New to strength work? Start here"), "")
    assert paths
    for path in paths:
        assert CATALOG.exercise(path.strip("/").split("/")[-1]).level == "beginner", path


def test_home_links_to_youtube_and_the_exercises(page):
    body = article(page(""))
    assert body.select_one("a[href='https://www.youtube.com/@thelazyathlete']") is not None
    assert "/exercises/" in linked_paths(body, "")


@pytest.mark.parametrize("url,heading", [
    ("about/", "About"),
    ("disclaimer/", "Medical disclaimer"),
    ("affiliate-disclosure/", "Affiliate disclosure"),
])
def test_about_pages_exist(page, url, heading):
    assert heading.lower() in words(article(page(url)).h1).lower()


def test_disclaimer_says_not_advice_stop_on_pain_see_a_professional(page):
    text = words(article(page("disclaimer/"))).lower()
    assert "not medical advice" in text
    assert "sharp" in text and "stop" in text
    assert "physio" in text and "doctor" in text


@pytest.mark.parametrize("url", ["", "exercises/", "exercises/clamshell/", "about/"])
def test_footer_links_to_the_youtube_channel(page, url):
    footer = page(url).select_one("footer")
    assert footer.select_one("a[href^='https://www.youtube.com/']") is not None


# --- Search index -----------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def search_index(site: Path) -> dict:
    return json.loads((site / "search.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("ex", EXERCISES, ids=lambda e: e.slug)
def test_search_index_holds_each_exercise_and_its_aliases(search_index, ex):
    docs = [d for d in search_index["docs"] if d["u"] == f"exercises/{ex.slug}/"]
    assert len(docs) == 1, f"{ex.slug} is not in the search index once"
    assert docs[0]["t"] == ex.name
    assert docs[0].get("a", []) == ex.also_called and docs[0].get("p", []) == ex.helps_with


def test_search_index_holds_everyday_words_for_glutes(search_index):
    # In the page's text or its tags: search ranks tags above text, and the
    # facts list that shows these words on the page is kept out of the text.
    docs = [d for d in search_index["docs"] if d["u"] == "exercises/glute-bridge/"]
    text = " ".join(str(value) for d in docs for value in d.values())
    for word in ("bum", "butt", "backside", "glutes"):
        assert re.search(rf"\b{word}\b", text), word


# --- Nothing from other hosts ------------------------------------------------------------------------


LOADING = "script[src], img[src], iframe[src], source[src], link[href][rel~=stylesheet], link[href][rel~=icon], link[href][rel~=preload], link[href][rel~=manifest]"


def test_pages_load_nothing_from_other_hosts(site: Path):
    for html in site.rglob("*.html"):
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "lxml")
        for node in soup.select(LOADING):
            address = node.get("src") or node.get("href")
            assert not urlparse(address).netloc, f"{html.relative_to(site)} loads {address}"


# --- Macro output held out of Markdown (lazyathlete/site/macro_output.py) --------------------


@pytest.mark.parametrize("ex", EXERCISES, ids=lambda e: e.slug)
def test_exercise_page_table_of_contents_lists_its_sections(page, ex):
    soup = page(f"exercises/{ex.slug}/")
    # The player's heading (Start this exercise) names the step on screen, not a section of the page.
    sections = [(h.get("id"), words(h)) for h in article(soup).select("h2:not(dialog h2)")]
    toc = [(a["href"].lstrip("#"), words(a)) for a in soup.select("nav.md-nav--secondary a.md-nav__link")]
    assert ("how-to-do-it", "How to do it") in toc
    assert toc == sections
    assert soup.select_one("a.md-skip")["href"] == f"#{sections[0][0]}"


def test_no_placeholder_is_left_on_any_page(site: Path):
    from lazyathlete.site.macro_output import placeholder

    stem = placeholder(0)[:-2]
    leftovers = [str(p.relative_to(site)) for p in site.rglob("*.html") if stem in p.read_text(encoding="utf-8")]
    leftovers += ["search.json"] if stem in (site / "search.json").read_text() else []
    assert leftovers == []


def test_pocket_cards_stay_out_of_search_the_routine_page_answers(search_index):
    locations = {doc["u"] for doc in search_index["docs"]}
    for slug in CATALOG.routines:
        assert f"routines/{slug}/" in locations
        assert not any(loc.startswith(f"routines/{slug}/card/") for loc in locations)


def test_the_same_safety_words_on_every_exercise_stay_out_of_search(page, search_index):
    # On the page, where the reader needs them; not in search, where "pain"
    # would list every exercise ahead of the ones that help with it.
    generic = "Sharp or pinching pain means stop"
    for ex in EXERCISES:
        assert generic in words(article(page(f"exercises/{ex.slug}/"))), ex.slug
    indexed = [d["u"] for d in search_index["docs"] if generic in json.dumps(d, ensure_ascii=False)]
    assert indexed == []
    # An exercise's own caution is its own, and stays searchable.
    cautious = [ex for ex in EXERCISES if ex.caution]
    assert cautious
    for ex in cautious:
        text = " ".join(json.dumps(d, ensure_ascii=False) for d in search_index["docs"] if d["u"] == f"exercises/{ex.slug}/")
        assert " ".join(ex.caution.split()[:6]) in text, ex.slug


# The first screen in one round trip: a phone on a slow network gets an exercise page's whole
# HTML in the first flight of a new connection (about 14 KB), styles included. Print styles are
# a file of their own that only printing waits for.
ROUND_TRIP_BYTES = 14 * 1024


def test_every_exercise_page_arrives_in_one_round_trip(site, catalog):
    import gzip

    for slug in catalog.exercises:
        html = (site / "exercises" / slug / "index.html").read_bytes()
        size = len(gzip.compress(html, compresslevel=6))
        assert size <= ROUND_TRIP_BYTES, f"exercises/{slug}/ is {size} bytes gzipped"


def test_print_styles_wait_for_printing_only(site):
    soup = BeautifulSoup((site / "exercises" / "clamshell" / "index.html").read_text(encoding="utf-8"), "html.parser")
    printed = [
        link for link in soup.find_all("link", rel="stylesheet")
        if link.get("media") == "print" and not link.has_attr("data-la-open-style")  # the player's screen, applied by script
    ]  # fmt: skip
    assert len(printed) == 1 and (site / "exercises" / "clamshell" / printed[0]["href"]).resolve().is_file()
