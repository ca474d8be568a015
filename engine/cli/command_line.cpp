#include "engine/cli/command_line.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <system_error>

namespace streamline::engine {

std::optional<CommandLine> read_command_line(const Args& args, const std::vector<std::string>& known,
                                             std::string& problem, const std::vector<std::string>& known_flags) {
  CommandLine line;
  bool only_positional = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (only_positional || arg.empty() || arg[0] != '-' || arg == "-") {
      line.positional.push_back(arg);
      continue;
    }
    if (arg == "--") {
      only_positional = true;
      continue;
    }
    if (arg == "-h" || arg == "--help") {
      line.help = true;
      continue;
    }
    const std::size_t equals = arg.find('=');
    std::string name = arg.substr(0, equals);
    if (std::find(known_flags.begin(), known_flags.end(), name) != known_flags.end()) {
      if (equals != std::string::npos) {
        problem = name + " takes no value";
        return std::nullopt;
      }
      line.flags.push_back(std::move(name));
      continue;
    }
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      problem = "unknown option '" + arg + "'";
      return std::nullopt;
    }
    std::string value;
    if (equals != std::string::npos) {
      value = arg.substr(equals + 1);
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      problem = name + " needs a value";
      return std::nullopt;
    }
    line.options.emplace_back(std::move(name), std::move(value));
  }
  return line;
}

int report_usage_error(const char* command, const std::string& message, const char* usage) {
  std::fprintf(stderr, "engine %s: %s\n\n%s", command, message.c_str(), usage);
  return 2;
}

bool has_flag(const CommandLine& line, const std::string& flag) {
  return std::find(line.flags.begin(), line.flags.end(), flag) != line.flags.end();
}

bool check_plugin_dir(const std::string& dir, std::string& problem) {
  std::error_code ec;
  if (std::filesystem::is_directory(dir, ec)) return true;
  problem = "plugin directory '" + dir + "' does not exist";
  return false;
}

}  // namespace streamline::engine
