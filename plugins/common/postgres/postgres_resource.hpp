#pragma once
// PostgresResource: the shared object the `postgres` resource plugin makes
// and the PostgreSQL stages (pg-sink, pg-dead-letter) get with
// `context.resource_as<PostgresResource>(name)`.
//
// It is also the pipeline's PositionStore: the positions pg-sink writes to
// sink_offsets with its rows, read back by a source resuming (exactly-once).
//
// Both sides include this header; the class has default visibility and an
// out-of-line key function, so dynamic_pointer_cast finds it across the
// plugins' shared objects (GCC compares type_info by name).

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <streamline/context.hpp>
#include <streamline/position_store.hpp>

#include "postgres/pg_pool.hpp"

namespace streamline::plugins::postgres {

class __attribute__((visibility("default"))) PostgresResource : public streamline::Resource,
                                                                public streamline::PositionStore {
 public:
  PostgresResource(std::string dsn, std::size_t pool_size);
  ~PostgresResource() override;

  // Runs `SELECT 1` on a pooled connection; false on any error.
  bool healthy() const override;
  // sink_offsets rows of `consumer`. TransientError when PostgreSQL is down.
  std::vector<Position> stored_positions(std::string_view consumer) override;

  const std::string& dsn() const noexcept { return pool_->dsn(); }
  const std::shared_ptr<PgPool>& pool() const noexcept { return pool_; }

 private:
  std::shared_ptr<PgPool> pool_;
};

}  // namespace streamline::plugins::postgres
