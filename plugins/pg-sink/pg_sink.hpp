#pragma once
// PgSink: writes order events into PostgreSQL, one transaction per batch.
//
// In that transaction: every new event into order_events (insert-if-absent
// on event_id), the lifecycle of each order into order_states (forward
// moves only), and the batch's source positions into sink_offsets. An event
// that cannot be read is failed and not written; an event whose transition
// is invalid is written to order_events but failed (see README).
//
// Errors: a lost connection or an unavailable server throws TransientError
// (the transaction rolled back; the engine retries the batch, and
// insert-if-absent makes the retry write nothing twice). Other database
// errors propagate: the engine fails the batch.
//
// Threading: one instance per worker; instances share the pool.

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <pqxx/connection_base>

#include <streamline/context.hpp>
#include <streamline/stage.hpp>

#include "order_events_writer.hpp"
#include "postgres/pg_pool.hpp"

namespace streamline::plugins::pg_sink {

struct PgSinkOptions {
  std::shared_ptr<postgres::PgPool> pool;
  std::string consumer;  // sink_offsets.consumer
  LoadMethod load_method = LoadMethod::kCopy;
  std::size_t recent_ids = 100000;  // ids of rows it committed it remembers (recent_event_ids.hpp)
};

class PgSink final : public Sink {
 public:
  PgSink(PgSinkOptions options, Context& context);

  // Checks that PostgreSQL answers; TransientError otherwise.
  void start() override;
  void process(Batch& batch) override;

 private:
  // What one committed transaction did.
  struct Written {
    std::vector<std::pair<std::size_t, Json>> new_states;  // batch index of an order's last applied event
    std::size_t inserted = 0;
    std::size_t invalid_transitions = 0;
    std::size_t alerts = 0;
  };

  // write(), again while order_events refuses the COPY of an id stored
  // already: first looking the ids up, then resolving conflicts row by row.
  Written write_resolving_conflicts(pqxx::connection_base& connection, Batch& batch,
                                    const std::vector<std::optional<OrderEventRow>>& rows,
                                    const std::vector<std::size_t>& writable);

  // The batch's transaction: rows, lifecycle, alerts, positions; commits.
  Written write(pqxx::connection_base& connection, Batch& batch,
                const std::vector<std::optional<OrderEventRow>>& rows, const std::vector<std::size_t>& writable,
                LoadMethod method, bool look_up);

  PgSinkOptions options_;
  Context& context_;
  RecentEventIds recent_;
  // Whether the next batch asks PostgreSQL which of its ids are stored: at
  // first (a new instance may be replaying what a crashed one wrote) and
  // while the batches before found stored ids this instance did not know.
  bool look_up_stored_ = true;
  Counter& rows_written_;
  Counter& duplicates_;
  Counter& invalid_transitions_;
  Counter& fraud_alerts_;
  Counter& id_lookups_;
  Counter& copy_conflicts_;
};

}  // namespace streamline::plugins::pg_sink
