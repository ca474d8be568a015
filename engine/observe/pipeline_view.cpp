#include "engine/observe/pipeline_view.hpp"

#include <filesystem>

#include "engine/plan/plan_edges.hpp"

namespace streamline::engine {

const char* to_string(PipelinePhase phase) noexcept {
  switch (phase) {
    case PipelinePhase::kStarting: return "starting";
    case PipelinePhase::kRunning: return "running";
    case PipelinePhase::kDraining: return "draining";
    case PipelinePhase::kStopped: return "stopped";
  }
  return "unknown";
}

PipelineView describe_pipeline(const Plan& plan) {
  PipelineView view;
  view.name = plan.settings.name.empty() ? std::filesystem::path(plan.file).stem().string() : plan.settings.name;
  view.file = plan.file;
  const auto inputs = stage_inputs(plan);
  for (std::size_t i = 0; i < plan.stages.size(); ++i) {
    const PlannedStage& s = plan.stages[i];
    view.stages.push_back({s.name, s.plugin ? s.plugin->name() : std::string(), s.kind, inputs[i]});
  }
  return view;
}

}  // namespace streamline::engine
