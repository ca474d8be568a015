#include "engine/runtime/pipeline_runner.hpp"

#include <algorithm>
#include <exception>
#include <set>

#include <spdlog/spdlog.h>

#include <streamline/errors.hpp>

#include "engine/plan/downstream.hpp"
#include "engine/runtime/backoff.hpp"
#include "engine/runtime/source_worker.hpp"
#include "engine/runtime/stage_worker.hpp"

namespace streamline::engine {
namespace {

std::vector<StageBinding> plan_stage_bindings(const Plan& plan) {
  std::vector<StageBinding> bindings;
  for (const auto& stage : plan.stages)
    bindings.push_back(stage.plugin ? StageBinding{&stage.plugin->factory(), stage.plugin->name()} : StageBinding{});
  return bindings;
}

std::vector<StageBinding> plan_resource_bindings(const Plan& plan) {
  std::vector<StageBinding> bindings;
  for (const auto& resource : plan.resources)
    bindings.push_back(resource.plugin ? StageBinding{&resource.plugin->factory(), resource.plugin->name()}
                                       : StageBinding{});
  return bindings;
}

}  // namespace

const char* to_string(ReloadOutcome::Result result) noexcept {
  switch (result) {
    case ReloadOutcome::Result::kApplied: return "applied";
    case ReloadOutcome::Result::kUnchanged: return "unchanged";
    case ReloadOutcome::Result::kFailed: return "failed";
  }
  return "failed";
}

namespace {

std::string what(const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const ConfigError& e) {
    return e.path().empty() ? std::string(e.what()) : "config." + e.path() + ": " + e.what();
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
    return "a non-standard exception";
  }
}

}  // namespace

PipelineRunner::PipelineRunner(Plan plan, Metrics& metrics, RunnerOptions options)
    : PipelineRunner(plan, plan_stage_bindings(plan), plan_resource_bindings(plan), metrics, std::move(options)) {}

PipelineRunner::PipelineRunner(Plan plan, std::vector<StageBinding> stages, std::vector<StageBinding> resources,
                               Metrics& metrics, RunnerOptions options)
    : plan_(std::move(plan)),
      stage_bindings_(std::move(stages)),
      resource_bindings_(std::move(resources)),
      metrics_(metrics),
      options_(std::move(options)),
      control_(plan_.settings.drain_timeout,
               static_cast<std::size_t>(std::count_if(plan_.stages.begin(), plan_.stages.end(), [](const auto& s) {
                 return s.kind == PluginKind::kSource;
               }))) {
  if (!options_.logger) options_.logger = spdlog::default_logger();
}

PipelineRunner::~PipelineRunner() {
  if (started_ && !finished_) {
    hard_stop();
    join_and_stop();
  }
}

void PipelineRunner::request_stop() { control_.request_drain(); }

void PipelineRunner::fail(std::string message) {
  options_.logger->error("{}", message);
  errors_.push_back(std::move(message));
}

