#include "enrich.hpp"

#include <unordered_set>
#include <utility>

#include <streamline/event.hpp>

#include "redis/redis_errors.hpp"

namespace streamline::plugins::enrich {
namespace {

constexpr std::chrono::seconds kWarningInterval{10};

const char* table_of(RecordKind kind) { return kind == RecordKind::kUser ? "users" : "products"; }

// Adds `id` to `ids` once.
void want(std::vector<std::string>& ids, std::unordered_set<std::string>& seen, const std::string& id) {
  if (seen.insert(id).second) ids.push_back(id);
}

}  // namespace

double breaker_state_value(CircuitBreaker::State state) noexcept {
  switch (state) {
    case CircuitBreaker::State::kClosed: return 0;
    case CircuitBreaker::State::kHalfOpen: return 1;
    case CircuitBreaker::State::kOpen: return 2;
  }
  return 0;
}

EnrichStage::EnrichStage(EnrichOptions options, Context& context)
    : options_(std::move(options)),
      context_(context),
      users_(options_.cache_size, options_.now),
      products_(options_.cache_size, options_.now),
      postgres_(options_.pool,
                [&context](RecordKind kind) {
                  context.metrics()
                      .counter("enrich_postgres_queries_total", "Queries sent to PostgreSQL, by table.",
                               {{"table", table_of(kind)}})
                      .inc();
                }),
      redis_log_(kWarningInterval),
      http_log_(kWarningInterval),
      partial_events_(context.metrics().counter("enrich_partial_events_total",
                                                "Events enriched with status partial (a user or product missing).")),
      redis_errors_(context.metrics().counter("enrich_redis_errors_total",
                                              "Times the Redis layer was skipped or not written (unavailable or "
                                              "refusing).")),
      redis_unreadable_(context.metrics().counter("enrich_redis_unreadable_total",
                                                  "Redis values that were not JSON objects (treated as misses).")),
      http_failed_(context.metrics().counter("enrich_http_failures_total",
                                             "HTTP user lookups that failed, by reason.", {{"reason", "error"}})),
      http_rejected_(context.metrics().counter("enrich_http_failures_total",
                                               "HTTP user lookups that failed, by reason.",
                                               {{"reason", "circuit_open"}})),
      breaker_state_(context.metrics().gauge("enrich_http_breaker_state",
                                             "State of the HTTP lookup's circuit breaker: 0 closed, 1 half-open, "
                                             "2 open.")) {
  if (options_.redis) redis_.emplace(options_.redis, options_.redis_ttl);
  if (options_.http) {
    http_ = std::make_unique<HttpUserLookup>(*options_.http, options_.now);
    http_->breaker().on_state_change([this](CircuitBreaker::State from, CircuitBreaker::State to) {
      breaker_state_.set(breaker_state_value(to));
      context_.logger().warn("http user lookup at {}: circuit breaker {} -> {}", http_->origin(), to_string(from),
                             to_string(to));
    });
  }
}

void EnrichStage::start() {
  postgres_.check();
  context_.logger().info("enriching from postgres at {}{}{}", postgres_.redacted_dsn(),
                         redis_ ? ", redis at " + redis_->address() : std::string(),
                         http_ ? ", http at " + http_->origin() : std::string());
}

Counter& EnrichStage::lookups(RecordKind kind, const char* layer, bool hit) {
  std::string key = std::string(to_string(kind)) + "/" + layer + (hit ? "/hit" : "/miss");
  auto it = lookup_counters_.find(key);
  if (it == lookup_counters_.end()) {
    Counter& counter = context_.metrics().counter(
        "enrich_lookups_total", "Record lookups by layer (cache, redis, postgres, http) and result (hit, miss).",
        {{"kind", to_string(kind)}, {"layer", layer}, {"result", hit ? "hit" : "miss"}});
    it = lookup_counters_.emplace(std::move(key), &counter).first;
  }
  return *it->second;
}

void EnrichStage::from_caches(Wanted& wanted) {
  RecordCache& records = cache(wanted.kind);
  std::size_t hits = 0;
  for (const auto& id : wanted.ids) {
    const CachedRecord* cached = records.find(id);
    if (cached == nullptr) {
      wanted.unresolved.push_back(id);
      continue;
    }
    ++hits;
    if (*cached) wanted.found.emplace(id, *cached);
    // A cached "no such record" resolves the id as missing.
  }
  if (hits > 0) lookups(wanted.kind, "cache", true).inc(static_cast<double>(hits));
  if (!wanted.unresolved.empty())
    lookups(wanted.kind, "cache", false).inc(static_cast<double>(wanted.unresolved.size()));
}

void EnrichStage::redis_skipped(const std::string& what) {
  redis_errors_.inc();
  if (!redis_log_.allow(redis::LogThrottle::Clock::now())) return;
  const auto suppressed = redis_log_.take_suppressed();
  if (suppressed > 0)
    context_.logger().warn("{}; skipping the redis layer ({} more like it)", what, suppressed);
  else
    context_.logger().warn("{}; skipping the redis layer", what);
}

void EnrichStage::from_redis(Wanted& users, Wanted& products) {
  std::vector<RecordKey> keys;
  keys.reserve(users.unresolved.size() + products.unresolved.size());
  for (const auto& id : users.unresolved) keys.push_back({RecordKind::kUser, id});
  for (const auto& id : products.unresolved) keys.push_back({RecordKind::kProduct, id});
  if (keys.empty()) return;
  std::vector<std::optional<Json>> values;
  std::size_t unreadable = 0;
  try {
    values = redis_->get(keys, unreadable);
  } catch (const std::exception& e) {
    redis_skipped(e.what());
    return;
  }
  if (unreadable > 0) redis_unreadable_.inc(static_cast<double>(unreadable));
  std::size_t k = 0;
  for (Wanted* wanted : {&users, &products}) {
    std::vector<std::string> still;
    std::size_t hits = 0;
    for (const auto& id : wanted->unresolved) {
      std::optional<Json>& value = values[k++];
      if (!value) {
        still.push_back(id);
        continue;
      }
      ++hits;
      Record record = std::make_shared<const Json>(std::move(*value));
      cache(wanted->kind).put(id, record, options_.cache_ttl);
      wanted->found.emplace(id, std::move(record));
    }
    if (hits > 0) lookups(wanted->kind, "redis", true).inc(static_cast<double>(hits));
    if (!still.empty()) lookups(wanted->kind, "redis", false).inc(static_cast<double>(still.size()));
    wanted->unresolved = std::move(still);
  }
}

void EnrichStage::from_postgres(Wanted& users, Wanted& products, std::vector<RedisLookup::Record>& write_back) {
  // Throws TransientError when PostgreSQL is down: the engine retries the batch.
  PostgresLookup::Found found = postgres_.find(users.unresolved, products.unresolved);
  for (auto [wanted, rows] : {std::pair{&users, &found.users}, std::pair{&products, &found.products}}) {
    std::vector<std::string> still;
    for (const auto& id : wanted->unresolved) {
      auto row = rows->find(id);
      if (row == rows->end()) {
        still.push_back(id);
        continue;
      }
      cache(wanted->kind).put(id, row->second, options_.cache_ttl);
      write_back.push_back({wanted->kind, id, row->second.get()});
      wanted->found.emplace(id, std::move(row->second));
    }
    const std::size_t hits = wanted->unresolved.size() - still.size();
    if (hits > 0) lookups(wanted->kind, "postgres", true).inc(static_cast<double>(hits));
    if (!still.empty()) lookups(wanted->kind, "postgres", false).inc(static_cast<double>(still.size()));
    wanted->unresolved = std::move(still);
  }
}

void EnrichStage::from_http(Wanted& users, std::vector<RedisLookup::Record>& write_back) {
  if (users.unresolved.empty()) return;
  const std::uint64_t requests_before = http_->requests();
  std::vector<std::string> still;
  std::size_t hits = 0, misses = 0;
  for (const auto& id : users.unresolved) {
    HttpUserLookup::Result result = http_->lookup(id, context_.stop_token());
    switch (result.outcome) {
      case HttpUserLookup::Outcome::kFound: {
        ++hits;
        Record record = std::make_shared<const Json>(std::move(result.user));
        users_.put(id, record, options_.cache_ttl);
        write_back.push_back({RecordKind::kUser, id, record.get()});
        users.found.emplace(id, std::move(record));
        break;
      }
      case HttpUserLookup::Outcome::kNotFound:
        ++misses;
        still.push_back(id);
        break;
      case HttpUserLookup::Outcome::kFailed:
      case HttpUserLookup::Outcome::kRejected: {
        (result.outcome == HttpUserLookup::Outcome::kFailed ? http_failed_ : http_rejected_).inc();
        if (http_log_.allow(redis::LogThrottle::Clock::now())) {
          const auto suppressed = http_log_.take_suppressed();
          context_.logger().warn("http lookup of user '{}' failed, treating it as missing: {}{}", id, result.error,
                                 suppressed > 0 ? " (" + std::to_string(suppressed) + " more like it)" : "");
        }
        break;  // missing for this batch only: not cached
      }
    }
  }
  if (hits > 0) lookups(RecordKind::kUser, "http", true).inc(static_cast<double>(hits));
  if (misses > 0) lookups(RecordKind::kUser, "http", false).inc(static_cast<double>(misses));
  context_.metrics()
      .counter("enrich_http_requests_total", "HTTP requests sent by the user lookup (every attempt).")
      .inc(static_cast<double>(http_->requests() - requests_before));
  breaker_state_.set(breaker_state_value(http_->breaker().state()));
  users.unresolved = std::move(still);  // what the service says does not exist
}

void EnrichStage::to_redis(const std::vector<RedisLookup::Record>& write_back) {
  if (write_back.empty()) return;
  try {
    redis_->put(write_back);
  } catch (const std::exception& e) {
    redis_skipped(e.what());
  }
}

void EnrichStage::process(Batch& batch) {
  std::vector<std::optional<References>> references(batch.size());
  Wanted users{RecordKind::kUser, {}, {}, {}};
  Wanted products{RecordKind::kProduct, {}, {}, {}};
  std::unordered_set<std::string> seen_users, seen_products;
  for (std::size_t i = 0; i < batch.size(); ++i) {
    const Json* document = nullptr;
    try {
      document = &batch[i].json();
    } catch (const PayloadError& e) {
      batch.fail(i, e.what());
      continue;
    }
    if (!document->is_object()) {
      batch.fail(i, "payload is not a JSON object");
      continue;
    }
    references[i] = references_of(*document);
    if (references[i]->user_id) want(users.ids, seen_users, *references[i]->user_id);
    for (const auto& id : references[i]->product_ids) want(products.ids, seen_products, id);
  }

  from_caches(users);
  from_caches(products);
  if (redis_) from_redis(users, products);
  std::vector<RedisLookup::Record> write_back;
  from_postgres(users, products, write_back);
  if (http_) from_http(users, write_back);
  // Ids every layer answered "no such record" for: remembered for a shorter
  // time, so an unknown id does not reach PostgreSQL for every event.
  for (Wanted* wanted : {&users, &products})
    for (const auto& id : wanted->unresolved) cache(wanted->kind).put(id, nullptr, options_.negative_ttl);
  if (redis_) to_redis(write_back);

  for (std::size_t i = 0; i < batch.size(); ++i) {
    if (!references[i]) continue;
    Json enrichment = enrichment_of(*references[i], users.found, products.found);
    if (is_partial(enrichment)) partial_events_.inc();
    batch[i].mutable_json()["enrichment"] = std::move(enrichment);
  }
}

}  // namespace streamline::plugins::enrich
