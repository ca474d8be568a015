#pragma once
// RedisResource: the shared object the `redis` resource plugin makes and the
// Redis stages (redis-dedup, redis-cache, enrich) get with
// `context.resource_as<RedisResource>(name)`.
//
// Both sides include this header; the class has default visibility and an
// out-of-line key function, so dynamic_pointer_cast finds it across the
// plugins' shared objects (GCC compares type_info by name).

#include <memory>
#include <vector>

#include <streamline/context.hpp>

#include "redis/redis_options.hpp"
#include "redis/redis_pool.hpp"
#include "redis/redis_reply.hpp"

namespace streamline::plugins::redis {

class __attribute__((visibility("default"))) RedisResource : public streamline::Resource {
 public:
  explicit RedisResource(RedisOptions options);
  ~RedisResource() override;

  // PING on a pooled connection; false on any error (without waiting for a
  // connect while a reconnect is held back).
  bool healthy() const override;

  const std::shared_ptr<RedisPool>& pool() const noexcept { return pool_; }
  // pool()->pipeline(commands).
  std::vector<RedisReply> pipeline(const std::vector<RedisCommand>& commands) const;

 private:
  std::shared_ptr<RedisPool> pool_;
};

}  // namespace streamline::plugins::redis