bool PipelineRunner::build(const Plan& plan, const std::vector<StageBinding>& bindings, Stages& out,
                           std::string& error) {
  if (bindings.size() != plan.stages.size()) {
    error = "internal error: plugin bindings do not match the plan";
    return false;
  }
  const std::size_t n = plan.stages.size();
  std::vector<bool> after_dead_letter(n, false);
  if (plan.dead_letter && *plan.dead_letter < n) after_dead_letter = downstream_of(plan, *plan.dead_letter);

  // Where each stage's outputs go, as stage indexes; count producers per reader.
  struct Wiring {
    std::vector<std::size_t> distinct;
    std::vector<std::size_t> default_output, error_output;
    std::vector<std::vector<std::size_t>> named_outputs;
  };
  std::vector<Wiring> wiring(n);
  std::vector<std::size_t> producers(n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    const PlannedStage& s = plan.stages[i];
    Wiring& w = wiring[i];
    auto take = [&](const std::vector<Edge>& edges, std::vector<std::size_t>& into) {
      for (const Edge& e : edges) {
        if (e.stage >= n) continue;
        into.push_back(e.stage);
        if (std::find(w.distinct.begin(), w.distinct.end(), e.stage) == w.distinct.end()) w.distinct.push_back(e.stage);
      }
    };
    take(s.default_readers, w.default_output);
    take(s.error_readers, w.error_output);
    // Failures nobody reads go to the dead-letter stage, unless that would
    // loop back (the dead-letter stage itself and what reads from it).
    if (w.error_output.empty() && plan.dead_letter && *plan.dead_letter < n && !after_dead_letter[i]) {
      take({Edge{*plan.dead_letter}}, w.error_output);
    }
    w.named_outputs.resize(s.outputs.size());
    for (std::size_t k = 0; k < s.outputs.size() && k < s.named_readers.size(); ++k)
      take(s.named_readers[k], w.named_outputs[k]);
    for (std::size_t d : w.distinct) ++producers[d];
  }

  Stages stages;
  for (std::size_t i = 0; i < n; ++i) {
    const PlannedStage& s = plan.stages[i];
    auto rt = std::make_unique<StageRuntime>();
    rt->name = s.name;
    rt->plugin_name = bindings[i].plugin_name;
    rt->kind = s.kind;
    rt->factory = bindings[i].factory;
    rt->config = s.config;
    rt->batch = s.batch;
    rt->retry = s.retry;
    rt->concurrency = std::max(1, s.concurrency);
    rt->fingerprint = s.fingerprint;
    // partition_by: key gives each instance a lane of its own.
    const std::size_t lanes = s.partition_by == Partitioning::kKey ? static_cast<std::size_t>(rt->concurrency) : 1;
    if (s.kind != PluginKind::kSource)
      rt->input = std::make_unique<BoundedQueue>(plan.settings.queue_capacity, producers[i], lanes);

    const Wiring& w = wiring[i];
    auto local = [&](const std::vector<std::size_t>& stages) {
      std::vector<std::uint16_t> out;
      for (std::size_t d : stages)
        out.push_back(static_cast<std::uint16_t>(std::find(w.distinct.begin(), w.distinct.end(), d) - w.distinct.begin()));
      return out;
    };
    for (std::size_t d : w.distinct) rt->routes.destination_names.push_back(plan.stages[d].name);
    rt->routes.default_output = local(w.default_output);
    rt->routes.error_output = local(w.error_output);
    for (const auto& named : w.named_outputs) rt->routes.named_outputs.push_back(local(named));
    rt->routes.output_names = s.outputs;
    stages.push_back(std::move(rt));
  }
  // Now that every input queue has its owner, point the routes at them.
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t d : wiring[i].distinct) {
      if (!stages[d]->input) {
        error = "stage '" + plan.stages[i].name + "' sends events to source stage '" + plan.stages[d].name + "'";
        return false;
      }
      stages[i]->routes.destinations.push_back(stages[d]->input.get());
    }
  out = std::move(stages);
  return true;
}

bool PipelineRunner::create_resource(const PlannedResource& r, const StageBinding& b, std::string& error) {
  if (!b.factory) {
    error = "resource '" + r.name + "': no plugin to create it";
    return false;
  }
  auto context = std::make_unique<StageContext>(r.name, b.plugin_name, options_.logger->clone(b.plugin_name + "/" + r.name),
                                                metrics_, resources_, control_.hard_stop_token());
  std::shared_ptr<Resource> resource;
  try {
    resource = b.factory->create_resource(r.config, *context);
  } catch (...) {
    error = "resource '" + r.name + "': plugin '" + b.plugin_name + "' failed to create it: " + what(std::current_exception());
    return false;
  }
  if (!resource) {
    error = "resource '" + r.name + "': plugin '" + b.plugin_name + "' created no resource";
    return false;
  }
  resources_[r.name] = std::move(resource);
  resource_contexts_.push_back(std::move(context));
  return true;
}

bool PipelineRunner::create_resources() {
  for (std::size_t j = 0; j < plan_.resources.size(); ++j) {
    std::string error;
    if (!create_resource(plan_.resources[j], resource_bindings_[j], error)) {
      fail(std::move(error));
      return false;
    }
  }
  return true;
}

