#include "postgres/pg_errors.hpp"

#include <pqxx/except>
#include <streamline/errors.hpp>

namespace streamline::plugins::postgres {

bool is_transient_sqlstate(std::string_view sqlstate) noexcept {
  return sqlstate.starts_with("08") ||  // connection exception
         sqlstate.starts_with("53") ||  // insufficient resources (too many connections, disk full)
         sqlstate == "57P01" ||         // admin shutdown (pg_terminate_backend)
         sqlstate == "57P02" ||         // crash shutdown
         sqlstate == "57P03" ||         // cannot connect now (starting up)
         sqlstate == "40001" ||         // serialization failure
         sqlstate == "40P01";           // deadlock detected
}

bool is_transient(const std::exception& error) noexcept {
  if (dynamic_cast<const pqxx::broken_connection*>(&error) != nullptr) return true;
  if (dynamic_cast<const pqxx::in_doubt_error*>(&error) != nullptr) return true;
  if (const auto* sql = dynamic_cast<const pqxx::sql_error*>(&error)) return is_transient_sqlstate(sql->sqlstate());
  return false;
}

void rethrow_classified(std::string_view what) {
  try {
    throw;
  } catch (const streamline::TransientError&) {
    throw;
  } catch (const std::exception& e) {
    if (is_transient(e)) throw streamline::TransientError(std::string(what) + ": " + e.what());
    throw;
  }
}

}  // namespace streamline::plugins::postgres
