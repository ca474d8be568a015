#pragma once
// OrderStateWrite: what writing one order's state to Redis takes, built from
// the `order_state` object pg-sink adds to the last applied event of each
// order in a batch:
//   {"order_id", "user_id", "status", "sequence" (integer), "total_amount",
//    "currency", "item_count", "fraud_decision" (string or null),
//    "created_at", "updated_at", "last_event_id", "last_event_type"}
//
// In hash format every field becomes a hash field, its value the string as
// is, or the JSON text of anything else (25.5, 3, true, {"a":1}); a null
// field is left out. In json format the object is stored as its JSON text.

#include <chrono>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <streamline/event.hpp>

#include "redis/redis_reply.hpp"

namespace streamline::plugins::redis_cache {

enum class CacheFormat { kHash, kJson };

struct OrderStateWrite {
  std::string key;            // <key_prefix><order_id>
  std::int64_t sequence = 0;  // what the forward-only guard compares
  std::vector<std::string> values;  // hash: field, value, ...; json: the text
};

// Throws std::invalid_argument when the state has no non-empty string
// `order_id` or no integer `sequence`, naming which.
OrderStateWrite make_order_state_write(const Json& state, std::string_view key_prefix, CacheFormat format);

// The hash fields of a state, by field name; nulls left out.
std::vector<std::pair<std::string, std::string>> hash_fields(const Json& state);

// One script call writing `writes` (forward_only_script.hpp): by digest
// (EVALSHA) or by text (EVAL).
redis::RedisCommand evalsha_command(const std::string& sha, std::span<const OrderStateWrite> writes,
                                    std::chrono::milliseconds ttl, CacheFormat format);
redis::RedisCommand eval_command(std::string_view script, std::span<const OrderStateWrite> writes,
                                 std::chrono::milliseconds ttl, CacheFormat format);

}  // namespace streamline::plugins::redis_cache
