#pragma once
// Text renderings of a Plan's stage graph for `engine graph`: Graphviz DOT
// and Mermaid flowcharts. Nodes are stages labelled "name" and "plugin";
// edges carry the output they read ("big", "error"); the implicit
// dead-letter edges are dashed and labelled "dead_letter". Output is
// deterministic (plan order), so it can be diffed and tested exactly.

#include <string>

#include "engine/plan/plan.hpp"

namespace streamline::engine {

enum class GraphFormat { kDot, kMermaid };

std::string render_dot(const Plan& plan);
std::string render_mermaid(const Plan& plan);
std::string render_graph(const Plan& plan, GraphFormat format);

}  // namespace streamline::engine
