#include "tests/system/support/system_stack.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <stdexcept>
#include <thread>

#include "tests/system/support/command.hpp"

namespace streamline::system_tests {
namespace {

constexpr const char* kPgBin = "/usr/lib/postgresql/15/bin";

std::string variable(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0')
    throw std::runtime_error(std::string("the system stack is not up: ") + name +
                             " is not set (ctest starts it with the system_stack fixture; by hand: "
                             "STACK_DIR=" SYSTEM_STACK_DIR " PG_PORT=" SYSTEM_STACK_PG_PORT
                             " REDIS_PORT=" SYSTEM_STACK_REDIS_PORT " bash scripts/stack.sh start)");
  return value;
}

// What scripts/stack.sh needs to act on this stack and no other.
std::string stack_script(const SystemStack& stack, const std::string& command) {
  return "STACK_DIR=" + shell_quote(stack.dir) + " PG_PORT=" + std::to_string(stack.pg_port) +
         " REDIS_PORT=" + std::to_string(stack.redis_port) + " ENGINE=" + shell_quote(ENGINE_BINARY) +
         " KAFKA_TOPICS='orders:8 dead-letters:2' bash " + shell_quote(std::string(PROJECT_SOURCE_DIR) + "/scripts/stack.sh") +
         " " + command;
}

std::string as_postgres(const std::string& command) {
  return ::geteuid() == 0 ? "runuser -u postgres -- " + command : command;
}

template <typename Predicate>
void wait_for(Predicate ready, std::chrono::seconds limit, const std::string& what) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!ready()) {
    if (std::chrono::steady_clock::now() > deadline) throw std::runtime_error(what + " within " + std::to_string(limit.count()) + "s");
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

}  // namespace

SystemStack SystemStack::from_environment() {
  SystemStack stack;
  stack.dir = variable("STACK_DIR");
  stack.kafka_brokers = variable("KAFKA_BROKERS");
  stack.pg_host = variable("PG_HOST");
  stack.pg_port = std::stoi(variable("PG_PORT"));
  stack.pg_user = variable("PG_USER");
  stack.redis_host = variable("REDIS_HOST");
  stack.redis_port = std::stoi(variable("REDIS_PORT"));
  return stack;
}

std::string SystemStack::dsn(const std::string& database) const {
  return "postgresql://" + pg_user + "@" + pg_host + ":" + std::to_string(pg_port) + "/" + database;
}

std::string SystemStack::redis_url(int db) const {
  return "redis://" + redis_host + ":" + std::to_string(redis_port) + "/" + std::to_string(db);
}

bool SystemStack::redis_answers() const {
  return run_command("redis-cli -h " + redis_host + " -p " + std::to_string(redis_port) + " ping").output == "PONG\n";
}

void SystemStack::stop_redis() const {
  run_command("redis-cli -h " + redis_host + " -p " + std::to_string(redis_port) + " shutdown nosave");
  wait_for([&] { return !redis_answers(); }, std::chrono::seconds(10), "Redis did not stop");
}

void SystemStack::start() const { run_checked(stack_script(*this, "start")); }

void SystemStack::restart_postgres() const {
  // -l: the restarted server must not inherit our pipe as its stdout.
  run_checked(as_postgres(std::string(kPgBin) + "/pg_ctl -D " + shell_quote(dir + "/pg") + " -l " +
                          shell_quote(dir + "/postgres.log") + " -m fast -w -t 60 restart"));
  wait_for([&] {
    return run_command(std::string(kPgBin) + "/pg_isready -h " + pg_host + " -p " + std::to_string(pg_port)).exit_code == 0;
  }, std::chrono::seconds(30), "PostgreSQL did not come back");
}

void SystemStack::stop_postgres() const {
  run_checked(as_postgres(std::string(kPgBin) + "/pg_ctl -D " + shell_quote(dir + "/pg") + " -m fast -w -t 60 stop"));
  wait_for([&] {
    return run_command(std::string(kPgBin) + "/pg_isready -h " + pg_host + " -p " + std::to_string(pg_port)).exit_code != 0;
  }, std::chrono::seconds(30), "PostgreSQL did not stop");
}

}  // namespace streamline::system_tests
