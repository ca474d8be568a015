#pragma once
// StageRuntime: everything the workers of one stage share while a pipeline
// runs: the plugin and its settings, the instances (one per `concurrency`),
// their contexts, the input queue, where the outputs go, and the metrics.
// Owned by the PipelineRunner. A hot reload builds new StageRuntimes (new
// queues and routes) and moves a kept stage's instances, contexts, trackers,
// logger and metrics into its new one.

#include <atomic>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include <spdlog/logger.h>

#include <streamline/plugin.hpp>

#include "engine/config/pipeline_config.hpp"
#include "engine/runtime/ack_tracker.hpp"
#include "engine/runtime/bounded_queue.hpp"
#include "engine/runtime/stage_context.hpp"
#include "engine/runtime/stage_metrics.hpp"
#include "engine/runtime/stage_routes.hpp"

namespace streamline::engine {

struct StageRuntime {
  std::string name;
  std::string plugin_name;
  PluginKind kind = PluginKind::kProcessor;
  const Plugin* factory = nullptr;
  Config config;
  BatchSettings batch;
  RetrySettings retry;
  int concurrency = 1;
  std::string fingerprint;  // the plan's: equal means unchanged (hot reload)

  std::shared_ptr<spdlog::logger> logger;
  std::unique_ptr<StageMetrics> metrics;
  std::unique_ptr<BoundedQueue> input;  // null for sources
  StageRoutes routes;

  std::vector<AckTracker*> trackers;  // sources: one per instance (owned by the AckRegistry)
  std::vector<std::unique_ptr<StageContext>> contexts;
  // Declared after the contexts: destroyed before them.
  std::vector<std::unique_ptr<Stage>> instances;
  std::vector<bool> stopped;
  bool started = false;  // every instance started

  // Workers still running; the last one to finish closes the outputs.
  std::atomic<int> workers_left{0};

  // "plugin 'route'": the prefix of messages about this stage's plugin.
  std::string plugin_label() const { return "plugin '" + plugin_name + "'"; }
  void close_outputs() {
    for (BoundedQueue* q : routes.destinations) q->close_producer();
  }
};

}  // namespace streamline::engine
