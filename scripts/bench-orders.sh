#!/usr/bin/env bash
# The orders pipeline benchmark (tests/bench/orders_pipeline.cpp) on the
# system-test stack: starts the stack when it is down (and stops it after),
# runs the benchmark, prints its table. docs/benchmarks.md explains the
# figures and keeps the results.
#
#   scripts/bench-orders.sh                  # make bench-orders
#   RUNS=1 EVENTS=20000 scripts/bench-orders.sh
#   PROFILE=/tmp/orders.perf scripts/bench-orders.sh   # plus one profiled run (perf record -g)
#   PERF_SYSTEM_WIDE=1 PROFILE=...             # the same, every process (PostgreSQL, Redis too)
#   PG_STATEMENTS=1 scripts/bench-orders.sh   # plus one run with PostgreSQL's time per statement
#
# Settings (environment): BUILD_DIR (build), RUNS (3), EVENTS (50000),
# PACED_SECONDS (20), PACED_FRACTION (0.5: of the measured rate), PACED_RATE (empty;
# events/s instead of the fraction, to compare builds or pipelines at one rate), PROFILE (empty),
# PG_STATEMENTS (empty; 1 logs every statement's duration for one more run),
# PG_PORT (55434), REDIS_PORT (56381); ORDERS_PIPELINE runs another pipeline
# file than pipelines/orders.yaml.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-$root/build}
BUILD_DIR=$(cd "$BUILD_DIR" && pwd)
RUNS=${RUNS:-3}
EVENTS=${EVENTS:-50000}
PACED_SECONDS=${PACED_SECONDS:-20}
PACED_FRACTION=${PACED_FRACTION:-0.5}
PACED_RATE=${PACED_RATE:-}
PROFILE=${PROFILE:-}
PG_STATEMENTS=${PG_STATEMENTS:-}
bench=$BUILD_DIR/bin/orders_pipeline
[ -x "$bench" ] || { echo "bench-orders: no $bench (build first: make build)" >&2; exit 1; }

# The stack tests/cmake/system.cmake defines: same directory, same ports.
export STACK_DIR=$BUILD_DIR/system-stack PG_PORT=${PG_PORT:-55434} REDIS_PORT=${REDIS_PORT:-56381} \
       ENGINE=$BUILD_DIR/bin/engine KAFKA_TOPICS="orders:8 dead-letters:2"
stack() { bash "$root/scripts/stack.sh" "$@"; }
started=0
if ! stack status >/dev/null 2>&1; then started=1; fi
stack start
stop_if_started() { if [ "$started" = 1 ]; then stack stop; fi; }
trap stop_if_started EXIT
# This stack's addresses, whatever the caller's environment points at.
set -a
. "$STACK_DIR/env"
set +a

args=(--events "$EVENTS" --paced-seconds "$PACED_SECONDS" --paced-fraction "$PACED_FRACTION")
if [ -n "$PACED_RATE" ]; then args+=(--paced-rate "$PACED_RATE"); fi
echo "bench-orders: $bench --runs $RUNS ${args[*]}"
"$bench" --runs "$RUNS" "${args[@]}"

if [ -n "$PROFILE" ]; then
  echo "bench-orders: one more run, profiled (perf record -g -p <engine>) into $PROFILE"
  "$bench" --runs 1 "${args[@]}" --profile "$PROFILE"
  echo "bench-orders: where the engine spends its time (by shared object):"
  perf report -i "$PROFILE" --no-children --sort dso --stdio -g none 2>&1 | grep -v '^#' | grep -v '^$' | head -20
  echo "bench-orders: hottest symbols:"
  perf report -i "$PROFILE" --no-children --sort dso,sym --stdio -g none 2>&1 | grep -v '^#' | grep -v '^$' | head -40
fi

if [ -n "$PG_STATEMENTS" ]; then
  # Logging every statement slows the server a little: this run's own
  # figures read lower, the shares are what it is for.
  echo "bench-orders: one more run, PostgreSQL logging each statement's duration"
  psql_admin() { psql -h 127.0.0.1 -p "$PG_PORT" -U streamline -d postgres -qAt -c "$1" > /dev/null; }
  server_log=$STACK_DIR/postgres.log
  skip=$(stat -c %s "$server_log")
  psql_admin "ALTER SYSTEM SET log_min_duration_statement = 0"
  psql_admin "SELECT pg_reload_conf()"
  reset_logging() { psql_admin "ALTER SYSTEM RESET log_min_duration_statement"; psql_admin "SELECT pg_reload_conf()"; }
  trap 'reset_logging; stop_if_started' EXIT
  "$bench" --runs 1 "${args[@]}" --paced-seconds 1
  reset_logging
  trap stop_if_started EXIT
  python3 "$root/scripts/pg-statement-profile.py" <(tail -c +"$((skip + 1))" "$server_log") \
    "$STACK_DIR/logs/bench_1/pipeline.log"
fi
