"""Security headers: the build writes site/_headers (Netlify, Cloudflare Pages) with a strict
Content-Security-Policy, and a person using the site in Chromium under it meets no violation.

The test host (conftest.serve_directory) sends those headers with every
response, so every browser test in the suite runs under the policy too.
"""

from __future__ import annotations

import base64
import copy
import hashlib
from pathlib import Path
from urllib.parse import urlparse

import pytest
from bs4 import BeautifulSoup
from conftest import build_site, headers_rules, serve_directory, write_data
from tools.project import copy_project

from lazyathlete.site import headers

PLAYER = "https://www.youtube-nocookie.com"
SECURITY_HEADERS = ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "Permissions-Policy")
# Scripts a browser runs; any other `type` (application/json...) is data, never run.
RUN_TYPES = {"", "text/javascript", "application/javascript", "module"}
DENIED = ("camera", "microphone", "geolocation", "payment", "usb", "browsing-topics", "interest-cohort", "display-capture")
PLAYER_FEATURES = ("autoplay", "encrypted-media", "picture-in-picture", "fullscreen")


# --- The policy, as written by the build ----------------------------------------------------------


def policy_of(site: Path) -> dict[str, str]:
    """The headers site/_headers gives every path (its `/*` rule)."""
    file = site / "_headers"
    assert file.is_file(), "the build writes site/_headers"
    rules = dict(headers_rules(file.read_text(encoding="utf-8")))
    assert "/*" in rules, "site/_headers has no rule for every path (/*)"
    return dict(rules["/*"])


def directives(csp: str) -> dict[str, list[str]]:
    parsed = {}
    for directive in filter(None, (part.strip() for part in csp.split(";"))):
        name, *sources = directive.split()
        parsed[name] = sources
    return parsed


