# The `pg-dead-letter` plugin: its write token needs no database
# (tests/unit/pg_dead_letter); the rest runs against PostgreSQL (tests/integration/postgres).
target_link_libraries(unit_tests PRIVATE pg_dead_letter_core)
