#include "tests/integration/postgres/pg_test_schema.hpp"

#include <unistd.h>

#include <atomic>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include <pqxx/nontransaction>

namespace streamline::testing::postgres {
namespace {

std::string env_dsn() {
  const char* dsn = std::getenv("PG_DSN");
  return dsn == nullptr ? std::string() : std::string(dsn);
}

std::string unique_name(const std::string& label) {
  static std::atomic<int> counter{0};
  std::string name = "test_";
  // PostgreSQL truncates identifiers past 63 bytes: keep the label short.
  for (char c : label.substr(0, 32))
    name += std::isalnum(static_cast<unsigned char>(c)) ? static_cast<char>(std::tolower(c)) : '_';
  return name + "_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
}

std::string read_schema_sql() {
  std::ifstream in(std::string(PROJECT_SOURCE_DIR) + "/scripts/schema.sql");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

bool PgTestSchema::available() { return !env_dsn().empty(); }

PgTestSchema::PgTestSchema(const std::string& label)
    : base_dsn_(env_dsn()), name_(unique_name(label)), admin_(base_dsn_) {
  pqxx::nontransaction tx(admin_);
  tx.exec("CREATE SCHEMA " + tx.quote_name(name_));
  tx.exec("SET search_path TO " + tx.quote_name(name_));
  tx.exec(read_schema_sql());
}

PgTestSchema::~PgTestSchema() {
  try {
    pqxx::nontransaction tx(admin_);
    tx.exec("DROP SCHEMA " + tx.quote_name(name_) + " CASCADE");
  } catch (...) {
    // The schema stays behind; its name says which test left it.
  }
}

std::string PgTestSchema::dsn() const {
  const bool uri = base_dsn_.starts_with("postgresql://") || base_dsn_.starts_with("postgres://");
  if (uri)
    return base_dsn_ + (base_dsn_.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + name_ +
           "&application_name=" + name_;
  return base_dsn_ + " options='-csearch_path=" + name_ + "' application_name=" + name_;
}

pqxx::result PgTestSchema::query(const std::string& sql) {
  pqxx::nontransaction tx(admin_);
  return tx.exec(sql);
}

std::int64_t PgTestSchema::count(const std::string& sql) { return query(sql)[0][0].as<std::int64_t>(); }

int PgTestSchema::terminate_stage_sessions() {
  pqxx::nontransaction tx(admin_);
  const pqxx::result r = tx.exec_params(
      "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = $1 "
      "AND pid <> pg_backend_pid()",
      name_);
  return r[0][0].as<int>();
}

}  // namespace streamline::testing::postgres
