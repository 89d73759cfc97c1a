# The targets the README tells people to run. Each installs what it needs first, from the lock file.
UV_VERSION := 0.13.8
PYTHON ?= python3
SOURCES ?= ../shared/seeds
UV := .tools/bin/uv
RUN := $(UV) run --frozen --no-sync
# serve runs on the environment's Python itself: no process between make and the server's owner,
# so that stopping make stops the server (see scripts/monitor/serve.py).
PY ?= .venv/bin/python
PORT ?= 8000
export NO_MKDOCS_2_WARNING := 1

.PHONY: install site serve test test-fast validate validate-changed schema lint browsers clean new fmt linkcheck release bench intake intake-eval bench-intake coverage

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

.venv/.synced: uv.lock pyproject.toml | $(UV)
	$(UV) sync --frozen
	@touch $@

install: .venv/.synced  ## install the locked dependencies into .venv

site: install  ## build the site into site/ (strict: any broken link or bad record fails)
	$(RUN) python -m monitor build $(if $(VERBOSE),--verbose)

serve: install  ## preview at http://127.0.0.1:8000 (PORT=8001 for another port), reloading on every edit
	$(PY) -m monitor serve --dev-addr 127.0.0.1:$(PORT) $(if $(VERBOSE),--verbose)

# On every core (pytest-xdist; TEST_WORKERS=1 for one process): each test file stays in one
# worker so that its fixtures are made once (tests/conftest.py groups them), and the browser
# tests share one built site (tests/browser/conftest.py).
TEST_WORKERS ?= auto
PYTEST_PARALLEL := -n $(TEST_WORKERS) --dist loadgroup

test: install browsers  ## run every test, the browser tests included
	$(RUN) pytest $(PYTEST_PARALLEL)

test-fast: install  ## the tests without a browser or a full site build (a minute or less)
	$(RUN) pytest $(PYTEST_PARALLEL) -m "not browser and not build"

# What the browser tests (tests/browser/) need besides the Python packages: Debian's chromium
# (Playwright's own browser download does not work here) and axe-core from the npm lock file.
# A missing one is installed as root, or named with the command that installs it (need-tools.sh).
BROWSER_TOOLS := /usr/bin/chromium=chromium npm=npm
browsers: tests/browser/node_modules/.package-lock.json  ## install chromium and axe-core for the browser tests
	@sh scripts/need-tools.sh $(BROWSER_TOOLS)

tests/browser/node_modules/.package-lock.json: tests/browser/package-lock.json
	@sh scripts/need-tools.sh $(BROWSER_TOOLS)
	npm ci --prefix tests/browser --no-audit --no-fund

validate: install  ## check the data, and every quote against the source texts in $(SOURCES)
	@if [ -d "$(SOURCES)" ] || [ -n "$$CI" ]; then \
		$(RUN) python -m monitor validate --sources $(SOURCES); \
	else \
		echo "let op: $(SOURCES) niet gevonden: de citaten worden niet gecontroleerd (CI controleert ze altijd)"; \
		$(RUN) python -m monitor validate; \
	fi

coverage: install  ## every paragraph of the source texts in $(SOURCES), with the records that cite it
	$(RUN) python -m monitor coverage --sources $(SOURCES) $(if $(OPEN),--open)
validate-changed: install  ## as validate, reporting only the data files this branch changes (BASE=main)
	@if [ -d "$(SOURCES)" ]; then \
		$(RUN) python -m monitor validate --changed $(if $(BASE),--base $(BASE)) --sources $(SOURCES); \
	else \
		echo "let op: $(SOURCES) niet gevonden: de citaten worden niet gecontroleerd (CI controleert ze altijd)"; \
		$(RUN) python -m monitor validate --changed $(if $(BASE),--base $(BASE)); \
	fi

schema: install  ## regenerate the JSON Schemas in data/schema/
	$(RUN) python -m monitor schema

new: install  ## a new record from a commented template: make new KIND=measure ID=pilot-x
	@if [ -z "$(KIND)" ] || [ -z "$(ID)" ]; then \
		echo "usage: make new KIND=measure|motion|commitment|document ID=new-id"; exit 2; fi
	$(RUN) python -m monitor new $(KIND) $(ID)

fmt: install  ## format every data file in place (comments, key order and values kept)
	$(RUN) python -m monitor fmt

intake: install  ## proposals from a new letter: make intake TEXT=brief.txt DOCUMENT=id [APPLY=1]
	@if [ -z "$(TEXT)" ] || [ -z "$(DOCUMENT)" ]; then \
		echo "usage: make intake TEXT=path/to/letter.txt DOCUMENT=document-id [APPLY=1] [ONLY=1,3-5]"; exit 2; fi
	$(RUN) python -m monitor intake "$(TEXT)" --document $(DOCUMENT) $(if $(APPLY),--apply) $(if $(ONLY),--only $(ONLY))

intake-eval: install  ## precision and recall of intake on the five source texts in $(SOURCES)
	$(RUN) python -m monitor intake-eval --sources $(SOURCES)

linkcheck: install  ## check links and anchors of the built site/; EXTERNAL=1 also other sites
	$(RUN) python -m monitor check-links $(if $(EXTERNAL),--external)

release: install  ## make release VERSION=x.y.z: clean tree, validate, tag vX.Y.Z, strict build, link check
	@test -n "$(VERSION)" || { echo "usage: make release VERSION=x.y.z"; exit 2; }
	$(RUN) python -m monitor release $(VERSION) --sources $(SOURCES) --check "$(MAKE) --no-print-directory linkcheck"

bench: install  ## time the build at 100, 1,000 and 10,000 records (BENCH_SIZES=100,1000 to choose)
	$(RUN) python -m bench $(if $(BENCH_SIZES),--sizes $(BENCH_SIZES))

bench-intake: install  ## time intake of a 20-page letter against 1,000 synthetic measures
	$(RUN) python -m bench.intake --sizes $(or $(BENCH_SIZES),1000)

lint: install
	$(RUN) ruff check scripts tests
	$(RUN) ruff format --check scripts tests
	$(RUN) mypy

clean:
	rm -rf site .venv .tools
