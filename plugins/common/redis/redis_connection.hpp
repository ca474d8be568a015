#pragma once
// RedisConnection: one open connection to a Redis server (hiredis, blocking).
//
// The constructor connects within connect_timeout, then sends AUTH and SELECT
// when the endpoint asks for them; every later read or write waits at most
// command_timeout. pipeline() sends all its commands before reading any
// reply: one round trip for the whole list.
//
// Errors: failing to connect, AUTH or SELECT being refused, and any I/O error
// or timeout during a command throw RedisUnavailable ("redis at host:port
// ..."). After an I/O error the connection is broken() and must be thrown
// away (its replies would no longer line up with its commands). Error replies
// are values (RedisReply::is_error()), not exceptions.
//
// Threading: not thread-safe; one user at a time (RedisPool lends it).

#include <chrono>
#include <memory>
#include <vector>

#include "redis/redis_options.hpp"
#include "redis/redis_reply.hpp"

struct redisContext;  // hiredis

namespace streamline::plugins::redis {

class RedisConnection {
 public:
  explicit RedisConnection(const RedisOptions& options);
  ~RedisConnection();
  RedisConnection(const RedisConnection&) = delete;
  RedisConnection& operator=(const RedisConnection&) = delete;

  // One reply per command, in order.
  std::vector<RedisReply> pipeline(const std::vector<RedisCommand>& commands);
  RedisReply command(const RedisCommand& command);

  // True after an I/O error: the connection is unusable.
  bool broken() const noexcept { return broken_; }
  const RedisEndpoint& endpoint() const noexcept { return endpoint_; }

 private:
  struct ContextDeleter {
    void operator()(redisContext* context) const noexcept;
  };

  // Marks the connection broken and throws RedisUnavailable for the I/O
  // error hiredis recorded (errno as it was right after the failing call).
  [[noreturn]] void fail(int error_number);

  RedisEndpoint endpoint_;
  std::chrono::milliseconds command_timeout_;
  std::unique_ptr<redisContext, ContextDeleter> context_;
  bool broken_ = false;
};

}  // namespace streamline::plugins::redis
