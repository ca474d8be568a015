// kafka-source's PendingCommits: done positions waiting for a confirmed commit.

#include <map>

#include <gtest/gtest.h>

#include "plugins/kafka-source/pending_commits.hpp"

namespace streamline::plugins::kafka_source {
namespace {

std::map<TopicPartition, std::int64_t> contents(const kafka::PartitionListPtr& list) {
  std::map<TopicPartition, std::int64_t> out;
  if (!list) return out;
  for (int i = 0; i < list->cnt; ++i) out[{list->elems[i].topic, list->elems[i].partition}] = list->elems[i].offset;
  return out;
}

const std::set<TopicPartition> kOwned{{"orders", 0}, {"orders", 1}};

TEST(PendingCommits, CommitsTheHighestDonePositionOfOwnedPartitions) {
  PendingCommits commits;
  commits.add({{"orders", 0, 10}, {"orders", 1, 5}, {"orders", 0, 7}, {"orders", 3, 9}});
  const auto list = commits.take(kOwned);
  EXPECT_EQ(contents(list), (std::map<TopicPartition, std::int64_t>{{{"orders", 0}, 10}, {{"orders", 1}, 5}}));
  EXPECT_TRUE(commits.empty());  // the unowned partition 3 is dropped
  EXPECT_FALSE(commits.take(kOwned));
}

TEST(PendingCommits, FailedCommitsComeBack) {
  PendingCommits commits;
  commits.add({{"orders", 0, 10}});
  const auto list = commits.take(kOwned);
  list->elems[0].err = RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT;
  commits.on_result(RD_KAFKA_RESP_ERR_NO_ERROR, *list);
  EXPECT_EQ(contents(commits.take(kOwned)), (std::map<TopicPartition, std::int64_t>{{{"orders", 0}, 10}}));
}

TEST(PendingCommits, AFailedRequestReturnsAllItsPositions) {
  PendingCommits commits;
  commits.add({{"orders", 0, 10}, {"orders", 1, 3}});
  const auto list = commits.take(kOwned);
  commits.on_result(RD_KAFKA_RESP_ERR__TRANSPORT, *list);
  EXPECT_EQ(contents(commits.take(kOwned)),
            (std::map<TopicPartition, std::int64_t>{{{"orders", 0}, 10}, {{"orders", 1}, 3}}));
}

TEST(PendingCommits, NeverMovesACommittedOffsetBack) {
  PendingCommits commits;
  commits.add({{"orders", 0, 10}});
  const auto older = commits.take(kOwned);
  commits.add({{"orders", 0, 20}});
  const auto newer = commits.take(kOwned);
  commits.on_result(RD_KAFKA_RESP_ERR_NO_ERROR, *newer);
  EXPECT_EQ(commits.committed({"orders", 0}), 20);
  // The older commit fails after the newer one succeeded: nothing to redo.
  commits.on_result(RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT, *older);
  EXPECT_FALSE(commits.take(kOwned));
  // A position at or below the committed one is not sent again.
  commits.add({{"orders", 0, 15}});
  EXPECT_FALSE(commits.take(kOwned));
}

TEST(PendingCommits, ForgetsARevokedPartition) {
  PendingCommits commits;
  commits.add({{"orders", 0, 10}});
  const auto list = commits.take(kOwned);
  commits.on_result(RD_KAFKA_RESP_ERR_NO_ERROR, *list);
  commits.add({{"orders", 0, 12}});
  commits.forget({"orders", 0});
  EXPECT_TRUE(commits.empty());
  EXPECT_EQ(commits.committed({"orders", 0}), -1);
}

}  // namespace
}  // namespace streamline::plugins::kafka_source