std::vector<NamedResource> PipelineRunner::resources() const {
  std::vector<NamedResource> named;
  for (std::size_t j = 0; j < plan_.resources.size(); ++j) {
    const auto found = resources_.find(plan_.resources[j].name);
    if (found != resources_.end())
      named.push_back(NamedResource{found->first, resource_bindings_[j].plugin_name, found->second});
  }
  return named;
}

bool PipelineRunner::create_instances(StageRuntime& s, std::string& error) {
  if (!s.factory) {
    error = "stage '" + s.name + "': no plugin to create it";
    return false;
  }
  if (s.concurrency > 1 && !s.factory->allows_concurrency()) {
    error = "stage '" + s.name + "': " + s.plugin_label() + " does not allow concurrency " + std::to_string(s.concurrency);
    return false;
  }
  if (!s.logger) s.logger = options_.logger->clone(s.plugin_name + "/" + s.name);
  if (!s.metrics) s.metrics = std::make_unique<StageMetrics>(metrics_, s.name, s.plugin_name);
  for (int i = 0; i < s.concurrency; ++i) {
    const bool source = s.kind == PluginKind::kSource;
    AckTracker* tracker = source ? &acks_.create() : nullptr;
    if (tracker) s.trackers.push_back(tracker);
    // With several instances each logs as "plugin/stage#n", so their lines
    // (retries of two batches at once) can be told apart.
    auto logger = s.concurrency > 1 ? s.logger->clone(s.logger->name() + "#" + std::to_string(i + 1)) : s.logger;
    auto context = std::make_unique<StageContext>(s.name, s.plugin_name, std::move(logger), metrics_, resources_,
                                                  source ? control_.drain_token() : control_.hard_stop_token(),
                                                  tracker, &acks_);
    std::unique_ptr<Stage> instance;
    try {
      instance = s.factory->create(s.config, *context);
    } catch (...) {
      error = "stage '" + s.name + "': " + s.plugin_label() + " failed to create the stage: " +
              what(std::current_exception());
      return false;
    }
    const bool right_kind = instance && (source ? dynamic_cast<Source*>(instance.get()) != nullptr
                                                : dynamic_cast<Processor*>(instance.get()) != nullptr);
    if (!right_kind) {
      error = "stage '" + s.name + "': " + s.plugin_label() +
              (instance ? std::string(" created a stage that is not a ") + (source ? "Source" : "Processor or Sink")
                        : std::string(" created no stage"));
      return false;
    }
    context->set_routes(&s.routes);
    s.contexts.push_back(std::move(context));
    s.instances.push_back(std::move(instance));
    s.stopped.push_back(false);
  }
  return true;
}

bool PipelineRunner::create_stages() {
  for (auto& stage : stages_) {
    std::string error;
    if (!create_instances(*stage, error)) {
      fail(std::move(error));
      return false;
    }
  }
  return true;
}

bool PipelineRunner::start_instances(StageRuntime& s, std::string& error) {
  const Backoff backoff(s.retry);
  for (std::size_t i = 0; i < s.instances.size(); ++i) {
    for (int attempt = 1;; ++attempt) {
      if (control_.drain_requested()) {
        error = "stopped while starting";
        return false;
      }
      try {
        s.instances[i]->start();
        s.metrics->instance_starts.inc();
        break;
      } catch (const TransientError& e) {
        if (backoff.exhausted(attempt)) {
          error = "stage '" + s.name + "': " + s.plugin_label() + " failed to start after " + std::to_string(attempt) +
                  " attempts: " + e.what();
          return false;
        }
        const auto delay = backoff.delay(attempt);
        s.logger->warn("start failed (attempt {}), retrying in {} ms: {}", attempt, delay.count(), e.what());
        interruptible_sleep(delay, control_.drain_token());
      } catch (...) {
        error = "stage '" + s.name + "': " + s.plugin_label() + " failed to start: " + what(std::current_exception());
        return false;
      }
    }
  }
  s.started = true;
  return true;
}

