#include "engine/graph/topological_order.hpp"

#include <functional>
#include <queue>

namespace streamline::engine {

std::vector<std::size_t> topological_order(const StageGraph& graph) {
  const std::size_t n = graph.stages.size();
  std::vector<std::size_t> pending_inputs(n, 0);
  std::vector<std::vector<std::size_t>> readers(n);
  for (const auto& e : graph.edges) {
    ++pending_inputs[e.to];
    readers[e.from].push_back(e.to);
  }
  // Kahn's algorithm with the lowest index first.
  std::priority_queue<std::size_t, std::vector<std::size_t>, std::greater<>> ready;
  for (std::size_t v = 0; v < n; ++v)
    if (pending_inputs[v] == 0) ready.push(v);
  std::vector<std::size_t> order;
  order.reserve(n);
  while (!ready.empty()) {
    const std::size_t v = ready.top();
    ready.pop();
    order.push_back(v);
    for (std::size_t w : readers[v])
      if (--pending_inputs[w] == 0) ready.push(w);
  }
  return order;
}

}  // namespace streamline::engine
