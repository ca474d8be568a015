#include "redis_cache.hpp"

#include <algorithm>
#include <span>
#include <stdexcept>
#include <utility>

#include "forward_only_script.hpp"
#include "redis/redis_errors.hpp"

namespace streamline::plugins::redis_cache {

using redis::RedisCommand;
using redis::RedisReply;
using redis::RedisUnavailable;

RedisCache::RedisCache(RedisCacheOptions options, Context& context)
    : options_(std::move(options)),
      context_(context),
      warnings_(options_.pool->options().reconnect_interval),
      written_(context.metrics().counter("redis_cache_written_total", "Order states written to Redis.")),
      stale_(context.metrics().counter(
          "redis_cache_stale_total", "Order states not written: Redis already held one as new or newer.")),
      skipped_(context.metrics().counter(
          "redis_cache_skipped_total", "Order states not cached because Redis was unavailable (on_unavailable: skip).")) {}

void RedisCache::start() {
  try {
    load_script();
  } catch (const RedisUnavailable& e) {
    context_.logger().warn("redis unavailable at start, order states will be written once it answers: {}",
                           e.what());
  }
}

void RedisCache::process(Batch& batch) {
  std::vector<OrderStateWrite> writes;
  for (std::size_t i = 0; i < batch.size(); ++i) {
    if (batch.outcome(i).disposition != Disposition::kPass || !batch[i].has_valid_json()) continue;
    const Json& event = batch[i].json();
    const auto state = event.find("order_state");
    if (state == event.end() || state->is_null()) continue;
    try {
      writes.push_back(make_order_state_write(*state, options_.key_prefix, options_.format));
    } catch (const std::invalid_argument& e) {
      batch.fail(i, std::string("cannot cache the order state: ") + e.what());
    }
  }
  if (writes.empty()) return;
  try {
    write(writes);
  } catch (const RedisUnavailable& e) {
    if (options_.on_unavailable == UnavailablePolicy::kRetry) throw;
    skipped_.inc(static_cast<double>(writes.size()));
    if (!warnings_.allow(redis::LogThrottle::Clock::now())) return;
    const std::uint64_t suppressed = warnings_.take_suppressed();
    context_.logger().warn("redis unavailable, {} order states not cached (on_unavailable: skip): {}{}",
                           writes.size(), e.what(),
                           suppressed == 0 ? "" : " (" + std::to_string(suppressed) + " more batches since the last warning)");
  }
}

void RedisCache::write(const std::vector<OrderStateWrite>& writes) {
  if (script_sha_.empty()) load_script();
  // Calls of kWritesPerCall states each, pipelined: one round trip, and no
  // call holds the server for long.
  std::vector<std::span<const OrderStateWrite>> calls;
  for (std::size_t from = 0; from < writes.size(); from += kWritesPerCall)
    calls.push_back(std::span(writes).subspan(from, std::min(kWritesPerCall, writes.size() - from)));
  std::vector<RedisCommand> commands;
  commands.reserve(calls.size());
  for (const auto& call : calls) commands.push_back(evalsha_command(script_sha_, call, options_.ttl, options_.format));
  std::vector<RedisReply> replies = options_.pool->pipeline(commands);

  // The server forgot the script: send those calls again with its text
  // (which caches it again for the next EVALSHA).
  std::vector<std::size_t> forgotten;
  for (std::size_t i = 0; i < replies.size(); ++i)
    if (replies[i].is_error() && replies[i].text().starts_with("NOSCRIPT")) forgotten.push_back(i);
  if (!forgotten.empty()) {
    std::vector<RedisCommand> again;
    for (std::size_t i : forgotten) again.push_back(eval_command(kForwardOnlyScript, calls[i], options_.ttl, options_.format));
    std::vector<RedisReply> retried = options_.pool->pipeline(again);
    for (std::size_t k = 0; k < forgotten.size(); ++k) replies[forgotten[k]] = std::move(retried[k]);
  }

  std::size_t written = 0;
  std::size_t stale = 0;
  for (std::size_t i = 0; i < replies.size(); ++i) {
    const RedisReply& reply = replies[i];
    if (reply.is_error())
      throw RedisUnavailable("redis at " + options_.pool->address() + " refused an order state write: " + reply.text());
    if (!reply.is_array() || reply.elements().size() != calls[i].size())
      throw std::runtime_error("redis at " + options_.pool->address() + " answered " + std::to_string(calls[i].size()) +
                               " order state writes with " + reply.describe());
    for (const RedisReply& one : reply.elements()) {
      if (one.is_integer() && one.integer_value() == 1) ++written;
      else ++stale;
    }
  }
  written_.inc(static_cast<double>(written));
  stale_.inc(static_cast<double>(stale));
}

void RedisCache::load_script() {
  const RedisReply reply = options_.pool->command({"SCRIPT", "LOAD", std::string(kForwardOnlyScript)});
  if (!reply.is_string())
    throw RedisUnavailable("redis at " + options_.pool->address() + " did not load the order state script: " +
                           reply.describe());
  script_sha_ = reply.text();
}

}  // namespace streamline::plugins::redis_cache
