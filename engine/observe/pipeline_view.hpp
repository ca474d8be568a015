#pragma once
// PipelineView: what the admin endpoints say about a running pipeline's
// shape (name, stages with their plugin, kind and inputs), taken from the
// Plan before the runner takes it, and the pipeline's phase as the run
// command moves it along. The phase is atomic: the HTTP threads read it.

#include <atomic>
#include <string>
#include <vector>

#include <streamline/plugin.hpp>

#include "engine/plan/plan.hpp"

namespace streamline::engine {

enum class PipelinePhase { kStarting, kRunning, kDraining, kStopped };

const char* to_string(PipelinePhase phase) noexcept;

struct StageView {
  std::string name;
  std::string plugin;
  PluginKind kind = PluginKind::kProcessor;
  std::vector<std::string> inputs;  // as in plan_edges.hpp's input_name()
};

struct PipelineView {
  std::string name;  // pipeline.name, else the file's stem
  std::string file;
  std::vector<StageView> stages;  // plan (topological) order
};

PipelineView describe_pipeline(const Plan& plan);

class PhaseTracker {
 public:
  void set(PipelinePhase phase) noexcept { phase_.store(phase, std::memory_order_release); }
  PipelinePhase get() const noexcept { return phase_.load(std::memory_order_acquire); }

 private:
  std::atomic<PipelinePhase> phase_{PipelinePhase::kStarting};
};

}  // namespace streamline::engine
