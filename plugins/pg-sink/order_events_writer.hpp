#pragma once
// Writes order_events rows insert-if-absent (ON CONFLICT (event_id) DO
// NOTHING) inside the caller's transaction and says which were new.
//
// Two ways, both with the data outside the SQL text:
//   kCopy   - COPY into a temporary table, then one INSERT ... SELECT
//   kInsert - multi-row INSERT ... VALUES with bound parameters
// tests/integration/postgres/pg_sink_load_test.cpp measures both; pg-sink
// uses kCopy (see the README for the figures).

#include <string>
#include <unordered_set>
#include <vector>

#include <pqxx/transaction_base>

#include "order_event_row.hpp"

namespace streamline::plugins::pg_sink {

enum class LoadMethod { kCopy, kInsert };

// Event ids of `rows` that were not in order_events before. `rows` must not
// repeat an event_id.
std::unordered_set<std::string> write_order_events(pqxx::transaction_base& tx,
                                                   const std::vector<const OrderEventRow*>& rows, LoadMethod method);

}  // namespace streamline::plugins::pg_sink
