#include "kafka_source.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <utility>

#include <streamline/errors.hpp>

#include "kafka/kafka_errors.hpp"

namespace streamline::plugins::kafka_source {
namespace {

using std::chrono::milliseconds;

// How long start() waits for a broker's first answer.
constexpr milliseconds kConnectTimeout{10000};
// How long resume() waits for a seek to take effect.
constexpr milliseconds kSeekTimeout{5000};
// How long an assignment waits for the group's committed offsets.
constexpr milliseconds kCommittedTimeout{10000};

int to_int_ms(milliseconds d) { return static_cast<int>(std::max<milliseconds::rep>(0, d.count())); }

TopicPartition partition_of(const rd_kafka_topic_partition_t& p) { return {p.topic, p.partition}; }

}  // namespace

KafkaSource::KafkaSource(KafkaSourceOptions options, Context& context)
    : options_(std::move(options)),
      context_(context),
      lag_(context.metrics(), options_.lag_interval),
      resumed_from_store_(context.metrics().counter(
          "kafka_source_resumed_from_store_total",
          "Partitions assigned at a position a sink stored, ahead of the committed offset.")) {
  // Sinks store this source's positions under its group (exactly-once).
  if (Acknowledgements* acks = context_.acknowledgements()) acks->set_consumer(options_.group_id);
  hooks_.logger = &context_.logger();
  hooks_.on_rebalance = [this](rd_kafka_t* rk, rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* parts) {
    on_rebalance(rk, err, parts);
  };
  hooks_.on_commit = [this](rd_kafka_resp_err_t err, const rd_kafka_topic_partition_list_t* offsets) {
    on_commit_result(err, offsets);
  };
}

KafkaSource::~KafkaSource() { stop(); }

void KafkaSource::connect() {
  kafka::ConfPtr conf = kafka::make_conf(options_.properties);
  kafka::install_hooks(conf.get(), hooks_);
  consumer_ = kafka::make_client(RD_KAFKA_CONSUMER, std::move(conf));
  // One queue for messages, rebalances, commit results and errors, all
  // served by rd_kafka_consumer_poll on this thread.
  rd_kafka_poll_set_consumer(consumer_.get());
}

void KafkaSource::start() {
  if (consumer_) return;
  connect();
  const struct rd_kafka_metadata* metadata = nullptr;
  const rd_kafka_resp_err_t err = rd_kafka_metadata(consumer_.get(), 0, nullptr, &metadata, to_int_ms(kConnectTimeout));
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    consumer_.reset();
    throw TransientError("cannot reach Kafka at '" + options_.brokers + "': " + kafka::error_text(err));
  }
  rd_kafka_metadata_destroy(metadata);
  subscribe();
}

void KafkaSource::subscribe() {
  kafka::PartitionListPtr subscription = kafka::make_partition_list(static_cast<int>(options_.topics.size() + 1));
  if (!options_.pattern.empty()) {
    rd_kafka_topic_partition_list_add(subscription.get(), options_.pattern.c_str(), RD_KAFKA_PARTITION_UA);
  } else {
    for (const auto& topic : options_.topics)
      rd_kafka_topic_partition_list_add(subscription.get(), topic.c_str(), RD_KAFKA_PARTITION_UA);
  }
  if (const rd_kafka_resp_err_t err = rd_kafka_subscribe(consumer_.get(), subscription.get())) {
    consumer_.reset();
    throw TransientError("cannot subscribe: " + kafka::error_text(err));
  }
}

PollStatus KafkaSource::poll(Batch& out, std::size_t max_events, milliseconds timeout) {
  if (!consumer_) start();
  lag_.refresh_if_due(consumer_.get());

  // A paused source hands out nothing but still serves the group protocol
  // (rebalances, commit results) until the timeout, whatever max_events.
  const std::size_t wanted = paused_ ? 1 : std::min(max_events, options_.batch_size);
  const Clock::time_point deadline = Clock::now() + timeout;
  polled_.clear();
  while (polled_.size() < wanted) {
    // Wait for the first event only; then take what is already there.
    const milliseconds wait = polled_.empty()
                                  ? std::chrono::duration_cast<milliseconds>(deadline - Clock::now())
                                  : milliseconds::zero();
    kafka::MessagePtr message(rd_kafka_consumer_poll(consumer_.get(), to_int_ms(wait)));
    if (!message) {
      if (!polled_.empty() || Clock::now() >= deadline) break;
      continue;
    }
    if (message->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      handle_consumer_error(*message);
    } else if (paused_) {
      hold_back(*message);
    } else {
      polled_.push_back(to_event(*message, Clock::now()));
    }
    if (Clock::now() >= deadline && polled_.empty()) break;
  }
  out.reserve(out.size() + polled_.size());
  for (auto& event : polled_) out.add(std::move(event));
  polled_.clear();
  return PollStatus::kReady;
}

