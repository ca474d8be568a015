# The `pg-sink` plugin: COPY text and row reading need no database
# (tests/unit/pg_sink); the rest runs against PostgreSQL (tests/integration/postgres).
target_link_libraries(unit_tests PRIVATE pg_sink_core)
