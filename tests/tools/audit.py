"""`make audit`: Lighthouse (mobile) against the built site, served with gzip as a real host would.

Runs each page five times (at least the three asked for: on a noisy 2-core
machine five give a steadier median), keeps the JSON reports under
build/lighthouse/, prints the medians, and exits non-zero when a target is missed:
accessibility, best practices and SEO 100; performance at least 98.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import json
import os
import statistics
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "site"
REPORTS = ROOT / "build" / "lighthouse"
LIGHTHOUSE = ROOT / "tests" / "tools" / "node_modules" / ".bin" / "lighthouse"
PAGES = {
    "home": "",
    "exercise": "exercises/clamshell/",
    "routine": "routines/the-five-from-the-video/",
    "routine builder": "routines/build/#v1&t=Home&b=glute-bridge.3x12,r45&b=clamshell.2x15,fire-hydrant.2x12,r60",
    "exercises index": "exercises/",
}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 98, "accessibility": 100, "best-practices": 100, "seo": 100}
RUNS = 5
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")


# --- A static host with gzip ---------------------------------------------------------------------


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Serves site/ like a host: gzip for text, long cache for hashed assets."""

    def log_message(self, *args) -> None:
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()  # the host's trailing-slash redirect
            path = path / "index.html"
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not path.is_file() or path.suffix not in COMPRESSIBLE or not wants_gzip:
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=9)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "public, max-age=31536000" if "/assets/" in self.path else "public, max-age=600")
        self.end_headers()
        return io.BytesIO(body)


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


# --- Lighthouse --------------------------------------------------------------------------------------


def lighthouse(url: str, out: Path) -> dict[str, int]:
    """One mobile Lighthouse run; the category scores out of 100."""
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROMIUM", "/usr/bin/chromium")}
    subprocess.run(
        [
            str(LIGHTHOUSE), url, "--output=json", f"--output-path={out}", "--quiet",
            "--only-categories=" + ",".join(CATEGORIES),
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking"
            " --disable-component-update --disable-sync --no-first-run",
        ],
        check=True, env=env,
    )
    report = json.loads(out.read_text(encoding="utf-8"))
    return {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES}


def main() -> int:
    if not (SITE / "index.html").is_file():
        print("audit: no site/ (run `make build` first)", file=sys.stderr)
        return 2
    REPORTS.mkdir(parents=True, exist_ok=True)
    server, base = serve(SITE)
    medians: dict[str, dict[str, float]] = {}
    try:
        for name, path in PAGES.items():
            runs = [lighthouse(base + path, REPORTS / f"{name.replace(' ', '-')}-{n + 1}.json") for n in range(RUNS)]
            medians[name] = {c: statistics.median(r[c] for r in runs) for c in CATEGORIES}
    finally:
        server.shutdown()
    (REPORTS / "summary.json").write_text(json.dumps(medians, indent=2), encoding="utf-8")
    print(f"\nLighthouse, mobile, median of {RUNS} runs (reports in {REPORTS.relative_to(ROOT)}/)")
    print(f"{'page':<17}" + "".join(f"{c:>16}" for c in CATEGORIES))
    missed = []
    for name, scores in medians.items():
        print(f"{name:<17}" + "".join(f"{scores[c]:>16g}" for c in CATEGORIES))
        missed += [f"{name}: {c} {scores[c]:g} < {TARGETS[c]}" for c in CATEGORIES if scores[c] < TARGETS[c]]
    print(f"{'target':<17}" + "".join(f"{'>= ' + str(TARGETS[c]):>16}" for c in CATEGORIES))
    if missed:
        print("\naudit: targets missed: " + "; ".join(missed), file=sys.stderr)
        return 1
    print("\naudit: every target met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