bool PipelineRunner::start_stages() {
  // Sinks first, so nothing is produced before its readers are ready.
  for (auto it = stages_.rbegin(); it != stages_.rend(); ++it) {
    std::string error;
    if (!start_instances(**it, error)) {
      if (control_.drain_requested()) {
        options_.logger->info("stopped while starting");
      } else {
        fail(std::move(error));
      }
      return false;
    }
  }
  return true;
}

void PipelineRunner::launch_workers() {
  // Enough spare batches for every queue to be full and every worker to hold
  // a few; beyond that storage goes back to malloc.
  std::size_t workers = 0;
  for (auto& stage : stages_) workers += stage->instances.size();
  pool_ = std::make_unique<BatchPool>(stages_.size() * plan_.settings.queue_capacity + 4 * workers);
  for (auto& stage : stages_) {
    StageRuntime& s = *stage;
    s.workers_left = static_cast<int>(s.instances.size());
    for (std::size_t i = 0; i < s.instances.size(); ++i) {
      control_.worker_started();
      if (s.kind == PluginKind::kSource)
        source_workers_.push_back(std::make_unique<SourceWorker>(s, i, acks_, control_, options_.workers, *pool_));
      else
        stage_workers_.push_back(std::make_unique<StageWorker>(s, i, acks_, control_, options_.workers, *pool_));
    }
  }
  // Readers first, then the sources that feed them.
  auto run_worker = [this](auto* worker) {
    worker->run();
    control_.worker_finished();
  };
  for (auto& w : stage_workers_) stage_threads_.emplace_back(run_worker, w.get());
  for (auto& w : source_workers_) source_threads_.emplace_back(run_worker, w.get());
}

bool PipelineRunner::start() {
  if (started_ || finished_) return started_;
  std::string error;
  if (!build(plan_, stage_bindings_, stages_, error)) fail(std::move(error));
  if (resource_bindings_.size() != plan_.resources.size()) fail("internal error: resource bindings do not match the plan");
  const bool ok = errors_.empty() && create_resources() && create_stages() && start_stages();
  if (!ok) {
    for (auto& stage : stages_) stop_instances(*stage);
    finished_ = true;
    return false;
  }
  // Stages with no producer at all (nothing feeds them) have a closed input
  // from the start; the routes were counted, nothing else to do.
  launch_workers();
  started_ = true;
  options_.logger->info("pipeline '{}' running: {} stage(s), {} worker(s)", plan_.settings.name, stages_.size(),
                        source_workers_.size() + stage_workers_.size());
  return true;
}

void PipelineRunner::hard_stop() {
  control_.hard_stop();
  for (auto& stage : stages_)
    if (stage->input) stage->input->close();
}

void PipelineRunner::stop_instances(StageRuntime& s) {
  for (std::size_t i = 0; i < s.instances.size(); ++i) {
    if (s.stopped[i]) continue;
    s.stopped[i] = true;
    s.instances[i]->stop();  // noexcept by contract
  }
}

void PipelineRunner::join_workers() {
  for (auto& t : source_threads_)
    if (t.joinable()) t.join();
  for (auto& t : stage_threads_)
    if (t.joinable()) t.join();
}

void PipelineRunner::join_and_stop() {
  for (auto& t : source_threads_)
    if (t.joinable()) t.join();
  for (auto& stage : stages_)
    if (stage->kind == PluginKind::kSource) stop_instances(*stage);
  for (auto& t : stage_threads_)
    if (t.joinable()) t.join();
  for (auto& stage : stages_) stop_instances(*stage);
  finished_ = true;
}

std::future<ReloadOutcome> PipelineRunner::reload(Plan plan, std::vector<StageBinding> stages,
                                                  std::vector<StageBinding> resources) {
  auto pending = std::make_unique<PendingReload>();
  if (stages.empty() && resources.empty()) {
    stages = plan_stage_bindings(plan);
    resources = plan_resource_bindings(plan);
  }
  pending->plan = std::move(plan);
  pending->stages = std::move(stages);
  pending->resources = std::move(resources);
  auto future = pending->done.get_future();
  {
    const std::lock_guard lock(reloads_mutex_);
    if (!accepting_reloads_) {
      ReloadOutcome refused;
      refused.error = "the pipeline is not running (it is starting, draining or stopped)";
      pending->done.set_value(std::move(refused));
      return future;
    }
    reloads_.push_back(std::move(pending));
  }
  control_.wake();
  return future;
}

