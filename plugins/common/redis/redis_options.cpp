#include "redis/redis_options.hpp"

#include <stdexcept>
#include <string>

namespace streamline::plugins::redis {

RedisOptions redis_options_from_url(std::string_view url) {
  RedisOptions options;
  options.endpoint = parse_redis_url(url);
  return options;
}

void add_redis_resource_options(ConfigSpec& spec) {
  spec.add(Option::string("url")
               .default_value(kDefaultRedisUrl)
               .example("${REDIS_URL}")
               .doc("Server to connect to: `redis://[:password@]host:port/db` (port 6379 and db 0 when left out). "
                    "Logs show only its host, port and database; prefer the `password` option for a password."));
  spec.add(Option::string("password")
               .default_value("")
               .secret()
               .example("${REDIS_PASSWORD}")
               .doc("Password sent with AUTH; overrides one given in `url`. Empty: the URL's, if any."));
  spec.add(Option::integer("pool_size")
               .default_value(4)
               .min(1)
               .max(100)
               .doc("Most connections open at once, shared by every stage using the resource; opened on demand."));
  spec.add(Option::duration("connect_timeout")
               .default_value(1000)
               .min(1)
               .doc("Longest wait for a new connection to be made (AUTH and SELECT then wait up to `command_timeout`)."));
  spec.add(Option::duration("command_timeout")
               .default_value(1000)
               .min(1)
               .doc("Longest wait for a reply; a connection that times out is closed and replaced."));
  spec.add(Option::duration("reconnect_interval")
               .default_value(1000)
               .min(0)
               .doc("After a failed connect, the least time before the next attempt; calls in between fail at "
                    "once with `RedisUnavailable` so a down server does not cost a timeout per batch."));
}

void validate_redis_resource_options(const Config& config, ConfigIssues& issues) {
  try {
    parse_redis_url(config.get<std::string>("url"));
  } catch (const std::invalid_argument& e) {
    issues.error("url", e.what(), "write it as redis://[:password@]host:port/db, e.g. redis://127.0.0.1:6379/0");
  }
}

RedisOptions redis_options_from_config(const Config& config) {
  RedisOptions options;
  try {
    options.endpoint = parse_redis_url(config.get<std::string>("url"));
  } catch (const std::invalid_argument& e) {
    throw ConfigError("url", e.what());
  }
  if (const auto password = config.get_or<std::string>("password", ""); !password.empty())
    options.endpoint.password = password;
  options.pool_size = static_cast<std::size_t>(config.get_or<std::int64_t>("pool_size", 4));
  options.connect_timeout = std::chrono::milliseconds(config.get_or<std::int64_t>("connect_timeout", 1000));
  options.command_timeout = std::chrono::milliseconds(config.get_or<std::int64_t>("command_timeout", 1000));
  options.reconnect_interval = std::chrono::milliseconds(config.get_or<std::int64_t>("reconnect_interval", 1000));
  return options;
}

}  // namespace streamline::plugins::redis
