#include "pg_sink.hpp"

#include <map>
#include <optional>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>
#include <pqxx/nontransaction>
#include <pqxx/result>
#include <pqxx/transaction>

#include "order_lifecycle.hpp"
#include "postgres/pg_errors.hpp"

namespace streamline::plugins::pg_sink {
namespace {

// order_states after the batch, for one order the batch moved.
struct OrderState {
  std::optional<LifecycleStep> step;  // current, as stored or as moved by this batch
  bool stored = false;                // a row existed before the batch
  bool moved = false;
  const OrderEventRow* created = nullptr;  // the batch's ORDER_CREATED, for a new row
  const OrderEventRow* last = nullptr;     // the last applied event
  std::optional<std::string> fraud_decision;
};

// The rows the lifecycle touches: orders already stored are updated, new
// ones inserted; both under the forward-only guard.
constexpr const char* kInsertStates = R"(
INSERT INTO order_states (order_id, user_id, status, sequence, total_amount, currency, item_count,
                          fraud_decision, created_at, updated_at, last_event_id, last_event_type)
SELECT order_id, user_id, status, sequence, total_amount, currency, item_count,
       fraud_decision, created_at, updated_at, last_event_id, last_event_type
FROM jsonb_to_recordset($1::jsonb) AS r(order_id text, user_id text, status text, sequence smallint,
     total_amount numeric, currency text, item_count integer, fraud_decision text, created_at timestamptz,
     updated_at timestamptz, last_event_id text, last_event_type text)
ON CONFLICT (order_id) DO UPDATE SET
  status = EXCLUDED.status, sequence = EXCLUDED.sequence, updated_at = EXCLUDED.updated_at,
  last_event_id = EXCLUDED.last_event_id, last_event_type = EXCLUDED.last_event_type,
  fraud_decision = COALESCE(EXCLUDED.fraud_decision, order_states.fraud_decision)
WHERE order_states.sequence < EXCLUDED.sequence
  AND (EXCLUDED.status <> 'CANCELLED' OR order_states.status IN ('CREATED', 'PAID')))";

constexpr const char* kUpdateStates = R"(
UPDATE order_states AS s SET
  status = r.status, sequence = r.sequence, updated_at = r.updated_at,
  last_event_id = r.last_event_id, last_event_type = r.last_event_type,
  fraud_decision = COALESCE(r.fraud_decision, s.fraud_decision)
FROM jsonb_to_recordset($1::jsonb) AS r(order_id text, status text, sequence smallint, updated_at timestamptz,
     last_event_id text, last_event_type text, fraud_decision text)
WHERE s.order_id = r.order_id AND s.sequence < r.sequence
  AND (r.status <> 'CANCELLED' OR s.status IN ('CREATED', 'PAID')))";

constexpr const char* kSelectStates =
    "SELECT order_id, status FROM order_states "
    "WHERE order_id IN (SELECT jsonb_array_elements_text($1::jsonb)) FOR UPDATE";

constexpr const char* kUpsertOffsets = R"(
INSERT INTO sink_offsets (consumer, topic, partition, next_offset)
SELECT $1, topic, partition, next_offset
FROM jsonb_to_recordset($2::jsonb) AS r(topic text, partition integer, next_offset bigint)
ON CONFLICT (consumer, topic, partition) DO UPDATE SET
  next_offset = GREATEST(sink_offsets.next_offset, EXCLUDED.next_offset), updated_at = now())";

Json null_or(const std::optional<std::string>& value) { return value ? Json(*value) : Json(nullptr); }

// Next offset to read per (topic, partition) of the batch's events.
Json batch_positions(const Batch& batch) {
  std::map<std::pair<std::string, std::int32_t>, std::int64_t> next;
  for (const Event& e : batch) {
    if (e.origin.topic.empty() || e.origin.offset < 0) continue;
    auto& n = next[{e.origin.topic, e.origin.partition}];
    n = std::max(n, e.origin.offset + 1);
  }
  Json positions = Json::array();
  for (const auto& [key, offset] : next)
    positions.push_back({{"topic", key.first}, {"partition", key.second}, {"next_offset", offset}});
  return positions;
}

}  // namespace

PgSink::PgSink(PgSinkOptions options, Context& context)
    : options_(std::move(options)),
      context_(context),
      rows_written_(context.metrics().counter("pg_sink_rows_written_total", "New rows written to order_events.")),
      duplicates_(context.metrics().counter("pg_sink_duplicates_total",
                                            "Events whose event_id was already in order_events.")),
      invalid_transitions_(context.metrics().counter(
          "pg_sink_invalid_transitions_total", "Events stored but failed for an invalid lifecycle transition.")) {}