Event KafkaSource::to_event(const rd_kafka_message_t& message, Clock::time_point now) const {
  Event event = Event::from_raw(
      message.payload ? std::string(static_cast<const char*>(message.payload), message.len) : std::string());
  if (message.key) event.key.assign(static_cast<const char*>(message.key), message.key_len);
  rd_kafka_headers_t* headers = nullptr;
  if (rd_kafka_message_headers(&message, &headers) == RD_KAFKA_RESP_ERR_NO_ERROR) {
    const char* name = nullptr;
    const void* value = nullptr;
    std::size_t size = 0;
    for (std::size_t i = 0; rd_kafka_header_get_all(headers, i, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR;
         ++i)
      event.headers.push_back({name, value ? std::string(static_cast<const char*>(value), size) : std::string()});
  }
  event.origin.topic = rd_kafka_topic_name(message.rkt);
  event.origin.partition = message.partition;
  event.origin.offset = message.offset;
  event.ingested_at = now;
  return event;
}

void KafkaSource::handle_consumer_error(const rd_kafka_message_t& message) {
  if (message.err == RD_KAFKA_RESP_ERR__PARTITION_EOF) return;  // only with enable.partition.eof
  const std::string where =
      message.rkt ? " (" + std::string(rd_kafka_topic_name(message.rkt)) + " [" + std::to_string(message.partition) + "])"
                  : std::string();
  if (message.err == RD_KAFKA_RESP_ERR__FATAL) {
    std::array<char, 512> detail{};
    const rd_kafka_resp_err_t fatal = rd_kafka_fatal_error(consumer_.get(), detail.data(), detail.size());
    // Not committing: a fatally failed member is no longer in the group.
    consumer_.reset();
    assigned_.clear();
    throw TransientError("kafka consumer failed: " + kafka::error_text(fatal) + ": " + detail.data());
  }
  context_.logger().warn("kafka consumer: {}{}: {}", kafka::error_text(message.err), where,
                         rd_kafka_message_errstr(&message));
}

void KafkaSource::hold_back(const rd_kafka_message_t& message) {
  const TopicPartition partition{rd_kafka_topic_name(message.rkt), message.partition};
  auto [it, inserted] = rewind_on_resume_.emplace(partition, message.offset);
  if (!inserted) it->second = std::min(it->second, message.offset);
}

void KafkaSource::commit(const std::vector<Position>& positions) {
  commits_.add(positions);
  if (consumer_) send_commits(false, "done positions");
}

void KafkaSource::send_commits(bool sync, const char* why) {
  kafka::PartitionListPtr offsets = commits_.take(assigned_);
  if (!offsets) return;
  const rd_kafka_resp_err_t err = rd_kafka_commit(consumer_.get(), offsets.get(), sync ? 0 : 1);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    // Put them back: the next commit retries them.
    commits_.on_result(err, *offsets);
    context_.logger().warn("kafka commit ({}) failed: {}", why, kafka::error_text(err));
  }
}

void KafkaSource::on_commit_result(rd_kafka_resp_err_t err, const rd_kafka_topic_partition_list_t* offsets) {
  if (err == RD_KAFKA_RESP_ERR__NO_OFFSET || offsets == nullptr) return;  // nothing was to commit
  commits_.on_result(err, *offsets);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) context_.logger().warn("kafka commit failed: {}", kafka::error_text(err));
  for (int i = 0; i < offsets->cnt; ++i) {
    const auto& p = offsets->elems[i];
    if (p.err != RD_KAFKA_RESP_ERR_NO_ERROR)
      context_.logger().warn("kafka commit of {} [{}] at {} failed: {}", p.topic, p.partition, p.offset,
                             kafka::error_text(p.err));
  }
}

