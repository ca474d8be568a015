// The `redis-cache` plugin: its options, its factory and its export.

#include <memory>
#include <string>

#include <streamline/plugin.hpp>

#include "redis/stage_redis.hpp"
#include "redis_cache.hpp"

namespace streamline::plugins::redis_cache {
namespace {

ConfigSpec make_spec() {
  ConfigSpec spec;
  redis::add_redis_connection_options(spec);
  spec.add(Option::string("key_prefix")
               .default_value("order:")
               .doc("Prefix of the Redis keys: an order's state is stored under `<key_prefix><order_id>`."));
  spec.add(Option::string("format")
               .default_value("hash")
               .one_of({"hash", "json"})
               .doc("`hash`: one hash field per state field (null fields left out; read with HGETALL). `json`: "
                    "the state object as JSON text (read with GET)."));
  spec.add(Option::duration("ttl")
               .default_value(7 * 24 * 3600 * 1000LL)
               .min(1)
               .doc("Time to live of a stored state, renewed whenever a newer state is written."));
  spec.add(Option::string("on_unavailable")
               .default_value("retry")
               .one_of({"retry", "skip"})
               .doc("When Redis cannot be written: `retry` has the engine retry the batch with backoff (holding "
                    "back its acknowledgement); `skip` passes the events on uncached, counted in "
                    "`redis_cache_skipped_total`."));
  return spec;
}

class RedisCachePlugin final : public Plugin {
 public:
  PluginKind kind() const noexcept override { return PluginKind::kSink; }

  std::string description() const override {
    return "Writes each order's state (the `order_state` pg-sink adds) to Redis, one pipelined round trip per "
           "batch, forward only: an older state never replaces a newer one.";
  }

  const ConfigSpec& spec() const override { return spec_; }

  void validate(const Config& config, ConfigIssues& issues) const override {
    redis::validate_redis_connection_options(config, issues);
  }

  std::unique_ptr<Stage> create(const Config& config, Context& context) const override {
    RedisCacheOptions options;
    options.pool = redis::stage_redis_pool(context, config);
    options.key_prefix = config.get<std::string>("key_prefix");
    options.format = config.get<std::string>("format") == "json" ? CacheFormat::kJson : CacheFormat::kHash;
    options.ttl = config.duration("ttl");
    options.on_unavailable =
        config.get<std::string>("on_unavailable") == "skip" ? UnavailablePolicy::kSkip : UnavailablePolicy::kRetry;
    return std::make_unique<RedisCache>(std::move(options), context);
  }

 private:
  ConfigSpec spec_ = make_spec();
};

}  // namespace
}  // namespace streamline::plugins::redis_cache

STREAMLINE_PLUGIN(streamline::plugins::redis_cache::RedisCachePlugin, "redis-cache", "1.0.0")
