#pragma once
// Diagnostic: one problem found in a pipeline file, with its place and a hint.
// Every checker (YAML syntax, schema, interpolation, plugin specs, plugin
// semantic checks, the graph) reports these; the CLI prints them as text,
// JSON, GitHub annotations or SARIF.

#include <string>
#include <vector>

namespace streamline::engine {

struct SourceLocation {
  std::string file;
  int line = 0;    // 1-based; 0 when unknown
  int column = 0;  // 1-based; 0 when unknown
};

enum class Severity { kError, kWarning };

struct Diagnostic {
  Severity severity = Severity::kError;
  std::string code;     // stable id, e.g. "unknown-key", "graph-cycle"
  std::string message;  // what is wrong, one line
  std::string path;     // config path, e.g. "stages.fraud.config.threshold"
  SourceLocation location;
  std::string hint;     // how to fix it, may be empty
};

using Diagnostics = std::vector<Diagnostic>;

inline bool has_errors(const Diagnostics& diags) {
  for (const auto& d : diags)
    if (d.severity == Severity::kError) return true;
  return false;
}

}  // namespace streamline::engine
