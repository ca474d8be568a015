#!/usr/bin/env bash
# `make run`: the whole thing in one command. Brings the local stack up,
# applies the schema, starts the orders pipeline, sends a burst of sample
# orders, shows what landed, and keeps the pipeline running until Ctrl-C.
# Stops what it started (the pipeline always; the stack if it was not up).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
STACK_DIR=${STACK_DIR:-$root/.stack}
export STACK_DIR
COUNT=${COUNT:-1000}
ENGINE=${ENGINE:-$root/build/bin/engine}

stack_was_up=0
bash scripts/stack.sh status >/dev/null 2>&1 && stack_was_up=1
bash scripts/stack.sh start
bash scripts/init-db.sh
. scripts/env.sh

consumer=""
cleanup() {
  trap - INT TERM EXIT
  if [ -n "$consumer" ] && kill -0 "$consumer" 2>/dev/null; then
    echo "run: draining the orders pipeline"
    kill -TERM "$consumer" 2>/dev/null || true
    wait "$consumer" 2>/dev/null || true
  fi
  if [ "$stack_was_up" = 0 ]; then bash scripts/stack.sh stop; fi
}
trap cleanup INT TERM EXIT

echo "run: starting the orders pipeline (log: $STACK_DIR/engine.log)"
"$ENGINE" run pipelines/orders.yaml >>"$STACK_DIR/engine.log" 2>&1 &
consumer=$!

echo "run: producing $COUNT sample order events (seed ${SEED:-1})"
COUNT=$COUNT "$ENGINE" run pipelines/producer.yaml 2>>"$STACK_DIR/engine.log"

# Wait until the rows stop changing: the pipeline has caught up.
count_rows() { psql "$PG_DSN" -tAc "select (select count(*) from order_events) + (select count(*) from processing_errors)"; }
last=-1
for _ in $(seq 1 60); do
  now=$(count_rows)
  [ "$now" = "$last" ] && [ "$now" != 0 ] && break
  last=$now
  sleep 1
  kill -0 "$consumer" 2>/dev/null || { echo "run: the pipeline stopped; see $STACK_DIR/engine.log" >&2; tail -20 "$STACK_DIR/engine.log" >&2; exit 1; }
done

bash scripts/check-db.sh
echo "Redis: $(redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" dbsize) keys (order-state caching arrives with the full orders pipeline)"
echo
echo "run: the pipeline keeps running; more events: 'make run-producer' in another terminal; Ctrl-C stops"
wait "$consumer"
