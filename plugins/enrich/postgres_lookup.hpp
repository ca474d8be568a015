#pragma once
// PostgresLookup: reads users and products from PostgreSQL, one statement
// per table for a whole batch (`WHERE user_id = ANY(...)`), so a batch costs
// at most two queries however many events it holds.
//
// Rows come back as the enrichment's JSON objects, built by PostgreSQL:
//   users:    {user_id, name, email, country, tier, signup_date: "YYYY-MM-DD"}
//   products: {product_id, name, category, price (a number)}
// Ids are sent as one JSON array parameter: no id ever becomes SQL text.
//
// Errors: a lost connection or an unavailable server throws
// streamline::TransientError (the engine retries the batch); any other
// database error propagates (the batch fails).
//
// Threading: one user at a time per instance; instances may share the pool.

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "enrichment.hpp"
#include "postgres/pg_pool.hpp"

namespace streamline::plugins::enrich {

class PostgresLookup {
 public:
  // Called once per statement sent (for a metric), with the table name.
  using QueryObserver = std::function<void(RecordKind)>;

  PostgresLookup(std::shared_ptr<postgres::PgPool> pool, QueryObserver on_query = {});

  // Found rows of both tables; an empty id list sends no statement.
  struct Found {
    Records users;
    Records products;
  };
  Found find(const std::vector<std::string>& user_ids, const std::vector<std::string>& product_ids);

  // SELECT 1; TransientError when PostgreSQL does not answer.
  void check();

  const std::string& redacted_dsn() const noexcept { return pool_->redacted_dsn(); }

 private:
  std::shared_ptr<postgres::PgPool> pool_;
  QueryObserver on_query_;
};

}  // namespace streamline::plugins::enrich