void KafkaSource::commit_everything_done(const char* why) {
  if (Acknowledgements* acks = context_.acknowledgements()) commits_.add(acks->committable(true));
  send_commits(true, why);
}

void KafkaSource::on_rebalance(rd_kafka_t* consumer, rd_kafka_resp_err_t err,
                               rd_kafka_topic_partition_list_t* partitions) {
  // librdkafka names the group's protocol, but answers NULL once the
  // consumer is closing (the last revoke, from rd_kafka_consumer_close): the
  // protocol it last named still holds then.
  if (const char* protocol = rd_kafka_rebalance_protocol(consumer))
    cooperative_ = std::strcmp(protocol, "COOPERATIVE") == 0;
  const bool cooperative = cooperative_;
  if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
    assign(partitions, cooperative);
  } else if (err == RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS) {
    revoke(partitions, cooperative);
  } else {
    // librdkafka asks for the assignment to be dropped: all of it.
    context_.logger().error("kafka rebalance failed: {}; dropping the assignment", kafka::error_text(err));
    kafka::PartitionListPtr all = kafka::make_partition_list(static_cast<int>(assigned_.size()));
    for (const auto& [topic, partition] : assigned_)
      rd_kafka_topic_partition_list_add(all.get(), topic.c_str(), partition);
    revoke(all.get(), false);
  }
}

void KafkaSource::assign(rd_kafka_topic_partition_list_t* partitions, bool cooperative) {
  if (options_.position_store) resume_from_store(partitions);
  if (cooperative) {
    kafka::ErrorPtr error(rd_kafka_incremental_assign(consumer_.get(), partitions));
    if (error) context_.logger().error("kafka incremental assign failed: {}", kafka::error_text(error.get()));
  } else if (const rd_kafka_resp_err_t err = rd_kafka_assign(consumer_.get(), partitions)) {
    context_.logger().error("kafka assign failed: {}", kafka::error_text(err));
  }
  for (int i = 0; i < partitions->cnt; ++i) assigned_.insert(partition_of(partitions->elems[i]));
  if (paused_) set_paused(partitions, true);
  context_.logger().info("kafka: assigned {} partition(s) ({} rebalance)", partitions->cnt,
                         cooperative ? "cooperative" : "eager");
}

void KafkaSource::resume_from_store(rd_kafka_topic_partition_list_t* partitions) {
  std::map<TopicPartition, std::int64_t> stored;
  try {
    for (const Position& p : options_.position_store->stored_positions(options_.group_id))
      stored[{p.topic, p.partition}] = p.next_offset;
  } catch (const std::exception& e) {
    context_.logger().warn("kafka: no positions from '{}' ({}); resuming from the committed offsets",
                           options_.position_store_name, e.what());
    return;
  }
  if (stored.empty()) return;
  kafka::PartitionListPtr committed(rd_kafka_topic_partition_list_copy(partitions));
  if (const rd_kafka_resp_err_t err =
          rd_kafka_committed(consumer_.get(), committed.get(), to_int_ms(kCommittedTimeout))) {
    // Without the committed offsets the store's positions still hold:
    // everything before them is done (they only ever move forward).
    context_.logger().warn("kafka: committed offsets unavailable ({}); using the positions in '{}'",
                           kafka::error_text(err), options_.position_store_name);
  }
  for (int i = 0; i < partitions->cnt; ++i) {
    rd_kafka_topic_partition_t& p = partitions->elems[i];
    const auto it = stored.find(partition_of(p));
    if (it == stored.end()) continue;
    const std::int64_t kafka_offset = committed->elems[i].err ? RD_KAFKA_OFFSET_INVALID : committed->elems[i].offset;
    if (kafka_offset >= 0 && kafka_offset >= it->second) continue;
    p.offset = it->second;
    context_.logger().info("kafka: {}[{}] resumes at {} from '{}' (group committed {})", p.topic, p.partition,
                           it->second, options_.position_store_name,
                           kafka_offset >= 0 ? std::to_string(kafka_offset) : std::string("nothing"));
    resumed_from_store_.inc();
  }
}

