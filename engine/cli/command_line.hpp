#pragma once
// A command's arguments read the same way by every command that takes
// files and options: positional arguments, -h/--help, `--` (everything after
// it is positional), options with a value, as `--name VALUE` or
// `--name=VALUE`, and flags (`--name`, no value). Each command then checks
// the values it got.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/cli/command.hpp"

namespace streamline::engine {

struct CommandLine {
  std::vector<std::string> positional;
  std::vector<std::pair<std::string, std::string>> options;  // name, value; in the order given
  std::vector<std::string> flags;                             // the flags given, in order
  bool help = false;
};

// nullopt, with `problem` ("unknown option '--x'", "--format needs a value",
// "--errors takes no value"), for an option in neither `known` (options with
// a value) nor `known_flags`, an option without its value, or a flag with one.
std::optional<CommandLine> read_command_line(const Args& args, const std::vector<std::string>& known,
                                             std::string& problem, const std::vector<std::string>& known_flags = {});

bool has_flag(const CommandLine& line, const std::string& flag);

// "engine <command>: <message>", a blank line and the command's usage on
// stderr; returns 2, the exit code of a usage error.
int report_usage_error(const char* command, const std::string& message, const char* usage);

// "--plugin-dir DIR": false, with `problem`, when DIR is not a directory.
bool check_plugin_dir(const std::string& dir, std::string& problem);

}  // namespace streamline::engine
