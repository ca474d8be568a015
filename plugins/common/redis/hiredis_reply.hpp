#pragma once
// Conversion of a hiredis reply object into a RedisReply value (internal to
// the client; the only header besides redis_connection.cpp that sees hiredis).

#include <hiredis/hiredis.h>

#include "redis/redis_reply.hpp"

namespace streamline::plugins::redis {

// A deep copy of `reply`; hiredis keeps ownership of it. An unknown type
// (a newer protocol) becomes an error reply naming it.
RedisReply to_redis_reply(const redisReply& reply);

}  // namespace streamline::plugins::redis
