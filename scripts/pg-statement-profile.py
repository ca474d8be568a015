#!/usr/bin/env python3
"""Where PostgreSQL's time goes during one orders pipeline run.

Reads the server log written with log_min_duration_statement = 0 (every
statement with its duration) and the engine's log of the run, keeps the
statements between the source's "assigned" line and the engine's "time in
stages" line (the saturated part of the run), and prints, per kind of
statement, how many ran and their total and mean duration in milliseconds.

    scripts/pg-statement-profile.py <postgres.log> <pipeline.log>

Durations are wall-clock time inside the server, waiting for a core
included; a COPY lasts as long as the client streams rows into it.
`PG_STATEMENTS=1 scripts/bench-orders.sh` runs this after one extra run.
"""
import collections
import re
import sys

# First match wins: the order matters where one pattern contains another.
KINDS = [
    ("BEGIN", r"^BEGIN"),
    ("COMMIT", r"^COMMIT"),
    ("SAVEPOINT / RELEASE", r"^(SAVEPOINT|RELEASE)"),
    ("order_events: stored ids", r"SELECT event_id FROM order_events WHERE event_id (IN|= ANY)"),
    ("order_states lock and stored rejections", r"WITH locked AS"),
    ("order_events: stored rejections", r"SELECT event_id, rejected FROM order_events"),
    ("order_events: COPY", r'^COPY "?order_events'),
    ("the batch's writes (states, rejections, alerts, positions)", r"\), rejected AS \("),
    ("order_events: mark rejected", r"UPDATE order_events"),
    ("order_states: lock (FOR UPDATE)", r"FOR UPDATE"),
    ("order_states: insert and update", r"WITH inserted AS"),
    ("order_states: insert", r"INSERT INTO order_states"),
    ("order_states: update", r"UPDATE order_states"),
    ("order_states: current (replays)", r"to_jsonb\(s\.\*\) FROM order_states"),
    ("fraud_alerts and sink_offsets", r"WITH alerts AS"),
    ("fraud_alerts", r"fraud_alerts"),
    ("sink_offsets (positions)", r"sink_offsets"),
    ("processing_errors (dead letters)", r"processing_errors"),
    ("enrich: users", r"FROM users"),
    ("enrich: products", r"FROM products"),
    ("health probes (SELECT 1)", r"^SELECT 1$"),
]
STAMP = re.compile(r"^\d{4}-\d\d-\d\d (\d\d:\d\d:\d\d\.\d{3})")
DURATION = re.compile(r"LOG:  duration: ([\d.]+) ms  (?:statement|execute [^:]*): (.*)$")


def window(pipeline_log):
    start = end = None
    for line in pipeline_log:
        stamp = STAMP.match(line)
        if not stamp:
            continue
        if start is None and "kafka: assigned" in line:
            start = stamp.group(1)
        if "time in stages" in line:
            end = stamp.group(1)
    if start is None or end is None:
        sys.exit("pg-statement-profile: no 'assigned' or 'time in stages' line in the pipeline log")
    return start, end


def statements(server_log):
    """(time, duration ms, text) of each logged statement; continuation lines joined."""
    entry = None
    for line in server_log:
        if STAMP.match(line):
            if entry:
                yield entry
            entry = line.rstrip("\n")
        elif entry is not None:
            entry += " " + line.strip()
    if entry:
        yield entry


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    with open(sys.argv[2], encoding="utf-8", errors="replace") as f:
        start, end = window(f)
    totals = collections.OrderedDict((name, [0, 0.0]) for name, _ in KINDS)
    totals["other"] = [0, 0.0]
    others = collections.Counter()
    with open(sys.argv[1], encoding="utf-8", errors="replace") as f:
        for entry in statements(f):
            stamp = STAMP.match(entry).group(1)
            found = DURATION.search(entry)
            if not found or not start <= stamp <= end:
                continue
            ms, text = float(found.group(1)), found.group(2).strip()
            kind = next((name for name, pattern in KINDS if re.search(pattern, text)), "other")
            totals[kind][0] += 1
            totals[kind][1] += ms
            if kind == "other":
                others[text[:80]] += 1
    total = sum(ms for _, ms in totals.values())
    print(f"PostgreSQL statements from {start} to {end}: {total:.0f} ms in all")
    print(f"  {'statement':34s} {'count':>6s} {'total ms':>9s} {'share':>6s} {'mean ms':>8s}")
    for name, (count, ms) in sorted(totals.items(), key=lambda item: -item[1][1]):
        if count:
            print(f"  {name:34s} {count:6d} {ms:9.1f} {100 * ms / total:5.1f}% {ms / count:8.2f}")
    for text, count in others.most_common(3):
        print(f"  other: {count} x {text}")


if __name__ == "__main__":
    main()
