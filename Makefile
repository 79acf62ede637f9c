# Shelfbook — client-ready Amazon playbooks from raw exports.
# `make` (or `make help`) lists the targets. Every target sets up what it needs first.

SHELL := /bin/bash
.DEFAULT_GOAL := help

CLIENT ?= acme
PERIOD ?=
FORCE ?=
PRODUCT ?=
EVENT ?=
PLAYBOOK ?=
CLIENTS ?=
SCHEDULER ?=
SINCE ?=
PULL ?=
SKIP_BAD ?=
# User-supplied values are taken as written: `$(value ...)` stops make from expanding them (without it
# CLIENT='$(shell touch /tmp/x)' would run the command while make exports the variable). They reach
# the recipes as environment variables, always double-quoted ("$$CLIENT"), so a value like
# 'x; rm -rf ~' is one odd client name for Python to refuse, never a shell command.
USER_VARS := CLIENT PERIOD FORCE PRODUCT EVENT PLAYBOOK CLIENTS SCHEDULER SINCE PULL SKIP_BAD
$(foreach v,$(USER_VARS),$(eval override $(v) := $$(value $(v))))
export $(USER_VARS)

# NumPy's hugepage advice stalls page faults for seconds on a machine whose memory is fragmented;
# off for every target (JupyterLab's kernels, the benchmarks too): see helpers/memory.py.
export NUMPY_MADVISE_HUGEPAGE ?= 0

PYTHON_SYS ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

# Debian packages: WeasyPrint's text stack + fonts for the PDF; poppler + chromium to check outputs in tests.
PDF_DEBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-core fonts-liberation2 fonts-dejavu-core
TEST_DEBS := poppler-utils chromium

RUN = $(PY) -m helpers run
RUN_FLAGS = $${PERIOD:+--period "$$PERIOD"} $${FORCE:+--force}
PLAYBOOK_FLAGS = $(RUN_FLAGS) $${SKIP_BAD:+--skip-bad}

.PHONY: help setup pdf-deps test-deps demo-data qbr onboarding launch seasonal negatives pull all lab check test lint inspect bench mutate lock clean

help: ## Show this list of targets
	@echo "Shelfbook — usage: make <target> [CLIENT=acme] [PERIOD=2026-Q3] [FORCE=1]"
	@echo
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  %-14s %s\n", $$1, $$2}'

# uv installs the pinned stack in ~15 s where pip takes ~100 s (fresh clone to first PDF is most of
# that); it comes from PyPI as a wheel into the venv itself, pinned here. pip stays the fallback.
UV_VERSION := 0.13.9
UV := $(VENV)/bin/uv

$(STAMP): requirements.txt pyproject.toml
	@test -x $(PY) || { echo ">> Creating the virtual environment in $(VENV)/"; $(PYTHON_SYS) -m venv $(VENV); }
	@echo ">> Installing pinned Python packages (requirements.txt)"
	@if $(PY) -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)" 2>/dev/null; then \
	   $(UV) pip install --quiet --python $(PY) -r requirements.txt && \
	   $(UV) pip install --quiet --python $(PY) --no-deps -e . ; \
	 else \
	   echo ">> uv unavailable: installing with pip (slower)"; \
	   $(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt && \
	   $(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e . ; \
	 fi
	@touch $@

setup: $(STAMP) pdf-deps ## Create .venv/ and install everything the reports need (run by every target)

pdf-deps:
	@tools/ensure-debian-packages.sh "for the PDF export (WeasyPrint text stack and fonts)" $(PDF_DEBS)

test-deps:
	@tools/ensure-debian-packages.sh "for the tests (pdftotext, headless Chromium)" $(TEST_DEBS)

qbr: setup ## Quarterly business review: reports/<client>/<period>/qbr.{html,pdf}  [CLIENT= PERIOD= FORCE=1 SKIP_BAD=1]
	@$(RUN) qbr --client "$$CLIENT" $(PLAYBOOK_FLAGS)

onboarding: setup ## Onboarding audit with a scored 90-day action plan  [CLIENT=]
	@$(RUN) onboarding --client "$$CLIENT" $(PLAYBOOK_FLAGS)

launch: setup ## Launch plan for one product  [CLIENT= PRODUCT=<sku-or-asin>]
	@test -n "$$PRODUCT" || { echo "usage: make launch CLIENT=<client> PRODUCT=<sku-or-asin>" >&2; exit 2; }
	@$(RUN) launch --client "$$CLIENT" -p product="$$PRODUCT" $(PLAYBOOK_FLAGS)

seasonal: setup ## Seasonal event plan or review  [CLIENT= EVENT=prime-day-2027]
	@test -n "$$EVENT" || { echo "usage: make seasonal CLIENT=<client> EVENT=<event>, e.g. EVENT=prime-day-2027" >&2; exit 2; }
	@$(RUN) seasonal --client "$$CLIENT" -p event="$$EVENT" $(PLAYBOOK_FLAGS)

