#pragma once
// OrderStream: realistic, reproducible order traffic, and the truth about it.
//
// No SDK here: the order-generator plugin emits this stream, and tests and
// the model-training tool regenerate it from the same seed to read the
// labels the events themselves never carry.
//
// The stream interleaves new orders (ORDER_CREATED) with the later
// lifecycle events of earlier orders, each order in a valid sequence:
//   CREATED -> PAID -> SHIPPED -> DELIVERED     (most orders)
//   CREATED [-> PAID] -> CANCELLED              (cancelled before shipping)
//   CREATED -> PAID -> SHIPPED                  (still in transit)
// A lifecycle step comes a random number of events after the previous one.
// The first event is stamped `start_time_ms`; each next one 50..1500 ms later.
//
// Mixed in, by share of all events:
//   duplicate_ratio - exact re-sends (same bytes, same event_id) of one of
//                     the last 256 valid events;
//   malformed_ratio - a new order's ORDER_CREATED broken one way (see
//                     Malformation); such orders get no lifecycle events.
// And by share of new orders, fraud_ratio - planted fraud (FraudPattern),
// each pattern about a quarter of the fraud orders:
//   high amount       - a total of 8,000 USD or more (normal orders stay
//                       below 6,000);
//   velocity          - 5 to 8 orders of one user in consecutive new orders;
//   country mismatch  - shipping country, IP country and the user's home
//                       country all differ (normal orders differ in at most
//                       one);
//   new account       - an account at most 45 days old buys electronics
//                       priced 250 USD or more.
// Users and products are 1..users and 1..products, with the attributes of
// scripts/schema.sql (reference_data.hpp); only malformations use ids
// outside those ranges.
//
// Determinism: the same seed and options give a byte-identical stream on
// every platform (own random generator, no hash-order iteration).

#include <cstdint>
#include <memory>
#include <string>

namespace streamline::orders {

enum class EventType : std::uint8_t { kCreated, kPaid, kShipped, kDelivered, kCancelled };

enum class EventKind : std::uint8_t {
  kValid,      // a well-formed event, sent once (so far)
  kDuplicate,  // an exact re-send of an earlier valid event
  kMalformed,  // see Malformation
};

enum class Malformation : std::uint8_t {
  kNone,
  kBadJson,         // not JSON: truncated, Python dict syntax, trailing garbage
  kMissingField,    // a required field is absent
  kWrongType,       // a field of the wrong type, e.g. "total_amount": "abc"
  kUnknownUser,     // a user id outside 1..users
  kUnknownProduct,  // a product id outside 1..products
};

enum class FraudPattern : std::uint8_t { kNone, kHighAmount, kVelocity, kCountryMismatch, kNewAccount };

const char* to_string(EventType type) noexcept;  // "ORDER_CREATED", ...
const char* to_string(EventKind kind) noexcept;  // "valid", "duplicate", "malformed"
const char* to_string(Malformation malformation) noexcept;  // "none", "bad_json", ...
const char* to_string(FraudPattern pattern) noexcept;       // "none", "high_amount", ...

struct Truth {
  EventKind kind = EventKind::kValid;
  EventType event_type = EventType::kCreated;  // as generated (also for malformed events)
  Malformation malformation = Malformation::kNone;
  std::string detail;  // for malformed events: what is broken, e.g. "missing field event_id"
  // The order is planted fraud: set on all of its events (duplicates too).
  bool is_fraud = false;
  FraudPattern fraud_pattern = FraudPattern::kNone;
  std::uint64_t duplicate_of = 0;  // duplicates: the sequence number of the original
};

struct GeneratedEvent {
  std::uint64_t sequence = 0;  // position in the stream, from 0
  std::string payload;         // JSON text (not JSON for Malformation::kBadJson)
  std::string key;             // the order id: the Kafka key
  std::string event_id;
  std::string order_id;
  std::string user_id;  // as written in the payload (may be unknown)
  std::int64_t timestamp_ms = 0;
  Truth truth;
};

struct OrderStreamOptions {
  double duplicate_ratio = 0.02;
  double malformed_ratio = 0.01;
  double fraud_ratio = 0.03;
  std::uint64_t users = 10000;
  std::uint64_t products = 1000;
  std::int64_t start_time_ms = 1735689600000;  // 2025-01-01T00:00:00.000Z
};

class OrderStream {
 public:
  explicit OrderStream(std::uint64_t seed, OrderStreamOptions options = {});
  ~OrderStream();
  OrderStream(OrderStream&&) noexcept;
  OrderStream& operator=(OrderStream&&) noexcept;

  GeneratedEvent next();
  // Events returned so far (the next event's sequence number).
  std::uint64_t emitted() const noexcept;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace streamline::orders
