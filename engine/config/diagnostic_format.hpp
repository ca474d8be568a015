#pragma once
// Rendering diagnostics for people and for tools.
//
//   text    compiler style, for terminals:
//             pipeline.yaml:12:7: error: unknown key 'concurency' [unknown-key]
//               at: stages.enrich.concurency
//               hint: did you mean 'concurrency'?
//           then "<file>: OK" for each file without errors and a summary line
//           "2 errors, 1 warning in 3 files"
//   json    an array of {file, line, column, severity, code, message, path, hint};
//           line and column are 0 when unknown
//   github  GitHub Actions workflow commands (::error file=...,line=...::...),
//           which annotate the pull request's diff
//   sarif   SARIF 2.1.0, for code scanning tools

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/config/diagnostic.hpp"

namespace streamline::engine {

enum class DiagnosticFormat { kText, kJson, kGithub, kSarif };

// "text", "json", "github", "sarif"; nullopt for anything else.
std::optional<DiagnosticFormat> parse_diagnostic_format(std::string_view name);

// The diagnostics of one checked file, in the order to print them.
struct FileDiagnostics {
  std::string file;
  Diagnostics diagnostics;
};

std::string format_diagnostics(const std::vector<FileDiagnostics>& files, DiagnosticFormat format);

std::string format_text(const std::vector<FileDiagnostics>& files);
std::string format_json(const std::vector<FileDiagnostics>& files);
std::string format_github(const std::vector<FileDiagnostics>& files);
std::string format_sarif(const std::vector<FileDiagnostics>& files);

// One diagnostic in the text format (its lines, each ending in '\n'), for
// callers that print diagnostics as they come, like `engine run`.
std::string format_text_diagnostic(const Diagnostic& diagnostic);

}  // namespace streamline::engine
