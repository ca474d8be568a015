#include "engine/plan/downstream.hpp"

namespace streamline::engine {

void mark_downstream(const Plan& plan, std::size_t root, std::vector<bool>& reached) {
  std::vector<std::size_t> todo{root};
  reached[root] = true;
  while (!todo.empty()) {
    const PlannedStage& s = plan.stages[todo.back()];
    todo.pop_back();
    auto visit = [&](const std::vector<Edge>& edges) {
      for (const Edge& e : edges)
        if (e.stage < reached.size() && !reached[e.stage]) {
          reached[e.stage] = true;
          todo.push_back(e.stage);
        }
    };
    visit(s.default_readers);
    visit(s.error_readers);
    for (const auto& named : s.named_readers) visit(named);
  }
}

std::vector<bool> downstream_of(const Plan& plan, std::size_t root) {
  std::vector<bool> reached(plan.stages.size(), false);
  mark_downstream(plan, root, reached);
  return reached;
}

}  // namespace streamline::engine
