#pragma once
// KafkaSource: reads events from Kafka topics as a member of a consumer group.
//
// Each message becomes an event: payload = the message value (raw text,
// parsed only if a stage asks), key, headers, origin = (topic, partition,
// offset).
//
// Offsets: auto commit and auto offset store are off. The source commits
// only positions the engine reports done (commit(), asynchronously), and
// synchronously when partitions are revoked and on stop(). On revoke it asks
// the engine for every done position, commits them, then releases the
// revoked partitions in the engine's acknowledgements, so events of them
// still in flight never produce a commit from this (former) owner. When the
// assignment was lost (session expired) it only releases: another member
// owns those partitions already. Both rebalance protocols are handled
// (eager: assign/unassign everything; cooperative: incremental).
//
// Exactly-once resume: with a position store, each partition assigned
// starts at the position the store holds for the group when that is ahead
// of the group's committed offset (a sink stored rows the source had not
// committed yet before a crash). Without an answer from the store it falls
// back to the committed offsets: at-least-once, which idempotent sinks absorb.
//
// Backpressure: pause() pauses the current assignment (and partitions
// assigned while paused); poll() keeps serving rebalances and returns no
// events. librdkafka discards what it prefetched for a paused partition and
// fetches again from the position after the last message handed out, so
// resume() continues with no gap. Should a message of a paused partition
// still come out of poll, it is not handed out and resume() seeks the
// partition back to it.
//
// Threading: every call (poll, commit, pause, resume, stop) and every
// rebalance and commit callback runs on the source's own thread; librdkafka
// serves the callbacks inside rd_kafka_consumer_poll / _close.

#include <chrono>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <streamline/batch.hpp>
#include <streamline/context.hpp>
#include <streamline/position_store.hpp>
#include <streamline/stage.hpp>

#include "consumer_lag.hpp"
#include "kafka/client_config.hpp"
#include "kafka/client_hooks.hpp"
#include "kafka/kafka_handles.hpp"
#include "pending_commits.hpp"
#include "topic_partition.hpp"

namespace streamline::plugins::kafka_source {

struct KafkaSourceOptions {
  std::string brokers;
  std::string group_id;
  std::vector<std::string> topics;  // or
  std::string pattern;              // a regex subscription, starting with '^'
  std::size_t batch_size = 500;
  std::chrono::milliseconds lag_interval{5000};
  kafka::Properties properties;  // the complete librdkafka configuration
  // Where sinks store positions with their writes (null: none); see
  // <streamline/position_store.hpp>.
  std::shared_ptr<PositionStore> position_store;
  std::string position_store_name;
};

class KafkaSource final : public Source {
 public:
  KafkaSource(KafkaSourceOptions options, Context& context);
  ~KafkaSource() override;

  // Creates the consumer, checks that a broker answers (TransientError
  // otherwise) and subscribes.
  void start() override;
  PollStatus poll(Batch& out, std::size_t max_events, std::chrono::milliseconds timeout) override;
  void commit(const std::vector<Position>& positions) override;
  void pause() override;
  void resume() override;
  // Commits every done position, leaves the group (revoking, which commits
  // and releases) and destroys the consumer.
  void stop() noexcept override;

 private:
  void connect();
  void subscribe();
  void on_rebalance(rd_kafka_t* consumer, rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* partitions);
  void assign(rd_kafka_topic_partition_list_t* partitions, bool cooperative);
  void revoke(rd_kafka_topic_partition_list_t* partitions, bool cooperative);
  // Sets the start offset of each partition the store is ahead on.
  void resume_from_store(rd_kafka_topic_partition_list_t* partitions);
  // Commits what the engine reports done plus what is pending, synchronously.
  void commit_everything_done(const char* why);
  // Sends what is pending; `sync` waits for the result.
  void send_commits(bool sync, const char* why);
  void on_commit_result(rd_kafka_resp_err_t err, const rd_kafka_topic_partition_list_t* offsets);
  void handle_consumer_error(const rd_kafka_message_t& message);
  // A message of a paused partition came out of poll: read it again after resume.
  void hold_back(const rd_kafka_message_t& message);
  Event to_event(const rd_kafka_message_t& message, Clock::time_point now) const;
  void set_paused(rd_kafka_topic_partition_list_t* partitions, bool paused);

  KafkaSourceOptions options_;
  Context& context_;
  ConsumerLag lag_;
  Counter& resumed_from_store_;
  PendingCommits commits_;
  std::set<TopicPartition> assigned_;
  std::map<TopicPartition, std::int64_t> rewind_on_resume_;
  // Events read in the current poll() and not yet handed out; a revoke
  // during the poll removes those of the revoked partitions.
  std::vector<Event> polled_;
  bool paused_ = false;
  bool cooperative_ = false;  // the group's rebalance protocol is COOPERATIVE, as librdkafka last said
  kafka::ClientHooks hooks_;
  // Declared after what its callbacks use, so it is destroyed first.
  kafka::ClientPtr consumer_;
};

}  // namespace streamline::plugins::kafka_source
