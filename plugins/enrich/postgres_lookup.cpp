#include "postgres_lookup.hpp"

#include <utility>

#include <pqxx/nontransaction>
#include <pqxx/result>

#include "postgres/pg_errors.hpp"

namespace streamline::plugins::enrich {
namespace {

// country is CHAR(2): the cast to text drops any padding.
constexpr const char* kSelectUsers = R"(
SELECT user_id, json_build_object('user_id', user_id, 'name', name, 'email', email, 'country', country::text,
                                  'tier', tier, 'signup_date', to_char(signup_date, 'YYYY-MM-DD'))::text
FROM users
WHERE user_id = ANY(ARRAY(SELECT jsonb_array_elements_text($1::jsonb))))";

constexpr const char* kSelectProducts = R"(
SELECT product_id, json_build_object('product_id', product_id, 'name', name, 'category', category,
                                     'price', price)::text
FROM products
WHERE product_id = ANY(ARRAY(SELECT jsonb_array_elements_text($1::jsonb))))";

Records records_of(const pqxx::result& result) {
  Records records;
  records.reserve(result.size());
  for (const auto& row : result) records.emplace(row[0].as<std::string>(), std::make_shared<const Json>(Json::parse(row[1].c_str())));
  return records;
}

}  // namespace

PostgresLookup::PostgresLookup(std::shared_ptr<postgres::PgPool> pool, QueryObserver on_query)
    : pool_(std::move(pool)), on_query_(std::move(on_query)) {}

PostgresLookup::Found PostgresLookup::find(const std::vector<std::string>& user_ids,
                                           const std::vector<std::string>& product_ids) {
  Found found;
  if (user_ids.empty() && product_ids.empty()) return found;
  postgres::PgPool::Lease lease = pool_->acquire();
  try {
    pqxx::nontransaction tx(*lease);
    if (!user_ids.empty()) {
      if (on_query_) on_query_(RecordKind::kUser);
      found.users = records_of(tx.exec_params(kSelectUsers, Json(user_ids).dump()));
    }
    if (!product_ids.empty()) {
      if (on_query_) on_query_(RecordKind::kProduct);
      found.products = records_of(tx.exec_params(kSelectProducts, Json(product_ids).dump()));
    }
  } catch (...) {
    lease.discard();
    postgres::rethrow_classified("enrich lost postgres at " + pool_->redacted_dsn());
  }
  return found;
}

void PostgresLookup::check() {
  postgres::PgPool::Lease lease = pool_->acquire();
  try {
    pqxx::nontransaction tx(*lease);
    tx.exec("SELECT 1");
  } catch (...) {
    lease.discard();
    postgres::rethrow_classified("postgres at " + pool_->redacted_dsn() + " does not answer");
  }
}

}  // namespace streamline::plugins::enrich
