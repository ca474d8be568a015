#!/usr/bin/env bash
# The local stack: PostgreSQL 15, Redis and the dev Kafka broker on loopback,
# each on a port of its own, all state under one directory.
#
#   scripts/stack.sh start|stop|status|env
#
# Settings (environment): STACK_DIR (default .stack), PG_PORT (55432),
# REDIS_PORT (56379), KAFKA_TOPICS ("orders:8 dead-letters:2"), ENGINE
# (build/bin/engine). A second stack runs beside the first with another
# STACK_DIR and ports (the tests do that). Starting twice is harmless;
# stopping stops only what this STACK_DIR started.
# `start` writes $STACK_DIR/env with KAFKA_BROKERS, PG_DSN, REDIS_URL, ...
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
STACK_DIR=${STACK_DIR:-$root/.stack}
PG_PORT=${PG_PORT:-55432}
REDIS_PORT=${REDIS_PORT:-56379}
KAFKA_TOPICS=${KAFKA_TOPICS:-"orders:8 dead-letters:2"}
ENGINE=${ENGINE:-$root/build/bin/engine}
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PG_USER=streamline
PG_DB=streamline

mkdir -p "$STACK_DIR"
STACK_DIR=$(cd "$STACK_DIR" && pwd)
log() { echo "stack: $*"; }
die() { echo "stack: $*" >&2; exit 1; }

# Run a command as the postgres user when we are root (PostgreSQL refuses root).
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

wait_until() {  # wait_until SECONDS DESCRIPTION COMMAND...
  local limit=$1 what=$2; shift 2
  for _ in $(seq 1 $((limit * 10))); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.1
  done
  die "$what did not answer within ${limit}s (see $STACK_DIR/*.log)"
}

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

start_postgres() {
  local data=$STACK_DIR/pg
  if [ ! -f "$data/PG_VERSION" ]; then
    log "initialising PostgreSQL in $data"
    mkdir -p "$data"
    [ "$(id -u)" -eq 0 ] && chown -R postgres:postgres "$data"
    as_pg "$PG_BIN/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$STACK_DIR/pg-init.log" 2>&1 \
      || die "initdb failed (see $STACK_DIR/pg-init.log)"
  fi
  if as_pg "$PG_BIN/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    log "PostgreSQL already running on port $PG_PORT"
  else
    log "starting PostgreSQL on 127.0.0.1:$PG_PORT"
    touch "$STACK_DIR/postgres.log"
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$STACK_DIR/postgres.log"
    # shared_buffers and random_page_cost: docs/local-stack.md says why.
    as_pg "$PG_BIN/pg_ctl" -D "$data" -l "$STACK_DIR/postgres.log" -w -t 30 \
      -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -k $data -c fsync=on -c max_connections=200 -c shared_buffers=1GB -c random_page_cost=1.1" start >/dev/null \
      || die "PostgreSQL did not start (see $STACK_DIR/postgres.log)"
  fi
  wait_until 30 PostgreSQL "$PG_BIN/pg_isready" -h 127.0.0.1 -p "$PG_PORT"
  if ! psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc "select 1 from pg_roles where rolname='$PG_USER'" | grep -q 1; then
    psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "create role $PG_USER login superuser" >/dev/null
  fi
  if ! psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc "select 1 from pg_database where datname='$PG_DB'" | grep -q 1; then
    psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "create database $PG_DB owner $PG_USER" >/dev/null
  fi
}

start_redis() {
  if pid_alive "$STACK_DIR/redis.pid"; then
    log "Redis already running on port $REDIS_PORT"
  else
    log "starting Redis on 127.0.0.1:$REDIS_PORT"
    redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no \
      --daemonize yes --pidfile "$STACK_DIR/redis.pid" --logfile "$STACK_DIR/redis.log" --dir "$STACK_DIR" \
      || die "Redis did not start (see $STACK_DIR/redis.log)"
  fi
  wait_until 10 Redis redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping
}

