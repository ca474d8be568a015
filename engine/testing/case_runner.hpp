#pragma once
// Runs one test case on the engine's own runtime (PipelineRunner), in
// process: the case's plan (case_plan.hpp) with test sources for its
// inputs, doubles for the stages it names, probes around every other stage
// (which run for real), and an inert object for every resource. Nothing
// connects to a service. Blocks until the pipeline drained or `timeout`.

#include <chrono>
#include <string>
#include <vector>

#include "engine/plan/plan.hpp"
#include "engine/testing/case_record.hpp"
#include "engine/testing/pipeline_test_file.hpp"

namespace streamline::engine {

struct CaseRun {
  CaseRecord record;
  std::vector<std::string> errors;  // the run's own: a stage that would not start, a drain that timed out
  std::vector<std::string> log;     // warnings and errors the engine and stages logged
  std::chrono::milliseconds elapsed{0};
};

// `test_case` must have been checked against `plan` (test_file_checks.hpp).
CaseRun run_case(const Plan& plan, const TestCase& test_case, std::chrono::milliseconds timeout);

}  // namespace streamline::engine
