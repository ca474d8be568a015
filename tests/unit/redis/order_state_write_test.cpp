// redis-cache: what one order's state write sends, in both formats.

#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "forward_only_script.hpp"
#include "order_state_write.hpp"

namespace streamline::plugins::redis_cache {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;

const Json kState = Json::parse(R"({
  "order_id": "ord-1", "user_id": "user-00042", "status": "PAID", "sequence": 2,
  "total_amount": 25.5, "currency": "USD", "item_count": 3, "fraud_decision": null,
  "created_at": "2025-01-01T00:00:00.000Z", "updated_at": "2025-01-01T00:05:00.000Z",
  "last_event_id": "evt-2", "last_event_type": "ORDER_PAID"})");

std::string error_of(const Json& state) {
  try {
    make_order_state_write(state, "order:", CacheFormat::kHash);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(OrderStateWriteTest, HashFieldsAreTextAndLeaveNullsOut) {
  // In the state's own order (a Redis hash has none).
  EXPECT_THAT(hash_fields(kState),
              UnorderedElementsAre(Pair("created_at", "2025-01-01T00:00:00.000Z"), Pair("currency", "USD"),
                          Pair("item_count", "3"), Pair("last_event_id", "evt-2"),
                          Pair("last_event_type", "ORDER_PAID"), Pair("order_id", "ord-1"),
                          Pair("sequence", "2"), Pair("status", "PAID"), Pair("total_amount", "25.5"),
                          Pair("updated_at", "2025-01-01T00:05:00.000Z"), Pair("user_id", "user-00042")));
  EXPECT_THAT(hash_fields(Json::parse(R"({"fraud_decision": "review", "flag": true, "nested": {"a": 1}})")),
              ElementsAre(Pair("fraud_decision", "review"), Pair("flag", "true"), Pair("nested", "{\"a\":1}")));
}

TEST(OrderStateWriteTest, HashWriteCarriesKeySequenceAndFieldPairs) {
  const OrderStateWrite write = make_order_state_write(kState, "order:", CacheFormat::kHash);
  EXPECT_EQ(write.key, "order:ord-1");
  EXPECT_EQ(write.sequence, 2);
  ASSERT_EQ(write.values.size(), 22u);  // 11 non-null fields
  EXPECT_EQ(write.values[0], "order_id");
  EXPECT_EQ(write.values[1], "ord-1");
}

TEST(OrderStateWriteTest, JsonWriteCarriesTheObjectAsText) {
  const OrderStateWrite write = make_order_state_write(kState, "o/", CacheFormat::kJson);
  EXPECT_EQ(write.key, "o/ord-1");
  ASSERT_EQ(write.values.size(), 1u);
  EXPECT_EQ(Json::parse(write.values[0]), kState);
}

TEST(OrderStateWriteTest, RefusesAStateWithoutOrderIdOrIntegerSequence) {
  EXPECT_EQ(error_of(Json::array()), "order_state is not an object");
  EXPECT_EQ(error_of(Json::parse(R"({"sequence": 1})")), "order_state has no order_id (a non-empty string)");
  EXPECT_EQ(error_of(Json::parse(R"({"order_id": "", "sequence": 1})")),
            "order_state has no order_id (a non-empty string)");
  EXPECT_EQ(error_of(Json::parse(R"({"order_id": 7, "sequence": 1})")),
            "order_state has no order_id (a non-empty string)");
  EXPECT_EQ(error_of(Json::parse(R"({"order_id": "ord-1"})")), "order_state has no sequence (an integer)");
  EXPECT_EQ(error_of(Json::parse(R"({"order_id": "ord-1", "sequence": "2"})")),
            "order_state has no sequence (an integer)");
  EXPECT_EQ(error_of(Json::parse(R"({"order_id": "ord-1", "sequence": 2.5})")),
            "order_state has no sequence (an integer)");
}

TEST(OrderStateWriteTest, ScriptCallsPassKeysThenTtlFormatThenEachSequenceCountAndValues) {
  const std::vector<OrderStateWrite> writes{{"order:ord-1", 4, {"status", "SHIPPED"}},
                                            {"order:ord-2", 1, {"status", "CREATED", "currency", "EUR"}}};
  EXPECT_EQ(evalsha_command("abc123", writes, std::chrono::milliseconds(60000), CacheFormat::kHash),
            (redis::RedisCommand{"EVALSHA", "abc123", "2", "order:ord-1", "order:ord-2", "60000", "hash", "4", "2",
                                 "status", "SHIPPED", "1", "4", "status", "CREATED", "currency", "EUR"}));
  const std::vector<OrderStateWrite> json{{"order:ord-1", 4, {"{}"}}};
  EXPECT_EQ(eval_command(kForwardOnlyScript, json, std::chrono::milliseconds(5), CacheFormat::kJson),
            (redis::RedisCommand{"EVAL", std::string(kForwardOnlyScript), "1", "order:ord-1", "5", "json", "4", "1",
                                 "{}"}));
}

}  // namespace
}  // namespace streamline::plugins::redis_cache
