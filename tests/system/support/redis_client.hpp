#pragma once
// A plain hiredis connection to one database of the stack's Redis: what the
// tests read back (hashes under a prefix) and FLUSHDB.

#include <map>
#include <memory>
#include <string>

struct redisContext;

namespace streamline::system_tests {

class RedisClient {
 public:
  // Connects and SELECTs `db`; throws when Redis does not answer.
  RedisClient(const std::string& host, int port, int db);
  ~RedisClient();
  RedisClient(const RedisClient&) = delete;
  RedisClient& operator=(const RedisClient&) = delete;

  void flush_db();
  // Every hash whose key starts with `prefix` (SCAN + HGETALL), by key.
  std::map<std::string, std::map<std::string, std::string>> hashes(const std::string& prefix);

 private:
  struct ContextDeleter {
    void operator()(redisContext* context) const noexcept;
  };
  std::unique_ptr<redisContext, ContextDeleter> context_;
};

}  // namespace streamline::system_tests
