# rangemap: `make run` starts the app, `make test` runs every test. Both set up what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
APP_STAMP := $(VENV)/.app-installed
DEV_STAMP := $(VENV)/.dev-installed
PORT ?= 8501
VENDOR_STAMP := static/vendor/.stamp
CHROMIUM := /usr/bin/chromium
PDFTOPPM := /usr/bin/pdftoppm

.PHONY: run run-offline test bench gazetteer-cache lint format clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(APP_STAMP): requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(DEV_STAMP): requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $(APP_STAMP) $@

# Browser assets for RANGEMAP_LOCAL_ASSETS=1, from npm, never committed (ranges/assets.py).
$(VENDOR_STAMP): package.json package-lock.json scripts/vendor_assets.py ranges/assets.py | $(BIN)/python
	npm ci --no-audit --no-fund --ignore-scripts
	$(BIN)/python scripts/vendor_assets.py
	touch $@

# Debian's chromium for the browser tests (never a downloaded browser build).
$(CHROMIUM):
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

# Debian's poppler-utils (tests render the PDF pictures with pdftoppm) and Noto fonts (pictures'
# labels in more scripts than the DejaVu Sans matplotlib bundles).
$(PDFTOPPM):
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils fonts-noto-core

run: $(APP_STAMP) gazetteer-cache
	$(BIN)/streamlit run app.py --server.port $(PORT) --server.headless true

# The same, with Leaflet and its plugins served by the app itself (air-gapped use).
run-offline: $(APP_STAMP) $(VENDOR_STAMP) gazetteer-cache
	RANGEMAP_LOCAL_ASSETS=1 $(BIN)/streamlit run app.py --server.port $(PORT) --server.headless true

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: $(DEV_STAMP) $(VENDOR_STAMP) $(CHROMIUM) $(PDFTOPPM) lint gazetteer-cache
	$(BIN)/python -m pytest

# The gazetteer's binary cache of every extract (ranges/gazetteer_cache.py; ~/.cache/rangemap or
# $$RANGEMAP_CACHE_DIR): built once (about 20 s for the three), before the app starts, so that no
# visitor waits for it; a no-op once built. The bench times warm loads (and a cold build
# separately, in a temporary directory).
gazetteer-cache: $(APP_STAMP)
	$(BIN)/python -c "from ranges.gazetteer import EXTRACTS, load_extract; [load_extract(e) for e in EXTRACTS]"

# Prints every measure and writes the table into README.md (between the bench markers).
bench: $(DEV_STAMP) $(VENDOR_STAMP) $(CHROMIUM) gazetteer-cache
	$(BIN)/python -m bench

format: $(DEV_STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis node_modules static/vendor
