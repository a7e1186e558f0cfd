"""What the site's pages hold, from the catalog: generated pages, search words, links and
redirects, the address checks, rendering through the content templates, security headers.
No MkDocs here: hooks.py hands over plain values (tests/test_adapter.py)."""