def sha256_source(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def inline_hashes(html: str) -> tuple[set[str], set[str]]:
    """(script hashes, style hashes) of one page, read by an HTML parser (not the build's own reading)."""
    soup = BeautifulSoup(html, "lxml")
    scripts = {
        sha256_source(tag.string or "") for tag in soup.find_all("script")
        if not tag.has_attr("src") and tag.get("type", "").strip().lower() in RUN_TYPES
    }
    return scripts, {sha256_source(tag.string or "") for tag in soup.find_all("style")}


@pytest.fixture(scope="module")
def policy(site: Path) -> dict[str, str]:
    return policy_of(site)


@pytest.fixture(scope="module")
def csp(policy) -> dict[str, list[str]]:
    return directives(policy["Content-Security-Policy"])


def test_headers_file_sends_every_security_header_on_every_path(policy):
    assert set(SECURITY_HEADERS) <= set(policy)
    assert policy["X-Content-Type-Options"] == "nosniff"
    assert policy["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_every_line_fits_cloudflare_pages(site):
    for line in (site / "_headers").read_text(encoding="utf-8").splitlines():
        assert len(line) <= 2000, f"Cloudflare Pages ignores a _headers line over 2,000 characters: {line[:60]}..."


def test_policy_allows_only_the_site_itself_and_the_video_player(csp):
    assert csp["default-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert csp["form-action"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["frame-src"] == [PLAYER]
    assert csp["img-src"] == ["'self'", "data:"]
    for kind in ("script-src", "style-src"):
        # Nothing by category: no 'unsafe-inline', 'unsafe-eval', hosts or schemes; hashes only.
        assert csp[kind][0] == "'self'" and all(s.startswith("'sha256-") for s in csp[kind][1:]), csp[kind]


def test_permissions_policy_denies_what_the_site_does_not_use(policy):
    features = dict(item.strip().split("=", 1) for item in policy["Permissions-Policy"].split(","))
    for feature in DENIED:
        assert features.get(feature) == "()", feature
    for feature in PLAYER_FEATURES:
        assert features.get(feature) == f'(self "{PLAYER}")', feature
    assert features.get("screen-wake-lock") == "(self)"


def test_the_policy_holds_the_hash_of_every_inline_script_and_style_and_no_other(site, csp):
    scripts: dict[str, str] = {}
    styles: dict[str, str] = {}
    for path in html_files(site):
        page_scripts, page_styles = inline_hashes(path.read_text(encoding="utf-8"))
        scripts |= {h: str(path.relative_to(site)) for h in page_scripts}
        styles |= {h: str(path.relative_to(site)) for h in page_styles}
    assert len(html_files(site)) > 40 and (site / "404.html").is_file()
    missing = {h: page for h, page in scripts.items() if h not in csp["script-src"]}
    assert not missing, f"inline scripts the policy would block: {missing}"
    missing = {h: page for h, page in styles.items() if h not in csp["style-src"]}
    assert not missing, f"inline styles the policy would block: {missing}"
    assert set(csp["script-src"][1:]) == set(scripts), "the policy allows scripts no page has"
    assert set(csp["style-src"][1:]) == set(styles), "the policy allows styles no page has"


def test_no_page_has_inline_code_a_hash_cannot_allow(site):
    """Style attributes, event handler attributes and javascript: links need 'unsafe-*': none may exist."""
    found = []
    for path in html_files(site):
        for tag in BeautifulSoup(path.read_text(encoding="utf-8"), "lxml").find_all(True):
            for name, value in tag.attrs.items():
                text = " ".join(value) if isinstance(value, list) else value
                if name == "style" or name.startswith("on") or text.strip().lower().startswith("javascript:"):
                    found.append(f"{path.relative_to(site)}: <{tag.name} {name}=\"{text[:40]}\">")
    assert not found, "\n".join(found[:20])


def test_every_redirect_page_runs_the_same_script(site):
    """One hash for all of them: a script per short link would outgrow the header as the data grows."""
    scripts = set()
    for path in html_files(site):
        html = path.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' in html:
            scripts |= inline_hashes(html)[0]
    assert len(scripts) == 1, scripts


# --- The module that writes it ---------------------------------------------------------------------


def test_data_blocks_and_external_scripts_need_no_hash():
    html = (
        '<script type="application/json">{"a": 1}</script><script src="x.js"></script>'
        '<script type="module">import "./a.js"</script><STYLE media="print">p{}</STYLE>'
        "<script data-x='a>b'>run()</script>"
    )
    blocks = headers.blocks_of([html])
    assert blocks.scripts == {sha256_source('import "./a.js"'), sha256_source("run()")}
    assert blocks.styles == {sha256_source("p{}")}


def test_hash_is_of_the_text_as_the_browser_parses_it():
    assert headers.hash_source("a\r\nb\rc") == sha256_source("a\nb\nc")


def test_a_policy_too_long_for_cloudflare_stops_the_build():
    blocks = headers.InlineBlocks(scripts={sha256_source(str(n)) for n in range(40)})
    with pytest.raises(headers.HeaderTooLongError, match="2000"):
        headers.headers_file(blocks)


# --- A person using the site under the policy, in Chromium ----------------------------------------

# Registered before any of the page's scripts: every violation the page meets, in words.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => window.__violations.push(
  `${event.effectiveDirective} refused ${event.blockedURI || "inline code"} (${event.sourceFile}:${event.lineNumber}) ${event.sample}`));
"""
STUB_PLAYER = "<!doctype html><title>Stub player</title><p id=stub>stub player</p>"


class Person:
    """One reader's browser tab, recording policy violations and requests to other hosts."""

    def __init__(self, browser, base_url: str) -> None:
        self.base_url = base_url
        self.context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="light")
        self.context.add_init_script(RECORD_VIOLATIONS)
        self.console: list[str] = []
        self.outside: list[str] = []
        self.context.on("request", self._request)
        # Nothing leaves the machine: the player is a local stub (CSP's frame-src is checked before this).
        self.context.route(f"{PLAYER}/**", lambda route: route.fulfill(content_type="text/html", body=STUB_PLAYER))
        self.page = self.context.new_page()
        self.page.on("console", self._console)

    def _request(self, request) -> None:
        if urlparse(request.url).hostname != "127.0.0.1":
            self.outside.append(request.url)

    def _console(self, message) -> None:
        if "Content Security Policy" in message.text or "Permissions-Policy" in message.text:
            self.console.append(message.text[:300])

    def visit(self, address: str):
        response = self.page.goto(self.base_url + address)
        assert response is not None and "content-security-policy" in response.headers, (
            f"/{address} came without the site's policy: is site/_headers written?")
        return response

    def violations(self) -> list[str]:
        """Everything refused so far: on this page (its listener) and on any page (the console)."""
        return self.page.evaluate("window.__violations || []") + self.console

    def close(self) -> None:
        self.context.close()


