# Two entry points that work on a fresh machine with Python 3.11+ and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: serve build test lint clean

$(BIN)/.installed: pyproject.toml .ci/constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c .ci/constraints.txt -e '.[test]'
	touch $@

serve: $(BIN)/.installed
	$(BIN)/python build.py serve

build: $(BIN)/.installed
	$(BIN)/python build.py

AXE := .cache/axe/node_modules/axe-core/axe.min.js

# axe-core (accessibility tests) comes from npm when npm is there; without it those tests skip locally and
# fail in CI, where .ci/run installs it.
$(AXE):
	-command -v npm >/dev/null && npm install --prefix .cache/axe --no-audit --no-fund --silent axe-core@4.14.1

test: $(BIN)/.installed $(AXE)
	$(BIN)/python -m ruff check .
	$(BIN)/python -m pytest -q

lint: $(BIN)/.installed
	$(BIN)/python -m ruff check .

clean:
	rm -rf site .site-* $(VENV)
