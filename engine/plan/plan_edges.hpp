#pragma once
// The edges of a Plan's stage graph, as the runtime wires them: who reads
// which output of whom, plus the implicit dead-letter edges (failures of a
// stage nobody reads go to pipeline.dead_letter, unless that stage is the
// dead-letter stage or downstream of it). `engine graph` draws these and
// the admin /status lists each stage's inputs from them.

#include <cstddef>
#include <string>
#include <vector>

#include "engine/plan/plan.hpp"

namespace streamline::engine {

enum class EdgeKind { kDefault, kNamed, kError, kDeadLetter };

struct PlanEdge {
  std::size_t from = 0;  // index into Plan::stages of the writing stage
  std::size_t to = 0;    // and of the reading stage
  EdgeKind kind = EdgeKind::kDefault;
  std::string output;    // the named output (kNamed); empty otherwise
};

// In plan order of the writing stage; per stage: default, named (in output
// order), error, dead-letter edges.
std::vector<PlanEdge> plan_edges(const Plan& plan);

// How the reading stage names this edge in `inputs:`: "src", "router.big",
// "router.error"; dead-letter edges, which no `inputs:` names, give
// "src.error (dead_letter)".
std::string input_name(const Plan& plan, const PlanEdge& edge);

// Each stage's inputs (input_name of the edges it reads), by stage index.
std::vector<std::vector<std::string>> stage_inputs(const Plan& plan);

}  // namespace streamline::engine
