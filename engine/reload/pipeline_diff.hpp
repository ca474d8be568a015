#pragma once
// PipelineDiff: what a hot reload changes, stage by stage.
//
// A stage of the new plan is kept when the running plan has a stage of the
// same name with the same fingerprint (plugin and its file, resolved
// config, inputs, batch, concurrency, retry: fingerprint.hpp) and none of
// the resources it names was replaced; it is restarted when its name exists
// with another fingerprint; added when the name is new. Running stages whose
// name is gone are removed. A resource is kept, replaced (same name, other
// fingerprint), added or removed the same way. A stage "names" a resource
// when a string anywhere in its config equals the resource's name (that is
// how stages ask for one: `resource: pg`).

#include <string>
#include <vector>

#include "engine/plan/plan.hpp"

namespace streamline::engine {

struct NameChanges {
  std::vector<std::string> kept, restarted, added, removed;
  bool changed() const noexcept { return !restarted.empty() || !added.empty() || !removed.empty(); }
};

struct PipelineDiff {
  NameChanges stages;
  NameChanges resources;  // "restarted" means replaced
  // Anything else that differs (queue capacity, dead letter, drain timeout).
  bool settings_changed = false;

  bool unchanged() const noexcept { return !stages.changed() && !resources.changed() && !settings_changed; }
  // "kept 9, restarted 1 (fraud), added 0, removed 0"
  std::string summary() const;
};

PipelineDiff diff_plans(const Plan& running, const Plan& next);

}  // namespace streamline::engine
