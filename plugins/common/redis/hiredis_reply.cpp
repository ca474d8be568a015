#include "redis/hiredis_reply.hpp"

namespace streamline::plugins::redis {

RedisReply to_redis_reply(const redisReply& reply) {
  const auto text = [&] { return reply.str == nullptr ? std::string() : std::string(reply.str, reply.len); };
  switch (reply.type) {
    case REDIS_REPLY_STRING: return RedisReply::string(text());
    case REDIS_REPLY_STATUS: return RedisReply::status(text());
    case REDIS_REPLY_ERROR: return RedisReply::error(text());
    case REDIS_REPLY_INTEGER: return RedisReply::integer(reply.integer);
    case REDIS_REPLY_NIL: return RedisReply::nil();
    case REDIS_REPLY_ARRAY: {
      std::vector<RedisReply> elements;
      elements.reserve(reply.elements);
      for (std::size_t i = 0; i < reply.elements; ++i)
        elements.push_back(reply.element[i] == nullptr ? RedisReply::nil() : to_redis_reply(*reply.element[i]));
      return RedisReply::array(std::move(elements));
    }
    default: return RedisReply::error("unsupported reply type " + std::to_string(reply.type));
  }
}

}  // namespace streamline::plugins::redis
