#pragma once
// Plan: a pipeline that passed every check, ready for the runtime.
//
// Built by make_plan() from a PipelineConfig and a PluginRegistry: every
// stage's plugin is resolved, its config parsed against the plugin's spec
// (defaults filled), the plugin's semantic check passed, and the graph
// checked (no cycles, inputs exist, ...). make_plan() has no side effects
// beyond loading plugin files: `engine validate`, `engine run` and hot reload
// share it.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <streamline/config.hpp>

#include "engine/config/diagnostic.hpp"
#include "engine/config/pipeline_config.hpp"
#include "engine/graph/stage_graph.hpp"  // kDefaultOutput, kErrorOutput
#include "engine/loader/plugin_loader.hpp"

namespace streamline::engine {

struct Edge {
  std::size_t stage;  // index into Plan::stages of the reading stage
};

struct PlannedStage {
  std::string name;
  const LoadedPlugin* plugin = nullptr;
  PluginKind kind = PluginKind::kProcessor;
  Config config;                          // parsed, defaults filled
  std::vector<std::string> outputs;       // named outputs
  BatchSettings batch;
  int concurrency = 1;
  Partitioning partition_by = Partitioning::kNone;
  RetrySettings retry;
  // Readers of each output: default, error, and each named output.
  std::vector<Edge> default_readers;
  std::vector<Edge> error_readers;
  std::vector<std::vector<Edge>> named_readers;  // size == outputs.size()
  // Number of distinct upstream stages feeding this one (fan-in). The
  // dead-letter stage's implicit feeders (failures nobody reads) are not
  // counted: it may have no inputs at all.
  std::size_t upstream_count = 0;
  // The resolved config as canonical JSON, with the plugin name and version
  // and the inputs; equal fingerprints mean an unchanged stage (hot reload).
  std::string fingerprint;
};

struct PlannedResource {
  std::string name;
  const LoadedPlugin* plugin = nullptr;
  Config config;
  std::string fingerprint;
};

struct Plan {
  std::string file;
  PipelineSettings settings;
  std::vector<PlannedResource> resources;
  // In topological order: every stage comes after all stages it reads from.
  std::vector<PlannedStage> stages;
  // Index of settings.dead_letter in stages, when set.
  std::optional<std::size_t> dead_letter;

  std::optional<std::size_t> index_of(const std::string& stage) const;
};

// All checks, every problem reported in one pass; returns a Plan only when
// `diags` holds no errors afterwards, including errors it held before (from
// loading the file), so a file with any error never runs. Exceptions thrown
// by plugin code become diagnostics naming the plugin.
std::optional<Plan> make_plan(const PipelineConfig& config, PluginRegistry& plugins,
                              Diagnostics& diags);

}  // namespace streamline::engine
