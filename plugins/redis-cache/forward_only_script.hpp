#pragma once
// The Lua script that writes an order's state only when it is newer than the
// one stored, atomically on the server (no read-compare-write race between
// stage instances, no second round trip).
//
//   KEYS[1]  the order's key
//   ARGV[1]  the new state's sequence
//   ARGV[2]  time to live, in milliseconds
//   ARGV[3]  "hash": ARGV[4..] are field, value pairs
//            "json": ARGV[4] is the state as JSON text
// Returns 1 when written, 0 when the stored state is as new or newer.
//
// The stored sequence is read whatever the format it was written in (the
// hash's `sequence` field, the JSON's `sequence`), so switching `format`
// keeps the guard. A value that holds no readable sequence (another type,
// text that is not JSON) counts as absent and is replaced: the key space
// under the prefix belongs to this stage. Writing replaces the whole value,
// so a field that became null disappears from the hash.

#include <string_view>

namespace streamline::plugins::redis_cache {

inline constexpr std::string_view kForwardOnlyScript = R"lua(
local key = KEYS[1]
local sequence = tonumber(ARGV[1])
local stored = nil
local kind = redis.call('TYPE', key).ok
if kind == 'hash' then
  stored = tonumber(redis.call('HGET', key, 'sequence'))
elseif kind == 'string' then
  local ok, doc = pcall(cjson.decode, redis.call('GET', key))
  if ok and type(doc) == 'table' then stored = tonumber(doc['sequence']) end
end
if stored ~= nil and stored >= sequence then
  return 0
end
redis.call('DEL', key)
if ARGV[3] == 'json' then
  redis.call('SET', key, ARGV[4], 'PX', ARGV[2])
else
  redis.call('HSET', key, unpack(ARGV, 4))
  redis.call('PEXPIRE', key, ARGV[2])
end
return 1
)lua";

}  // namespace streamline::plugins::redis_cache