start_broker() {
  [ -x "$ENGINE" ] || die "no engine binary at $ENGINE (run 'make build' first)"
  if pid_alive "$STACK_DIR/broker.pid" && [ -s "$STACK_DIR/kafka-bootstrap" ]; then
    log "Kafka dev broker already running at $(cat "$STACK_DIR/kafka-bootstrap")"
    return
  fi
  rm -f "$STACK_DIR/kafka-bootstrap"
  local topic_args=()
  for t in $KAFKA_TOPICS; do topic_args+=(--topic "$t"); done
  log "starting the Kafka dev broker (topics: $KAFKA_TOPICS)"
  setsid "$ENGINE" dev-broker "${topic_args[@]}" --bootstrap-file "$STACK_DIR/kafka-bootstrap" \
    >"$STACK_DIR/broker.log" 2>&1 < /dev/null &
  echo $! > "$STACK_DIR/broker.pid"
  wait_until 10 "Kafka dev broker" test -s "$STACK_DIR/kafka-bootstrap"
}

# KAFKA_FETCH_WAIT_MAX_MS: the dev broker holds a fetch that found nothing
# for the consumer's whole fetch.wait.max.ms (Kafka answers when data
# arrives); pipelines/orders.yaml reads it (docs/local-stack.md).
write_env() {
  local brokers=""
  [ -s "$STACK_DIR/kafka-bootstrap" ] && brokers=$(cat "$STACK_DIR/kafka-bootstrap")
  cat > "$STACK_DIR/env" <<ENV
KAFKA_BROKERS=$brokers
PG_HOST=127.0.0.1
PG_PORT=$PG_PORT
PG_USER=$PG_USER
PG_DATABASE=$PG_DB
PG_DSN=postgresql://$PG_USER@127.0.0.1:$PG_PORT/$PG_DB
REDIS_HOST=127.0.0.1
REDIS_PORT=$REDIS_PORT
REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0
KAFKA_FETCH_WAIT_MAX_MS=10
STACK_DIR=$STACK_DIR
ENV
  log "environment written to $STACK_DIR/env"
}

stop_all() {
  if pid_alive "$STACK_DIR/broker.pid"; then
    log "stopping the Kafka dev broker"
    kill "$(cat "$STACK_DIR/broker.pid")" 2>/dev/null || true
    for _ in $(seq 1 50); do pid_alive "$STACK_DIR/broker.pid" || break; sleep 0.1; done
    pid_alive "$STACK_DIR/broker.pid" && kill -9 "$(cat "$STACK_DIR/broker.pid")" 2>/dev/null || true
  fi
  rm -f "$STACK_DIR/broker.pid" "$STACK_DIR/kafka-bootstrap"
  if pid_alive "$STACK_DIR/redis.pid"; then
    log "stopping Redis"
    redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || kill "$(cat "$STACK_DIR/redis.pid")" 2>/dev/null || true
    for _ in $(seq 1 50); do pid_alive "$STACK_DIR/redis.pid" || break; sleep 0.1; done
  fi
  rm -f "$STACK_DIR/redis.pid"
  if [ -f "$STACK_DIR/pg/PG_VERSION" ] && as_pg "$PG_BIN/pg_ctl" -D "$STACK_DIR/pg" status >/dev/null 2>&1; then
    log "stopping PostgreSQL"
    as_pg "$PG_BIN/pg_ctl" -D "$STACK_DIR/pg" -m fast -w stop >/dev/null || true
  fi
}

status() {
  local rc=0
  if [ -f "$STACK_DIR/pg/PG_VERSION" ] && "$PG_BIN/pg_isready" -h 127.0.0.1 -p "$PG_PORT" >/dev/null 2>&1; then
    echo "postgres  up    127.0.0.1:$PG_PORT"; else echo "postgres  DOWN  127.0.0.1:$PG_PORT"; rc=1; fi
  if redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1; then
    echo "redis     up    127.0.0.1:$REDIS_PORT"; else echo "redis     DOWN  127.0.0.1:$REDIS_PORT"; rc=1; fi
  if pid_alive "$STACK_DIR/broker.pid" && [ -s "$STACK_DIR/kafka-bootstrap" ]; then
    echo "kafka     up    $(cat "$STACK_DIR/kafka-bootstrap")"; else echo "kafka     DOWN"; rc=1; fi
  return $rc
}

case "${1:-}" in
  start) start_postgres; start_redis; start_broker; write_env ;;
  stop) stop_all ;;
  status) status ;;
  env) cat "$STACK_DIR/env" ;;
  *) echo "usage: $0 start|stop|status|env" >&2; exit 2 ;;
esac
