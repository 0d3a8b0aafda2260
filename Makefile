# alicloud-gov: the two commands a newcomer runs are `make demo` and `make test`.
# Every target installs what it needs first, idempotently; caches live in ignored folders.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
TOOLS := .tools
STAMP := $(VENV)/.installed
export PATH := $(CURDIR)/$(TOOLS)/bin:$(CURDIR)/$(BIN):$(PATH)
# Every Pulumi run this project makes is offline (see scripts/pulumi-env.sh).
export PULUMI_SKIP_UPDATE_CHECK := true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION := true

.PHONY: setup venv toolchain demo test test-unit test-wire test-e2e lint bench clean

setup: venv toolchain

venv: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --upgrade pip
	@echo "==> installing alicloud-gov (editable) with dev extras"
	@$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	@touch $(STAMP)

toolchain:
	@bash scripts/pulumi-toolchain.sh

demo: setup
	@bash scripts/demo.sh

lint: venv
	@echo "==> ruff"
	@$(BIN)/ruff check alicloud_gov tests bench scripts
	@$(BIN)/ruff format --check alicloud_gov tests bench scripts
	@echo "==> mypy"
	@$(BIN)/mypy

test: setup lint
	@$(BIN)/python -m pytest -q -p no:cacheprovider

test-unit: venv
	@$(BIN)/python -m pytest -q -m unit

test-wire: venv
	@$(BIN)/python -m pytest -q -m wire

test-e2e: setup
	@$(BIN)/python -m pytest -q -m e2e

bench: setup
	@bash scripts/bench.sh

clean:
	rm -rf $(VENV) .state .pytest_cache .mypy_cache .ruff_cache