void PgSink::start() {
  postgres::PgPool::Lease lease = options_.pool->acquire();
  try {
    pqxx::nontransaction tx(*lease);
    tx.exec("SELECT 1");
  } catch (...) {
    lease.discard();
    postgres::rethrow_classified("postgres at " + options_.pool->redacted_dsn() + " does not answer");
  }
  context_.logger().info("writing to postgres at {} as consumer '{}'", options_.pool->redacted_dsn(),
                         options_.consumer);
}

void PgSink::process(Batch& batch) {
  // 1. Read every event; the unreadable are failed and not written.
  std::vector<std::optional<OrderEventRow>> rows(batch.size());
  std::vector<std::size_t> writable;  // first occurrence of each event_id, batch order
  std::unordered_set<std::string> ids_seen;
  for (std::size_t i = 0; i < batch.size(); ++i) {
    auto read = read_order_event(batch[i]);
    if (auto* error = std::get_if<std::string>(&read)) {
      batch.fail(i, std::move(*error));
      continue;
    }
    rows[i] = std::move(std::get<OrderEventRow>(read));
    if (ids_seen.insert(rows[i]->event_id).second) writable.push_back(i);
  }
  const Json positions = batch_positions(batch);
  if (writable.empty() && positions.empty()) return;

  std::vector<std::pair<std::size_t, std::string>> transition_failures;
  std::size_t inserted_count = 0;
  postgres::PgPool::Lease lease = options_.pool->acquire();
  try {
    pqxx::work tx(*lease);

    // 2. order_events, insert-if-absent.
    std::vector<const OrderEventRow*> to_insert;
    to_insert.reserve(writable.size());
    for (std::size_t i : writable) to_insert.push_back(&*rows[i]);
    const std::unordered_set<std::string> inserted = write_order_events(tx, to_insert, options_.load_method);
    inserted_count = inserted.size();

    // 3. The lifecycle of the orders of the new events, in batch order.
    std::vector<std::size_t> lifecycle_events;
    Json order_ids = Json::array();
    std::unordered_map<std::string, OrderState> states;
    for (std::size_t i : writable) {
      if (!inserted.contains(rows[i]->event_id) || !lifecycle_step(rows[i]->event_type)) continue;
      lifecycle_events.push_back(i);
      if (states.emplace(rows[i]->order_id, OrderState{}).second) order_ids.push_back(rows[i]->order_id);
    }
    if (!lifecycle_events.empty()) {
      for (const auto& r : tx.exec_params(kSelectStates, order_ids.dump())) {
        OrderState& state = states.at(r[0].as<std::string>());
        state.step = status_step(r[1].as<std::string>());
        state.stored = true;
      }
      for (std::size_t i : lifecycle_events) {
        const OrderEventRow& row = *rows[i];
        OrderState& state = states.at(row.order_id);
        const LifecycleStep next = *lifecycle_step(row.event_type);
        if (!is_allowed_transition(state.step, next)) {
          transition_failures.emplace_back(i, invalid_transition_reason(state.step, next, row.order_id));
          continue;
        }
        state.step = next;
        state.moved = true;
        state.last = &row;
        if (next.sequence == 1) state.created = &row;
        if (row.fraud_decision) state.fraud_decision = row.fraud_decision;
      }
      Json inserts = Json::array();
      Json updates = Json::array();
      for (const auto& [order_id, state] : states) {
        if (!state.moved) continue;
        const OrderEventRow& last = *state.last;
        Json change = {{"order_id", order_id},
                       {"status", state.step->status},
                       {"sequence", state.step->sequence},
                       {"updated_at", last.timestamp},
                       {"last_event_id", last.event_id},
                       {"last_event_type", last.event_type},
                       {"fraud_decision", null_or(state.fraud_decision)}};
        if (state.stored) {
          updates.push_back(std::move(change));
          continue;
        }
        const OrderEventRow& created = *state.created;  // a new order moves only through CREATED
        change["user_id"] = *created.user_id;
        change["total_amount"] = *created.total_amount;
        change["currency"] = created.currency;
        change["item_count"] = created.item_count;
        change["created_at"] = created.timestamp;
        inserts.push_back(std::move(change));
      }
      if (!inserts.empty()) tx.exec_params(kInsertStates, inserts.dump());
      if (!updates.empty()) tx.exec_params(kUpdateStates, updates.dump());
    }

    // 4. Where the source may resume, with the rows (exactly-once hook).
    if (!positions.empty()) tx.exec_params(kUpsertOffsets, options_.consumer, positions.dump());
    tx.commit();
  } catch (...) {
    lease.discard();
    postgres::rethrow_classified("pg-sink lost postgres at " + options_.pool->redacted_dsn());
  }

  for (auto& [i, reason] : transition_failures) batch.fail(i, std::move(reason));
  rows_written_.inc(static_cast<double>(inserted_count));
  duplicates_.inc(static_cast<double>(writable.size() - inserted_count));
  invalid_transitions_.inc(static_cast<double>(transition_failures.size()));
}

}  // namespace streamline::plugins::pg_sink
