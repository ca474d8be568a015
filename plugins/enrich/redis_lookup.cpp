#include "redis_lookup.hpp"

#include <algorithm>
#include <utility>

namespace streamline::plugins::enrich {

RedisLookup::RedisLookup(std::shared_ptr<redis::RedisPool> pool, std::chrono::milliseconds ttl)
    : pool_(std::move(pool)),
      // EX takes whole seconds: round up, and never 0 (which Redis refuses).
      ttl_(std::max(std::chrono::ceil<std::chrono::seconds>(ttl), std::chrono::seconds(1))) {}

std::string RedisLookup::key_of(RecordKind kind, const std::string& id) {
  return std::string("enrich:") + to_string(kind) + ":" + id;
}

std::vector<std::optional<Json>> RedisLookup::get(const std::vector<RecordKey>& keys, std::size_t& unreadable) {
  std::vector<std::optional<Json>> values(keys.size());
  if (keys.empty()) return values;
  redis::RedisCommand mget;
  mget.reserve(keys.size() + 1);
  mget.emplace_back("MGET");
  for (const auto& k : keys) mget.push_back(key_of(k.kind, k.id));
  const redis::RedisReply reply = pool_->command(mget);
  if (reply.is_error()) throw RedisLayerError("MGET refused by redis at " + address() + ": " + reply.text());
  if (!reply.is_array() || reply.elements().size() != keys.size())
    throw RedisLayerError("MGET at redis " + address() + " answered " + reply.describe());
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const redis::RedisReply& element = reply.elements()[i];
    if (!element.is_string()) continue;
    Json value = Json::parse(element.text(), nullptr, /*allow_exceptions=*/false);
    if (value.is_object()) values[i] = std::move(value);
    else ++unreadable;
  }
  return values;
}

void RedisLookup::put(const std::vector<Record>& records) {
  if (records.empty()) return;
  const std::string seconds = std::to_string(ttl_.count());
  std::vector<redis::RedisCommand> commands;
  commands.reserve(records.size());
  for (const auto& r : records) commands.push_back({"SET", key_of(r.kind, r.id), r.value->dump(), "EX", seconds});
  const std::vector<redis::RedisReply> replies = pool_->pipeline(commands);
  for (const auto& reply : replies)
    if (reply.is_error()) throw RedisLayerError("SET refused by redis at " + address() + ": " + reply.text());
}

}  // namespace streamline::plugins::enrich
