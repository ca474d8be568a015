#pragma once
// MessageKey: the Kafka message key of an event.
//
// With a `key_field` (a dotted path into the JSON payload: "order_id",
// "customer.id", "items.0.sku") the key is that field: a string as it is,
// a number or boolean as its JSON text. When the path is empty, the field is
// absent, null, an object or an array, or the payload is not JSON, the key
// is the event's own key (Event::key; empty = no key). Keying by order id
// keeps each order's events in one partition, in order.

#include <string>
#include <string_view>
#include <vector>

#include <streamline/event.hpp>

namespace streamline::plugins::kafka_sink {

class MessageKey {
 public:
  explicit MessageKey(std::string_view dotted_path);

  std::string of(const Event& event) const;

  // True when `dotted_path` has no empty segment ("a..b", ".a", "a.").
  static bool is_valid_path(std::string_view dotted_path);

 private:
  std::vector<std::string> path_;
};

}  // namespace streamline::plugins::kafka_sink
