#pragma once
// Checks a test file against the plan of the pipeline it tests: every stage,
// output and double it names exists (did-you-mean when not), every stage an
// expectation names runs in that case (is downstream of its input), effects
// are expected only of doubles, and a double sends only to outputs its stage
// has. Fills in each input's stage when the file left it to the pipeline's
// only source.

#include "engine/config/diagnostic.hpp"
#include "engine/plan/plan.hpp"
#include "engine/testing/pipeline_test_file.hpp"

namespace streamline::engine {

void check_test_file(PipelineTestFile& tests, const Plan& plan, Diagnostics& diags);

}  // namespace streamline::engine
