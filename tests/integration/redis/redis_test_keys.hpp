#pragma once
// RedisTestKeys: a key prefix of one test's own on the test stack's Redis
// (REDIS_URL), so tests running at once never see each other's keys; every
// key under it is deleted when the object is made and when it goes.
//
// Tests skip when REDIS_URL is unset:
//   if (!RedisTestKeys::available()) GTEST_SKIP() << RedisTestKeys::kSkipMessage;

#include <string>

#include "redis/redis_connection.hpp"
#include "redis/redis_reply.hpp"

namespace streamline::testing::redis {

// A port nothing listens on: connecting is refused at once.
inline constexpr const char* kClosedPortUrl = "redis://127.0.0.1:1/0";

class RedisTestKeys {
 public:
  static bool available();
  static std::string url();  // REDIS_URL
  static constexpr const char* kSkipMessage =
      "REDIS_URL is not set: start a Redis (scripts/stack.sh start, or the ctest stack fixture) and export REDIS_URL";

  explicit RedisTestKeys(const std::string& label);
  ~RedisTestKeys();
  RedisTestKeys(const RedisTestKeys&) = delete;
  RedisTestKeys& operator=(const RedisTestKeys&) = delete;

  // "test:<label>:<pid>:"
  const std::string& prefix() const noexcept { return prefix_; }
  // A connection of the test's own, to set up and inspect keys.
  plugins::redis::RedisReply run(const plugins::redis::RedisCommand& command);

 private:
  void delete_keys();

  std::string prefix_;
  plugins::redis::RedisConnection client_;
};

}  // namespace streamline::testing::redis
