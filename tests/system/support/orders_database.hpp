#pragma once
// A fresh database of the stack's PostgreSQL with scripts/schema.sql, and
// what the tests read back from it.

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "tests/system/support/orders_truth.hpp"
#include "tests/system/support/system_stack.hpp"

namespace streamline::system_tests {

struct StoredDeadLetter {
  SourcePosition origin;
  DeadLetter letter;
  int attempts = 0;
};

struct FraudAlert {
  std::string event_id;
  std::string order_id;
  std::string decision;
  std::optional<double> score;
  bool operator<(const FraudAlert& o) const { return event_id < o.event_id; }
  bool operator==(const FraudAlert&) const = default;
};

// Row count and md5 of a table's rows (ordered, as text), some columns left out.
struct TableChecksum {
  std::int64_t rows = 0;
  std::string md5;
  bool operator==(const TableChecksum&) const = default;
};

class OrdersDatabase {
 public:
  // Drops the database `name` if it exists, creates it, applies the schema.
  OrdersDatabase(const SystemStack& stack, std::string name);

  const std::string& name() const noexcept { return name_; }
  // The engine's DSN. The test's own connections use another, whose
  // application_name (kTestApplicationName) tells its sessions apart.
  const std::string& dsn() const noexcept { return dsn_; }
  const std::string& test_dsn() const noexcept { return own_dsn_; }

  std::set<std::string> event_ids() const;
  std::map<std::string, OrderState> order_states() const;
  std::vector<StoredDeadLetter> dead_letters() const;
  std::set<FraudAlert> fraud_alerts() const;
  // What fraud_alerts must hold: the order_events rows held for review or blocked.
  std::set<FraudAlert> alerts_from_events() const;
  // order_id -> processed_at (epoch microseconds) of its last applied event.
  std::map<std::string, std::int64_t> last_event_processed_us() const;
  // event_id -> processed_at (epoch microseconds).
  std::map<std::string, std::int64_t> processed_at_us() const;
  std::int64_t count(const std::string& table) const;
  TableChecksum checksum(const std::string& table, const std::set<std::string>& excluded_columns = {}) const;
  // One SQL statement's first column of the first row, as text ("" for null).
  std::string scalar(const std::string& sql) const;
  // Drops the database: a benchmark done with one keeps autovacuum from
  // working through its tables while the next measurement runs.
  void drop() const;

 private:
  std::string admin_dsn_;
  std::string name_;
  std::string dsn_;
  std::string own_dsn_;
};

// pg_stat_activity's application_name of the tests' own sessions.
inline constexpr const char* kTestApplicationName = "streamline-system-tests";

}  // namespace streamline::system_tests
