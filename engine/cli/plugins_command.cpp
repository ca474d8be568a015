// `engine plugins` and `engine plugins describe NAME`.
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>

#include "engine/cli/command.hpp"
#include "engine/cli/command_line.hpp"
#include "engine/cli/plugin_reference.hpp"
#include "engine/loader/plugin_loader.hpp"

namespace streamline::engine {
namespace {

constexpr const char* kUsage = R"(usage: engine plugins [--plugin-dir DIR]... [--errors]
       engine plugins describe NAME [--format text|markdown] [--plugin-dir DIR]...

Lists the plugins found on the plugin path (--plugin-dir, then STREAMLINE_PLUGIN_PATH,
then the folders next to the engine binary), or prints one plugin's options.
--errors also lists the files that were refused and why.
)";

int usage_error(const std::string& message) { return report_usage_error("plugins", message, kUsage); }

}  // namespace

int run_plugins_command(const Args& args) {
  std::vector<std::string> dirs;
  std::string format = "text";
  std::string describe;
  bool show_errors = false;
  std::string problem;
  const auto line = read_command_line(args, {"--plugin-dir", "--format"}, problem, {"--errors"});
  if (!line) return usage_error(problem);
  if (line->help) {
    std::fputs(kUsage, stdout);
    return 0;
  }
  for (const auto& [name, value] : line->options) {
    if (name == "--plugin-dir") {
      if (!check_plugin_dir(value, problem)) return usage_error(problem);
      dirs.push_back(value);
    } else if (value != "text" && value != "markdown") {
      return usage_error("--format takes text or markdown");
    } else {
      format = value;
    }
  }
  show_errors = has_flag(*line, "--errors");
  const auto& words = line->positional;
  if (!words.empty()) {
    if (words[0] != "describe") return usage_error("unexpected argument '" + words[0] + "'");
    if (words.size() < 2) return usage_error("describe needs a plugin name");
    if (words.size() > 2) return usage_error("unexpected argument '" + words[2] + "' (one plugin name at a time)");
    describe = words[1];
  }

  const char* env = std::getenv("STREAMLINE_PLUGIN_PATH");
  PluginRegistry registry;
  registry.load_directories(PluginRegistry::search_path(dirs, env ? env : ""));

  if (!describe.empty()) {
    const LoadedPlugin* plugin = registry.find(describe);
    if (!plugin) {
      std::string reason;
      if (const LoadError* e = registry.load_error_for(describe)) reason = ": " + e->message;
      std::fprintf(stderr, "engine plugins: no plugin named '%s'%s\n", describe.c_str(), reason.c_str());
      return 1;
    }
    const PluginIdentity id{plugin->name(), plugin->version()};
    try {
      std::cout << (format == "markdown" ? render_reference_markdown(id, plugin->factory())
                                         : render_reference_text(id, plugin->factory()));
    } catch (const std::exception& e) {
      std::fprintf(stderr, "engine plugins: %s failed: %s\n", plugin->describe().c_str(), e.what());
      return 1;
    }
    return 0;
  }

  std::printf("%-16s %-9s %-10s %s\n", "NAME", "VERSION", "KIND", "DESCRIPTION");
  for (const LoadedPlugin* plugin : registry.all()) {
    std::string description;
    try {
      description = plugin->factory().description();
    } catch (const std::exception& e) {
      description = std::string("(description failed: ") + e.what() + ")";
    }
    std::printf("%-16s %-9s %-10s %s\n", plugin->name().c_str(), plugin->version().c_str(),
                to_string(plugin->factory().kind()), description.c_str());
  }
  if (show_errors || registry.all().empty())
    for (const auto& error : registry.load_errors()) std::fprintf(stderr, "refused: %s\n", error.message.c_str());
  return 0;
}

}  // namespace streamline::engine