void KafkaSource::revoke(rd_kafka_topic_partition_list_t* partitions, bool cooperative) {
  const bool lost = rd_kafka_assignment_lost(consumer_.get()) != 0;
  // Commit while the partitions are still ours; a lost assignment belongs
  // to another member already, so it is not committed.
  if (!lost) commit_everything_done("revoke");
  Acknowledgements* acks = context_.acknowledgements();
  for (int i = 0; i < partitions->cnt; ++i) {
    const TopicPartition partition = partition_of(partitions->elems[i]);
    if (acks) acks->release(partition.first, partition.second);
    commits_.forget(partition);
    rewind_on_resume_.erase(partition);
    lag_.forget(partition);
    assigned_.erase(partition);
  }
  // Events read in this poll and not yet handed out are read again by the next owner.
  std::erase_if(polled_, [&](const Event& e) {
    for (int i = 0; i < partitions->cnt; ++i)
      if (partitions->elems[i].partition == e.origin.partition && e.origin.topic == partitions->elems[i].topic)
        return true;
    return false;
  });

  if (cooperative) {
    kafka::ErrorPtr error(rd_kafka_incremental_unassign(consumer_.get(), partitions));
    if (error) context_.logger().error("kafka incremental unassign failed: {}", kafka::error_text(error.get()));
  } else {
    rd_kafka_assign(consumer_.get(), nullptr);
    assigned_.clear();
  }
  context_.logger().info("kafka: {} {} partition(s)", lost ? "lost" : "revoked", partitions->cnt);
}

void KafkaSource::set_paused(rd_kafka_topic_partition_list_t* partitions, bool paused) {
  const rd_kafka_resp_err_t err = paused ? rd_kafka_pause_partitions(consumer_.get(), partitions)
                                         : rd_kafka_resume_partitions(consumer_.get(), partitions);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR)
    context_.logger().error("kafka {} failed: {}", paused ? "pause" : "resume", kafka::error_text(err));
}

void KafkaSource::pause() {
  if (paused_) return;
  paused_ = true;
  if (!consumer_) return;
  rd_kafka_topic_partition_list_t* raw = nullptr;
  if (rd_kafka_assignment(consumer_.get(), &raw) != RD_KAFKA_RESP_ERR_NO_ERROR) return;
  kafka::PartitionListPtr assignment(raw);
  set_paused(assignment.get(), true);
}

void KafkaSource::resume() {
  if (!paused_) return;
  paused_ = false;
  if (!consumer_) return;
  rd_kafka_topic_partition_list_t* raw = nullptr;
  if (rd_kafka_assignment(consumer_.get(), &raw) != RD_KAFKA_RESP_ERR_NO_ERROR) return;
  kafka::PartitionListPtr assignment(raw);
  set_paused(assignment.get(), false);

  if (rewind_on_resume_.empty()) return;
  kafka::PartitionListPtr seeks = kafka::make_partition_list(static_cast<int>(rewind_on_resume_.size()));
  for (const auto& [partition, offset] : rewind_on_resume_)
    if (assigned_.contains(partition))
      rd_kafka_topic_partition_list_add(seeks.get(), partition.first.c_str(), partition.second)->offset = offset;
  rewind_on_resume_.clear();
  if (seeks->cnt == 0) return;
  context_.logger().debug("kafka: re-reading {} partition(s) from messages held back while paused", seeks->cnt);
  kafka::ErrorPtr error(rd_kafka_seek_partitions(consumer_.get(), seeks.get(), to_int_ms(kSeekTimeout)));
  if (error) context_.logger().error("kafka seek after resume failed: {}", kafka::error_text(error.get()));
}

void KafkaSource::stop() noexcept {
  if (!consumer_) return;
  try {
    commit_everything_done("stop");
    // Leaving the group revokes the assignment: on_rebalance commits again
    // (nothing new by now) and releases the partitions.
    if (const rd_kafka_resp_err_t err = rd_kafka_consumer_close(consumer_.get()))
      context_.logger().warn("kafka consumer close: {}", kafka::error_text(err));
  } catch (const std::exception& e) {
    context_.logger().error("kafka source stop: {}", e.what());
  }
  consumer_.reset();
  assigned_.clear();
  rewind_on_resume_.clear();
  commits_ = PendingCommits();
}

}  // namespace streamline::plugins::kafka_source