@pytest.fixture(scope="module")
def video_site(tmp_path_factory, raw_data) -> Path:
    """The real site, with a video on the clamshell page (the real data has none yet)."""
    project = copy_project(tmp_path_factory.mktemp("video") / "project")
    data = copy.deepcopy(raw_data)
    next(e for e in data["exercises"] if e["slug"] == "clamshell")["videos"] = [{"id": "AbCdEfGhI_-", "start": 83}]
    write_data(project, data)
    return build_site(project, project / "site")


@pytest.fixture(scope="module")
def video_url(video_site) -> str:
    with serve_directory(video_site) as url:
        yield url


@pytest.fixture
def person(browser, video_url):
    reader = Person(browser, video_url)
    yield reader
    reader.close()


def site_addresses(site: Path) -> dict[str, str | None]:
    """Every page's address -> where it redirects to (None for a page of its own)."""
    addresses = {}
    for path in html_files(site):
        refresh = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml").select_one("meta[http-equiv=refresh]")
        target = refresh["content"].split("url=", 1)[1] if refresh else None
        addresses[path.relative_to(site).as_posix().removesuffix("index.html")] = target
    return addresses


@pytest.mark.browser
def test_every_page_loads_without_a_violation(person, video_site):
    failures = []
    addresses = site_addresses(video_site)
    assert sum(target is not None for target in addresses.values()) > 10, "redirect pages are walked too"
    for address, target in [*addresses.items(), ("no-such-page/", None)]:
        person.console.clear()
        person.visit(address + "?from=test")
        if target is not None:
            # The redirect page's script keeps the query; its meta refresh alone would drop it.
            person.page.wait_for_url(f"**{target}**")
            assert "from=test" in person.page.url, f"/{address}: the redirect script did not run"
        failures += [f"/{address}: {v}" for v in person.violations()]
    assert not failures, "\n".join(failures[:30])
    assert person.outside == []


@pytest.mark.browser
def test_search_runs_under_the_policy(person):
    person.visit("")
    person.page.get_by_role("button", name="Search", exact=True).click()
    person.page.get_by_role("combobox", name="Search the site").press_sequentially("clam")
    person.page.wait_for_function(
        "() => [...document.querySelectorAll('[role=listbox] [role=option]')].some(a => a.href.includes('/exercises/clamshell/'))"
    )
    assert person.violations() == []
    assert person.outside == []


@pytest.mark.browser
def test_light_dark_toggle_runs_under_the_policy(person):
    person.visit("exercises/clamshell/")
    for expected in ("slate", "default"):
        person.page.click("form.md-header__option label:not([hidden])")
        assert person.page.evaluate("document.body.getAttribute('data-md-color-scheme')") == expected
    person.visit("routines/")  # the saved choice is read by the inline palette script
    assert person.violations() == []
    assert person.outside == []


@pytest.mark.browser
def test_exercise_filter_runs_under_the_policy(person):
    person.visit("exercises/")
    status = person.page.inner_text(".la-filter__status")
    person.page.select_option("#la-filter-equipment", "kettlebell")
    assert person.page.inner_text(".la-filter__status") != status
    assert person.violations() == []
    assert person.outside == []


