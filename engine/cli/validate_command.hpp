#pragma once
// `engine validate FILE... [--format text|json|github|sarif] [--plugin-dir DIR]...`
//
// Checks pipeline files the way `engine run` would before starting, without
// starting anything: it loads plugins and calls only their spec(),
// validate() and outputs(), so it never connects to a service and is safe in
// CI. Every problem of every file is reported in one run.
//
// Exit code: 0 when every file is valid (warnings allowed), 1 when any file
// has an error, 2 on a usage error (no files, unknown option or format).

#include <ostream>

#include "engine/cli/command.hpp"
#include "engine/config/interpolation.hpp"

namespace streamline::engine {

struct ValidateStreams {
  std::ostream& out;  // the report
  std::ostream& err;  // usage errors
  EnvLookup env;      // ${VAR} values and STREAMLINE_PLUGIN_PATH
};

// `args` are the words after `engine validate`. The overload in command.hpp
// uses std::cout, std::cerr and the process environment.
int run_validate_command(const Args& args, const ValidateStreams& streams);

}  // namespace streamline::engine
