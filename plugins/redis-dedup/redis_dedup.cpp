#include "redis_dedup.hpp"

#include <deque>
#include <optional>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "event_id.hpp"
#include "redis/redis_errors.hpp"

namespace streamline::plugins::redis_dedup {

using redis::RedisCommand;
using redis::RedisReply;
using redis::RedisUnavailable;

namespace {

// The event's id (a view into the event, or into `numbers`); fails the
// event when its payload is not JSON.
std::optional<std::string_view> id_of(Batch& batch, std::size_t i, const std::string& path,
                                      std::deque<std::string>& numbers) {
  try {
    return view_event_id(batch[i].json(), path, numbers);
  } catch (const PayloadError& e) {
    batch.fail(i, e.what());
    return std::nullopt;
  }
}

}  // namespace

RedisDedup::RedisDedup(RedisDedupOptions options, Context& context)
    : options_(std::move(options)),
      context_(context),
      warnings_(options_.pool->options().reconnect_interval),
      checked_(context.metrics().counter("redis_dedup_checked_total", "Events whose id was looked up in Redis.")),
      duplicates_(context.metrics().counter(
          "redis_dedup_duplicates_total", "Events dropped as duplicates (confirmed in Redis or repeated in the batch).")),
      confirmed_(context.metrics().counter("redis_dedup_confirmed_total",
                                           "Event ids written to Redis as persisted (mode confirm).")),
      missing_id_(context.metrics().counter("redis_dedup_missing_id_total",
                                            "Events without an id at id_path, passed on unchecked.")),
      unavailable_(context.metrics().counter(
          "redis_dedup_unavailable_total",
          "Events let through unchecked (check) or passed on unconfirmed (confirm) because Redis was unavailable.")),
      available_(context.metrics().gauge("redis_dedup_available",
                                         "1 when the last call to Redis succeeded, 0 when Redis was unavailable.")) {}

void RedisDedup::start() {
  try {
    options_.pool->command({"PING"});
    available();
  } catch (const RedisUnavailable& e) {
    unavailable(0, e.what());
  }
}

void RedisDedup::process(Batch& batch) {
  if (batch.empty()) return;
  if (options_.mode == DedupMode::kCheck) check(batch);
  else confirm(batch);
}

void RedisDedup::check(Batch& batch) {
  std::vector<std::size_t> looked_up;  // batch index of each id asked for
  std::vector<std::string_view> ids;
  std::deque<std::string> numbers;
  std::unordered_set<std::string_view> seen;
  RedisCommand mget{"MGET"};
  mget.reserve(batch.size() + 1);
  for (std::size_t i = 0; i < batch.size(); ++i) {
    if (batch.outcome(i).disposition != Disposition::kPass) continue;
    const std::optional<std::string_view> id = id_of(batch, i, options_.id_path, numbers);
    if (!id) {
      if (batch.outcome(i).disposition == Disposition::kPass) missing_id_.inc();
      continue;
    }
    // Needs no Redis: the first occurrence goes on and is persisted (or
    // failed) exactly like this one would be.
    if (!seen.insert(*id).second) {
      batch.drop(i, "duplicate of event " + std::string(*id) + " in the same batch");
      duplicates_.inc();
      continue;
    }
    mget.push_back(dedup_key(options_.key_prefix, *id));
    looked_up.push_back(i);
    ids.push_back(*id);
  }
  if (ids.empty()) return;

  RedisReply reply;
  try {
    reply = std::move(options_.pool->pipeline({mget}).front());
  } catch (const RedisUnavailable& e) {
    unavailable(ids.size(), e.what());
    return;
  }
  if (!reply.is_array() || reply.elements().size() != ids.size()) {
    unavailable(ids.size(), "unexpected reply to MGET: " + reply.describe());
    return;
  }
  available();
  checked_.inc(static_cast<double>(ids.size()));
  for (std::size_t k = 0; k < ids.size(); ++k) {
    if (reply.elements()[k].is_nil()) continue;
    batch.drop(looked_up[k], "duplicate of event " + std::string(ids[k]));
    duplicates_.inc();
  }
}

void RedisDedup::confirm(Batch& batch) {
  const std::string ttl = std::to_string(options_.ttl.count());
  std::vector<RedisCommand> commands;
  commands.reserve(batch.size());
  std::deque<std::string> numbers;
  std::unordered_set<std::string_view> ids;
  for (std::size_t i = 0; i < batch.size(); ++i) {
    if (batch.outcome(i).disposition != Disposition::kPass) continue;
    const std::optional<std::string_view> id = id_of(batch, i, options_.id_path, numbers);
    if (!id) {
      if (batch.outcome(i).disposition == Disposition::kPass) missing_id_.inc();
      continue;
    }
    if (!ids.insert(*id).second) continue;
    commands.push_back({"SET", dedup_key(options_.key_prefix, *id), "1", "EX", ttl});
  }
  if (commands.empty()) return;

  std::vector<RedisReply> replies;
  try {
    replies = options_.pool->pipeline(commands);
  } catch (const RedisUnavailable& e) {
    unavailable(commands.size(), e.what());
    return;
  }
  std::size_t refused = 0;
  std::string first_error;
  for (const RedisReply& reply : replies) {
    if (!reply.is_error()) continue;
    if (refused++ == 0) first_error = reply.text();
  }
  confirmed_.inc(static_cast<double>(replies.size() - refused));
  if (refused == 0) available();
  else unavailable(refused, "redis refused SET: " + first_error);
}

void RedisDedup::unavailable(std::size_t events, const std::string& error) {
  unavailable_.inc(static_cast<double>(events));
  available_.set(0);
  was_unavailable_ = true;
  if (!warnings_.allow(redis::LogThrottle::Clock::now())) return;
  const std::uint64_t suppressed = warnings_.take_suppressed();
  const std::string more = suppressed == 0 ? "" : " (" + std::to_string(suppressed) + " more since the last warning)";
  if (options_.mode == DedupMode::kCheck)
    context_.logger().warn(
        "redis unavailable, letting events through: PostgreSQL idempotency still guards: {}{}", error, more);
  else
    context_.logger().warn(
        "redis unavailable, passing events on unconfirmed: PostgreSQL idempotency still guards: {}{}", error, more);
}

void RedisDedup::available() {
  available_.set(1);
  if (!was_unavailable_) return;
  was_unavailable_ = false;
  warnings_.reset();
  context_.logger().info("redis available again at {}", options_.pool->address());
}

}  // namespace streamline::plugins::redis_dedup
