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

.PHONY: bench-orders
bench-orders: build ## Orders pipeline end to end on the system-test stack (RUNS=3; docs/benchmarks.md)
	@BUILD_DIR=$(BUILD_DIR) bash scripts/bench-orders.sh

validate: build ## Validate every pipeline under pipelines/
	@KAFKA_BROKERS=$${KAFKA_BROKERS:-127.0.0.1:9092} PG_DSN=$${PG_DSN:-postgresql://streamline@127.0.0.1:55432/streamline} \
	  $(ENGINE) validate pipelines/*.yaml

plugins: build ## List the plugins the engine finds
	@$(ENGINE) plugins

.PHONY: docs-reference
docs-reference: configure ## Regenerate docs/reference/ from every shipped plugin's spec
	@cmake --build $(BUILD_DIR) -j $(JOBS) --target engine all_plugins
	@ENGINE=$(ENGINE) bash scripts/gen-plugin-reference.sh docs/reference

clean: ## Stop the local stack and remove build output and stack data
	-@bash scripts/stack.sh stop 2>/dev/null
	rm -rf $(BUILD_DIR) build-* .stack

# ---- Local stack and the original system's workflow -------------------------
.PHONY: up down init-db run run-consumer run-producer check-db health-check list-topics \
        consume-raw monitor-redis logs status metrics test-pipeline

run: deps build ## Everything: stack up, schema, pipeline, sample orders, summary; Ctrl-C stops
	@bash scripts/run.sh

run-consumer: ## Run the orders pipeline (pipelines/orders.yaml) on the local stack
	@. scripts/env.sh && echo "run-consumer: engine run pipelines/orders.yaml" && $(ENGINE) run pipelines/orders.yaml

# The original's `event_producer.py --count 10 --delay 2` is
# `make run-producer COUNT=10 DELAY=2s`; `--continuous` is CONTINUOUS=1.
COUNT ?= 10
DELAY ?= 0
RATE ?= 0
SEED ?= 1
CONTINUOUS ?= 0
run-producer: ## Send sample orders to Kafka (COUNT, DELAY, RATE, SEED, CONTINUOUS=1)
	@. scripts/env.sh && count=$(COUNT) && [ "$(CONTINUOUS)" = 1 ] && count=0; \
	  echo "run-producer: $$( [ $$count = 0 ] && echo continuous || echo $$count events ) to topic orders on $$KAFKA_BROKERS" && \
	  COUNT=$$count DELAY=$(DELAY) RATE=$(RATE) SEED=$(SEED) $(ENGINE) run pipelines/producer.yaml

test-pipeline: build ## Automated check: 200 orders through the pipeline on a private stack
	@bash scripts/test-pipeline.sh

metrics: ## Print the running engine's counters (its log summary until the metrics endpoint lands)
	@. scripts/env.sh && echo "metrics: last engine summaries in $$STACK_DIR/engine.log" && \
	  (grep -h "summary" "$$STACK_DIR/engine.log" | tail -n 5 || echo "metrics: no engine summary yet")

up: build ## Start PostgreSQL, Redis and the dev Kafka broker on loopback
	@bash scripts/stack.sh start

down: ## Stop the local stack
	@bash scripts/stack.sh stop

status: ## Show which stack services are up
	@bash scripts/stack.sh status

init-db: ## Apply the schema and reference data (idempotent)
	@bash scripts/init-db.sh

health-check: ## Check every service and name the ones that are down
	@bash scripts/health-check.sh

check-db: ## Show what landed in PostgreSQL
	@bash scripts/check-db.sh

list-topics: ## List Kafka topics on the dev broker
	@. scripts/env.sh && echo "list-topics: $$KAFKA_BROKERS" && kcat -L -b "$$KAFKA_BROKERS" | grep -E '^ +topic'

consume-raw: ## Print raw events from the orders topic (Ctrl-C to stop)
	@. scripts/env.sh && echo "consume-raw: topic orders on $$KAFKA_BROKERS" && kcat -C -b "$$KAFKA_BROKERS" -t orders -o beginning -f '%p:%o %k %s\n'

monitor-redis: ## Watch Redis commands as they happen (Ctrl-C to stop)
	@. scripts/env.sh && echo "monitor-redis: $$REDIS_URL" && redis-cli -h "$$REDIS_HOST" -p "$$REDIS_PORT" monitor

logs: ## Follow the stack's and the engine's logs
	@. scripts/env.sh && tail -n 50 -F "$$STACK_DIR"/*.log
