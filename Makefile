# Everything a fresh machine needs: `make run` serves the chat, `make test` runs the suite.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install setup browser run test stress lint eval clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# torch first and pinned: pip finds the CPU build on this disk; unpinned it pulls CUDA.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# Builds the default model into the user cache and indexes the bundled document.
setup: install
	$(BIN)/vraagbaak setup

run: setup
	$(BIN)/vraagbaak serve

# tests/test_browser.py drives Debian's Chromium (Playwright cannot download a browser here) and injects axe-core.
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
		if [ "$$(id -u)" = 0 ]; then apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; \
		else echo "make browser: /usr/bin/chromium is missing; run 'sudo apt-get install -y chromium'," \
			"or tests/test_browser.py is skipped." >&2; fi; \
	fi
	@# axe-core, the accessibility checker the browser test injects, pinned in tests/a11y/package-lock.json.
	@if command -v npm >/dev/null; then npm ci --prefix tests/a11y --no-audit --no-fund --silent; \
	else echo "make browser: npm is missing, so the accessibility check is skipped." >&2; fi

test: setup browser
	$(BIN)/python -m pytest

# Load (20 sessions x 10 questions) and 20 kill -9 trials during an index write: a few
# minutes. Figures go to test-artifacts/stress.json and crash.txt; see docs/reliability.md.
stress: setup
	$(BIN)/python -m pytest -m slow -s tests/test_stress.py

lint: install
	$(BIN)/ruff check rag embeddings ui tests bench
	$(BIN)/ruff format --check rag embeddings ui tests bench

eval: setup
	$(BIN)/vraagbaak eval eval/bundled
	$(BIN)/vraagbaak eval eval/own/dev

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache .ruff_cache