@pytest.mark.browser
@pytest.mark.parametrize("address", ["routines/the-five-from-the-video/", "routines/the-five-from-the-video/card/"])
def test_printing_runs_under_the_policy(person, address):
    person.visit(address)
    person.page.emulate_media(media="print")
    assert person.page.pdf(prefer_css_page_size=True).startswith(b"%PDF")
    person.page.emulate_media(media="screen")
    assert person.violations() == []
    assert person.outside == []


@pytest.mark.browser
def test_video_player_opens_under_the_policy_and_is_the_only_other_host(person):
    person.visit("exercises/clamshell/")
    person.page.wait_for_load_state("networkidle")
    assert person.outside == [], "nothing may load from another host before the click"
    person.page.get_by_role("link", name="Watch it in the video").click()
    frame = person.page.locator("iframe.la-video__frame")
    assert frame.get_attribute("src").startswith(f"{PLAYER}/embed/AbCdEfGhI_-?")
    # The stub's text shows only if frame-src let the frame load.
    assert person.page.frame_locator("iframe.la-video__frame").locator("#stub").inner_text() == "stub player"
    assert person.violations() == []
    assert person.outside and all(url.startswith(f"{PLAYER}/embed/") for url in person.outside), person.outside


@pytest.mark.browser
def test_the_detector_sees_an_inline_script_the_policy_does_not_allow(browser, site, tmp_path):
    """The site's own policy, a page with a script it does not allow, and a feature name Chromium does not know."""
    text = (site / "_headers").read_text(encoding="utf-8")
    (tmp_path / "_headers").write_text(text.replace("Permissions-Policy: ", "Permissions-Policy: battery=(), "), encoding="utf-8")
    (tmp_path / "index.html").write_text(
        "<!doctype html><title>Not allowed</title><script>document.title = 'ran'</script>", encoding="utf-8"
    )
    with serve_directory(tmp_path) as url:
        reader = Person(browser, url)
        reader.visit("")
        assert reader.page.title() == "Not allowed", "the script ran: the policy was not applied"
        assert any(v.startswith("script-src-elem refused inline") for v in reader.violations()), reader.violations()
        assert any("Content Security Policy" in line for line in reader.console)
        assert any("Unrecognized feature: 'battery'" in line for line in reader.console), reader.console
        reader.close()


@pytest.mark.browser
def test_the_player_and_the_builder_run_under_the_policy(person):
    """Playing a routine (sounds, wake lock, ticks, saved sessions, the CSV link), and
    building one (cards cloned from templates, a QR code drawn in the browser)."""
    person.visit("routines/pre-run-activation/")
    person.page.get_by_role("button", name="Start: follow along").click()
    for _ in range(4):
        person.page.get_by_role("button", name="Skip", exact=True).click()
    person.page.get_by_role("button", name="Pause", exact=True).click()
    person.page.get_by_role("button", name="Stop", exact=True).click()
    person.page.get_by_role("button", name="Stop and save").click()  # Stop asks first
    person.page.get_by_role("button", name="Back to the routine").click()
    person.page.get_by_role("link", name="Download my sessions (CSV)").dispatch_event("click")
    person.page.get_by_role("link", name="Change this routine").click()
    person.page.locator(".la-builder__row").first.wait_for()
    person.page.locator(".la-builder__choice").first.get_by_role("button").click()
    person.page.locator("[data-la-card='sheet']").scroll_into_view_if_needed()  # the code is drawn as the card comes into view
    person.page.locator("[data-la-card='sheet'] .la-qr path").wait_for(state="attached")
    person.page.emulate_media(media="print")
    assert person.page.pdf(prefer_css_page_size=True).startswith(b"%PDF")
    person.page.emulate_media(media="screen")
    assert person.violations() == []
    assert person.outside == []
