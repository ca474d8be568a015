#pragma once
// Shell commands the system tests run as a user would (psql, redis-cli,
// scripts/stack.sh, pg_ctl): output captured, exit status returned.

#include <string>

namespace streamline::system_tests {

struct CommandResult {
  int exit_code = -1;  // -1 when the command did not exit normally
  std::string output;  // stdout and stderr together
};

CommandResult run_command(const std::string& command);

// Runs the command; throws std::runtime_error with its output when it fails.
std::string run_checked(const std::string& command);

// The text as one single-quoted shell word.
std::string shell_quote(const std::string& text);

}  // namespace streamline::system_tests
