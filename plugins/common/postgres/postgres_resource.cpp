#include "postgres/postgres_resource.hpp"

#include <pqxx/nontransaction>
#include <pqxx/result>

#include "postgres/pg_errors.hpp"

namespace streamline::plugins::postgres {

PostgresResource::PostgresResource(std::string dsn, std::size_t pool_size)
    : pool_(std::make_shared<PgPool>(std::move(dsn), pool_size)) {}

PostgresResource::~PostgresResource() = default;

bool PostgresResource::healthy() const {
  try {
    PgPool::Lease lease = pool_->acquire();
    try {
      pqxx::nontransaction tx(*lease);
      tx.exec("SELECT 1");
      return true;
    } catch (...) {
      lease.discard();
      return false;
    }
  } catch (...) {
    return false;
  }
}

std::vector<Position> PostgresResource::stored_positions(std::string_view consumer) {
  const std::string what = "reading sink_offsets from postgres at " + pool_->redacted_dsn();
  try {
    PgPool::Lease lease = pool_->acquire();
    try {
      pqxx::nontransaction tx(*lease);
      std::vector<Position> positions;
      for (const auto& row : tx.exec_params("SELECT topic, partition, next_offset FROM sink_offsets "
                                            "WHERE consumer = $1 ORDER BY topic, partition",
                                            std::string(consumer)))
        positions.push_back(
            Position{row[0].as<std::string>(), row[1].as<std::int32_t>(), row[2].as<std::int64_t>()});
      return positions;
    } catch (...) {
      lease.discard();
      throw;
    }
  } catch (...) {
    rethrow_classified(what);
  }
}

}  // namespace streamline::plugins::postgres
