#pragma once
// PipelineRunner: runs a Plan.
//
// start():
//   1. builds one bounded input queue per non-source stage (capacity
//      pipeline.queue_capacity batches; one producer per upstream stage);
//   2. creates the resources, then every stage instance (`concurrency: N`
//      gives N) with its context: "init, no I/O";
//   3. starts the instances in reverse topological order (sinks first),
//      retrying TransientError with the stage's backoff;
//   4. starts one worker thread per instance.
// wait() blocks until the pipeline has drained: on request_stop() (a signal)
// or when every source is exhausted. Sources stop reading and close their
// outputs; each stage finishes its queue, drain()s and closes its outputs;
// sources wait until every event they emitted is done (bounded by
// pipeline.drain_timeout), commit, and stop; then every other stage is
// stopped in topological order. When the deadline passes, in-flight work is
// abandoned (not acknowledged: it is read again next run).
//
// The core works on `const Plugin&` factories: by default the plan's loaded
// plugins, or bindings given explicitly (tests run in-process plugins).
// Thread-safety: request_stop() may be called from any thread at any time;
// everything else from one thread.

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <spdlog/logger.h>

#include <streamline/metrics.hpp>
#include <streamline/plugin.hpp>

#include "engine/plan/plan.hpp"
#include "engine/runtime/ack_registry.hpp"
#include "engine/runtime/batch_pool.hpp"
#include "engine/runtime/run_control.hpp"
#include "engine/runtime/run_report.hpp"
#include "engine/runtime/stage_context.hpp"
#include "engine/runtime/stage_runtime.hpp"
#include "engine/runtime/worker_options.hpp"

namespace streamline::engine {

// The plugin factory that runs a stage or resource, and its name (for the
// logger "plugin/stage", metric labels and messages).
struct StageBinding {
  const Plugin* factory = nullptr;
  std::string plugin_name;
};

struct RunnerOptions {
  // The engine logger; stage loggers are clones named "plugin/stage".
  // Default: spdlog's default logger.
  std::shared_ptr<spdlog::logger> logger;
  WorkerOptions workers;
};

class SourceWorker;
class StageWorker;

class PipelineRunner {
 public:
  // Stages and resources run the plugins the plan resolved.
  PipelineRunner(Plan plan, Metrics& metrics, RunnerOptions options = {});
  // Stage i runs stages[i], resource j resources[j].
  PipelineRunner(Plan plan, std::vector<StageBinding> stages, std::vector<StageBinding> resources, Metrics& metrics,
                 RunnerOptions options = {});
  ~PipelineRunner();
  PipelineRunner(const PipelineRunner&) = delete;
  PipelineRunner& operator=(const PipelineRunner&) = delete;

  // Builds, creates and starts everything. False (logged, in the report's
  // errors, and whatever was created stopped again) when a plugin refused or
  // request_stop() came first.
  bool start();
  // Blocks until drained and stopped.
  RunReport wait();
  // start() then wait().
  RunReport run();
  // Drain and finish. Any thread, any time (also before start()).
  void request_stop();

 private:
  bool build();
  bool create_resources();
  bool create_stages();
  bool start_stages();
  void launch_workers();
  void hard_stop();
  void join_and_stop();
  void stop_instances(StageRuntime& stage);
  void fail(std::string message);
  RunReport report() const;

  Plan plan_;
  std::vector<StageBinding> stage_bindings_;
  std::vector<StageBinding> resource_bindings_;
  Metrics& metrics_;
  RunnerOptions options_;
  RunControl control_;
  AckRegistry acks_;
  // Resources are destroyed before the contexts they were created with.
  std::vector<std::unique_ptr<StageContext>> resource_contexts_;
  ResourceMap resources_;
  std::vector<std::unique_ptr<BoundedQueue>> queues_;
  std::vector<std::unique_ptr<StageRuntime>> stages_;  // plan order
  std::unique_ptr<BatchPool> pool_;
  std::vector<std::unique_ptr<SourceWorker>> source_workers_;
  std::vector<std::unique_ptr<StageWorker>> stage_workers_;
  std::vector<std::thread> source_threads_;
  std::vector<std::thread> stage_threads_;
  bool started_ = false;
  bool finished_ = false;
  bool timed_out_ = false;
  std::vector<std::string> errors_;
};

}  // namespace streamline::engine
