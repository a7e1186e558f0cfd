"""How fast search answers a keypress on a phone-class CPU: a benchmark, not a test.

    .venv/bin/python tests/tools/search_bench.py [SITE_DIR]

Serves a built site (SITE_DIR, else site/), opens it in Chromium with its CPU slowed
four times (the DevTools protocol's Emulation.setCPUThrottlingRate 4, as Lighthouse's
mobile runs do), opens the search box and types ordinary queries and slips key by key.
For every keypress it reports, read in the page with performance.now():
  answered  from the keydown to the results being in the page (the box's own work), and
  painted   from the keydown to the first frame after that (what the eye sees).
Also the first opening: the engine and the index fetched and the index built.
The promise is 50 ms from a keypress to its results (issue 24); numbers go in BENCHMARK.md.
"""

from __future__ import annotations

import functools
import http.server
import os
import statistics
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
THROTTLE = 4
QUERIES = ["clam", "bridge", "kettlebell", "knee pain", "printable", "side", "band", "bum",
           "hydrent", "bulgerian split", "glutebridge", "clam shell", "single leg deadlifts", "kettlebbell swnig"]

# Installed in the page: the time of each keydown, and of the first change of the results after it.
PROBE = """() => {
  window.__keys = [];
  const box = document.querySelector('.la-search__input');
  const list = document.querySelector('.la-search__results');
  const status = document.querySelector('.la-search__status');
  box.addEventListener('keydown', () => { window.__keys.push({ down: performance.now() }); }, true);
  const seen = () => {
    const key = window.__keys[window.__keys.length - 1];
    if (!key || key.answered) return;
    key.answered = performance.now();
    key.typed = box.value;
    requestAnimationFrame(() => { key.painted = performance.now(); });
  };
  new MutationObserver(seen).observe(list, { childList: true, subtree: true });
  new MutationObserver(seen).observe(status, { childList: true, characterData: true, subtree: true });
}"""


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def summary(name: str, values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"{name:9} median {statistics.median(ordered):5.1f} ms   95th {p95:5.1f} ms   worst {ordered[-1]:5.1f} ms"


def main() -> int:
    from playwright.sync_api import sync_playwright

    site = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "site"
    if not (site / "search.json").is_file():
        print(f"{site}: no search.json; build the site first (make build)", file=sys.stderr)
        return 2
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}/"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        page = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True).new_page()
        cdp = page.context.new_cdp_session(page)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": THROTTLE})
        page.goto(base + "exercises/glute-bridge/")
        page.wait_for_load_state("load")
        page.evaluate(PROBE)
        start = page.evaluate("performance.now()")
        page.get_by_role("button", name="Search", exact=True).tap()
        page.keyboard.type("c")
        page.wait_for_function("() => /result|Nothing/.test(document.querySelector('.la-search__status').textContent)")
        first = page.evaluate("performance.now()") - start
        page.evaluate("window.__keys = []")
        box = page.locator(".la-search__input")
        for query in QUERIES:
            box.fill("")
            for letter in query:
                page.keyboard.press(letter if letter != " " else "Space")
                page.wait_for_timeout(120)  # a fast thumb: about eight letters a second
        keys = [key for key in page.evaluate("window.__keys") if "painted" in key]
        browser.close()
    server.shutdown()
    answered = [key["answered"] - key["down"] for key in keys]
    painted = [key["painted"] - key["down"] for key in keys]
    print(f"search on a {THROTTLE}x slowed CPU (Chromium), {len(keys)} keypresses over {len(QUERIES)} queries, 390x844")
    print(f"first opening: engine, index and first results in {first:.0f} ms (from the tap)")
    print(summary("answered", answered))
    print(summary("painted", painted))
    late = [f"{key['typed']!r} {key['painted'] - key['down']:.0f} ms" for key in keys if key["painted"] - key["down"] > 50]
    print(f"keypresses painted later than 50 ms: {len(late)} of {len(painted)}" + (f": {', '.join(late)}" if late else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
