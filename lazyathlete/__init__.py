"""The Lazy Athlete glute site: the data, the drawings, the pages and the tools that build it.

data/     the one data file: models, loading (the one gate), the catalog, routine timing
figures/  the line drawings: pose model, kinematics, checks, SVG
site/     what pages hold: generated pages, search words, links, rendering, headers
hooks.py  the thin MkDocs adapter (listed under `hooks:` in mkdocs.yml): events hand plain values to site/
cli/      the owner's commands (python -m lazyathlete ...)
"""
