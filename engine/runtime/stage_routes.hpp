#pragma once
// StageRoutes: where each output of a stage goes, resolved to the input
// queues of the stages that read it. Built by the runner from the plan.
//
// `destinations` lists each reading stage once; the output lists hold indexes
// into it, one per reading edge (a stage reading the same output twice gets
// two copies, as the plan says).

#include <cstdint>
#include <string>
#include <vector>

#include "engine/runtime/bounded_queue.hpp"

namespace streamline::engine {

struct StageRoutes {
  std::vector<BoundedQueue*> destinations;
  std::vector<std::string> destination_names;      // stage names, same index
  std::vector<std::uint16_t> default_output;       // readers of the default output
  std::vector<std::uint16_t> error_output;         // error readers, else the dead-letter stage, else none
  std::vector<std::vector<std::uint16_t>> named_outputs;  // per Plugin::outputs() entry
  std::vector<std::string> output_names;
};

}  // namespace streamline::engine
