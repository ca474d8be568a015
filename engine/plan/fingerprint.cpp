#include "engine/plan/fingerprint.hpp"

#include <nlohmann/json.hpp>

namespace streamline::engine {

// nlohmann::json keeps object keys sorted, so dump() is canonical.

std::string stage_fingerprint(const StageConfig& stage, const LoadedPlugin& plugin,
                              const Config& config) {
  auto inputs = nlohmann::json::array();
  for (const auto& input : stage.inputs) inputs.push_back(input.text);
  const nlohmann::json fingerprint{
      {"plugin", plugin.name()},
      {"version", plugin.version()},
      {"file", plugin.file_stamp()},
      {"config", config.json()},
      {"inputs", std::move(inputs)},
      {"batch",
       {{"max_events", stage.batch.max_events}, {"max_wait_ms", stage.batch.max_wait.count()}}},
      {"concurrency", stage.concurrency},
      {"partition_by", stage.partition_by == Partitioning::kKey ? "key" : "none"},
      {"retry",
       {{"max_attempts", stage.retry.max_attempts},
        {"initial_backoff_ms", stage.retry.initial_backoff.count()},
        {"max_backoff_ms", stage.retry.max_backoff.count()}}},
  };
  return fingerprint.dump();
}

std::string resource_fingerprint(const LoadedPlugin& plugin, const Config& config) {
  const nlohmann::json fingerprint{
      {"plugin", plugin.name()}, {"version", plugin.version()}, {"file", plugin.file_stamp()},
      {"config", config.json()}};
  return fingerprint.dump();
}

}  // namespace streamline::engine
