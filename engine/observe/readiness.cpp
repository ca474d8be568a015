#include "engine/observe/readiness.hpp"

#include <utility>

#include <nlohmann/json.hpp>

namespace streamline::engine {
namespace {

// `blame` names what is to blame: {"stage", name} or {"resource", name}.
ReadinessResult not_ready(const std::string& reason, const std::pair<const char*, std::string>& blame = {}) {
  nlohmann::ordered_json doc{{"ready", false}, {"reason", reason}};
  if (blame.first != nullptr) doc[blame.first] = blame.second;
  return {false, doc.dump()};
}

}  // namespace

Readiness::Readiness(const CurrentPipeline& pipeline, const PhaseTracker& phase, RetryWatch& retries,
                     const ResourceHealth& resources)
    : pipeline_(pipeline), phase_(phase), retries_(retries), resources_(resources) {}

ReadinessResult Readiness::check() {
  switch (phase_.get()) {
    case PipelinePhase::kStarting: return not_ready("the pipeline is starting: not every stage has started");
    case PipelinePhase::kDraining: return not_ready("the pipeline is draining");
    case PipelinePhase::kStopped: return not_ready("the pipeline has stopped");
    case PipelinePhase::kRunning: break;
  }
  const auto view = pipeline_.get();
  const std::vector<bool> retrying = retries_.retrying(*view);
  for (std::size_t i = 0; i < retrying.size(); ++i)
    if (retrying[i]) {
      const StageView& s = view->stages[i];
      return not_ready("stage '" + s.name + "' (plugin '" + s.plugin + "') is retrying transient errors",
                       {"stage", s.name});
    }
  if (const auto down = resources_.first_down())
    return not_ready("resource '" + down->name + "' (plugin '" + down->plugin + "') does not answer its health probe",
                     {"resource", down->name});
  return {true, R"({"ready":true})"};
}

}  // namespace streamline::engine
