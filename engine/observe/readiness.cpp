#include "engine/observe/readiness.hpp"

#include <nlohmann/json.hpp>

namespace streamline::engine {
namespace {

ReadinessResult not_ready(const std::string& reason, const std::string& stage = {}) {
  nlohmann::ordered_json doc{{"ready", false}, {"reason", reason}};
  if (!stage.empty()) doc["stage"] = stage;
  return {false, doc.dump()};
}

}  // namespace

Readiness::Readiness(const PipelineView& view, const PhaseTracker& phase, RetryWatch& retries)
    : view_(view), phase_(phase), retries_(retries) {}

ReadinessResult Readiness::check() {
  switch (phase_.get()) {
    case PipelinePhase::kStarting: return not_ready("the pipeline is starting: not every stage has started");
    case PipelinePhase::kDraining: return not_ready("the pipeline is draining");
    case PipelinePhase::kStopped: return not_ready("the pipeline has stopped");
    case PipelinePhase::kRunning: break;
  }
  const std::vector<bool> retrying = retries_.retrying();
  for (std::size_t i = 0; i < retrying.size(); ++i)
    if (retrying[i]) {
      const StageView& s = view_.stages[i];
      return not_ready("stage '" + s.name + "' (plugin '" + s.plugin + "') is retrying transient errors", s.name);
    }
  return {true, R"({"ready":true})"};
}

}  // namespace streamline::engine
