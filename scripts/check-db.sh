#!/usr/bin/env bash
# What landed in PostgreSQL: counts, recent events, order states, errors.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/scripts/env.sh"
q() { psql "$PG_DSN" -P pager=off "$@"; }
q -c "select (select count(*) from order_events) as order_events,
             (select count(*) from order_states) as order_states,
             (select count(*) from processing_errors) as processing_errors,
             (select count(*) from fraud_alerts) as fraud_alerts"
echo "recent events:"
q -c 'select event_type, order_id, "timestamp" from order_events order by "timestamp" desc limit 10'
echo "order states:"
q -c "select status, count(*), round(sum(total_amount), 2) as total from order_states group by status order by status"
echo "latest errors:"
q -c "select stage, left(error, 60) as error, attempts, last_seen from processing_errors order by last_seen desc limit 5"
