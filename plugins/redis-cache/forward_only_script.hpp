#pragma once
// The Lua script that writes order states, each only when it is newer than
// the one stored, atomically on the server (no read-compare-write race
// between stage instances, no second round trip). One call writes many
// orders: a call per state cost Redis 13.5 µs a state, a call per 128
// states 11.9 µs.
//
//   KEYS[1..n]  the orders' keys
//   ARGV[1]     time to live, in milliseconds
//   ARGV[2]     "hash" or "json"
//   then, for each key in turn:
//     its new state's sequence, the number m of values that follow, and
//     hash: m/2 field, value pairs; json: m = 1, the state as JSON text
// Returns one integer per key: 1 when written, 0 when the stored state is
// as new or newer. Keys are handled in order, so of two states of one order
// in a call the newer wins wherever it stands.
//
// The stored sequence is read whatever the format it was written in (the
// hash's `sequence` field, the JSON's `sequence`), so switching `format`
// keeps the guard. A value that holds no readable sequence (another type,
// text that is not JSON) counts as absent and is replaced: the key space
// under the prefix belongs to this stage. Writing replaces the whole value,
// so a field that became null disappears from the hash.
//
// The keys of one call may hash to different slots: a Redis Cluster would
// refuse the call (the plugin talks to one server).

#include <string_view>

namespace streamline::plugins::redis_cache {

inline constexpr std::string_view kForwardOnlyScript = R"lua(
local ttl = ARGV[1]
local json = ARGV[2] == 'json'
local written = {}
local at = 3
for k = 1, #KEYS do
  local key = KEYS[k]
  local sequence = tonumber(ARGV[at])
  local first = at + 2
  local last = at + 1 + tonumber(ARGV[at + 1])
  at = last + 1
  local stored = nil
  local kind = redis.call('TYPE', key).ok
  if kind == 'hash' then
    stored = tonumber(redis.call('HGET', key, 'sequence'))
  elseif kind == 'string' then
    local ok, doc = pcall(cjson.decode, redis.call('GET', key))
    if ok and type(doc) == 'table' then stored = tonumber(doc['sequence']) end
  end
  if stored ~= nil and stored >= sequence then
    written[k] = 0
  else
    if kind ~= 'none' then redis.call('DEL', key) end
    if json then
      redis.call('SET', key, ARGV[first], 'PX', ttl)
    else
      redis.call('HSET', key, unpack(ARGV, first, last))
      redis.call('PEXPIRE', key, ttl)
    end
    written[k] = 1
  end
end
return written
)lua";

}  // namespace streamline::plugins::redis_cache
