#include "pending_commits.hpp"

namespace streamline::plugins::kafka_source {

void PendingCommits::raise(std::map<TopicPartition, std::int64_t>& marks, const TopicPartition& partition,
                           std::int64_t offset) {
  auto [it, inserted] = marks.emplace(partition, offset);
  if (!inserted && it->second < offset) it->second = offset;
}

void PendingCommits::add(const std::vector<Position>& positions) {
  for (const auto& p : positions) raise(pending_, {p.topic, p.partition}, p.next_offset);
}

kafka::PartitionListPtr PendingCommits::take(const std::set<TopicPartition>& owned) {
  kafka::PartitionListPtr list;
  for (auto it = pending_.begin(); it != pending_.end();) {
    const auto& [partition, offset] = *it;
    // A partition this consumer no longer owns is another consumer's to commit.
    if (owned.contains(partition) && offset > committed(partition)) {
      if (!list) list = kafka::make_partition_list(static_cast<int>(pending_.size()));
      rd_kafka_topic_partition_list_add(list.get(), partition.first.c_str(), partition.second)->offset = offset;
    }
    it = pending_.erase(it);
  }
  return list;
}

void PendingCommits::on_result(rd_kafka_resp_err_t err, const rd_kafka_topic_partition_list_t& offsets) {
  for (int i = 0; i < offsets.cnt; ++i) {
    const rd_kafka_topic_partition_t& p = offsets.elems[i];
    if (p.offset < 0) continue;
    const TopicPartition partition{p.topic, p.partition};
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR && p.err == RD_KAFKA_RESP_ERR_NO_ERROR)
      raise(committed_, partition, p.offset);
    else if (p.offset > committed(partition))
      raise(pending_, partition, p.offset);
  }
}

void PendingCommits::forget(const TopicPartition& partition) {
  pending_.erase(partition);
  committed_.erase(partition);
}

std::int64_t PendingCommits::committed(const TopicPartition& partition) const {
  auto it = committed_.find(partition);
  return it == committed_.end() ? -1 : it->second;
}

}  // namespace streamline::plugins::kafka_source