negatives: setup ## Amazon Ads bulk file of negative and harvested keywords  [CLIENT=]
	@$(PY) -m helpers negatives --client "$$CLIENT"

pull: setup ## Fetch the client's Amazon Ads + Seller Central reports into data/<client>/api/  [CLIENT= SINCE=YYYY-MM-DD]
	@$(PY) -m helpers pull --client "$$CLIENT" $${SINCE:+--since "$$SINCE"}

all: setup ## Every client x playbook in parallel, only what is stale  [PLAYBOOK= CLIENTS="a b" SCHEDULER= FORCE=1 PULL=1]
	@test -z "$$PULL" || $(PY) -m helpers pull --all $${CLIENTS:+--clients "$$CLIENTS"} \
	  || echo ">> some pulls failed (named above); building the reports from what is stored" >&2
	@$(PY) -m helpers all $${PLAYBOOK:+--playbook "$$PLAYBOOK"} $${CLIENTS:+--clients "$$CLIENTS"} $${SCHEDULER:+--scheduler "$$SCHEDULER"} $(RUN_FLAGS)

inspect: setup ## Check the exports in data/<client>/: report type, rows, dates, currency, totals
	@$(PY) -m helpers inspect --client "$$CLIENT"

lab: setup demo-data ## JupyterLab on the notebooks, headless: prints the URL with its token (each notebook runs on its defaults)
	@echo ">> JupyterLab on 127.0.0.1 without a browser: open the http://127.0.0.1:...?token=... URL it prints"
	@$(VENV)/bin/jupyter lab notebooks/ --no-browser --ip=127.0.0.1 $$(test "$$(id -u)" = 0 && echo --allow-root)

lint: $(STAMP) ## ruff on helpers, tests and notebooks
	@$(VENV)/bin/ruff check helpers tests notebooks tools

# Demo clients whose exports are generated (never downloaded); nbval runs the notebooks on them.
DEMO := acme harbour bergwerk

demo-data: $(STAMP) ## Write the demo clients' exports into data/<client>/ where missing
	@for c in $(DEMO); do test -d "data/$$c" || $(PY) -m helpers demo "$$c"; done

check: setup lint ## The fast tier (units, properties, doctests, lint; ~3.5 min): not the notebooks, slow or end to end tests
	@$(PY) -m pytest tests helpers --doctest-modules -q -m "not slow and not e2e and not notebook"

test: setup test-deps lint demo-data ## Run the whole test suite (units, notebooks against a fixture client, end to end)
	@$(PY) -m pytest tests notebooks helpers --nbval-lax --doctest-modules

bench: setup ## Benchmarks (speed, memory): prints measured times and ratios; not part of make test
	@$(PY) bench/run.py

# The functions that decide an action (the bid, each negatives rule, the routing); `$(VENV)/bin/mutmut run`
# alone mutates the whole of the modules listed under [tool.mutmut] in pyproject.toml (over an hour on 2 cores).
MUTATE_CORE := $(foreach f,harvest.x_harvest_candidates negatives.x__unlikely negatives.x_acos_limit \
	negatives.x_keepers negatives.x__enough_dead_terms negatives.x__outside_own_words negatives.x_kept_phrases \
	routing.x__route_one routing.x__best_overlap routing.x__line_campaign routing.x_term_products \
	routing.x_product_line,"helpers.measures.search_terms.$(f)*")

mutate: $(STAMP) ## Mutation testing of the rules behind the actions (bids, negatives, routing): share of mutants killed
	@rm -rf mutants && nice $(VENV)/bin/mutmut run --max-children 2 $(MUTATE_CORE) >/dev/null 2>&1 || true
	@$(VENV)/bin/mutmut results --all true 2>/dev/null | awk '/: killed$$/ {k++} /: (survived|timeout|suspicious|no tests)$$/ {s++} END {t=k+s; printf "mutants killed: %d of %d (%.0f %%)\n", k, t, t ? 100*k/t : 0}'

lock: ## Re-pin requirements.txt and environment.yml from requirements.in (fresh venv, needs PyPI)
	@rm -rf build/lock-venv && $(PYTHON_SYS) -m venv build/lock-venv
	@build/lock-venv/bin/pip install --quiet --disable-pip-version-check -r requirements.in
	@{ echo "# Pinned by \`make lock\` from requirements.in on Python 3.11 (pip freeze of a fresh venv). Do not edit by hand."; \
	   build/lock-venv/bin/pip freeze --exclude-editable; } > requirements.txt
	@$(PYTHON_SYS) tools/write_environment.py
	@rm -rf build/lock-venv
	@echo ">> requirements.txt and environment.yml updated"

clean: ## Remove the venv and build caches (never data/ or reports/)
	rm -rf $(VENV) build .pytest_cache .ruff_cache .hypothesis *.egg-info
