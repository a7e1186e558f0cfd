# The Lazy Athlete glute site. `make help` lists the targets.
# Every target sets up its own virtual environment (.venv) first.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
SITE_STAMP := $(VENV)/.installed-site
TEST_STAMP := $(VENV)/.installed-test
export NO_MKDOCS_2_WARNING := 1

.DEFAULT_GOAL := help
NODE_TOOLS := tests/tools/node_modules/.installed
.PHONY: help setup serve build test audit properdocs bench clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-11s %s\n", $$1, $$2}'

# What the site needs (make serve, make build), and what only the tests need, apart:
# a preview installs no browser driver, linter or type checker.
$(SITE_STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	touch $@

$(TEST_STAMP): $(SITE_STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

setup: $(TEST_STAMP) ## Create .venv and install the site and test dependencies

# axe-core, the Nu Html Checker and Lighthouse, pinned by package-lock.json.
# --ignore-scripts: vnu-jar ships its jar; its install script would fetch a Java.
$(NODE_TOOLS): tests/tools/package-lock.json
	cd tests/tools && npm ci --ignore-scripts --no-audit --no-fund
	touch $@

serve: $(SITE_STAMP) ## Serve http://127.0.0.1:8000 with live reload (data edits included)
	$(BIN)/mkdocs serve --strict --dev-addr 127.0.0.1:8000

# Each build goes into a fresh folder beside site/ (.site-build-*) and site/, a link
# to it, is replaced in one rename, only on success: never a half-built or missing
# site/, even with two builds at once. It refuses a site/ it did not write.
build: $(SITE_STAMP) ## Build the site into site/ with mkdocs build --strict
	$(BIN)/python -m lazyathlete build

test: $(TEST_STAMP) $(NODE_TOOLS) ## Lint (ruff, mypy), then the whole test suite (builds the site, drives Chromium)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m pytest

audit: build $(NODE_TOOLS) ## Lighthouse (mobile) on key pages, served with gzip; reports in build/lighthouse
	$(BIN)/python tests/tools/audit.py

# ProperDocs (the maintained fork of MkDocs 1.6) in a venv of its own, with the mkdocs
# package removed, so that its build cannot quietly be MkDocs' own.
PROPERDOCS_VENV := build/properdocs/venv
PROPERDOCS_STAMP := $(PROPERDOCS_VENV)/.installed
$(PROPERDOCS_STAMP): pyproject.toml
	rm -rf $(PROPERDOCS_VENV)
	$(PYTHON) -m venv $(PROPERDOCS_VENV)
	$(PROPERDOCS_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(PROPERDOCS_VENV)/bin/python -m pip install --quiet 'properdocs>=1.6.7,<1.7' -e .
	$(PROPERDOCS_VENV)/bin/python -m pip uninstall --quiet --yes mkdocs
	touch $@

properdocs: $(TEST_STAMP) $(PROPERDOCS_STAMP) ## Build with ProperDocs too and check it writes the same site as MkDocs
	$(BIN)/python tests/tools/properdocs_check.py --properdocs $(PROPERDOCS_VENV)/bin/properdocs

bench: $(TEST_STAMP) ## Build times against plain mkdocs-material and the commit before the simplification (slow; BENCHMARK.md)
	cd tests && ../$(BIN)/python -m tools.bench

# site/ only when a build wrote it (its link, or its marker file): never a folder of someone's own.
clean: ## Remove site/, .venv and caches
	@if [ -L site ] || [ -f site/.lazyathlete-site ]; then rm -rf site; \
	elif [ -e site ]; then echo "make clean: left site/ alone: no build wrote it (it has no .lazyathlete-site file)"; fi
	rm -rf .site-build-* .site-new-* .site-old-* $(VENV) .pytest_cache build tests/tools/node_modules .cache/previews .cache/qr .cache/templates
	@rmdir .cache 2>/dev/null || true