void PipelineRunner::apply_pending_reloads() {
  std::vector<std::unique_ptr<PendingReload>> pending;
  {
    const std::lock_guard lock(reloads_mutex_);
    pending.swap(reloads_);
  }
  for (auto& next : pending) {
    ReloadOutcome outcome;
    if (!started_ || finished_ || control_.drain_requested()) {
      outcome.error = "the pipeline is not running (it is starting, draining or stopped)";
    } else {
      outcome = apply_reload(*next);
    }
    next->done.set_value(std::move(outcome));
  }
}

ReloadOutcome PipelineRunner::apply_reload(PendingReload& next) {
  ReloadOutcome outcome;
  outcome.diff = diff_plans(plan_, next.plan);
  const PipelineDiff& diff = outcome.diff;
  if (diff.unchanged()) {
    outcome.result = ReloadOutcome::Result::kUnchanged;
    return outcome;
  }
  if (next.resources.size() != next.plan.resources.size()) {
    outcome.error = "internal error: resource bindings do not match the plan";
    return outcome;
  }
  Stages fresh;
  if (!build(next.plan, next.stages, fresh, outcome.error)) return outcome;
  auto in = [](const std::vector<std::string>& names, const std::string& name) {
    return std::find(names.begin(), names.end(), name) != names.end();
  };

  // 1. While the pipeline runs: new resources, then the new stages that are
  // not sources, created and started. A failure undoes these and changes
  // nothing else.
  ResourceMap replaced;  // the old objects, put back on failure
  auto undo = [&] {
    for (auto& stage : fresh) stop_instances(*stage);
    fresh.clear();
    for (const std::string& name : diff.resources.added) resources_.erase(name);
    for (auto& [name, old] : replaced) resources_[name] = old;
  };
  for (std::size_t j = 0; j < next.plan.resources.size(); ++j) {
    const PlannedResource& r = next.plan.resources[j];
    const bool is_new = in(diff.resources.added, r.name);
    if (!is_new && !in(diff.resources.restarted, r.name)) continue;
    if (!is_new) replaced[r.name] = resources_[r.name];
    if (!create_resource(r, next.resources[j], outcome.error)) {
      undo();
      return outcome;
    }
  }
  // Sinks first, as at start.
  for (auto it = fresh.rbegin(); it != fresh.rend(); ++it) {
    StageRuntime& s = **it;
    if (s.kind == PluginKind::kSource || in(diff.stages.kept, s.name)) continue;
    if (!create_instances(s, outcome.error) || !start_instances(s, outcome.error)) {
      undo();
      return outcome;
    }
  }

  // 2. The pause: everything read finishes, is acknowledged and committed.
  const auto paused = Clock::now();
  options_.logger->debug("reload: pausing: sources stop reading, stages finish what was read");
  control_.begin_quiesce();
  while (!control_.wait_workers(Clock::now() + plan_.settings.drain_timeout)) {
    if (control_.drain_requested()) break;
    options_.logger->warn("reload: still waiting for the running stages to finish what they read");
  }
  if (control_.drain_requested()) {
    // A drain came first: the quiesced pipeline drains as usual in wait().
    for (auto& stage : fresh) stop_instances(*stage);
    outcome.error = "the pipeline started draining during the reload";
    return outcome;
  }
  join_workers();
  source_threads_.clear();
  stage_threads_.clear();
  source_workers_.clear();
  stage_workers_.clear();

  // 3. Stop what goes (sources first: plan order), keep what stays.
  for (auto& old : stages_) {
    if (in(diff.stages.kept, old->name)) continue;
    stop_instances(*old);
  }
  for (auto& stage : fresh) {
    StageRuntime& s = *stage;
    auto old = std::find_if(stages_.begin(), stages_.end(), [&](const auto& o) { return o->name == s.name; });
    if (old == stages_.end()) continue;
    StageRuntime& o = **old;
    if (o.plugin_name == s.plugin_name) {  // same series: counts go on
      s.metrics = std::move(o.metrics);
      s.logger = o.logger;
    }
    if (!in(diff.stages.kept, s.name)) continue;
    s.trackers = std::move(o.trackers);
    s.contexts = std::move(o.contexts);
    for (auto& context : s.contexts) context->set_routes(&s.routes);
    s.instances = std::move(o.instances);
    s.stopped = std::move(o.stopped);
    s.started = o.started;
  }
  for (const std::string& name : diff.resources.removed) resources_.erase(name);
  stages_ = std::move(fresh);  // the old runtimes (and the instances not kept) go
  plan_ = std::move(next.plan);
  stage_bindings_ = std::move(next.stages);
  resource_bindings_ = std::move(next.resources);

  // New sources now that no worker runs (their trackers join the registry).
  std::size_t sources = 0;
  for (auto& stage : stages_) {
    StageRuntime& s = *stage;
    if (s.kind != PluginKind::kSource) continue;
    if (s.instances.empty() && !(create_instances(s, outcome.error) && start_instances(s, outcome.error))) {
      s.logger->error("reload: the source does not run: {}", outcome.error);
      stop_instances(s);
      s.instances.clear();
      s.contexts.clear();
      s.stopped.clear();
      outcome.result = ReloadOutcome::Result::kFailed;
    }
    sources += s.instances.size();
  }
  control_.end_quiesce(sources);  // before the workers start, or they would stop at once
  launch_workers();
  options_.logger->debug("reload: running again: {} stage(s), {} worker(s)", stages_.size(),
                         source_workers_.size() + stage_workers_.size());
  outcome.pause = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - paused);
  if (outcome.error.empty()) outcome.result = ReloadOutcome::Result::kApplied;
  return outcome;
}

