#pragma once
// RedisOptions: how to reach one Redis server and how long to wait for it.
//
// add_redis_resource_options / redis_options_from_config declare and read the
// options of the `redis` resource plugin (url, password, pool_size,
// connect_timeout, command_timeout, reconnect_interval) so every plugin that
// opens its own connections declares them the same way.

#include <chrono>
#include <cstddef>

#include <streamline/config.hpp>
#include <streamline/config_spec.hpp>

#include "redis/redis_url.hpp"

namespace streamline::plugins::redis {

inline constexpr const char* kDefaultRedisUrl = "redis://127.0.0.1:6379/0";

struct RedisOptions {
  RedisEndpoint endpoint;
  std::size_t pool_size = 4;
  std::chrono::milliseconds connect_timeout{1000};
  std::chrono::milliseconds command_timeout{1000};
  // After a failure, the least time between two reconnect attempts; calls in
  // between fail fast with RedisUnavailable instead of waiting for a timeout.
  std::chrono::milliseconds reconnect_interval{1000};
};

// RedisOptions with the endpoint of `url` (std::invalid_argument when it
// does not parse) and the defaults above.
RedisOptions redis_options_from_url(std::string_view url);

void add_redis_resource_options(ConfigSpec& spec);
// Checks `url` parses (no I/O).
void validate_redis_resource_options(const Config& config, ConfigIssues& issues);
// A non-empty `password` overrides the URL's. Throws streamline::ConfigError
// ("url") when the URL does not parse.
RedisOptions redis_options_from_config(const Config& config);

}  // namespace streamline::plugins::redis
