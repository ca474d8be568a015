#pragma once
// What the orders pipeline must leave behind for a generated stream,
// computed from the stream's truth labels alone (never from what the
// pipeline wrote): the events stored, each order's state, each dead letter.

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "plugins/order-generator/order_stream.hpp"
#include "tests/system/support/orders_kafka.hpp"

namespace streamline::system_tests {

// The events OrderStream(seed, options) starts with.
// The mix the system tests stream: 5 % duplicates, 2 % malformed, 3 % fraud.
orders::OrderStreamOptions mixed_traffic();

std::vector<orders::GeneratedEvent> generate_events(std::uint64_t seed, const orders::OrderStreamOptions& options,
                                                    std::size_t count);

// One order_states row, as the tests read it (amounts as PostgreSQL prints
// NUMERIC(12,2), times in epoch milliseconds).
struct OrderState {
  std::string user_id;
  std::string status;
  int sequence = 0;
  std::string total_amount;  // "25.00"
  int item_count = 0;
  std::string last_event_id;
  std::int64_t created_at_ms = 0;
  bool operator==(const OrderState&) const = default;
};

// One processing_errors row, as the tests read it.
struct DeadLetter {
  std::string stage;
  std::string error;
  std::string raw_payload;
  std::optional<std::string> event_id;
  bool operator==(const DeadLetter&) const = default;
};

using SourcePosition = std::pair<std::int32_t, std::int64_t>;  // partition, offset

struct Expectation {
  std::set<std::string> event_ids;                 // order_events: one row per unique valid event
  std::map<std::string, OrderState> states;        // order_states, by order id
  std::map<SourcePosition, DeadLetter> dead_letters;  // processing_errors, by origin
  std::map<std::string, std::size_t> dead_letters_by_kind;  // "bad_json": 12, ... (for the log)
  std::size_t duplicates = 0;
};

// `deliveries[i]` is where events[i] landed.
Expectation expect_from_truth(const std::vector<orders::GeneratedEvent>& events,
                              const std::vector<Delivery>& deliveries);

// The reason the validate stage of pipelines/orders.yaml gives a malformed
// event (plugins/validate/README.md, "Reasons"); empty for events it passes.
std::string expected_validate_reason(const orders::GeneratedEvent& event);

std::string to_string(const OrderState& state);
std::string to_string(const DeadLetter& letter);

}  // namespace streamline::system_tests
