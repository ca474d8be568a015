#pragma once
// Readiness: the admin /readyz answer. Ready when the pipeline runs (every
// stage created and started: the runner starts them all before it runs any)
// and no stage is failing with transient errors right now (RetryWatch: a
// service it needs is unreachable). Otherwise not ready, with a reason that
// names the stage when one is to blame.

#include <string>

#include "engine/observe/pipeline_view.hpp"
#include "engine/observe/retry_watch.hpp"

namespace streamline::engine {

struct ReadinessResult {
  bool ready = false;
  std::string json;  // {"ready":true} or {"ready":false,"reason":"...","stage":"..."}
};

class Readiness {
 public:
  Readiness(const PipelineView& view, const PhaseTracker& phase, RetryWatch& retries);

  ReadinessResult check();

 private:
  const PipelineView& view_;
  const PhaseTracker& phase_;
  RetryWatch& retries_;
};

}  // namespace streamline::engine
