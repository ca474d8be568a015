// The `enrich` plugin: its options, its factory and its export.

#include <chrono>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>

#include <streamline/plugin.hpp>

#include "enrich.hpp"
#include "postgres/postgres_resource.hpp"
#include "redis/redis_resource.hpp"
#include "url_template.hpp"

namespace streamline::plugins::enrich {
namespace {

using std::chrono::milliseconds;

// Defaults, in one place for the spec and for reading a config whose nested
// blocks were left out.
constexpr std::int64_t kCacheSize = 10000;
constexpr milliseconds kCacheTtl{5 * 60 * 1000};
constexpr milliseconds kNegativeTtl{30 * 1000};
constexpr milliseconds kRedisTtl{60 * 60 * 1000};
constexpr milliseconds kHttpTimeout{1000};
constexpr std::int64_t kHttpRetries = 2;
constexpr milliseconds kHttpRetryBackoff{50};
constexpr milliseconds kHttpRetryMaxBackoff{500};
constexpr std::int64_t kBreakerFailureThreshold = 5;
constexpr milliseconds kBreakerOpenDuration{30 * 1000};
constexpr std::int64_t kBreakerHalfOpenMaxCalls = 1;

// "30s" rather than 30000 in the reference docs.
std::string duration_text(milliseconds d) {
  const auto ms = d.count();
  if (ms != 0 && ms % 3'600'000 == 0) return std::to_string(ms / 3'600'000) + "h";
  if (ms != 0 && ms % 60'000 == 0) return std::to_string(ms / 60'000) + "m";
  if (ms != 0 && ms % 1000 == 0) return std::to_string(ms / 1000) + "s";
  return std::to_string(ms) + "ms";
}

ConfigSpec make_spec() {
  ConfigSpec spec;
  spec.add(Option::string("postgres")
               .default_value("pg")
               .doc("Name of the `postgres` resource (under `resources:`) the users and products are read from."));
  spec.add(Option::string("dsn")
               .default_value("")
               .secret()
               .example("${PG_DSN}")
               .doc("Connection string used only when no resource named by `postgres` exists: the stage then "
                    "opens one connection of its own."));
  spec.add(Option::string("redis")
               .default_value("")
               .example("redis")
               .doc("Name of a `redis` resource used as a cache shared by all instances, between the in-process "
                    "caches and PostgreSQL; empty: no Redis layer."));
  spec.add(Option::duration("redis_ttl")
               .default_value(duration_text(kRedisTtl))
               .min(1000)
               .doc("How long records written to Redis live (`SET ... EX`, whole seconds)."));
  spec.add(Option::integer("cache_size")
               .default_value(kCacheSize)
               .min(0)
               .doc("Entries of each in-process LRU cache (one for users, one for products); 0 turns them off."));
  spec.add(Option::duration("cache_ttl")
               .default_value(duration_text(kCacheTtl))
               .min(0)
               .doc("How long a found user or product stays in the in-process caches."));
  spec.add(Option::duration("negative_ttl")
               .default_value(duration_text(kNegativeTtl))
               .min(0)
               .doc("How long an id no layer found stays cached as missing, so an unknown id does not reach "
                    "PostgreSQL for every event."));
  spec.add(
      Option::object(
          "http",
          {
              Option::string("url_template")
                  .default_value("")
                  .example("http://users.internal:8080/users/{user_id}")
                  .doc("Users PostgreSQL does not know are asked for here (`{user_id}` is replaced by the id, "
                       "percent-encoded); 200 with a JSON object is the user, 404 is missing. Empty: no HTTP "
                       "lookup."),
              Option::duration("timeout")
                  .default_value(duration_text(kHttpTimeout))
                  .min(1)
                  .doc("Connect, read and write timeout of one request."),
              Option::integer("retries")
                  .default_value(kHttpRetries)
                  .min(0)
                  .max(10)
                  .doc("Further attempts after a connection error, timeout, 5xx or 429."),
              Option::duration("retry_backoff")
                  .default_value(duration_text(kHttpRetryBackoff))
                  .min(0)
                  .doc("Longest wait before the first retry; each retry waits a random time up to a ceiling "
                       "that doubles."),
              Option::duration("retry_max_backoff")
                  .default_value(duration_text(kHttpRetryMaxBackoff))
                  .min(0)
                  .doc("The retry wait's ceiling never grows past this."),
              Option::object(
                  "circuit_breaker",
                  {
                      Option::integer("failure_threshold")
                          .default_value(kBreakerFailureThreshold)
                          .min(1)
                          .doc("Consecutive failed requests that open the breaker: lookups are then refused "
                               "without a request (the users count as missing)."),
                      Option::duration("open_duration")
                          .default_value(duration_text(kBreakerOpenDuration))
                          .min(0)
                          .doc("How long the breaker stays open before it lets trial requests through."),
                      Option::integer("half_open_max_calls")
                          .default_value(kBreakerHalfOpenMaxCalls)
                          .min(1)
                          .doc("Trial requests at a time once the breaker half-opens; one success closes it, one "
                               "failure opens it again."),
                  })
                  .doc("When to stop asking a failing service for a while."),
          })
          .doc("Optional lookup of users over HTTP, after PostgreSQL."));
  return spec;
}

// A nested block as given, or empty when left out.
// Configuration is a nlohmann::json: a streamline::Json parameter here would
// bind a converted temporary, and the reference returned would dangle.
const nlohmann::json& block(const nlohmann::json& parent, const char* name) {
  static const nlohmann::json kEmpty = nlohmann::json::object();
  const auto it = parent.find(name);
  return it != parent.end() && it->is_object() ? *it : kEmpty;
}

template <typename T>
T field(const nlohmann::json& object, const char* name, T fallback) {
  const auto it = object.find(name);
  return it == object.end() || it->is_null() ? fallback : it->get<T>();
}

milliseconds duration_field(const nlohmann::json& object, const char* name, milliseconds fallback) {
  return milliseconds(field<std::int64_t>(object, name, fallback.count()));
}

std::shared_ptr<postgres::PgPool> postgres_pool(Context& context, const Config& config) {
  const auto name = config.get<std::string>("postgres");
  if (std::shared_ptr<Resource> resource = context.resource(name)) {
    auto pg = std::dynamic_pointer_cast<postgres::PostgresResource>(resource);
    if (!pg) throw ConfigError("postgres", "resource '" + name + "' is not a postgres resource");
    return pg->pool();
  }
  const auto dsn = config.get<std::string>("dsn");
  if (dsn.empty())
    throw ConfigError("dsn", "no resource named '" + name +
                                 "' and no `dsn` option: declare the resource under `resources:` or set `dsn`");
  return std::make_shared<postgres::PgPool>(dsn, 1);
}

std::shared_ptr<redis::RedisPool> redis_pool(Context& context, const Config& config) {
  const auto name = config.get<std::string>("redis");
  if (name.empty()) return nullptr;
  std::shared_ptr<Resource> resource = context.resource(name);
  if (!resource)
    throw ConfigError("redis", "no resource named '" + name + "': declare it under `resources:` with "
                               "`plugin: redis`, or leave `redis` empty");
  auto redis = std::dynamic_pointer_cast<redis::RedisResource>(resource);
  if (!redis) throw ConfigError("redis", "resource '" + name + "' is not a redis resource");
  return redis->pool();
}

std::optional<HttpLookupOptions> http_options(const Config& config) {
  const nlohmann::json& http = block(config.json(), "http");
  const auto url = field<std::string>(http, "url_template", "");
  if (url.empty()) return std::nullopt;
  HttpLookupOptions options;
  try {
    options.url = UrlTemplate::parse(url);
  } catch (const std::invalid_argument& e) {
    throw ConfigError("http.url_template", e.what());
  }
  options.timeout = duration_field(http, "timeout", kHttpTimeout);
  options.retry.max_attempts = static_cast<int>(field<std::int64_t>(http, "retries", kHttpRetries)) + 1;
  options.retry.backoff = {.initial = duration_field(http, "retry_backoff", kHttpRetryBackoff),
                           .max = duration_field(http, "retry_max_backoff", kHttpRetryMaxBackoff),
                           .multiplier = 2.0};
  const nlohmann::json& breaker = block(http, "circuit_breaker");
  options.breaker = {
      .failure_threshold = static_cast<int>(field<std::int64_t>(breaker, "failure_threshold", kBreakerFailureThreshold)),
      .open_duration = duration_field(breaker, "open_duration", kBreakerOpenDuration),
      .half_open_max_calls =
          static_cast<int>(field<std::int64_t>(breaker, "half_open_max_calls", kBreakerHalfOpenMaxCalls)),
  };
  return options;
}

class EnrichPlugin final : public Plugin {
 public:
  PluginKind kind() const noexcept override { return PluginKind::kProcessor; }

