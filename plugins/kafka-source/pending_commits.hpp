#pragma once
// PendingCommits: offsets the engine declared done and Kafka has not yet
// confirmed as committed.
//
// The engine hands the source positions (next offset to read, one past a
// contiguous done prefix). They wait here until a commit carries them; a
// commit that fails puts them back, unless a later commit already covered
// the partition. Committed offsets therefore never move backwards, and a
// failed commit is retried by the next one (at the latest on revoke or stop).
//
// Threading: the source's thread only (commit results arrive through
// rd_kafka_consumer_poll on that thread).

#include <cstdint>
#include <map>
#include <set>
#include <vector>

#include <streamline/event.hpp>

#include "kafka/kafka_handles.hpp"
#include "topic_partition.hpp"

namespace streamline::plugins::kafka_source {

class PendingCommits {
 public:
  // Done positions from the engine; per partition the highest wins.
  void add(const std::vector<Position>& positions);
  // A list to commit: pending positions of partitions in `owned` that are
  // ahead of what is known committed. Every pending position leaves the
  // pending set (those of partitions not owned are dropped). Null when there
  // is nothing to commit.
  kafka::PartitionListPtr take(const std::set<TopicPartition>& owned);
  // A commit's outcome: successes raise the committed mark, failures return
  // to pending.
  void on_result(rd_kafka_resp_err_t err, const rd_kafka_topic_partition_list_t& offsets);
  // The partition left this consumer: forget it entirely.
  void forget(const TopicPartition& partition);

  bool empty() const noexcept { return pending_.empty(); }
  // Highest offset known committed, or -1.
  std::int64_t committed(const TopicPartition& partition) const;

 private:
  void raise(std::map<TopicPartition, std::int64_t>& marks, const TopicPartition& partition, std::int64_t offset);

  std::map<TopicPartition, std::int64_t> pending_;
  std::map<TopicPartition, std::int64_t> committed_;
};

}  // namespace streamline::plugins::kafka_source
