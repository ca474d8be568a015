#pragma once
// Compares what a case's run recorded with what the case expects. Each
// problem is one readable finding, first line the what, further lines
// (indented) the evidence: the expected value, the actual event.
//   outputs.route.created[0] fraud.decision: expected "review", got "approve"
//     got: {"event_id":"e1",...}
// Event lists compare in order (unless `ordered: false`); drops and errors
// compare as sets, since stages run on their own threads.

#include <string>
#include <vector>

#include "engine/testing/case_runner.hpp"
#include "engine/testing/pipeline_test_file.hpp"

namespace streamline::engine {

// Empty when the case passed.
std::vector<std::string> judge_case(const TestCase& test_case, const CaseRun& run);

}  // namespace streamline::engine
