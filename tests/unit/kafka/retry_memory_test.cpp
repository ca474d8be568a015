// kafka-sink's RetryMemory: confirmed events are not sent again when the
// engine retries the same batch.

#include <gtest/gtest.h>

#include "plugins/kafka-sink/retry_memory.hpp"

namespace streamline::plugins::kafka_sink {
namespace {

Batch batch_of(std::initializer_list<const char*> payloads) {
  Batch batch;
  std::int64_t offset = 0;
  for (const char* p : payloads) {
    Event& e = batch.add(Event::from_raw(p));
    e.origin = {"orders", 0, offset++};
  }
  return batch;
}

// Reports for a batch where the listed messages were confirmed, the others failed.
kafka::DeliveryReports reports_with(std::size_t size, std::initializer_list<std::size_t> delivered) {
  kafka::DeliveryReports reports;
  reports.begin(size);
  for (std::size_t i : delivered) reports.settle(i, RD_KAFKA_RESP_ERR_NO_ERROR);
  for (std::size_t i = 0; i < size; ++i) reports.settle(i, RD_KAFKA_RESP_ERR__MSG_TIMED_OUT);
  return reports;
}

TEST(RetryMemory, SkipsWhatTheFailedAttemptDeliveredWhenTheSameBatchComesBack) {
  RetryMemory memory;
  const Batch first = batch_of({"a", "b", "c"});
  memory.remember(first, reports_with(3, {0, 2}));
  const Batch retry = batch_of({"a", "b", "c"});
  EXPECT_EQ(memory.take_delivered(retry), (std::vector<bool>{true, false, true}));
}

TEST(RetryMemory, ForgetsAfterOneUse) {
  RetryMemory memory;
  memory.remember(batch_of({"a", "b"}), reports_with(2, {0}));
  EXPECT_FALSE(memory.take_delivered(batch_of({"a", "b"})).empty());
  EXPECT_TRUE(memory.take_delivered(batch_of({"a", "b"})).empty());
}

TEST(RetryMemory, DoesNotApplyToAnotherBatch) {
  RetryMemory memory;
  memory.remember(batch_of({"a", "b"}), reports_with(2, {0, 1}));
  EXPECT_TRUE(memory.take_delivered(batch_of({"a", "x"})).empty());

  memory.remember(batch_of({"a", "b"}), reports_with(2, {0, 1}));
  EXPECT_TRUE(memory.take_delivered(batch_of({"a", "b", "c"})).empty());

  memory.remember(batch_of({"a", "b"}), reports_with(2, {0, 1}));
  Batch other_origin = batch_of({"a", "b"});
  other_origin[1].origin.offset = 99;
  EXPECT_TRUE(memory.take_delivered(other_origin).empty());
}

TEST(RetryMemory, RemembersNothingWhenNothingWasDelivered) {
  RetryMemory memory;
  memory.remember(batch_of({"a", "b"}), reports_with(2, {}));
  EXPECT_TRUE(memory.take_delivered(batch_of({"a", "b"})).empty());
}

}  // namespace
}  // namespace streamline::plugins::kafka_sink
