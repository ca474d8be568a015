#pragma once
// RedisLookup: the shared cache layer between the in-process caches and
// PostgreSQL. Records are JSON text under
//   enrich:user:<user_id>        enrich:product:<product_id>
// read with one MGET for a whole batch (users and products together) and
// written back with one pipeline of `SET key value EX ttl`.
//
// Errors: RedisUnavailable (a streamline::TransientError) when the server
// cannot be reached; RedisLayerError for an error reply. The stage treats
// both as "skip the layer for this batch": Redis is an optimisation here,
// never a reason to fail an event.
//
// Threading: one user at a time per instance; instances may share the pool.

#include <chrono>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "enrichment.hpp"
#include "redis/redis_pool.hpp"

namespace streamline::plugins::enrich {

class RedisLayerError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct RecordKey {
  RecordKind kind;
  std::string id;
};

class RedisLookup {
 public:
  RedisLookup(std::shared_ptr<redis::RedisPool> pool, std::chrono::milliseconds ttl);

  // "enrich:user:user-00042", "enrich:product:prod-0007".
  static std::string key_of(RecordKind kind, const std::string& id);

  // The value stored under each key, in order; nullopt when absent. Values
  // that are not JSON objects come back as nullopt too (and are counted in
  // `unreadable`).
  std::vector<std::optional<Json>> get(const std::vector<RecordKey>& keys, std::size_t& unreadable);

  struct Record {
    RecordKind kind;
    std::string id;
    const Json* value;
  };
  // SET key value EX ttl for every record, in one round trip.
  void put(const std::vector<Record>& records);

  std::string address() const { return pool_->address(); }
  std::chrono::seconds ttl() const noexcept { return ttl_; }

 private:
  std::shared_ptr<redis::RedisPool> pool_;
  std::chrono::seconds ttl_;
};

}  // namespace streamline::plugins::enrich
