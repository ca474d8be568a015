#pragma once
// EnrichStage: adds the user and the products each event refers to, as the
// `enrichment` object (see enrichment.hpp), reading through layers once per
// batch:
//
//   1. in-process LRU caches (users, products): found records for cache_ttl,
//      not-found answers for negative_ttl;
//   2. Redis (optional): one MGET for every id the caches missed;
//   3. PostgreSQL: one query for the users and one for the products still
//      missing; what it finds is written back to Redis (one pipeline);
//   4. HTTP (optional, users only): one GET per user still missing, with
//      retries and a circuit breaker.
//
// A record no layer found marks the event `status: partial` and is listed in
// `missing`; the event passes all the same. Failures:
//   - a payload that is not JSON, or not a JSON object: that event fails;
//   - Redis unavailable or refusing: the layer is skipped for the batch
//     (logged at most every 10 s, counted), nothing fails;
//   - HTTP failing or its breaker open: those users are missing for this
//     batch (not negatively cached), counted and logged;
//   - PostgreSQL unavailable: TransientError, the engine retries the batch.
//     Any other database error fails the batch.
//
// Threading: one instance per worker; each has its own caches, HTTP client
// and breaker, and shares the PostgreSQL and Redis pools.

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <streamline/context.hpp>
#include <streamline/metrics.hpp>
#include <streamline/stage.hpp>

#include "enrichment.hpp"
#include "http_lookup.hpp"
#include "lru_cache.hpp"
#include "postgres/pg_pool.hpp"
#include "postgres_lookup.hpp"
#include "redis/log_throttle.hpp"
#include "redis_lookup.hpp"

namespace streamline::plugins::enrich {

// A cached answer: the record, or null for "no such record".
using CachedRecord = Record;
using RecordCache = ExpiringLruCache<CachedRecord>;

struct EnrichOptions {
  std::shared_ptr<postgres::PgPool> pool;
  std::shared_ptr<redis::RedisPool> redis;  // null: no Redis layer
  std::optional<HttpLookupOptions> http;    // nullopt: no HTTP layer
  std::size_t cache_size = 10000;
  std::chrono::milliseconds cache_ttl{300'000};
  std::chrono::milliseconds negative_ttl{30'000};
  std::chrono::milliseconds redis_ttl{3'600'000};
  // For tests: the clock of the caches and the breaker.
  RecordCache::Now now{};
};

class EnrichStage final : public Processor {
 public:
  EnrichStage(EnrichOptions options, Context& context);

  // Checks that PostgreSQL answers; TransientError otherwise.
  void start() override;
  void process(Batch& batch) override;

 private:
  // The ids of one kind a batch needs, and what is known of them so far.
  struct Wanted {
    RecordKind kind;
    std::vector<std::string> ids;  // distinct, first-seen order
    Records found;
    std::vector<std::string> unresolved;  // not found by any layer yet
  };

  void from_caches(Wanted& wanted);
  void from_redis(Wanted& users, Wanted& products);
  void from_postgres(Wanted& users, Wanted& products, std::vector<RedisLookup::Record>& write_back);
  void from_http(Wanted& users, std::vector<RedisLookup::Record>& write_back);
  void to_redis(const std::vector<RedisLookup::Record>& write_back);
  void redis_skipped(const std::string& what);

  RecordCache& cache(RecordKind kind) { return kind == RecordKind::kUser ? users_ : products_; }
  Counter& lookups(RecordKind kind, const char* layer, bool hit);

  EnrichOptions options_;
  Context& context_;
  RecordCache users_;
  RecordCache products_;
  PostgresLookup postgres_;
  std::optional<RedisLookup> redis_;
  std::unique_ptr<HttpUserLookup> http_;
  redis::LogThrottle redis_log_;
  redis::LogThrottle http_log_;

  Counter& partial_events_;
  Counter& redis_errors_;
  Counter& redis_unreadable_;
  Counter& http_failed_;
  Counter& http_rejected_;
  Gauge& breaker_state_;
  std::unordered_map<std::string, Counter*> lookup_counters_;
};

// The breaker gauge's value: 0 closed, 1 half-open, 2 open.
double breaker_state_value(CircuitBreaker::State state) noexcept;

}  // namespace streamline::plugins::enrich
