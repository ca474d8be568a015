#include "postgres/postgres_resource.hpp"

#include <pqxx/nontransaction>

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

}  // namespace streamline::plugins::postgres
