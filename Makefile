# TITP Assistant: `make run` sets everything up and starts the services;
# `make test` runs the whole suite. See README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# Rasa 3.6 needs Python 3.8-3.10; the project runs on 3.10. Prefer pyenv's
# newest 3.10, then python3.10 on PATH. PYTHON310=/path/to/python overrides.
PYENV_ROOT ?= $(shell pyenv root 2>/dev/null || echo $$HOME/.pyenv)
PYTHON310 ?= $(shell for p in $$(ls -d $(PYENV_ROOT)/versions/3.10.*/bin/python 2>/dev/null | sort -V -r) $$(command -v python3.10 2>/dev/null); do \
	  if "$$p" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' 2>/dev/null; then echo "$$p"; break; fi; done)

VENV   := .venv
PY     := $(VENV)/bin/python
RASA   := $(VENV)/bin/rasa
STAMP  := $(VENV)/.installed
MODEL  := models/titp.tar.gz
# The web widget's socket.io client, built from web/package-lock.json (npm), never a CDN.
WIDGET_VENDOR := bot/web/static/vendor/socket.io.min.js
# Everything a trained model depends on. Answer texts (bot/knowledge/lang) are
# not here: they are rendered at run time, so fixing one needs no retraining.
# make decides when to retrain, so `rasa train` runs with --force: Rasa's own
# cache does not notice changed component code.
TRAIN_INPUTS := config.yml domain.yml $(shell find data -name "*.yml" 2>/dev/null | sort) \
	$(wildcard bot/nlu/*.py) $(wildcard bot/language/*.py)

export PYTHONPATH := $(CURDIR)
export PYTHONDONTWRITEBYTECODE := 1
export TF_CPP_MIN_LOG_LEVEL := 2
export RASA_TELEMETRY_ENABLED := false
export SQLALCHEMY_SILENCE_UBER_WARNING := 1

.PHONY: help install train run stop status shell test validate test-stories pytest bench clean python310 browser

help:
	@echo "make run    - set up (venv, dependencies, model) and start the assistant"
	@echo "make test   - run the whole test suite"
	@echo "make train  - train the model if the training data changed"
	@echo "make shell  - chat in the terminal (rasa shell)"
	@echo "make stop   - stop the services started by make run"
	@echo "make status - show which services are running"

python310:
	@if [ -z "$(PYTHON310)" ]; then \
	  echo "ERROR: Python 3.10 not found. Rasa 3.6 needs Python 3.8-3.10 and this project uses 3.10." >&2; \
	  echo "  Looked in $(PYENV_ROOT)/versions/3.10.*/bin/python and for python3.10 on PATH." >&2; \
	  echo "  Install it (e.g. 'pyenv install 3.10') or run: make PYTHON310=/path/to/python3.10 ..." >&2; \
	  exit 1; fi

$(STAMP): requirements.txt | python310
	@echo "==> [1/4] Creating the virtualenv with $(PYTHON310) and installing pinned dependencies (a few minutes on first run)"
	@test -x $(PY) || $(PYTHON310) -m venv $(VENV)
	@# This machine's pip config names local mirror folders that may not exist; drop those warnings.
	@$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt 2>&1 \
	  | grep -v -E "^WARNING: Location '.*' is ignored|^  DEPRECATION: .* legacy 'setup.py install'"; \
	  test $${PIPESTATUS[0]} -eq 0
	@$(PY) -m pip check
	@touch $@

install: $(STAMP) $(WIDGET_VENDOR)

$(WIDGET_VENDOR): web/package.json web/package-lock.json web/build.mjs
	@echo "==> Building the web widget's assets (npm ci)"
	@mkdir -p var
	@command -v npm > /dev/null || { echo "ERROR: npm not found; install Node.js and npm (Debian: apt-get install nodejs npm)" >&2; exit 1; }
	@cd web && npm ci --no-audit --no-fund --loglevel=error > ../var/npm.log 2>&1 \
	  || { mkdir -p ../var; cat ../var/npm.log; echo "ERROR: npm ci failed" >&2; exit 1; }
	@cd web && npm run --silent build
	@test -f $@ && touch $@

# The widget's browser tests drive Debian's Chromium (never a downloaded browser).
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get > /dev/null; then \
	    echo "==> Installing Debian's chromium for the widget's browser tests"; \
	    (apt-get install -y -q chromium chromium-driver > var/apt.log 2>&1 || \
	     { apt-get update -q > /dev/null 2>&1 && apt-get install -y -q chromium chromium-driver > var/apt.log 2>&1; }) \
	      || { tail -20 var/apt.log; echo "ERROR: could not install chromium" >&2; exit 1; }; \
	  else \
	    echo "ERROR: /usr/bin/chromium is missing; the widget tests need it: sudo apt-get install chromium chromium-driver" >&2; exit 1; \
	  fi; fi

$(MODEL): $(TRAIN_INPUTS) | $(STAMP)
	@echo "==> [2/4] Training the model (training data changed or no model yet)"
	@mkdir -p models var
	@start=$$(date +%s); \
	$(RASA) train --force --fixed-model-name titp --out models --quiet > var/train.log 2>&1 \
	  || { tail -40 var/train.log; echo "ERROR: training failed, full log in var/train.log" >&2; exit 1; }; \
	echo "    trained in $$(( $$(date +%s) - start )) s -> $(MODEL)"
	@touch $@

train: $(MODEL)

run: $(MODEL) $(WIDGET_VENDOR)
	@echo "==> [3/4] Preparing the database (schema, and demo trainees on first use)"
	@mkdir -p var
	@$(PY) -m bot seed-demo --if-empty > var/db-setup.log 2>&1 || { cat var/db-setup.log; exit 1; }
	@echo "    $$(tail -1 var/db-setup.log)"
	@echo "==> [4/4] Starting the services"
	@scripts/services start
	@scripts/services where

stop:
	@scripts/services stop

status:
	@scripts/services status

shell: $(MODEL)
	@scripts/services start-support
	$(RASA) shell -m $(MODEL) --endpoints endpoints.yml -p 5006

validate: $(STAMP)
	@echo "==> rasa data validate"
	@mkdir -p var
	@$(RASA) data validate --fail-on-warnings --quiet > var/validate.log 2>&1 || { cat var/validate.log; exit 1; }
	@# Responses sent only from custom actions, and forms' utter_ask_<slot> prompts, are "unused" to
	@# the validator; every other warning fails.
	@allowed="utter_ask_[a-z_]+|$$(grep -oh '"utter_[a-z_]*"' actions/*.py | tr -d '"' | sort -u | paste -sd'|')"; \
	if grep -E "UserWarning|WARNING" var/validate.log | grep -v -E "The utterance '($$allowed)' is not used in any story or rule"; then \
	  echo "ERROR: rasa data validate printed the warnings above" >&2; exit 1; fi
	@echo "    clean"

test-stories: $(MODEL)
	@echo "==> rasa test core (test stories)"
	@$(RASA) test core -m $(MODEL) --stories tests/stories --fail-on-prediction-errors --out var/test-results/core > var/test-stories.log 2>&1 \
	  || { tail -60 var/test-stories.log; echo "ERROR: test stories failed; see var/test-results/core/failed_test_stories.yml" >&2; exit 1; }
	@grep -h "Correct:" var/test-stories.log | head -3 || true

pytest: $(MODEL)
	@echo "==> pytest"
	@$(PY) -m pytest tests

test: $(STAMP) $(WIDGET_VENDOR)
	@mkdir -p var
	@$(MAKE) --no-print-directory browser
	@$(MAKE) --no-print-directory validate
	@$(MAKE) --no-print-directory $(MODEL)
	@$(MAKE) --no-print-directory test-stories
	@$(MAKE) --no-print-directory pytest

bench: $(MODEL)
	$(PY) bench/nlu_eval
	$(PY) bench/lang_detect
	$(PY) bench/action_validation
	$(PY) bench/train_time
	$(PY) bench/latency
	$(PY) bench/fuzz

clean:
	rm -rf models var .pytest_cache
