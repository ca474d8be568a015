#include "tests/integration/redis/redis_test_keys.hpp"

#include <unistd.h>

#include <cstdlib>
#include <stdexcept>

#include "redis/redis_options.hpp"

namespace streamline::testing::redis {

using plugins::redis::RedisCommand;
using plugins::redis::RedisReply;

bool RedisTestKeys::available() {
  const char* url = std::getenv("REDIS_URL");
  return url != nullptr && *url != '\0';
}

std::string RedisTestKeys::url() { return std::getenv("REDIS_URL"); }

RedisTestKeys::RedisTestKeys(const std::string& label)
    : prefix_("test:" + label + ":" + std::to_string(::getpid()) + ":"),
      client_(plugins::redis::redis_options_from_url(url())) {
  delete_keys();
}

RedisTestKeys::~RedisTestKeys() {
  try {
    delete_keys();
  } catch (...) {  // the server went away: nothing left to clean
  }
}

RedisReply RedisTestKeys::run(const RedisCommand& command) {
  RedisReply reply = client_.command(command);
  if (reply.is_error()) throw std::runtime_error("test command failed: " + reply.text());
  return reply;
}

void RedisTestKeys::delete_keys() {
  std::string cursor = "0";
  do {
    const RedisReply page = run({"SCAN", cursor, "MATCH", prefix_ + "*", "COUNT", "1000"});
    cursor = page.elements().at(0).text();
    RedisCommand del{"DEL"};
    for (const RedisReply& key : page.elements().at(1).elements()) del.push_back(key.text());
    if (del.size() > 1) run(del);
  } while (cursor != "0");
}

}  // namespace streamline::testing::redis
