# The two set-up commands of the README (run, test), plus the measuring ones (eval, bench) and lint.
# Each target creates .venv and installs the locked dependencies first, so a fresh clone needs nothing else.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.caveat-installed
PORT   ?= 8501

.PHONY: run test eval bench lint setup

setup: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv
	$(BIN)/uv pip install --quiet --python $(BIN)/python -r requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/streamlit run app.py --server.headless true --server.address 127.0.0.1 \
		--server.port $(PORT) --browser.gatherUsageStats false

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/python -m pytest

eval: $(STAMP)
	$(BIN)/caveat eval

bench: $(STAMP)
	$(BIN)/caveat bench

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports
