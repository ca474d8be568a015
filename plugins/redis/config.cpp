// The `redis` resource plugin: its options, its factory and its export.
// The resource itself (RedisResource) lives in plugins/common/redis so the
// stages that use it include the same class.

#include <memory>
#include <string>

#include <streamline/plugin.hpp>

#include "redis/redis_options.hpp"
#include "redis/redis_resource.hpp"

namespace streamline::plugins::redis {
namespace {

ConfigSpec make_spec() {
  ConfigSpec spec;
  add_redis_resource_options(spec);
  return spec;
}

class RedisPlugin final : public Plugin {
 public:
  PluginKind kind() const noexcept override { return PluginKind::kResource; }

  std::string description() const override {
    return "A shared pool of Redis connections that redis-dedup, redis-cache and enrich stages name with "
           "`resource:`.";
  }

  const ConfigSpec& spec() const override { return spec_; }

  void validate(const Config& config, ConfigIssues& issues) const override {
    validate_redis_resource_options(config, issues);
  }

  std::shared_ptr<Resource> create_resource(const Config& config, Context& context) const override {
    RedisOptions options = redis_options_from_config(config);
    context.logger().info("redis pool for {} db {} (up to {} connections, opened on demand)",
                          options.endpoint.address(), options.endpoint.db, options.pool_size);
    return std::make_shared<RedisResource>(std::move(options));
  }

 private:
  ConfigSpec spec_ = make_spec();
};

}  // namespace
}  // namespace streamline::plugins::redis

STREAMLINE_PLUGIN(streamline::plugins::redis::RedisPlugin, "redis", "1.0.0")
