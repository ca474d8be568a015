// `engine plugins` and `engine plugins describe NAME`.
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>

#include "engine/cli/command.hpp"
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

int usage_error(const std::string& message) {
  std::fprintf(stderr, "engine plugins: %s\n\n%s", message.c_str(), kUsage);
  return 2;
}

}  // namespace

int run_plugins_command(const Args& args) {
  std::vector<std::string> dirs;
  std::string format = "text";
  std::string describe;
  bool show_errors = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&]() -> const std::string* { return i + 1 < args.size() ? &args[++i] : nullptr; };
    if (a == "--help" || a == "-h") {
      std::fputs(kUsage, stdout);
      return 0;
    } else if (a == "--plugin-dir") {
      const auto* v = value();
      if (!v) return usage_error("--plugin-dir needs a directory");
      dirs.push_back(*v);
    } else if (a == "--format") {
      const auto* v = value();
      if (!v || (*v != "text" && *v != "markdown")) return usage_error("--format takes text or markdown");
      format = *v;
    } else if (a == "--errors") {
      show_errors = true;
    } else if (a == "describe" && describe.empty()) {
      const auto* v = value();
      if (!v) return usage_error("describe needs a plugin name");
      describe = *v;
    } else {
      return usage_error("unexpected argument '" + a + "'");
    }
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
