#pragma once
// `engine test [PATH...] [--junit FILE] [--filter TEXT] [--plugin-dir DIR]...`
//
// Runs pipeline unit tests: YAML files beside a pipeline that give events
// to a stage (or the whole DAG), replace the stages that need services by
// recording doubles, and state the outputs, drops, errors and sink effects
// expected (engine/testing/pipeline_test_file.hpp; docs/testing-pipelines.md).
// Each case runs the pipeline on the engine's own runtime, in process, and
// needs no service.
//
// Prints one line per case (PASS/FAIL, with the differences under a FAIL)
// and a summary. Exit code: 0 when every case passed, 1 when a case failed
// or a file could not run, 2 on a usage error.

#include <ostream>

#include "engine/cli/command.hpp"
#include "engine/config/interpolation.hpp"

namespace streamline::engine {

struct TestStreams {
  std::ostream& out;  // the report
  std::ostream& err;  // usage errors
  EnvLookup env;      // STREAMLINE_PLUGIN_PATH only: tests never read the environment
};

int run_test_command(const Args& args, const TestStreams& streams);

}  // namespace streamline::engine
