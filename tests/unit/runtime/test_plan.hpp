#pragma once
// Builds a Plan by hand for runner tests, with in-process plugins bound to
// its stages (no shared objects, no YAML). Stages must be added so that each
// comes after the stages it reads (the Plan's topological order).
//
//   TestPlan p;
//   p.stage("src", source_plugin);
//   p.stage("sink", sink_plugin, {"src"});
//   PipelineRunner runner(p.plan, p.bindings, {}, metrics, quiet_options());

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <spdlog/logger.h>
#include <spdlog/sinks/null_sink.h>
#include <spdlog/sinks/ostream_sink.h>

#include "engine/plan/plan.hpp"
#include "engine/runtime/pipeline_runner.hpp"

namespace streamline::engine::test {

struct StageOptions {
  int concurrency = 1;
  BatchSettings batch{};
  Partitioning partition_by = Partitioning::kNone;
  RetrySettings retry{0, std::chrono::milliseconds(1), std::chrono::milliseconds(4)};
  // Equal fingerprints mean an unchanged stage to a reload; empty: the
  // stage's name, plugin object and inputs.
  std::string fingerprint{};
};

class TestPlan {
 public:
  TestPlan() {
    plan.file = "test.yaml";
    plan.settings.name = "test";
    plan.settings.queue_capacity = 4;
    plan.settings.drain_timeout = std::chrono::milliseconds(10000);
  }

  // `inputs`: "stage", "stage.<output>" or "stage.error".
  TestPlan& stage(const std::string& name, const Plugin& plugin, const std::vector<std::string>& inputs = {},
                  StageOptions options = {}) {
    PlannedStage s;
    s.name = name;
    s.kind = plugin.kind();
    s.outputs = plugin.outputs(s.config);
    s.named_readers.resize(s.outputs.size());
    s.batch = options.batch;
    s.concurrency = options.concurrency;
    s.partition_by = options.partition_by;
    s.retry = options.retry;
    s.fingerprint = options.fingerprint.empty()
                        ? name + "@" + std::to_string(reinterpret_cast<std::uintptr_t>(&plugin)) + inputs_key(inputs)
                        : options.fingerprint;
    const std::size_t index = plan.stages.size();
    for (const auto& input : inputs) {
      const auto dot = input.find('.');
      const std::string from = input.substr(0, dot);
      const std::string output = dot == std::string::npos ? "" : input.substr(dot + 1);
      PlannedStage& upstream = find(from);
      if (output.empty()) {
        upstream.default_readers.push_back(Edge{index});
      } else if (output == "error") {
        upstream.error_readers.push_back(Edge{index});
      } else {
        std::size_t k = 0;
        while (k < upstream.outputs.size() && upstream.outputs[k] != output) ++k;
        if (k == upstream.outputs.size()) throw std::invalid_argument("no output " + input);
        upstream.named_readers[k].push_back(Edge{index});
      }
      ++s.upstream_count;
    }
    plan.stages.push_back(std::move(s));
    bindings.push_back(StageBinding{&plugin, "test-" + name});
    return *this;
  }

  TestPlan& dead_letter(const std::string& name) {
    plan.settings.dead_letter = name;
    for (std::size_t i = 0; i < plan.stages.size(); ++i)
      if (plan.stages[i].name == name) plan.dead_letter = i;
    return *this;
  }

  Plan plan;
  std::vector<StageBinding> bindings;

 private:
  static std::string inputs_key(const std::vector<std::string>& inputs) {
    std::string key;
    for (const auto& input : inputs) key += "," + input;
    return key;
  }
  PlannedStage& find(const std::string& name) {
    for (auto& s : plan.stages)
      if (s.name == name) return s;
    throw std::invalid_argument("no stage " + name);
  }
};

inline std::shared_ptr<spdlog::logger> quiet_logger() {
  return std::make_shared<spdlog::logger>("test", std::make_shared<spdlog::sinks::null_sink_mt>());
}

// Short timings so tests run fast.
inline RunnerOptions quiet_options(std::shared_ptr<spdlog::logger> logger = quiet_logger()) {
  RunnerOptions options;
  options.logger = std::move(logger);
  options.workers.poll_timeout = std::chrono::milliseconds(10);
  options.workers.commit_interval = std::chrono::milliseconds(20);
  options.workers.pause_after = std::chrono::milliseconds(0);  // pause at once: the pause tests see it
  options.workers.paused_poll_interval = std::chrono::milliseconds(2);
  options.workers.idle_check = std::chrono::milliseconds(10);
  return options;
}

}  // namespace streamline::engine::test
