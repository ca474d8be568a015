#!/usr/bin/env bash
# Checks every service of the local stack and names the ones that are down.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/scripts/env.sh" || exit 1
failed=()

if psql "$PG_DSN" -tAc 'select 1' >/dev/null 2>&1; then
  echo "ok    PostgreSQL  $PG_HOST:$PG_PORT"
else
  echo "DOWN  PostgreSQL  $PG_HOST:$PG_PORT  (psql cannot connect to $PG_DSN)"; failed+=(PostgreSQL)
fi
if [ "$(redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping 2>/dev/null)" = "PONG" ]; then
  echo "ok    Redis       $REDIS_HOST:$REDIS_PORT"
else
  echo "DOWN  Redis       $REDIS_HOST:$REDIS_PORT  (no PONG from redis-cli ping)"; failed+=(Redis)
fi
if [ -n "${KAFKA_BROKERS:-}" ] && kcat -L -b "$KAFKA_BROKERS" -m 3 >/dev/null 2>&1; then
  echo "ok    Kafka       $KAFKA_BROKERS"
else
  echo "DOWN  Kafka       ${KAFKA_BROKERS:-(no address)}  (kcat cannot read metadata)"; failed+=(Kafka)
fi

if [ ${#failed[@]} -gt 0 ]; then
  echo "health-check: ${failed[*]} down; start the stack with 'make up'" >&2
  exit 1
fi
echo "health-check: all services up"
