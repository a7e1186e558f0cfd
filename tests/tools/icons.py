"""Draw the app icons (docs/assets/icon-*.png) from the site's own art, the favicon
(docs/assets/favicon.svg), with Chromium: `cd tests && ../.venv/bin/python -m tools.icons`.
The icons are kept in the repository (a build draws nothing); tests/test_offline.py
checks that they still are this art at these sizes."""

from __future__ import annotations

from tools.project import ROOT

ASSETS = ROOT / "docs" / "assets"
BRAND = "#0b5d4b"  # the favicon's background, the site's primary colour
ICONS = {  # file: (size, share of the icon the art covers)
    "icon-192.png": (192, 1.0),
    "icon-512.png": (512, 1.0),
    # Maskable: the launcher may cut it to a circle, so the art keeps to the middle 80%.
    "icon-maskable-512.png": (512, 0.72),
}


def page(size: int, share: float) -> str:
    art = (ASSETS / "favicon.svg").read_text(encoding="utf-8")
    side = round(size * share)
    return (
        f"<!doctype html><style>html,body{{margin:0;width:{size}px;height:{size}px;background:"
        f"{'transparent' if share == 1 else BRAND};display:grid;place-items:center}}"
        f"svg{{width:{side}px;height:{side}px;display:block}}</style>{art}"
    )


def draw(chromium: str = "/usr/bin/chromium") -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium)
        for name, (size, share) in ICONS.items():
            tab = browser.new_page(viewport={"width": size, "height": size})
            tab.set_content(page(size, share))
            tab.screenshot(path=str(ASSETS / name), omit_background=share == 1)
            tab.close()
        browser.close()


if __name__ == "__main__":
    draw()
