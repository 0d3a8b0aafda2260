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

.PHONY: setup venv toolchain sarif-validator demo test test-unit test-wire test-e2e lint bench soak dist clean

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

# Microsoft's SARIF validator (the SARIF SDK's Multitool), for the test that validates `check --format sarif`;
# linked into .tools/bin as the platform's binary itself (npm's wrapper runs it through a shell).
SARIF_MULTITOOL_VERSION := 5.7.0
SARIF_MULTITOOL_STAMP := $(TOOLS)/npm/.sarif-multitool-$(SARIF_MULTITOOL_VERSION)

sarif-validator: $(SARIF_MULTITOOL_STAMP)

$(SARIF_MULTITOOL_STAMP):
	@echo "==> installing @microsoft/sarif-multitool $(SARIF_MULTITOOL_VERSION) (SARIF validator)"
	@npm install --prefix $(TOOLS)/npm --no-audit --no-fund --loglevel=error @microsoft/sarif-multitool@$(SARIF_MULTITOOL_VERSION)
	@mkdir -p $(TOOLS)/bin
	@ln -sf "$$(cd $(TOOLS)/npm && node -p "require('@microsoft/sarif-multitool')")" $(TOOLS)/bin/sarif-multitool
	@$(TOOLS)/bin/sarif-multitool --version >/dev/null
	@touch $@

demo: setup
	@bash scripts/demo.sh

lint: venv
	@echo "==> ruff"
	@$(BIN)/ruff check alicloud_gov tests bench scripts
	@$(BIN)/ruff format --check alicloud_gov tests bench scripts
	@echo "==> mypy"
	@$(BIN)/mypy

test: setup sarif-validator lint
	@$(BIN)/python -m pytest -q -p no:cacheprovider

test-unit: venv
	@$(BIN)/python -m pytest -q -m unit

test-wire: venv
	@$(BIN)/python -m pytest -q -m wire

test-e2e: setup sarif-validator
	@$(BIN)/python -m pytest -q -m e2e

bench: setup
	@bash scripts/bench.sh

# Every example's e2e 20 times in a row on the realistic emulator with throttling, 5xx and lost responses
# (scripts/soak.py; SOAK_ARGS="--iterations 3" for fewer); not part of `make test`.
soak: setup
	@$(BIN)/python scripts/soak.py $(SOAK_ARGS)

# The installable provider plugin (docs/guide.md, "Installing the plugin"): into dist/ the wheel, dist/wheels/ and
# pulumi-resource-alicloud-gov-v<version>-<os>-<arch>.tar.gz for `pulumi plugin install --file`; dependency wheels
# cached in dist/.cache. ALICLOUD_GOV_PLUGIN_DOWNLOAD_URL (environment) sets the schema's pluginDownloadURL.
dist: venv
	@$(BIN)/python scripts/dist.py

clean:
	rm -rf $(VENV) .state .pytest_cache .mypy_cache .ruff_cache
