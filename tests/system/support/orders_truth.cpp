#include "tests/system/support/orders_truth.hpp"

#include <cstdio>
#include <sstream>

#include <nlohmann/json.hpp>

namespace streamline::system_tests {
namespace {

using orders::EventKind;
using orders::EventType;
using orders::GeneratedEvent;
using orders::Malformation;

// pg-sink's lifecycle (plugins/pg-sink/README.md, "Order lifecycle").
std::pair<std::string, int> lifecycle_step(EventType type) {
  switch (type) {
    case EventType::kCreated: return {"CREATED", 1};
    case EventType::kPaid: return {"PAID", 2};
    case EventType::kShipped: return {"SHIPPED", 3};
    case EventType::kDelivered: return {"DELIVERED", 4};
    case EventType::kCancelled: return {"CANCELLED", 5};
  }
  return {"?", 0};
}

std::string two_decimals(double amount) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f", amount);
  return text;
}

std::string after_prefix(const std::string& text, const std::string& prefix) {
  return text.rfind(prefix, 0) == 0 ? text.substr(prefix.size()) : "unexpected truth detail: " + text;
}

}  // namespace

orders::OrderStreamOptions mixed_traffic() {
  orders::OrderStreamOptions options;
  options.duplicate_ratio = 0.05;
  options.malformed_ratio = 0.02;
  options.fraud_ratio = 0.03;
  return options;
}

std::vector<GeneratedEvent> generate_events(std::uint64_t seed, const orders::OrderStreamOptions& options,
                                            std::size_t count) {
  orders::OrderStream stream(seed, options);
  std::vector<GeneratedEvent> events;
  events.reserve(count);
  for (std::size_t i = 0; i < count; ++i) events.push_back(stream.next());
  return events;
}

std::string expected_validate_reason(const GeneratedEvent& event) {
  const std::string& detail = event.truth.detail;
  switch (event.truth.malformation) {
    case Malformation::kBadJson:
      try {
        const auto parsed = nlohmann::json::parse(event.payload);
        return "bad_json payload parses as " + parsed.dump();
      } catch (const nlohmann::json::parse_error& e) {
        return std::string("payload is not valid JSON: ") + e.what();  // as Event::json() says it
      }
    case Malformation::kMissingField:
      return "missing field '" + after_prefix(detail, "missing field ") + "'";
    case Malformation::kWrongType: {
      // "data.items.0.quantity is a string" -> the type the orders rules want there.
      static const std::map<std::string, std::string> kExpected = {
          {"data.total_amount", "number"}, {"data.items.0.quantity", "integer"}, {"data.items.0.price", "number"},
          {"timestamp", "timestamp"},      {"data.items", "array"},
      };
      const auto is = detail.find(" is ");
      const std::string field = detail.substr(0, is);
      const auto expected = kExpected.find(field);
      if (is == std::string::npos || expected == kExpected.end()) return "unexpected truth detail: " + detail;
      return "field '" + field + "'" + detail.substr(is) + ", expected " + expected->second;
    }
    default:
      return {};
  }
}

Expectation expect_from_truth(const std::vector<GeneratedEvent>& events, const std::vector<Delivery>& deliveries) {
  Expectation expected;
  for (std::size_t i = 0; i < events.size(); ++i) {
    const GeneratedEvent& e = events[i];
    switch (e.truth.kind) {
      case EventKind::kDuplicate:
        ++expected.duplicates;
        break;
      case EventKind::kValid: {
        expected.event_ids.insert(e.event_id);
        const auto [status, sequence] = lifecycle_step(e.truth.event_type);
        OrderState& state = expected.states[e.order_id];
        if (e.truth.event_type == EventType::kCreated) {
          const auto doc = nlohmann::json::parse(e.payload);
          state.user_id = doc.at("user_id").get<std::string>();
          state.total_amount = two_decimals(doc.at("data").at("total_amount").get<double>());
          state.item_count = static_cast<int>(doc.at("data").at("items").size());
          state.created_at_ms = e.timestamp_ms;
        }
        // The generator plans every order forward, and Kafka keeps one
        // order's events in stream order: the last event is the state.
        state.status = status;
        state.sequence = sequence;
        state.last_event_id = e.event_id;
        break;
      }
      case EventKind::kMalformed: {
        DeadLetter letter;
        letter.raw_payload = e.payload;
        const Malformation kind = e.truth.malformation;
        if (kind == Malformation::kUnknownUser || kind == Malformation::kUnknownProduct) {
          letter.stage = "unknown-refs";
          letter.error = kind == Malformation::kUnknownUser
                             ? "unknown reference: user:" + after_prefix(e.truth.detail, "unknown user ")
                             : "unknown reference: product:" + after_prefix(e.truth.detail, "unknown product ");
        } else {
          letter.stage = "validate";
          letter.error = expected_validate_reason(e);
        }
        // pg-dead-letter keeps the payload's event_id when it parses and has one.
        const bool no_event_id = kind == Malformation::kBadJson || e.truth.detail == "missing field event_id";
        if (!no_event_id) letter.event_id = e.event_id;
        expected.dead_letters[{deliveries[i].partition, deliveries[i].offset}] = letter;
        ++expected.dead_letters_by_kind[orders::to_string(kind)];
        break;
      }
    }
  }
  return expected;
}

std::string to_string(const OrderState& s) {
  std::ostringstream out;
  out << "{user " << s.user_id << ", " << s.status << "/" << s.sequence << ", total " << s.total_amount << ", items "
      << s.item_count << ", last " << s.last_event_id << ", created_at_ms " << s.created_at_ms << "}";
  return out.str();
}

std::string to_string(const DeadLetter& d) {
  return "{stage " + d.stage + ", error '" + d.error + "', event_id " + d.event_id.value_or("null") + ", payload " +
         d.raw_payload.substr(0, 120) + "}";
}

}  // namespace streamline::system_tests
