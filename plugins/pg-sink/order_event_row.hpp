#pragma once
// OrderEventRow: one order event as the columns of order_events (and what
// order_states needs), read from the event's JSON. Pure: no database.

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <streamline/event.hpp>

namespace streamline::plugins::pg_sink {

struct OrderEventRow {
  std::string event_id;
  std::string event_type;
  std::string order_id;
  std::optional<std::string> user_id;
  std::string timestamp;  // checked ISO-8601, as sent
  std::string payload;    // the whole document, serialised
  std::optional<std::string> enrichment;  // JSON text
  std::optional<double> fraud_score;
  std::optional<std::string> fraud_decision;
  std::optional<std::vector<std::string>> fraud_reasons;
  std::optional<std::string> source_topic;
  std::optional<std::int32_t> source_partition;
  std::optional<std::int64_t> source_offset;
  // For ORDER_CREATED (order_states' first row).
  std::optional<double> total_amount;
  std::string currency = "USD";
  std::int32_t item_count = 0;
};

// The row, or why the event cannot be written ("missing field 'order_id'").
std::variant<OrderEventRow, std::string> read_order_event(const Event& event);

// True for `YYYY-MM-DD[T ]hh:mm:ss[.fraction][Z|+hh[:mm]|-hh[:mm]]` naming a
// real date and time.
bool is_valid_timestamp(const std::string& text);

}  // namespace streamline::plugins::pg_sink
