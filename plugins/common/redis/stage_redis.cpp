#include "redis/stage_redis.hpp"

#include <stdexcept>

#include "redis/redis_options.hpp"
#include "redis/redis_resource.hpp"

namespace streamline::plugins::redis {

void add_redis_connection_options(ConfigSpec& spec) {
  spec.add(Option::string("resource")
               .default_value("redis")
               .doc("Name of the `redis` resource (under `resources:`) whose connections the stage uses."));
  spec.add(Option::string("url")
               .default_value("")
               .example("${REDIS_URL}")
               .doc("Server used only when no resource named by `resource` exists: the stage then opens one "
                    "connection of its own (`redis://[:password@]host:port/db`, 1 s timeouts)."));
}

void validate_redis_connection_options(const Config& config, ConfigIssues& issues) {
  if (config.get<std::string>("resource").empty())
    issues.error("resource", "resource must not be empty", "name a `redis` resource, e.g. `redis`");
  const auto url = config.get<std::string>("url");
  if (url.empty()) return;
  try {
    parse_redis_url(url);
  } catch (const std::invalid_argument& e) {
    issues.error("url", e.what(), "write it as redis://[:password@]host:port/db, e.g. redis://127.0.0.1:6379/0");
  }
}

std::shared_ptr<RedisPool> stage_redis_pool(Context& context, const std::string& resource_name,
                                            const std::string& url) {
  if (std::shared_ptr<Resource> resource = context.resource(resource_name)) {
    auto redis = std::dynamic_pointer_cast<RedisResource>(resource);
    if (!redis) throw ConfigError("resource", "resource '" + resource_name + "' is not a redis resource");
    context.logger().debug("using the shared redis resource '{}'", resource_name);
    return redis->pool();
  }
  if (url.empty())
    throw ConfigError("url", "no resource named '" + resource_name +
                                 "' and no `url` option: declare the resource under `resources:` or set `url`");
  try {
    RedisOptions options = redis_options_from_url(url);
    options.pool_size = 1;
    context.logger().debug("using a redis connection of its own to {}", redact_redis_url(url));
    return std::make_shared<RedisPool>(std::move(options));
  } catch (const std::invalid_argument& e) {
    throw ConfigError("url", e.what());
  }
}

std::shared_ptr<RedisPool> stage_redis_pool(Context& context, const Config& config) {
  return stage_redis_pool(context, config.get<std::string>("resource"), config.get<std::string>("url"));
}

}  // namespace streamline::plugins::redis
