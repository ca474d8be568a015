#pragma once
// Which stages read, directly or not, from a stage: the runtime keeps the
// dead-letter stage's own failures from looping back into it, `engine graph`
// draws dead-letter edges by the same rule, and `engine test` runs only what
// lies downstream of a case's inputs.

#include <cstddef>
#include <vector>

#include "engine/plan/plan.hpp"

namespace streamline::engine {

// By index into plan.stages: true for `root` and every stage downstream of it.
std::vector<bool> downstream_of(const Plan& plan, std::size_t root);

// Sets to true, in `reached` (sized like plan.stages), what downstream_of
// would; what is already true stays.
void mark_downstream(const Plan& plan, std::size_t root, std::vector<bool>& reached);

}  // namespace streamline::engine
