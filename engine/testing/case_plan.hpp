#pragma once
// The plan a test case runs: the pipeline's plan cut down to what the case
// exercises. A case's events enter at stages it names; only those stages,
// everything downstream of them, and the dead-letter stage (with what reads
// it) run. Each input into a processor or sink gets a source of its own
// placed before it, named "(input N)"; an input into a source stage takes
// that stage's place. The wiring between the stages kept is the pipeline's,
// untouched, so routing, error outputs and dead letters behave as in
// production.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "engine/plan/plan.hpp"

namespace streamline::engine {

struct CasePlan {
  Plan plan;
  // Per stage of `plan`: the indexes of the case inputs it emits, when it
  // is a source (every source of a case plan emits test input).
  std::vector<std::vector<std::size_t>> inputs;
  // Per stage of `plan`: its index in the pipeline's plan; nullopt for an
  // added input source.
  std::vector<std::optional<std::size_t>> original;
};

// `input_stages[i]` is the stage case input i enters at; every name must
// exist in `plan` (checked with the test file).
CasePlan carve_case_plan(const Plan& plan, const std::vector<std::string>& input_stages);

}  // namespace streamline::engine
