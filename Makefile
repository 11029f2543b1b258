# The two set-up commands of the README (run, test), plus the quick loop (test-fast), the measuring ones (eval,
# bench) and lint.
# Each target creates .venv and installs the locked dependencies first, so a fresh clone needs nothing else.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.caveat-installed
PORT   ?= 8501

# Tests that start a server, a browser or a process carry a mark (tests/conftest.py fails any that does not);
# the quick loop leaves them out and runs in one process: each xdist worker imports everything again (~5 s of
# CPU), which on two cores cost more than the second worker saved (measured: 21 s alone, 41 s on two workers).
# PYTHONDONTWRITEBYTECODE (set on some machines) would make every run compile each module and rewrite each
# test's asserts again: the quick loop unsets it so that the second run reads the caches.
# The whole suite waits on servers and a browser, so it runs on one worker per core; the browser tests share one.
FAST   := -m "not browser and not server and not subprocess and not slow"
XDIST  := -n auto --dist loadgroup

.PHONY: run test test-fast eval bench lint setup

setup: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv
	$(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python -r requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/streamlit run app.py --server.headless true --server.address 127.0.0.1 \
		--server.port $(PORT) --browser.gatherUsageStats false

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/python -m pytest $(XDIST)

test-fast: $(STAMP)
	env -u PYTHONDONTWRITEBYTECODE $(BIN)/python -m pytest $(FAST) -q

eval: $(STAMP)
	$(BIN)/caveat eval

bench: $(STAMP)
	$(BIN)/caveat bench

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/python -m pytest -q -p no:cacheprovider tests/test_function_length.py
