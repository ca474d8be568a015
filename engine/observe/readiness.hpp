#pragma once
// Readiness: the admin /readyz answer. Ready when the pipeline runs (every
// stage created and started: the runner starts them all before it runs any),
// no stage is failing with transient errors right now (RetryWatch: a service
// it needs is unreachable) and every shared resource answers its health
// probe (ResourceHealth: seen even when no event flows). Otherwise not
// ready, with a reason that names the stage or resource to blame.

#include <string>

#include "engine/observe/pipeline_view.hpp"
#include "engine/observe/resource_health.hpp"
#include "engine/observe/retry_watch.hpp"

namespace streamline::engine {

struct ReadinessResult {
  bool ready = false;
  std::string json;  // {"ready":true} or {"ready":false,"reason":"...","stage"|"resource":"..."}
};

class Readiness {
 public:
  Readiness(const CurrentPipeline& pipeline, const PhaseTracker& phase, RetryWatch& retries,
            const ResourceHealth& resources);

  ReadinessResult check();

 private:
  const CurrentPipeline& pipeline_;
  const PhaseTracker& phase_;
  RetryWatch& retries_;
  const ResourceHealth& resources_;
};

}  // namespace streamline::engine
