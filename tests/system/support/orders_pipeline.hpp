#pragma once
// One system test's private world on the shared system stack: a fresh
// database, a flushed Redis database, a consumer group of its own starting
// at the current end of the `orders` topic (earlier tests' events are
// never read), and the engine running pipelines/orders.yaml against them.

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "tests/system/support/engine_run.hpp"
#include "tests/system/support/orders_database.hpp"
#include "tests/system/support/orders_kafka.hpp"
#include "tests/system/support/redis_client.hpp"
#include "tests/system/support/system_stack.hpp"

namespace streamline::system_tests {

inline constexpr const char* kOrdersTopic = "orders";  // the topic the tests give pipelines/orders.yaml (KAFKA_TOPIC)
inline constexpr const char* kOrderKeyPrefix = "order:";  // redis-cache's default key_prefix

class OrdersPipeline {
 public:
  // `name` names the database (orders_<name>), the consumer groups and the
  // log folder; `redis_db` is the Redis database index it owns.
  OrdersPipeline(SystemStack stack, const std::string& name, int redis_db);

  const SystemStack& stack() const noexcept { return stack_; }
  OrdersDatabase& database() noexcept { return database_; }
  RedisClient redis() const { return RedisClient(stack_.redis_host, stack_.redis_port, redis_db_); }
  int partitions() const noexcept { return partitions_; }
  // Where this world's engine logs go (<stack>/logs/<name>); tests may keep files there.
  const std::filesystem::path& log_dir() const noexcept { return log_dir_; }
  // Where this world's part of the topic starts: the topic's end when it was made.
  const PartitionOffsets& start_offsets() const noexcept { return start_; }
  // The main consumer group (committed at start_offsets()).
  const std::string& group() const noexcept { return group_; }
  // Another consumer group, committed at `offsets` (default: start_offsets(),
  // a full replay of this world's events).
  std::string new_group(const std::string& suffix, const PartitionOffsets& offsets = {});
  // Gives `to` the positions pg-sink stored for `from` (sink_offsets).
  void copy_stored_positions(const std::string& from, const std::string& to);

  std::vector<Delivery> produce(const std::vector<orders::GeneratedEvent>& events, double rate = 0) const;
  PartitionOffsets end_offsets() const;
  PartitionOffsets committed(const std::string& group) const;
  // Positions pg-sink stored for `group` (sink_offsets), by partition.
  PartitionOffsets stored_positions(const std::string& group) const;

  // `engine run pipelines/orders.yaml` with this world's PG_DSN, REDIS_URL,
  // KAFKA_BROKERS, KAFKA_TOPIC and CONSUMER_GROUP; its log in
  // <stack>/logs/<name>/<log_name>.log.
  // `pipeline` empty: orders_pipeline_file(). `extra_args` are added to the
  // run command's; `extra_env` to its environment (e.g. KAFKA_SESSION_TIMEOUT_MS),
  // over this world's.
  std::unique_ptr<EngineRun> start_engine(const std::string& group, const std::string& log_name,
                                          const std::filesystem::path& pipeline = {},
                                          const std::vector<std::string>& extra_args = {},
                                          const std::map<std::string, std::string>& extra_env = {}) const;

  // Waits until the pipeline is drained: on every partition the group's
  // committed offset reached `ends`, or `done_before` (a position known done
  // before the run: nothing to read there) did. Throws, with the engine's
  // log tail, when the engine exits first or `limit` passes.
  void wait_drained(EngineRun& engine, const std::string& group, const PartitionOffsets& ends,
                    std::chrono::seconds limit, const PartitionOffsets& done_before = {}) const;

  // Runs the engine on `group` until drained and stops it with SIGTERM;
  // throws unless it exits 0 within the pipeline's drain_timeout (30s).
  // Returns the engine's log.
  std::string run_until_drained(const std::string& group, const std::string& log_name, const PartitionOffsets& ends,
                                std::chrono::seconds limit, const PartitionOffsets& done_before = {}) const;

 private:
  SystemStack stack_;
  std::string name_;
  int redis_db_;
  OrdersDatabase database_;
  std::filesystem::path log_dir_;
  int partitions_ = 0;
  PartitionOffsets start_;
  std::string group_;
};

// pipelines/orders.yaml, or the file ORDERS_PIPELINE names (to try a change
// of the pipeline against the same acceptance tests).
std::filesystem::path orders_pipeline_file();

// The last `lines` lines of a log, to quote in a failure.
std::string tail(const std::string& log, std::size_t lines = 40);

}  // namespace streamline::system_tests
