#pragma once
// RedisDedup: drops events whose id was already persisted, using Redis as a
// fast path in front of PostgreSQL's insert-if-absent (the real guard).
//
// Two modes, two stages of the same plugin around the database sink:
//   check   (before the pipeline's work) - one MGET per batch on
//           `<key_prefix><id>`; a key present means "persisted": the event is
//           dropped ("duplicate of event <id>"). A second occurrence of an id
//           within the batch is dropped too ("duplicate of event <id> in the
//           same batch"). Nothing is written, so a crash between here and the
//           database can never make a replay drop an unpersisted event.
//   confirm (after the database sink) - `SET <key_prefix><id> 1 EX <ttl>`
//           for every event, pipelined in one round trip: from now on the id
//           counts as persisted. Events pass on.
//
// Events without an id at id_path pass unchecked (counted). Redis being
// unavailable never stops or fails events: check lets them through,
// confirm passes them on unconfirmed (counted; a warning at most once per
// reconnect interval). A payload that is not JSON fails its event.
//
// Threading: one instance per worker; instances may share the pool.

#include <chrono>
#include <memory>
#include <string>

#include <streamline/context.hpp>
#include <streamline/stage.hpp>

#include "redis/log_throttle.hpp"
#include "redis/redis_pool.hpp"

namespace streamline::plugins::redis_dedup {

enum class DedupMode { kCheck, kConfirm };

struct RedisDedupOptions {
  std::shared_ptr<redis::RedisPool> pool;
  DedupMode mode = DedupMode::kCheck;
  std::string id_path = "event_id";
  std::string key_prefix = "dedup:";
  std::chrono::seconds ttl{24 * 3600};  // of a confirmation
};

class RedisDedup final : public Processor {
 public:
  RedisDedup(RedisDedupOptions options, Context& context);

  // Pings Redis to set the availability gauge; never throws: the stage works
  // (letting events through) while Redis is down.
  void start() override;
  void process(Batch& batch) override;

 private:
  void check(Batch& batch);
  void confirm(Batch& batch);
  // Redis could not be used for `events` events.
  void unavailable(std::size_t events, const std::string& error);
  void available();

  RedisDedupOptions options_;
  Context& context_;
  redis::LogThrottle warnings_;
  bool was_unavailable_ = false;
  Counter& checked_;
  Counter& duplicates_;
  Counter& confirmed_;
  Counter& missing_id_;
  Counter& unavailable_;
  Gauge& available_;
};

}  // namespace streamline::plugins::redis_dedup
