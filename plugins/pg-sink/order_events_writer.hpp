#pragma once
// Writes order_events rows insert-if-absent (ON CONFLICT (event_id) DO
// NOTHING) inside the caller's transaction and says which were new.
//
// Three ways, all with the data outside the SQL text:
//   kCopy       - COPY the rows not known to be stored straight into
//                 order_events: ids in `known` are stored already, and with
//                 `look_up` PostgreSQL is asked about the others first. A
//                 stored id the COPY meets (not looked up, or written by a
//                 concurrent writer since) makes it throw
//                 pqxx::unique_violation, which ends the transaction: the
//                 caller writes again, looking up, then with kStagedCopy.
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
#include "recent_event_ids.hpp"

namespace streamline::plugins::pg_sink {

enum class LoadMethod { kCopy, kStagedCopy, kInsert };

// Event ids, as views of the rows they belong to.
using EventIds = std::unordered_set<std::string_view>;

// What kCopy knows of the ids order_events holds (the other ways resolve
// conflicts row by row and need neither).
struct StoredIdCheck {
  const RecentEventIds* known = nullptr;  // stored: neither written nor looked up
  bool look_up = true;                    // ask PostgreSQL about the others
};

// Event ids of `rows` that were not in order_events before. `rows` must not
// repeat an event_id.
EventIds write_order_events(pqxx::dbtransaction& tx, const std::vector<const OrderEventRow*>& rows,
                            LoadMethod method, const StoredIdCheck& check = {});

}  // namespace streamline::plugins::pg_sink
