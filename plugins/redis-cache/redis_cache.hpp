#pragma once
// RedisCache: writes each order's current state to Redis after the database
// sink persisted it, so readers get it without asking PostgreSQL.
//
// For each event carrying an `order_state` object (pg-sink adds it to the
// last applied event of each order in a batch), the state goes to
// `<key_prefix><order_id>` as a hash or as JSON text, with a time to live.
// All writes of a batch are one pipelined round trip of EVALSHA calls, each
// writing up to kWritesPerCall states, to a forward-only script
// (forward_only_script.hpp): a state is written only when its sequence is
// higher than the stored one, so a replay, a retry or a late batch never
// moves an order backwards. The script is loaded with SCRIPT LOAD once; when
// the server forgot it (restart, SCRIPT FLUSH) the calls answered NOSCRIPT
// are sent again with EVAL.
//
// Events without order_state pass untouched; an order_state without an
// order_id or an integer sequence fails its event.
//
// Redis unavailable (or refusing writes: OOM, READONLY): on_unavailable
// retry throws RedisUnavailable (a TransientError: the engine retries the
// batch with backoff and holds back its acknowledgement; rewriting is
// harmless thanks to the guard); skip passes the events on uncached,
// counts them and warns at most once per reconnect interval.
//
// Threading: one instance per worker; instances may share the pool.

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <streamline/context.hpp>
#include <streamline/stage.hpp>

#include "order_state_write.hpp"
#include "redis/log_throttle.hpp"
#include "redis/redis_pool.hpp"

namespace streamline::plugins::redis_cache {

enum class UnavailablePolicy { kRetry, kSkip };

struct RedisCacheOptions {
  std::shared_ptr<redis::RedisPool> pool;
  std::string key_prefix = "order:";
  CacheFormat format = CacheFormat::kHash;
  std::chrono::milliseconds ttl = std::chrono::hours(7 * 24);
  UnavailablePolicy on_unavailable = UnavailablePolicy::kRetry;
};

class RedisCache final : public Sink {
 public:
  // States per script call: about 1.5 ms of the server's time.
  static constexpr std::size_t kWritesPerCall = 128;

  RedisCache(RedisCacheOptions options, Context& context);

  // Loads the script when Redis answers; never throws (a batch that finds
  // Redis down is handled by on_unavailable).
  void start() override;
  void process(Batch& batch) override;

 private:
  // Runs the writes; throws RedisUnavailable when Redis cannot take them.
  void write(const std::vector<OrderStateWrite>& writes);
  void load_script();

  RedisCacheOptions options_;
  Context& context_;
  std::string script_sha_;
  redis::LogThrottle warnings_;
  Counter& written_;
  Counter& stale_;
  Counter& skipped_;
};

}  // namespace streamline::plugins::redis_cache
