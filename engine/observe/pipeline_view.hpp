#pragma once
// PipelineView: what the admin endpoints say about a running pipeline's
// shape (name, stages with their plugin, kind and inputs), taken from the
// Plan before the runner takes it (and again after each hot reload:
// CurrentPipeline), and the pipeline's phase as the run command moves it
// along. Both are thread-safe: the HTTP threads read them.

#include <atomic>
#include <memory>
#include <mutex>
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

// The pipeline as it runs now; a hot reload replaces it. A reader takes one
// snapshot and uses it for its whole answer.
class CurrentPipeline {
 public:
  explicit CurrentPipeline(PipelineView view) : view_(std::make_shared<const PipelineView>(std::move(view))) {}

  std::shared_ptr<const PipelineView> get() const {
    const std::lock_guard lock(mutex_);
    return view_;
  }
  void set(PipelineView view) {
    auto next = std::make_shared<const PipelineView>(std::move(view));
    const std::lock_guard lock(mutex_);
    view_ = std::move(next);
  }

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<const PipelineView> view_;
};

class PhaseTracker {
 public:
  void set(PipelinePhase phase) noexcept { phase_.store(phase, std::memory_order_release); }
  PipelinePhase get() const noexcept { return phase_.load(std::memory_order_acquire); }

 private:
  std::atomic<PipelinePhase> phase_{PipelinePhase::kStarting};
};

}  // namespace streamline::engine
