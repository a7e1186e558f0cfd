"""What the build writes once every page is written, in this order: the redirect pages and
`_redirects` (site/links.py), a link-preview picture per exercise and routine
(site/previews.py), `_headers` read back from every written page (site/headers.py), the
service worker listing every file written before it (site/offline.py) and, on a real build,
the new page addresses (site/addresses.py). No MkDocs here: hooks.py's on_post_build hands
over the site folder and the values below.
"""

from __future__ import annotations

from pathlib import Path

import jinja2

from lazyathlete.data import Catalog
from lazyathlete.site import addresses, headers, links, offline, previews, site_folder


def write_final_files(
    site: Path, catalog: Catalog, site_url: str | None, redirect_template: jinja2.Template, *, offline_on: bool, recorded_in: Path | None,
    pictures_kept_in: Path | None = None,
) -> None:
    """offline_on: the owner's `extra: offline:` switch; recorded_in: the project folder whose
    data/addresses.txt gains the site's new page addresses (None: a preview or a test's build);
    pictures_kept_in: where preview pictures are kept between builds (site/previews.py)."""
    site_folder.write_files(site, links.redirect_pages(catalog, site_url, redirect_template))
    site_folder.write_files(site, previews.preview_images(catalog, pictures_kept_in))
    headers.write_headers_file(site)
    # Last: the worker's list and version cover every file written before it.
    (site / offline.SERVICE_WORKER).write_text(offline.service_worker(site, offline_on), encoding="utf-8")
    if recorded_in is not None:  # the whole site is written: its page addresses join the list it has had
        addresses.record_site(site, recorded_in / addresses.ADDRESSES)
