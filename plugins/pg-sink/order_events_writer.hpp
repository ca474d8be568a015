#pragma once
// Writes order_events rows insert-if-absent (ON CONFLICT (event_id) DO
// NOTHING) inside the caller's transaction and says which were new.
//
// Three ways, all with the data outside the SQL text:
//   kCopy       - COPY straight into order_events under a savepoint; when
//                 the COPY meets an id stored already (a replay, a concurrent
//                 writer) it is rolled back and kStagedCopy writes the batch.
//                 After a batch that met stored ids, the next ones look their
//                 ids up first and COPY only the new (CopyHistory)
//   kStagedCopy - COPY into a temporary table, then one INSERT ... SELECT
//                 ... ON CONFLICT DO NOTHING
//   kInsert     - multi-row INSERT ... VALUES with bound parameters
// tests/integration/postgres/pg_sink_load_test.cpp measures all three; pg-sink
// uses kCopy (see the README for the figures).

#include <string>
#include <unordered_set>
#include <vector>

#include <pqxx/dbtransaction>

#include "order_event_row.hpp"

namespace streamline::plugins::pg_sink {

enum class LoadMethod { kCopy, kStagedCopy, kInsert };

// What kCopy learnt from the batches before. Stored ids come in runs (a
// restart re-reads what a crash left uncommitted; with Redis down dedup lets
// re-sends through), and in between there are none: looking every batch's ids
// up was 9 % of PostgreSQL's time in the orders pipeline. So after a batch
// that met none the next COPYs straight away, and after one that met some
// the next looks its ids up first.
struct CopyHistory {
  bool met_stored = true;    // the first batch after a start looks its ids up
  std::uint64_t redone = 0;  // COPYs that met a stored id and were rolled back
};

// Event ids of `rows` that were not in order_events before. `rows` must not
// repeat an event_id.
std::unordered_set<std::string> write_order_events(pqxx::dbtransaction& tx,
                                                   const std::vector<const OrderEventRow*>& rows, LoadMethod method,
                                                   CopyHistory& history);

}  // namespace streamline::plugins::pg_sink
