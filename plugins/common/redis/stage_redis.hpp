#pragma once
// The Redis connections a stage uses: the shared `redis` resource its
// `resource` option names, else a pool of its own from its `url` option (so
// a pipeline without `resources:` works).

#include <memory>
#include <string>

#include <streamline/config.hpp>
#include <streamline/config_spec.hpp>
#include <streamline/context.hpp>

#include "redis/redis_pool.hpp"

namespace streamline::plugins::redis {

// The `resource` (default "redis") and `url` (default empty) options every
// Redis stage declares, and their check (no I/O).
void add_redis_connection_options(ConfigSpec& spec);
void validate_redis_connection_options(const Config& config, ConfigIssues& issues);

// The pool of the resource named by `resource`, else one of its own (one
// connection, default timeouts) from `url`. Throws streamline::ConfigError
// when the resource exists but is not a redis one, when there is neither the
// resource nor a `url`, or when the url does not parse.
std::shared_ptr<RedisPool> stage_redis_pool(Context& context, const std::string& resource_name,
                                            const std::string& url);
// Same, reading `resource` and `url` from the stage's config.
std::shared_ptr<RedisPool> stage_redis_pool(Context& context, const Config& config);

}  // namespace streamline::plugins::redis
