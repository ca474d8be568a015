// WriteToken: the same token only for the same batch written again after a
// failed attempt; anything else is a new write.

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "write_token.hpp"

namespace streamline::plugins::pg_dead_letter {
namespace {

Batch failures(std::vector<std::string> payloads, std::int64_t first_offset) {
  Batch batch;
  for (std::string& payload : payloads) {
    Event e = Event::from_raw(std::move(payload));
    e.origin = {"orders", 0, first_offset++};
    e.failure = Failure{"store", "invalid transition", 1};
    batch.add(std::move(e));
  }
  return batch;
}

TEST(WriteToken, EachCommittedWriteGetsANewToken) {
  WriteToken tokens;
  const Batch batch = failures({"a", "b"}, 10);
  const std::string first = tokens.for_batch(batch);
  tokens.committed();
  const std::string second = tokens.for_batch(batch);  // the same failures again: a replay, counted
  tokens.committed();
  EXPECT_FALSE(first.empty());
  EXPECT_NE(first, second);
}

TEST(WriteToken, TheSameBatchAfterAFailedWriteKeepsItsToken) {
  WriteToken tokens;
  const Batch batch = failures({"a", "b"}, 10);
  const std::string first = tokens.for_batch(batch);
  tokens.failed(batch);
  EXPECT_EQ(tokens.for_batch(failures({"a", "b"}, 10)), first);
  tokens.failed(batch);  // failed again: still the same write
  EXPECT_EQ(tokens.for_batch(batch), first);
  tokens.committed();
  EXPECT_NE(tokens.for_batch(batch), first);
}

TEST(WriteToken, AnotherBatchAfterAFailedWriteGetsANewToken) {
  WriteToken tokens;
  const Batch batch = failures({"a", "b"}, 10);
  const std::string first = tokens.for_batch(batch);
  tokens.failed(batch);
  EXPECT_NE(tokens.for_batch(failures({"a", "b"}, 11)), first) << "other offsets";
  tokens.failed(batch);
  EXPECT_NE(tokens.for_batch(failures({"a", "c"}, 10)), first) << "another payload";
  tokens.failed(batch);
  EXPECT_NE(tokens.for_batch(failures({"a"}, 10)), first) << "fewer events";
}

TEST(WriteToken, TwoInstancesNeverShareAToken) {
  WriteToken one;
  WriteToken other;
  const Batch batch = failures({"a"}, 1);
  EXPECT_NE(one.for_batch(batch), other.for_batch(batch));
}

}  // namespace
}  // namespace streamline::plugins::pg_dead_letter
