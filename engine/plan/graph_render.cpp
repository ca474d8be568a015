#include "engine/plan/graph_render.hpp"

#include <filesystem>

#include "engine/plan/plan_edges.hpp"

namespace streamline::engine {
namespace {

// The pipeline's name, else the file's stem ("orders" for orders.yaml).
std::string graph_name(const Plan& plan) {
  if (!plan.settings.name.empty()) return plan.settings.name;
  const std::string stem = std::filesystem::path(plan.file).stem().string();
  return stem.empty() ? "pipeline" : stem;
}

std::string plugin_of(const PlannedStage& stage) { return stage.plugin ? stage.plugin->name() : "?"; }

// Inside a DOT double-quoted string.
std::string dot_quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + '"';
}

// Inside a Mermaid "..." label: quotes and markup characters as entities.
std::string mermaid_text(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '"': out += "#quot;"; break;
      case '<': out += "#lt;"; break;
      case '>': out += "#gt;"; break;
      case '|': out += "#124;"; break;
      case '#': out += "#35;"; break;
      default: out += c;
    }
  }
  return out;
}

// What an edge is labelled with: the output it reads; none for the default.
std::string edge_label(const PlanEdge& edge) {
  switch (edge.kind) {
    case EdgeKind::kDefault: return {};
    case EdgeKind::kNamed: return edge.output;
    case EdgeKind::kError: return "error";
    case EdgeKind::kDeadLetter: return "dead_letter";
  }
  return {};
}

}  // namespace

std::string render_dot(const Plan& plan) {
  std::string out = "digraph " + dot_quoted(graph_name(plan)) + " {\n";
  out += "  rankdir=LR;\n";
  out += "  node [shape=box];\n";
  for (const PlannedStage& s : plan.stages) {
    out += "  " + dot_quoted(s.name) + " [label=" + dot_quoted(s.name + "\n" + plugin_of(s));
    if (s.kind == PluginKind::kSource) out += ", shape=invhouse";
    if (s.kind == PluginKind::kSink) out += ", shape=house";
    out += "];\n";
  }
  for (const PlanEdge& e : plan_edges(plan)) {
    out += "  " + dot_quoted(plan.stages[e.from].name) + " -> " + dot_quoted(plan.stages[e.to].name);
    const std::string label = edge_label(e);
    if (!label.empty()) {
      out += " [label=" + dot_quoted(label);
      if (e.kind == EdgeKind::kDeadLetter) out += ", style=dashed";
      out += "]";
    }
    out += ";\n";
  }
  return out + "}\n";
}

std::string render_mermaid(const Plan& plan) {
  // Node ids are s<index>: stage names may hold characters Mermaid reads as syntax.
  std::string out = "flowchart LR\n";
  for (std::size_t i = 0; i < plan.stages.size(); ++i) {
    const PlannedStage& s = plan.stages[i];
    const std::string label = "\"" + mermaid_text(s.name) + "<br/>" + mermaid_text(plugin_of(s)) + "\"";
    const std::string id = "s" + std::to_string(i);
    if (s.kind == PluginKind::kSource) out += "  " + id + "([" + label + "])\n";
    else if (s.kind == PluginKind::kSink) out += "  " + id + "[(" + label + ")]\n";
    else out += "  " + id + "[" + label + "]\n";
  }
  for (const PlanEdge& e : plan_edges(plan)) {
    const std::string arrow = e.kind == EdgeKind::kDeadLetter ? " -.->" : " -->";
    const std::string label = edge_label(e);
    out += "  s" + std::to_string(e.from) + arrow;
    if (!label.empty()) out += "|\"" + mermaid_text(label) + "\"|";
    out += " s" + std::to_string(e.to) + "\n";
  }
  return out;
}

std::string render_graph(const Plan& plan, GraphFormat format) {
  return format == GraphFormat::kMermaid ? render_mermaid(plan) : render_dot(plan);
}

}  // namespace streamline::engine
