// kafka-sink's MessageKey: the Kafka key of an event.

#include <gtest/gtest.h>

#include "plugins/kafka-sink/message_key.hpp"

namespace streamline::plugins::kafka_sink {
namespace {

Event event(std::string raw, std::string key = {}) {
  Event e = Event::from_raw(std::move(raw));
  e.key = std::move(key);
  return e;
}

TEST(MessageKey, TakesAStringFieldAsItIs) {
  EXPECT_EQ(MessageKey("order_id").of(event(R"({"order_id": "ord-1", "x": 1})", "fallback")), "ord-1");
}

TEST(MessageKey, FollowsDottedPathsIntoObjectsAndArrays) {
  const Event e = event(R"({"customer": {"id": "c-7"}, "items": [{"sku": "A"}, {"sku": "B"}]})");
  EXPECT_EQ(MessageKey("customer.id").of(e), "c-7");
  EXPECT_EQ(MessageKey("items.1.sku").of(e), "B");
}

TEST(MessageKey, WritesNumbersAndBooleansAsJson) {
  EXPECT_EQ(MessageKey("n").of(event(R"({"n": 42})")), "42");
  EXPECT_EQ(MessageKey("n").of(event(R"({"n": 2.5})")), "2.5");
  EXPECT_EQ(MessageKey("b").of(event(R"({"b": true})")), "true");
}

TEST(MessageKey, FallsBackToTheEventKey) {
  const MessageKey key("order_id");
  EXPECT_EQ(key.of(event(R"({"other": 1})", "k1")), "k1");            // absent
  EXPECT_EQ(key.of(event(R"({"order_id": null})", "k2")), "k2");      // null
  EXPECT_EQ(key.of(event(R"({"order_id": {"a": 1}})", "k3")), "k3");  // not a scalar
  EXPECT_EQ(key.of(event("not json at all", "k4")), "k4");            // not JSON
  EXPECT_EQ(key.of(event("[1, 2]", "k5")), "k5");                     // not an object
  EXPECT_EQ(MessageKey("items.9").of(event(R"({"items": [1]})", "k6")), "k6");
}

TEST(MessageKey, WithoutAPathUsesTheEventKey) {
  EXPECT_EQ(MessageKey("").of(event(R"({"order_id": "ord-1"})", "own")), "own");
  EXPECT_EQ(MessageKey("").of(event(R"({"order_id": "ord-1"})")), "");
}

TEST(MessageKey, ChecksPaths) {
  EXPECT_TRUE(MessageKey::is_valid_path(""));
  EXPECT_TRUE(MessageKey::is_valid_path("order_id"));
  EXPECT_TRUE(MessageKey::is_valid_path("a.b.0"));
  EXPECT_FALSE(MessageKey::is_valid_path("a..b"));
  EXPECT_FALSE(MessageKey::is_valid_path(".a"));
  EXPECT_FALSE(MessageKey::is_valid_path("a."));
}

}  // namespace
}  // namespace streamline::plugins::kafka_sink
