#pragma once
// OrderEventRow: one order event as the columns of order_events (and what
// order_states needs), read from the event's JSON. Pure: no database.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <streamline/event.hpp>

namespace streamline::plugins::pg_sink {

// The text fields view the event they were read from (its document, or its
// original text for `payload`): a row lives only while pg-sink handles the
// batch, and copying the strings of every event was a tenth of its work.
struct OrderEventRow {
  std::string_view event_id;
  std::string_view event_type;
  std::string_view order_id;
  std::optional<std::string_view> user_id;
  std::string_view timestamp;  // checked ISO-8601, as sent
  std::string_view payload;    // the event as its producer sent it
  const Json* enrichment = nullptr;  // the event's, when not null; written as JSON text
  std::optional<double> fraud_score;
  std::optional<std::string_view> fraud_decision;
  std::optional<std::vector<std::string>> fraud_reasons;
  std::optional<std::string_view> source_topic;
  std::optional<std::int32_t> source_partition;
  std::optional<std::int64_t> source_offset;
  // For ORDER_CREATED (order_states' first row).
  std::optional<double> total_amount;
  std::string_view currency = "USD";
  std::int32_t item_count = 0;
};

// The row, or why the event cannot be written ("missing field 'order_id'").
// The row views `event`, which must outlive it and stay unchanged.
std::variant<OrderEventRow, std::string> read_order_event(const Event& event);

// True for `YYYY-MM-DD[T ]hh:mm:ss[.fraction][Z|+hh[:mm]|-hh[:mm]]` naming a
// real date and time.
bool is_valid_timestamp(std::string_view text);

}  // namespace streamline::plugins::pg_sink
