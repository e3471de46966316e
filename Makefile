# rangemap: `make run` starts the app, `make test` runs every test. Both set up what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
APP_STAMP := $(VENV)/.app-installed
DEV_STAMP := $(VENV)/.dev-installed
PORT ?= 8501
NODE_STAMP := node_modules/.rangemap-installed
CHROMIUM := /usr/bin/chromium
NGINX := /usr/sbin/nginx
REPLICAS ?= 2
PDFTOPPM := /usr/bin/pdftoppm

.PHONY: test-one-run run run-offline vendor replicas test bench bytecode gazetteer-cache lint format clean

# The venv, and uv in it (requirements-bootstrap.txt): uv installs the pinned requirements the
# way pip would, but fetches and unpacks them in parallel (a fresh install in about a third of
# pip's time here). --compile-bytecode: pip writes every package's .pyc at install, uv does not,
# and where Python may not write them itself (PYTHONDONTWRITEBYTECODE, set on this machine)
# every process compiled streamlit, pandas and the rest from source again: a cold server took
# 2-3 s longer to its first ring (bench/coldstart.py, A/B), every command line start too.
$(BIN)/uv: requirements-bootstrap.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q -r requirements-bootstrap.txt
	touch $@

$(APP_STAMP): requirements.txt | $(BIN)/uv
	$(BIN)/uv pip install -q --compile-bytecode --python $(BIN)/python -r requirements.txt
	touch $@

$(DEV_STAMP): requirements.txt requirements-dev.txt | $(BIN)/uv
	$(BIN)/uv pip install -q --compile-bytecode --python $(BIN)/python -r requirements-dev.txt
	touch $(APP_STAMP) $@

# The pinned npm packages the committed map code (static/vendor/) is made from: the tests check
# that the committed files still equal them (tests/test_vendor_bundle.py). The app never needs npm.
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	touch $@

# Remake static/vendor/ (one script bundle, one style bundle, images, fonts, licences) after a
# change to package.json or to CDN_ASSETS in ranges/web/assets.py; then commit static/vendor/.
vendor: $(NODE_STAMP) | $(BIN)/uv
	$(BIN)/python scripts/vendor_assets.py

# Debian's packages, in one apt-get (a fresh machine updated its package lists once per package
# before): chromium for the browser tests (never a downloaded browser build); nginx for `make
# replicas` and its test (run as this user; no service is started); poppler-utils (tests render
# the PDF pictures with pdftoppm) and Noto fonts (pictures' labels in more scripts than the
# DejaVu Sans matplotlib bundles). A grouped target: whichever is missing, one install of all.
DEBIAN_PACKAGES := chromium nginx poppler-utils fonts-noto-core
$(CHROMIUM) $(NGINX) $(PDFTOPPM) &:
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(DEBIAN_PACKAGES)

run: $(APP_STAMP) gazetteer-cache bytecode
	$(BIN)/streamlit run serve.py --server.port $(PORT) --server.headless true

# The app's own modules compiled to bytecode before a server starts (pip does this for the
# installed packages): where PYTHONDONTWRITEBYTECODE is set (containers often set it) Python
# never writes them, and every server start compiled ranges/ again, about 0.1 s of a cold
# start. A no-op when nothing changed; a stale file is simply recompiled in memory.
bytecode: $(APP_STAMP)
	$(BIN)/python -m compileall -q ranges app.py serve.py

# The app serves Leaflet and its plugins itself by default (air-gapped use included): the same.
run-offline: run

# $(REPLICAS) app processes behind nginx on http://127.0.0.1:$(PORT) (deploy/replicas.py;
# docs/deployment.md, "More than one server"). The app processes take the ports from 8601 on.
replicas: $(APP_STAMP) $(NGINX) gazetteer-cache bytecode
	$(BIN)/python -m deploy.replicas --replicas $(REPLICAS) --port $(PORT)

# ruff, then the import rules of pyproject.toml (import-linter: layers, no cycles, no Streamlit,
# folium or matplotlib in the engine; docs/architecture.md).
lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

# Everything but the browser tests on $(TEST_WORKERS) processes (pytest-xdist; each test is
# independent: temporary paths, free ports, the gazetteer cache only read, as built above); then
# the browser tests, one at a time (each file shares one app server and chromium). The one-run
# layout (`make test-one-run`: the browser tests in two groups beside the rest, the scheduler in
# tests/conftest.py) took a fresh clone 11 min 58 s against 14 min 25 s on a quiet machine, but
# lost a browser test to its own load (docs/testing.md): a test that fails under load fails CI.
TEST_WORKERS ?= 2
test: $(DEV_STAMP) $(NODE_STAMP) $(CHROMIUM) $(NGINX) $(PDFTOPPM) lint gazetteer-cache
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist worksteal --ignore=tests/browser --durations=15
	$(BIN)/python -m pytest tests/browser --durations=10

test-one-run: $(DEV_STAMP) $(NODE_STAMP) $(CHROMIUM) $(NGINX) $(PDFTOPPM) lint gazetteer-cache
	$(BIN)/python -m pytest -n 4 --dist load --durations=20

# The gazetteer's binary cache of every extract (ranges/places/gazetteer_cache.py; ~/.cache/rangemap or
# $$RANGEMAP_CACHE_DIR): built once (about 20 s for the three), before the app starts, so that no
# visitor waits for it; a no-op once built. The bench times warm loads (and a cold build
# separately, in a temporary directory).
gazetteer-cache: $(APP_STAMP)
	$(BIN)/python -c "from ranges.places.extracts import EXTRACTS, load_extract; [load_extract(e) for e in EXTRACTS]"

# Prints every measure and writes the table into docs/performance.md (between the bench markers).
bench: $(DEV_STAMP) $(CHROMIUM) gazetteer-cache bytecode
	$(BIN)/python -m bench

format: $(DEV_STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis node_modules
