#pragma once
// A command's arguments read the same way by every command that takes
// files and options: positional arguments, -h/--help, `--` (everything after
// it is positional), and options with a value, as `--name VALUE` or
// `--name=VALUE`. Each command then checks the values it got.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/cli/command.hpp"

namespace streamline::engine {

struct CommandLine {
  std::vector<std::string> positional;
  std::vector<std::pair<std::string, std::string>> options;  // name, value; in the order given
  bool help = false;
};

// nullopt, with `problem` ("unknown option '--x'", "--format needs a value"),
// for an option not in `known` or one without its value.
std::optional<CommandLine> read_command_line(const Args& args, const std::vector<std::string>& known,
                                             std::string& problem);

// "--plugin-dir DIR": false, with `problem`, when DIR is not a directory.
bool check_plugin_dir(const std::string& dir, std::string& problem);

}  // namespace streamline::engine