RunReport PipelineRunner::wait() {
  if (!started_ || finished_) {
    const std::lock_guard lock(reloads_mutex_);
    accepting_reloads_ = false;
    return report();
  }
  // Run until a drain begins (signal, or every source exhausted), applying
  // reloads as they come...
  for (;;) {
    control_.wait_drain(Clock::now() + std::chrono::seconds(1));
    if (control_.take_wake()) apply_pending_reloads();
    if (control_.draining()) break;
    if (control_.wait_workers(Clock::now())) break;  // no worker left
  }
  // ...then give it drain_timeout to finish.
  if (!control_.wait_workers(control_.drain_deadline())) {
    timed_out_ = true;
    options_.logger->error("drain did not finish within {} ms: abandoning in-flight events (they will be read again)",
                           plan_.settings.drain_timeout.count());
    hard_stop();
  }
  join_and_stop();
  {
    const std::lock_guard lock(reloads_mutex_);
    accepting_reloads_ = false;
  }
  apply_pending_reloads();  // refused: not running any more
  return report();
}

RunReport PipelineRunner::run() {
  if (!start()) return report();
  return wait();
}

RunReport PipelineRunner::report() const {
  RunReport r;
  r.started = started_;
  r.drain_requested = control_.drain_requested();
  r.timed_out = timed_out_;
  r.errors = errors_;
  std::size_t source_index = 0;
  for (const auto& stage : stages_) {
    StageReport s;
    s.name = stage->name;
    s.plugin = stage->plugin_name;
    s.kind = stage->kind;
    s.events_in = static_cast<std::uint64_t>(stage->metrics->events_in.value());
    s.events_out = static_cast<std::uint64_t>(stage->metrics->events_out.value());
    s.dropped = stage->metrics->dropped_total();
    s.failed = static_cast<std::uint64_t>(stage->metrics->events_failed.value());
    s.busy_seconds = stage->metrics->busy_seconds();
    s.calls = stage->metrics->calls();
    if (stage->kind == PluginKind::kSource)
      for (std::size_t i = 0; i < stage->instances.size() && source_index < source_workers_.size(); ++i)
        s.sources.push_back(source_workers_[source_index++]->progress());
    r.stages.push_back(std::move(s));
  }
  return r;
}

}  // namespace streamline::engine
