"""The Lazy Athlete glute site: the data, the drawings, the pages and the tools that build it.

data/     the one data file: models, loading (the one gate), the catalog, routine timing
figures/  the line drawings: pose model, kinematics, checks, SVG, PNG
site/     what pages hold: the kinds of page (kinds.py), search words, links, rendering, headers,
          the browser components each page loads (the components are in overrides/components/)
hooks.py  the thin MkDocs adapter (listed under `hooks:` in mkdocs.yml): events hand plain values to site/
cli/      the owner's commands (python -m lazyathlete ...)
"""
