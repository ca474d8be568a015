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
// reload() applies a new plan while the pipeline runs (hot reload), on the
// thread in wait(), as a diff (reload/pipeline_diff.hpp):
//   1. resources added or replaced are created; the stages added or
//      restarted that are not sources are created and started, while the
//      running pipeline goes on (a failure here changes nothing);
//   2. the pause: sources stop reading and everything read finishes, is
//      acknowledged and committed, as in a drain (RunControl's quiesce);
//   3. removed and restarted stages stop; kept stages keep their instances
//      and connections; new sources are created and started; the queues and
//      edges of the new plan are built and its workers start.
//
// The core works on `const Plugin&` factories: by default the plan's loaded
// plugins, or bindings given explicitly (tests run in-process plugins).
// Thread-safety: request_stop() and reload() may be called from any thread
// at any time; everything else from one thread.

#include <chrono>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <spdlog/logger.h>

#include <streamline/metrics.hpp>
#include <streamline/plugin.hpp>

#include "engine/observe/resource_health.hpp"  // NamedResource
#include "engine/plan/plan.hpp"
#include "engine/reload/pipeline_diff.hpp"
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

// What a reload did.
struct ReloadOutcome {
  enum class Result { kApplied, kUnchanged, kFailed };
  Result result = Result::kFailed;
  PipelineDiff diff;
  std::chrono::microseconds pause{0};  // sources not reading (kApplied only)
  std::string error;                   // kFailed: why; the running pipeline is as it was
};

const char* to_string(ReloadOutcome::Result result) noexcept;

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
  // Applies `plan` (bound to `stages` and `resources` as in the constructor;
  // empty bindings: the plan's loaded plugins) while the pipeline runs. The
  // future is ready once it was applied or refused; refused when the
  // pipeline is not running.
  std::future<ReloadOutcome> reload(Plan plan, std::vector<StageBinding> stages = {},
                                    std::vector<StageBinding> resources = {});

  // The shared resources, after start(): name, plugin and the resource (for
  // health probes; drop them before the runner is destroyed).
  std::vector<NamedResource> resources() const;

 private:
  using Stages = std::vector<std::unique_ptr<StageRuntime>>;
  struct PendingReload {
    Plan plan;
    std::vector<StageBinding> stages, resources;
    std::promise<ReloadOutcome> done;
  };

  bool build(const Plan& plan, const std::vector<StageBinding>& bindings, Stages& out, std::string& error);
  bool create_resource(const PlannedResource& planned, const StageBinding& binding, std::string& error);
  bool create_resources();
  bool create_instances(StageRuntime& stage, std::string& error);
  bool start_instances(StageRuntime& stage, std::string& error);
  bool create_stages();
  bool start_stages();
  void launch_workers();
  void apply_pending_reloads();
  ReloadOutcome apply_reload(PendingReload& next);
  void join_workers();
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
  // (Contexts of replaced resources stay until the end.)
  std::vector<std::unique_ptr<StageContext>> resource_contexts_;
  // Mutated only on the runner's thread while no plugin code may look it
  // up (plugins ask for resources in create() and start()).
  ResourceMap resources_;
  Stages stages_;  // plan order
  std::unique_ptr<BatchPool> pool_;
  std::vector<std::unique_ptr<SourceWorker>> source_workers_;
  std::vector<std::unique_ptr<StageWorker>> stage_workers_;
  std::vector<std::thread> source_threads_;
  std::vector<std::thread> stage_threads_;
  std::mutex reloads_mutex_;
  std::vector<std::unique_ptr<PendingReload>> reloads_;
  bool accepting_reloads_ = true;  // until wait() returns
  bool started_ = false;
  bool finished_ = false;
  bool timed_out_ = false;
  std::vector<std::string> errors_;
};

}  // namespace streamline::engine
