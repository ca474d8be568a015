// The `redis-dedup` plugin: its options, its factory and its export.

#include <memory>
#include <string>

#include <streamline/plugin.hpp>

#include "event_id.hpp"
#include "redis/stage_redis.hpp"
#include "redis_dedup.hpp"

namespace streamline::plugins::redis_dedup {
namespace {

ConfigSpec make_spec() {
  ConfigSpec spec;
  redis::add_redis_connection_options(spec);
  spec.add(Option::string("mode")
               .default_value("check")
               .one_of({"check", "confirm"})
               .doc("`check` (before the work): drop events whose id is recorded as persisted, and repeats of an "
                    "id within a batch; writes nothing. `confirm` (after the database sink): record each event's "
                    "id as persisted; events pass on."));
  spec.add(Option::string("id_path")
               .default_value("event_id")
               .example("data.id")
               .doc("Dot-separated path of the event's id (a non-empty string or an integer). Events without "
                    "one pass unchecked and are counted in `redis_dedup_missing_id_total`."));
  spec.add(Option::string("key_prefix")
               .default_value("dedup:")
               .doc("Prefix of the Redis keys: an id is recorded as `<key_prefix><id>`. Both stages of a "
                    "pipeline must use the same."));
  spec.add(Option::duration("ttl")
               .default_value(24 * 3600 * 1000)
               .min(1000)
               .doc("How long a confirmation is kept (mode confirm), in whole seconds; replays older than this "
                    "are caught by PostgreSQL instead."));
  return spec;
}

class RedisDedupPlugin final : public Plugin {
 public:
  PluginKind kind() const noexcept override { return PluginKind::kProcessor; }

  std::string description() const override {
    return "Drops events whose id Redis records as already persisted (mode check), or records ids once the "
           "database sink persisted them (mode confirm); lets everything through when Redis is down.";
  }

  const ConfigSpec& spec() const override { return spec_; }

  void validate(const Config& config, ConfigIssues& issues) const override {
    redis::validate_redis_connection_options(config, issues);
    if (const std::string problem = id_path_problem(config.get<std::string>("id_path")); !problem.empty())
      issues.error("id_path", problem, "write the keys separated by dots, e.g. `data.id`");
    if (config.get<std::string>("key_prefix").empty())
      issues.error("key_prefix", "key_prefix must not be empty", "e.g. `dedup:`");
  }

  std::unique_ptr<Stage> create(const Config& config, Context& context) const override {
    RedisDedupOptions options;
    options.pool = redis::stage_redis_pool(context, config);
    options.mode = config.get<std::string>("mode") == "confirm" ? DedupMode::kConfirm : DedupMode::kCheck;
    options.id_path = config.get<std::string>("id_path");
    options.key_prefix = config.get<std::string>("key_prefix");
    options.ttl = std::chrono::duration_cast<std::chrono::seconds>(config.duration("ttl"));
    return std::make_unique<RedisDedup>(std::move(options), context);
  }

 private:
  ConfigSpec spec_ = make_spec();
};

}  // namespace
}  // namespace streamline::plugins::redis_dedup

STREAMLINE_PLUGIN(streamline::plugins::redis_dedup::RedisDedupPlugin, "redis-dedup", "1.0.0")
