#include "tests/system/support/orders_database.hpp"

#include <pqxx/pqxx>

#include "tests/system/support/command.hpp"

namespace streamline::system_tests {
namespace {

std::optional<std::string> optional_text(const pqxx::field& f) {
  return f.is_null() ? std::nullopt : std::optional<std::string>(f.c_str());
}

}  // namespace

OrdersDatabase::OrdersDatabase(const SystemStack& stack, std::string name)
    : admin_dsn_(stack.dsn("postgres")),
      name_(std::move(name)),
      dsn_(stack.dsn(name_)),
      own_dsn_(dsn_ + (dsn_.find('?') == std::string::npos ? "?" : "&") + "application_name=" + kTestApplicationName) {
  {
    pqxx::connection admin(admin_dsn_);
    pqxx::nontransaction tx(admin);
    tx.exec("DROP DATABASE IF EXISTS " + tx.quote_name(name_) + " WITH (FORCE)");
    tx.exec("CREATE DATABASE " + tx.quote_name(name_));
  }
  run_checked("psql " + shell_quote(own_dsn_) + " -v ON_ERROR_STOP=1 -q -f " +
              shell_quote(std::string(PROJECT_SOURCE_DIR) + "/scripts/schema.sql"));
}

void OrdersDatabase::drop() const {
  pqxx::connection admin(admin_dsn_);
  pqxx::nontransaction tx(admin);
  tx.exec("DROP DATABASE IF EXISTS " + tx.quote_name(name_) + " WITH (FORCE)");
}

std::set<std::string> OrdersDatabase::event_ids() const {
  pqxx::connection c(own_dsn_);
  pqxx::nontransaction tx(c);
  std::set<std::string> ids;
  for (const auto& r : tx.exec("SELECT event_id FROM order_events")) ids.insert(r[0].c_str());
  return ids;
}

std::map<std::string, OrderState> OrdersDatabase::order_states() const {
  pqxx::connection c(own_dsn_);
  pqxx::nontransaction tx(c);
  std::map<std::string, OrderState> states;
  for (const auto& r : tx.exec(
           "SELECT order_id, user_id, status, sequence, total_amount::text, item_count, last_event_id, "
           "(extract(epoch FROM created_at) * 1000)::bigint FROM order_states")) {
    OrderState s;
    s.user_id = r[1].c_str();
    s.status = r[2].c_str();
    s.sequence = r[3].as<int>();
    s.total_amount = r[4].c_str();
    s.item_count = r[5].as<int>();
    s.last_event_id = r[6].c_str();
    s.created_at_ms = r[7].as<std::int64_t>();
    states.emplace(r[0].c_str(), std::move(s));
  }
  return states;
}

std::vector<StoredDeadLetter> OrdersDatabase::dead_letters() const {
  pqxx::connection c(own_dsn_);
  pqxx::nontransaction tx(c);
  std::vector<StoredDeadLetter> letters;
  for (const auto& r : tx.exec("SELECT coalesce(source_partition, -1), coalesce(source_offset, -1), stage, error, "
                               "raw_payload, event_id, attempts FROM processing_errors ORDER BY id")) {
    StoredDeadLetter d;
    d.origin = {r[0].as<std::int32_t>(), r[1].as<std::int64_t>()};
    d.letter.stage = r[2].c_str();
    d.letter.error = r[3].c_str();
    d.letter.raw_payload = r[4].c_str();
    d.letter.event_id = optional_text(r[5]);
    d.attempts = r[6].as<int>();
    letters.push_back(std::move(d));
  }
  return letters;
}

namespace {
std::set<FraudAlert> read_alerts(const std::string& dsn, const std::string& sql) {
  pqxx::connection c(dsn);
  pqxx::nontransaction tx(c);
  std::set<FraudAlert> alerts;
  for (const auto& r : tx.exec(sql)) {
    FraudAlert a{r[0].c_str(), r[1].c_str(), r[2].c_str(), std::nullopt};
    if (!r[3].is_null()) a.score = r[3].as<double>();
    alerts.insert(std::move(a));
  }
  return alerts;
}
}  // namespace

std::set<FraudAlert> OrdersDatabase::fraud_alerts() const {
  return read_alerts(own_dsn_, "SELECT event_id, order_id, decision, score FROM fraud_alerts");
}

std::set<FraudAlert> OrdersDatabase::alerts_from_events() const {
  return read_alerts(own_dsn_, "SELECT event_id, order_id, fraud_decision, fraud_score FROM order_events "
                           "WHERE fraud_decision IN ('review', 'block')");
}

std::map<std::string, std::int64_t> OrdersDatabase::last_event_processed_us() const {
  pqxx::connection c(own_dsn_);
  pqxx::nontransaction tx(c);
  std::map<std::string, std::int64_t> result;
  for (const auto& r : tx.exec("SELECT s.order_id, (extract(epoch FROM e.processed_at) * 1000000)::bigint "
                               "FROM order_states s JOIN order_events e ON e.event_id = s.last_event_id"))
    result.emplace(r[0].c_str(), r[1].as<std::int64_t>());
  return result;
}

std::map<std::string, std::int64_t> OrdersDatabase::processed_at_us() const {
  pqxx::connection c(own_dsn_);
  pqxx::nontransaction tx(c);
  std::map<std::string, std::int64_t> result;
  for (const auto& r : tx.exec("SELECT event_id, (extract(epoch FROM processed_at) * 1000000)::bigint FROM order_events"))
    result.emplace(r[0].c_str(), r[1].as<std::int64_t>());
  return result;
}

std::int64_t OrdersDatabase::count(const std::string& table) const {
  pqxx::connection c(own_dsn_);
  pqxx::nontransaction tx(c);
  return tx.exec1("SELECT count(*) FROM " + tx.quote_name(table))[0].as<std::int64_t>();
}

TableChecksum OrdersDatabase::checksum(const std::string& table, const std::set<std::string>& excluded_columns) const {
  pqxx::connection c(own_dsn_);
  pqxx::nontransaction tx(c);
  std::string columns;
  for (const auto& r : tx.exec_params("SELECT column_name FROM information_schema.columns "
                                      "WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position",
                                      table)) {
    if (excluded_columns.contains(r[0].c_str())) continue;
    columns += (columns.empty() ? "" : ", ") + tx.quote_name(r[0].c_str());
  }
  const auto row = tx.exec1("SELECT count(*), coalesce(md5(string_agg(t::text, E'\\n' ORDER BY t::text)), '') FROM "
                            "(SELECT " + columns + " FROM " + tx.quote_name(table) + ") AS t");
  return {row[0].as<std::int64_t>(), row[1].c_str()};
}

std::string OrdersDatabase::scalar(const std::string& sql) const {
  pqxx::connection c(own_dsn_);
  pqxx::nontransaction tx(c);
  const auto r = tx.exec(sql);
  return r.empty() || r[0][0].is_null() ? "" : r[0][0].c_str();
}

}  // namespace streamline::system_tests
