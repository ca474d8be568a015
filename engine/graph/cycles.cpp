#include "engine/graph/cycles.hpp"

#include <algorithm>
#include <deque>
#include <optional>

namespace streamline::engine {

namespace {

// Tarjan's algorithm; returns the component id of each stage.
class StronglyConnected {
 public:
  explicit StronglyConnected(const StageGraph& graph) {
    const std::size_t n = graph.stages.size();
    successors_.resize(n);
    for (const auto& e : graph.edges) successors_[e.from].push_back(e.to);
    index_.assign(n, kUnvisited);
    low_.assign(n, 0);
    on_stack_.assign(n, false);
    component_.assign(n, 0);
    for (std::size_t v = 0; v < n; ++v)
      if (index_[v] == kUnvisited) visit(v);
  }

  const std::vector<std::size_t>& component() const { return component_; }

 private:
  static constexpr std::size_t kUnvisited = static_cast<std::size_t>(-1);

  void visit(std::size_t v) {
    index_[v] = low_[v] = next_index_++;
    stack_.push_back(v);
    on_stack_[v] = true;
    for (std::size_t w : successors_[v]) {
      if (index_[w] == kUnvisited) {
        visit(w);
        low_[v] = std::min(low_[v], low_[w]);
      } else if (on_stack_[w]) {
        low_[v] = std::min(low_[v], index_[w]);
      }
    }
    if (low_[v] != index_[v]) return;
    for (;;) {
      const std::size_t w = stack_.back();
      stack_.pop_back();
      on_stack_[w] = false;
      component_[w] = components_;
      if (w == v) break;
    }
    ++components_;
  }

  std::vector<std::vector<std::size_t>> successors_;
  std::vector<std::size_t> index_, low_, component_, stack_;
  std::vector<bool> on_stack_;
  std::size_t next_index_ = 0;
  std::size_t components_ = 0;
};

// Shortest path of edges from `start` back to itself, staying inside its
// component (breadth first, edges in file order).
std::vector<GraphEdge> shortest_cycle_through(const StageGraph& graph, std::size_t start,
                                              const std::vector<std::size_t>& component) {
  const std::size_t n = graph.stages.size();
  std::vector<std::optional<GraphEdge>> reached_by(n);
  std::deque<std::size_t> queue{start};
  while (!queue.empty()) {
    const std::size_t v = queue.front();
    queue.pop_front();
    for (const auto& e : graph.edges) {
      if (e.from != v || component[e.to] != component[start]) continue;
      if (e.to == start) {
        std::vector<GraphEdge> cycle{e};
        for (std::size_t at = v; at != start; at = reached_by[at]->from)
          cycle.push_back(*reached_by[at]);
        std::reverse(cycle.begin(), cycle.end());
        return cycle;
      }
      if (!reached_by[e.to]) {
        reached_by[e.to] = e;
        queue.push_back(e.to);
      }
    }
  }
  return {};
}

}  // namespace

std::vector<std::vector<GraphEdge>> find_cycles(const StageGraph& graph) {
  const StronglyConnected components(graph);
  const auto& component = components.component();
  std::vector<std::size_t> size(graph.stages.size(), 0);
  for (std::size_t c : component) ++size[c];

  std::vector<std::vector<GraphEdge>> cycles;
  std::vector<bool> reported(graph.stages.size(), false);
  for (std::size_t v = 0; v < graph.stages.size(); ++v) {  // file order: first member leads
    const std::size_t c = component[v];
    if (reported[c]) continue;
    const bool self_loop = std::any_of(graph.edges.begin(), graph.edges.end(),
                                       [&](const GraphEdge& e) { return e.from == v && e.to == v; });
    if (size[c] < 2 && !self_loop) continue;
    reported[c] = true;
    cycles.push_back(shortest_cycle_through(graph, v, component));
  }
  return cycles;
}

}  // namespace streamline::engine
