#pragma once
// Writes order_events rows insert-if-absent (ON CONFLICT (event_id) DO
// NOTHING) inside the caller's transaction and says which were new.
//
// Three ways, all with the data outside the SQL text:
//   kCopy       - look up which ids are stored, COPY the others straight into
//                 order_events. A concurrent writer of the same id makes the
//                 COPY throw pqxx::unique_violation, which ends the
//                 transaction: the caller writes again with kStagedCopy.
//   kStagedCopy - COPY into a temporary table, then one INSERT ... SELECT
//                 ... ON CONFLICT DO NOTHING
//   kInsert     - multi-row INSERT ... VALUES with bound parameters
// tests/integration/postgres/pg_sink_load_test.cpp measures all three; pg-sink
// uses kCopy (see the README for the figures).

#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include <pqxx/dbtransaction>

#include "order_event_row.hpp"

namespace streamline::plugins::pg_sink {

enum class LoadMethod { kCopy, kStagedCopy, kInsert };

// Event ids, as views of the rows they belong to.
using EventIds = std::unordered_set<std::string_view>;

// Event ids of `rows` that were not in order_events before. `rows` must not
// repeat an event_id.
EventIds write_order_events(pqxx::dbtransaction& tx, const std::vector<const OrderEventRow*>& rows,
                            LoadMethod method);

}  // namespace streamline::plugins::pg_sink
