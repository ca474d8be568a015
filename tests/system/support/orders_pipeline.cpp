#include "tests/system/support/orders_pipeline.hpp"

#include <algorithm>
#include <cstdlib>
#include <stdexcept>
#include <thread>

#include <pqxx/pqxx>

#include "tests/integration/kafka/kafka_clients.hpp"

namespace streamline::system_tests {
namespace {

// What kafka-source logs once the group gave it its partitions.
constexpr const char* kAssignedLine = "kafka: assigned ";
// pipelines/orders.yaml: `drain_timeout: 30s`, and some room for the exit.
constexpr auto kDrainLimit = std::chrono::seconds(40);

std::string unique_suffix() {
  return std::to_string(
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count());
}

}  // namespace

std::filesystem::path orders_pipeline_file() {
  const char* file = std::getenv("ORDERS_PIPELINE");
  return file != nullptr && *file != '\0' ? std::filesystem::path(file)
                                          : std::filesystem::path(PROJECT_SOURCE_DIR) / "pipelines" / "orders.yaml";
}

std::string tail(const std::string& log, std::size_t lines) {
  std::size_t pos = log.size();
  for (std::size_t n = 0; n <= lines && pos > 0; ++n) {
    pos = log.rfind('\n', pos - 1);
    if (pos == std::string::npos) return log;
  }
  return log.substr(pos + 1);
}

OrdersPipeline::OrdersPipeline(SystemStack stack, const std::string& name, int redis_db)
    : stack_(std::move(stack)),
      name_(name),
      redis_db_(redis_db),
      database_(stack_, "orders_" + name),
      log_dir_(std::filesystem::path(stack_.dir) / "logs" / name) {
  std::filesystem::create_directories(log_dir_);
  redis().flush_db();
  partitions_ = partition_count(stack_.kafka_brokers, kOrdersTopic);
  start_ = end_offsets();
  group_ = new_group("main");
}

std::string OrdersPipeline::new_group(const std::string& suffix, const PartitionOffsets& offsets) {
  const std::string group = "system-" + name_ + "-" + suffix + "-" + unique_suffix();
  commit_offsets(stack_.kafka_brokers, group, kOrdersTopic, offsets.empty() ? start_ : offsets);
  return group;
}

void OrdersPipeline::copy_stored_positions(const std::string& from, const std::string& to) {
  pqxx::connection c(database_.test_dsn());
  pqxx::work tx(c);
  tx.exec_params("INSERT INTO sink_offsets (consumer, topic, partition, next_offset) "
                 "SELECT $2, topic, partition, next_offset FROM sink_offsets WHERE consumer = $1",
                 from, to);
  tx.commit();
}

std::vector<Delivery> OrdersPipeline::produce(const std::vector<orders::GeneratedEvent>& events, double rate) const {
  return produce_events(stack_.kafka_brokers, kOrdersTopic, events, rate);
}

PartitionOffsets OrdersPipeline::end_offsets() const {
  return system_tests::end_offsets(stack_.kafka_brokers, kOrdersTopic, partitions_);
}

PartitionOffsets OrdersPipeline::committed(const std::string& group) const {
  return testing::kafka::committed_offsets(stack_.kafka_brokers, group, kOrdersTopic, partitions_);
}

PartitionOffsets OrdersPipeline::stored_positions(const std::string& group) const {
  pqxx::connection c(database_.test_dsn());
  pqxx::nontransaction tx(c);
  PartitionOffsets positions;
  for (const auto& r : tx.exec_params("SELECT partition, next_offset FROM sink_offsets WHERE consumer = $1 AND topic = $2",
                                      group, std::string(kOrdersTopic)))
    positions[r[0].as<std::int32_t>()] = r[1].as<std::int64_t>();
  return positions;
}

std::unique_ptr<EngineRun> OrdersPipeline::start_engine(const std::string& group, const std::string& log_name,
                                                        const std::filesystem::path& pipeline,
                                                        const std::vector<std::string>& extra_args,
                                                        const std::map<std::string, std::string>& extra_env) const {
  std::map<std::string, std::string> env{
      {"PG_DSN", database_.dsn()},
      {"REDIS_URL", stack_.redis_url(redis_db_)},
      {"KAFKA_BROKERS", stack_.kafka_brokers},
      {"KAFKA_TOPIC", kOrdersTopic},
      {"CONSUMER_GROUP", group},
  };
  for (const auto& [name, value] : extra_env) env[name] = value;
  return std::make_unique<EngineRun>(pipeline.empty() ? orders_pipeline_file() : pipeline, env,
                                     log_dir_ / (log_name + ".log"), extra_args);
}

void OrdersPipeline::wait_drained(EngineRun& engine, const std::string& group, const PartitionOffsets& ends,
                                  std::chrono::seconds limit, const PartitionOffsets& done_before) const {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  // Offsets say nothing before the source owns its partitions (and, with
  // resume_from, has chosen where to resume).
  while (engine.log().find(kAssignedLine) == std::string::npos) {
    if (const auto code = engine.exit_code())
      throw std::runtime_error("the engine exited (" + std::to_string(*code) + ") before it was assigned partitions; log " +
                               engine.log_file().string() + ":\n" + tail(engine.log()));
    if (std::chrono::steady_clock::now() > deadline)
      throw std::runtime_error("no partitions assigned within " + std::to_string(limit.count()) + "s; log " +
                               engine.log_file().string() + ":\n" + tail(engine.log()));
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  std::string behind;
  for (;;) {
    if (const auto code = engine.exit_code())
      throw std::runtime_error("the engine exited (" + std::to_string(*code) + ") before the pipeline drained; log " +
                               engine.log_file().string() + ":\n" + tail(engine.log()));
    const PartitionOffsets committed_now = committed(group);
    behind.clear();
    for (const auto& [partition, end] : ends) {
      const auto c = committed_now.find(partition);
      const auto d = done_before.find(partition);
      const bool done = (c != committed_now.end() && c->second >= end) || (d != done_before.end() && d->second >= end);
      if (!done)
        behind += " " + std::to_string(partition) + ":" +
                  std::to_string(c == committed_now.end() ? -1 : c->second) + "/" + std::to_string(end);
    }
    if (behind.empty()) return;
    if (std::chrono::steady_clock::now() > deadline)
      throw std::runtime_error("not drained within " + std::to_string(limit.count()) + "s; committed/end:" + behind +
                               "; log " + engine.log_file().string() + ":\n" + tail(engine.log()));
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
}

std::string OrdersPipeline::run_until_drained(const std::string& group, const std::string& log_name,
                                              const PartitionOffsets& ends, std::chrono::seconds limit,
                                              const PartitionOffsets& done_before) const {
  auto engine = start_engine(group, log_name);
  wait_drained(*engine, group, ends, limit, done_before);
  const auto code = engine->stop(kDrainLimit);
  if (code != 0)
    throw std::runtime_error("the engine did not exit 0 within " + std::to_string(kDrainLimit.count()) +
                             "s of SIGTERM (" + (code ? std::to_string(*code) : std::string("still running")) +
                             "); log " + engine->log_file().string() + ":\n" + tail(engine->log()));
  return engine->log();
}

}  // namespace streamline::system_tests
