#include "engine/testing/test_file_runner.hpp"

#include <algorithm>

#include "engine/config/diagnostic_format.hpp"
#include "engine/config/pipeline_config.hpp"
#include "engine/plan/plan.hpp"
#include "engine/testing/case_runner.hpp"
#include "engine/testing/case_verdict.hpp"
#include "engine/testing/pipeline_test_file.hpp"
#include "engine/testing/test_file_checks.hpp"

namespace streamline::engine {
namespace {

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Diagnostics as the text format prints them, one string each.
std::vector<std::string> error_lines(Diagnostics diags) {
  std::stable_sort(diags.begin(), diags.end(), [](const Diagnostic& a, const Diagnostic& b) {
    if (a.location.file != b.location.file) return a.location.file < b.location.file;
    if (a.location.line != b.location.line) return a.location.line < b.location.line;
    return a.location.column < b.location.column;
  });
  std::vector<std::string> lines;
  for (const auto& d : diags) {
    if (d.severity != Severity::kError) continue;
    auto text = format_text_diagnostic(d);
    while (!text.empty() && text.back() == '\n') text.pop_back();
    lines.push_back(std::move(text));
  }
  return lines;
}

}  // namespace

FileResult run_test_file(const std::string& file, PluginRegistry& plugins, const TestFileOptions& options) {
  const auto started = Clock::now();
  FileResult result;
  result.file = file;
  Diagnostics diags;
  auto tests = load_pipeline_test_file(file, diags);
  std::optional<Plan> plan;
  if (tests && !tests->pipeline.empty()) {
    const auto env = tests->env;
    const EnvLookup lookup = [env](const std::string& name) -> std::optional<std::string> {
      const auto found = env.find(name);
      if (found == env.end()) return std::nullopt;
      return found->second;
    };
    Diagnostics pipeline_diags;
    if (auto config = load_pipeline_config(tests->pipeline, lookup, pipeline_diags))
      plan = make_plan(*config, plugins, pipeline_diags);
    for (auto& d : pipeline_diags) {
      if (d.code == "env-unset")
        d.hint = "tests see only the test file's env: add the variable under env: in " + file;
      if (d.code == "file-unreadable") d.location = tests->pipeline_location;
      diags.push_back(std::move(d));
    }
    if (!plan && !has_errors(diags))
      diags.push_back(Diagnostic{Severity::kError, "test-pipeline-invalid", "pipeline '" + tests->pipeline + "' is not valid",
                                 "pipeline", tests->pipeline_location, "run engine validate " + tests->pipeline});
  }
  if (tests && plan) check_test_file(*tests, *plan, diags);
  if (!tests || !plan || has_errors(diags)) {
    result.load_errors = error_lines(std::move(diags));
    if (result.load_errors.empty()) result.load_errors.push_back(file + ": cannot run this test file");
    result.seconds = seconds_since(started);
    return result;
  }

  for (const auto& test_case : tests->cases) {
    if (!options.filter.empty() && test_case.name.find(options.filter) == std::string::npos) continue;
    const CaseRun run = run_case(*plan, test_case, tests->timeout);
    CaseResult c;
    c.name = test_case.name;
    c.line = test_case.location.line;
    c.problems = judge_case(test_case, run);
    c.passed = c.problems.empty();
    c.log = run.log;
    c.seconds = static_cast<double>(run.elapsed.count()) / 1000.0;
    if (options.on_case) options.on_case(c);
    result.cases.push_back(std::move(c));
  }
  result.seconds = seconds_since(started);
  return result;
}

}  // namespace streamline::engine
