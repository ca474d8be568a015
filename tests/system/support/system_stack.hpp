#pragma once
// The system-test stack (tests/cmake/system.cmake): PostgreSQL, Redis and the
// dev Kafka broker that scripts/stack.sh runs under SYSTEM_STACK_DIR, and
// what the tests do to it (stop Redis, restart PostgreSQL).

#include <string>

#include "tests/support/stack_env.hpp"

namespace streamline::system_tests {

using test_support::load_stack_env;

struct SystemStack {
  std::string dir;
  std::string kafka_brokers;
  std::string pg_host;
  int pg_port = 0;
  std::string pg_user;
  std::string redis_host;
  int redis_port = 0;

  // From the environment (load_stack_env first); throws when the stack's
  // variables are missing, saying how to start it.
  static SystemStack from_environment();

  std::string dsn(const std::string& database) const;
  std::string redis_url(int db) const;
  bool redis_answers() const;

  // `redis-cli shutdown nosave`; returns once Redis no longer answers.
  void stop_redis() const;
  // scripts/stack.sh start: starts whatever is down, waits until it answers.
  void start() const;
  // pg_ctl restart -m fast (as the postgres user when root); returns once
  // PostgreSQL accepts connections again.
  void restart_postgres() const;
  // pg_ctl stop -m fast; returns once PostgreSQL no longer accepts
  // connections (start() brings it back).
  void stop_postgres() const;
};

}  // namespace streamline::system_tests
