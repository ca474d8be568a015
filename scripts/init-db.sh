#!/usr/bin/env bash
# Applies scripts/schema.sql to the stack's database. Idempotent.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/scripts/env.sh"
echo "init-db: applying scripts/schema.sql to $PG_DSN"
psql "$PG_DSN" -v ON_ERROR_STOP=1 -q -f "$root/scripts/schema.sql" \
  || { echo "init-db: failed; is PostgreSQL up? try 'make health-check'" >&2; exit 1; }
psql "$PG_DSN" -tAc "select format('init-db: %s users, %s products', (select count(*) from users), (select count(*) from products))"
