# Thin wrappers over scripts/ and the engine. `make help` lists them.
SHELL := /bin/bash
BUILD_DIR ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS ?= $(shell nproc)
ENGINE := $(BUILD_DIR)/bin/engine
CTEST_ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help setup deps configure build test test-unit test-e2e bench validate plugins docs clean

help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  \033[36m%-14s\033[0m %s\n", $$1, $$2}'

deps: ## Install the Debian packages the build and tests need (as root)
	@bash scripts/setup.sh

setup: deps build ## First-time setup: packages and a build

configure:
	@cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) > /dev/null

build: configure ## Build the engine, plugins, tests and benchmarks
	@cmake --build $(BUILD_DIR) -j $(JOBS)

test: deps build ## Run the whole test suite (unit, end-to-end)
	@cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS) $(CTEST_ARGS)

test-unit: build ## Unit tests only (no services)
	@cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS) -L unit

test-e2e: build ## End-to-end tests only
	@cd $(BUILD_DIR) && ctest --output-on-failure -L e2e

bench: build ## Benchmarks: engine throughput (prints events/s)
	@$(BUILD_DIR)/bin/pipeline_throughput

validate: build ## Validate every pipeline under pipelines/
	@$(ENGINE) validate pipelines/*.yaml

plugins: build ## List the plugins the engine finds
	@$(ENGINE) plugins

clean: ## Remove build output
	rm -rf $(BUILD_DIR) build-*
