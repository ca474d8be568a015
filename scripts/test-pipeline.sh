#!/usr/bin/env bash
# `make test-pipeline`: sends 200 sample orders through the orders pipeline on
# a private stack (its own ports and data), checks they landed, stops it all.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export STACK_DIR=$root/build/test-pipeline-stack PG_PORT=${PG_PORT:-55434} REDIS_PORT=${REDIS_PORT:-56381}
ENGINE=${ENGINE:-$root/build/bin/engine}
consumer=""
cleanup() {
  [ -n "$consumer" ] && kill -TERM "$consumer" 2>/dev/null && wait "$consumer" 2>/dev/null
  bash scripts/stack.sh stop
}
trap cleanup EXIT
bash scripts/stack.sh start
bash scripts/init-db.sh
. scripts/env.sh
psql "$PG_DSN" -qc "truncate order_events, order_states, processing_errors, sink_offsets"
CONSUMER_GROUP=test-pipeline-$$ "$ENGINE" run pipelines/orders.yaml >"$STACK_DIR/engine.log" 2>&1 &
consumer=$!
COUNT=200 SEED=7 "$ENGINE" run pipelines/producer.yaml 2>>"$STACK_DIR/engine.log"
for _ in $(seq 1 30); do
  rows=$(psql "$PG_DSN" -tAc "select count(*) from order_events")
  [ "$rows" -gt 0 ] && [ "$rows" = "$(sleep 1; psql "$PG_DSN" -tAc "select count(*) from order_events")" ] && break
done
bash scripts/check-db.sh
rows=$(psql "$PG_DSN" -tAc "select count(*) from order_events")
[ "$rows" -gt 0 ] || { echo "test-pipeline: FAILED: no order_events rows (see $STACK_DIR/engine.log)" >&2; exit 1; }
echo "test-pipeline: passed: $rows order events stored"
