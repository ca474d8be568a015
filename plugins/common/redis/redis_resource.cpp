#include "redis/redis_resource.hpp"

namespace streamline::plugins::redis {

RedisResource::RedisResource(RedisOptions options) : pool_(std::make_shared<RedisPool>(std::move(options))) {}

RedisResource::~RedisResource() = default;

bool RedisResource::healthy() const {
  try {
    const RedisReply reply = pool_->command({"PING"});
    return reply.is_status() && reply.text() == "PONG";
  } catch (...) {
    return false;
  }
}

std::vector<RedisReply> RedisResource::pipeline(const std::vector<RedisCommand>& commands) const {
  return pool_->pipeline(commands);
}

}  // namespace streamline::plugins::redis
