#include "engine/plan/plan_edges.hpp"

#include "engine/plan/downstream.hpp"

namespace streamline::engine {

std::vector<PlanEdge> plan_edges(const Plan& plan) {
  const std::size_t n = plan.stages.size();
  const bool has_dead_letter = plan.dead_letter && *plan.dead_letter < n;
  const std::vector<bool> after_dead_letter =
      has_dead_letter ? downstream_of(plan, *plan.dead_letter) : std::vector<bool>(n, false);
  std::vector<PlanEdge> edges;
  for (std::size_t i = 0; i < n; ++i) {
    const PlannedStage& s = plan.stages[i];
    for (const Edge& e : s.default_readers) edges.push_back({i, e.stage, EdgeKind::kDefault, {}});
    for (std::size_t k = 0; k < s.named_readers.size() && k < s.outputs.size(); ++k)
      for (const Edge& e : s.named_readers[k]) edges.push_back({i, e.stage, EdgeKind::kNamed, s.outputs[k]});
    for (const Edge& e : s.error_readers) edges.push_back({i, e.stage, EdgeKind::kError, {}});
    if (s.error_readers.empty() && has_dead_letter && !after_dead_letter[i])
      edges.push_back({i, *plan.dead_letter, EdgeKind::kDeadLetter, {}});
  }
  return edges;
}

std::string input_name(const Plan& plan, const PlanEdge& edge) {
  const std::string& from = plan.stages.at(edge.from).name;
  switch (edge.kind) {
    case EdgeKind::kDefault: return from;
    case EdgeKind::kNamed: return from + "." + edge.output;
    case EdgeKind::kError: return from + ".error";
    case EdgeKind::kDeadLetter: return from + ".error (dead_letter)";
  }
  return from;
}

std::vector<std::vector<std::string>> stage_inputs(const Plan& plan) {
  std::vector<std::vector<std::string>> inputs(plan.stages.size());
  for (const PlanEdge& edge : plan_edges(plan)) inputs.at(edge.to).push_back(input_name(plan, edge));
  return inputs;
}

}  // namespace streamline::engine
