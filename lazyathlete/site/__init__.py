"""What the site's pages hold, from the catalog: the kinds of page (kinds.py), search words,
links and redirects, the browser components a page loads, the address checks, rendering
through the content templates, security headers.
No MkDocs here: hooks.py hands over plain values (tests/test_adapter.py)."""
