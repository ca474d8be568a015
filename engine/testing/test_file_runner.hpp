#pragma once
// Runs every case of one test file: reads it, loads and plans the pipeline
// it names (with the file's `env:` as the only environment), checks the
// file against that plan, then runs and judges each case in turn.
// A file with any problem runs no case; its diagnostics are the result.

#include <functional>
#include <string>

#include "engine/loader/plugin_loader.hpp"
#include "engine/testing/test_results.hpp"

namespace streamline::engine {

struct TestFileOptions {
  std::string filter;  // run only cases whose name contains this; empty: all
  // Called as each case finishes, for a live report.
  std::function<void(const CaseResult&)> on_case;
};

FileResult run_test_file(const std::string& file, PluginRegistry& plugins, const TestFileOptions& options);

}  // namespace streamline::engine
