#include "engine/testing/case_runner.hpp"

#include <memory>

#include <spdlog/sinks/ringbuffer_sink.h>
#include <spdlog/spdlog.h>

#include "engine/observe/metrics_registry.hpp"
#include "engine/runtime/pipeline_runner.hpp"
#include "engine/testing/case_plan.hpp"
#include "engine/testing/inert_resource_plugin.hpp"
#include "engine/testing/recording_plugin.hpp"
#include "engine/testing/stage_double.hpp"
#include "engine/testing/test_input_plugin.hpp"

namespace streamline::engine {
namespace {

constexpr std::size_t kLogLines = 50;

WorkerOptions quick_workers() {
  // Tests have nothing to wait for: notice the end of input quickly.
  WorkerOptions options;
  options.poll_timeout = std::chrono::milliseconds(5);
  options.paused_poll_interval = std::chrono::milliseconds(5);
  options.idle_check = std::chrono::milliseconds(10);
  return options;
}

ProbeTarget probe_target(const PlannedStage& stage, std::string plugin_name) {
  ProbeTarget target{stage.name, std::move(plugin_name), stage.outputs, {}, stage.retry};
  for (std::size_t k = 0; k < stage.outputs.size(); ++k)
    target.output_has_readers.push_back(k < stage.named_readers.size() && !stage.named_readers[k].empty());
  return target;
}

}  // namespace

CaseRun run_case(const Plan& plan, const TestCase& test_case, std::chrono::milliseconds timeout) {
  const auto started = Clock::now();
  std::vector<std::string> input_stages;
  for (const auto& input : test_case.inputs) input_stages.push_back(input.stage);
  CasePlan carved = carve_case_plan(plan, input_stages);
  carved.plan.settings.drain_timeout = timeout;

  CaseRecorder recorder;
  // The plugins every binding points at; they outlive the runner.
  std::vector<std::unique_ptr<Plugin>> plugins;
  std::vector<StageBinding> stages;
  for (std::size_t i = 0; i < carved.plan.stages.size(); ++i) {
    const PlannedStage& stage = carved.plan.stages[i];
    if (!carved.inputs[i].empty()) {
      std::vector<std::string> payloads;
      for (std::size_t input : carved.inputs[i])
        payloads.insert(payloads.end(), test_case.inputs[input].payloads.begin(), test_case.inputs[input].payloads.end());
      plugins.push_back(std::make_unique<TestInputPlugin>(stage.name, std::move(payloads)));
      stages.push_back(StageBinding{plugins.back().get(), "test-input"});
      continue;
    }
    const auto double_spec = test_case.doubles.find(stage.name);
    const Plugin* inner = nullptr;
    std::string plugin_name;
    if (double_spec != test_case.doubles.end()) {
      plugins.push_back(std::make_unique<StageDoublePlugin>(stage.kind, double_spec->second, stage.outputs, recorder));
      inner = plugins.back().get();
      plugin_name = "double";
    } else if (stage.plugin) {
      inner = &stage.plugin->factory();
      plugin_name = stage.plugin->name();
    }
    if (!inner) {
      stages.push_back(StageBinding{});  // the runner reports it
      continue;
    }
    plugins.push_back(std::make_unique<RecordingPlugin>(*inner, probe_target(stage, plugin_name), recorder));
    stages.push_back(StageBinding{plugins.back().get(), plugin_name});
  }
  InertResourcePlugin inert;
  std::vector<StageBinding> resources(carved.plan.resources.size(), StageBinding{&inert, "inert-resource"});

  auto log = std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(kLogLines);
  log->set_pattern("%l %n: %v");
  auto logger = std::make_shared<spdlog::logger>("engine-test", log);
  logger->set_level(spdlog::level::warn);

  MetricsRegistry metrics;
  RunReport report;
  {
    PipelineRunner runner(std::move(carved.plan), std::move(stages), std::move(resources), metrics,
                          RunnerOptions{logger, quick_workers()});
    report = runner.run();
  }

  CaseRun run;
  run.record = recorder.take();
  run.errors = report.errors;
  if (report.timed_out)
    run.errors.push_back("the case did not finish within " + std::to_string(timeout.count()) +
                         " ms (set timeout: in the test file for a slower case)");
  for (const auto& stage : report.stages)
    for (const auto& source : stage.sources)
      if (!source.error.empty()) run.errors.push_back(source.error);
  run.log = log->last_formatted();
  for (auto& line : run.log)
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
  run.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
  return run;
}

}  // namespace streamline::engine