  std::string description() const override {
    return "Adds the user and products each event refers to (`enrichment`), read through in-process caches, "
           "Redis, PostgreSQL and an optional HTTP service, once per batch.";
  }

  const ConfigSpec& spec() const override { return spec_; }

  void validate(const Config& config, ConfigIssues& issues) const override {
    if (config.get<std::string>("postgres").empty())
      issues.error("postgres", "postgres must not be empty", "name a `postgres` resource, e.g. `pg`");
    const auto url = field<std::string>(block(config.json(), "http"), "url_template", "");
    if (url.empty()) return;
    try {
      UrlTemplate::parse(url);
    } catch (const std::invalid_argument& e) {
      issues.error("http.url_template", e.what(), "e.g. http://users.internal:8080/users/{user_id}");
    }
  }

  std::unique_ptr<Stage> create(const Config& config, Context& context) const override {
    EnrichOptions options;
    options.pool = postgres_pool(context, config);
    options.redis = redis_pool(context, config);
    options.http = http_options(config);
    options.cache_size = static_cast<std::size_t>(config.get<std::int64_t>("cache_size"));
    options.cache_ttl = config.duration("cache_ttl");
    options.negative_ttl = config.duration("negative_ttl");
    options.redis_ttl = config.duration("redis_ttl");
    return std::make_unique<EnrichStage>(std::move(options), context);
  }

 private:
  ConfigSpec spec_ = make_spec();
};

}  // namespace
}  // namespace streamline::plugins::enrich

STREAMLINE_PLUGIN(streamline::plugins::enrich::EnrichPlugin, "enrich", "1.0.0")
