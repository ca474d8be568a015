#pragma once
// PgTestSchema: a private schema with scripts/schema.sql applied, so tests
// running in parallel against one PostgreSQL never see each other's rows.
// Dropped (CASCADE) when the object goes.
//
// The database comes from PG_DSN (the test stack exports it); tests skip
// when it is unset: `if (!PgTestSchema::available()) GTEST_SKIP() << ...`.

#include <cstdint>
#include <string>

#include <pqxx/connection>
#include <pqxx/result>

namespace streamline::testing::postgres {

class PgTestSchema {
 public:
  static bool available();
  static constexpr const char* kSkipMessage =
      "PG_DSN is not set: start a PostgreSQL (scripts/stack.sh start, or the ctest stack fixture) and export PG_DSN";

  explicit PgTestSchema(const std::string& label);
  ~PgTestSchema();
  PgTestSchema(const PgTestSchema&) = delete;
  PgTestSchema& operator=(const PgTestSchema&) = delete;

  const std::string& name() const noexcept { return name_; }
  // PG_DSN with this schema as search_path and application_name = name(),
  // for the stages under test.
  std::string dsn() const;

  pqxx::result query(const std::string& sql);
  std::int64_t count(const std::string& sql);
  // Ends every other session of this test (application_name = name()).
  int terminate_stage_sessions();

 private:
  std::string base_dsn_;
  std::string name_;
  pqxx::connection admin_;
};

}  // namespace streamline::testing::postgres
