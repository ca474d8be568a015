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

# The whole suite runs in the ASan + UBSan tree (CI: .ci/run): one build,
# and every test, the engines the e2e and system tests start included, runs
# sanitized. `make build`, `make run` and the benchmarks use the plain build/.
test: deps configure-asan ## Run the whole test suite (unit, integration, e2e, system, fuzz) built with ASan + UBSan (build-asan/)
	@cmake --build $(ASAN_DIR) -j $(JOBS)
	$(call sanitized_ctest,$(ASAN_DIR),$(ASAN_SANITIZERS),)

test-unit: build ## Unit tests only (no services)
	@cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS) -L unit

test-e2e: build ## End-to-end tests only
	@cd $(BUILD_DIR) && ctest --output-on-failure -L e2e

# ---- Sanitizers and fuzzing (tests/sanitizers/options.sh, fuzz/README.md) ----
# Each sanitizer build is a tree of its own with test-stack ports of its own,
# so it runs beside build/ (and beside the other) without their stacks colliding.
ASAN_DIR ?= build-asan
TSAN_DIR ?= build-tsan
# -O1 and line tables (-g1): stack traces keep file:line, and the sanitized
# code compiles in under half the time of -O2 -g.
# -Wno-maybe-uninitialized: GCC 12 reports false positives inside
# libstdc++'s <regex> when ASan instruments it at -O1 (only there: the plain
# build keeps the warning).
SANITIZE_CXX_FLAGS ?= -O1 -g1 -DNDEBUG -Wno-maybe-uninitialized
# UBSan checks left out of the ASan tree: each doubles UBSan's compile time
# for little (a null dereference is still caught, by ASan; x86 tolerates
# misalignment). ASAN_SKIP= builds with every UBSan check.
ASAN_SKIP ?= vptr,alignment,null
# The sanitizers of the ASan tree (make test, make test-asan). `address`
# alone compiles ~15% faster than with UBSan.
ASAN_SANITIZERS ?= address,undefined
# sanitized_configure(<dir>,<sanitizers>,<skipped checks>,<pg port>,<redis port>,<system pg port>,<system redis port>)
define sanitized_configure
	@cmake -S . -B $(1) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="$(SANITIZE_CXX_FLAGS)" \
	  -DSTREAMLINE_SANITIZE=$(2) -DSTREAMLINE_SANITIZE_SKIP="$(3)" \
	  -DSTREAMLINE_TEST_PG_PORT=$(4) -DSTREAMLINE_TEST_REDIS_PORT=$(5) \
	  -DSTREAMLINE_SYSTEM_PG_PORT=$(6) -DSTREAMLINE_SYSTEM_REDIS_PORT=$(7) > /dev/null
endef
# sanitized_ctest(<dir>,<sanitizers>,<ctest selection>): runtime options, suppressions.
define sanitized_ctest
	@. tests/sanitizers/options.sh $(2) && cd $(1) && ctest --output-on-failure -j $(JOBS) $(3) $(CTEST_ARGS)
endef
configure-asan:
	$(call sanitized_configure,$(ASAN_DIR),$(ASAN_SANITIZERS),$(ASAN_SKIP),55443,56390,55444,56391)

.PHONY: configure-asan test-asan test-tsan fuzz
test-asan: deps configure-asan ## Unit and integration tests built with AddressSanitizer + UBSan (build-asan/)
	@cmake --build $(ASAN_DIR) -j $(JOBS) --target unit_tests integration_tests
	$(call sanitized_ctest,$(ASAN_DIR),$(ASAN_SANITIZERS),-L 'unit|integration')

test-tsan: deps ## Unit and integration tests built with ThreadSanitizer (build-tsan/)
	$(call sanitized_configure,$(TSAN_DIR),thread,,55453,56400,55454,56401)
	@cmake --build $(TSAN_DIR) -j $(JOBS) --target unit_tests integration_tests
	$(call sanitized_ctest,$(TSAN_DIR),thread,-L 'unit|integration')

FUZZ_DIR ?= $(BUILD_DIR)/fuzz
FUZZ_SECONDS ?= 600
FUZZ_TARGETS ?= pipeline_config event_decode
fuzz: ## Fuzz each target for FUZZ_SECONDS (600) with clang + libFuzzer (fuzz/README.md)
	@bash fuzz/fuzz.sh build $(FUZZ_DIR)
	@for t in $(FUZZ_TARGETS); do echo "fuzz: $$t for $(FUZZ_SECONDS) s"; \
	  bash fuzz/fuzz.sh run $(FUZZ_DIR) $$t $(FUZZ_SECONDS) || exit 1; done

bench: build ## Benchmarks: engine throughput (prints events/s)
	@$(BUILD_DIR)/bin/pipeline_throughput

.PHONY: bench-reload
bench-reload: build ## Hot reload pause on a loaded in-process pipeline (RELOADS=50; docs/reload.md)
	@$(BUILD_DIR)/bin/reload_pause --reloads $${RELOADS:-50}

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
