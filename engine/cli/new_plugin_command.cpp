// `engine new-plugin NAME --kind source|processor|sink [--dir D]`: writes a
// plugin project that builds against the installed SDK, tests itself and
// loads in the engine as is (templates in new_plugin_templates.cpp).
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <system_error>

#include "engine/cli/command.hpp"
#include "engine/cli/command_line.hpp"
#include "engine/cli/new_plugin_templates.hpp"
#include "engine/loader/plugin_loader.hpp"

namespace streamline::engine {
namespace {

namespace fs = std::filesystem;

constexpr const char* kUsage = R"(usage: engine new-plugin NAME --kind source|processor|sink [--dir DIR]

Writes a ready-to-build plugin project: CMakeLists.txt (find_package(StreamlineSDK),
streamline_add_plugin, a test registered with ctest), the plugin's source with its
options spec, a test using the SDK's test harness, an example pipeline and a README.

  NAME              the plugin's name in pipelines: lowercase letters, digits and
                    dashes, starting with a letter (e.g. mask-fields)
  --kind KIND       source, processor or sink
  --dir DIR         where to write the project (default: ./NAME); it must not
                    exist or be empty
  -h, --help        this text

Then: cmake -S DIR -B DIR/build -DCMAKE_PREFIX_PATH=<SDK prefix> && cmake --build DIR/build
      ctest --test-dir DIR/build && engine run DIR/pipeline.yaml --plugin-dir DIR/build
)";

int usage_error(const std::string& message) { return report_usage_error("new-plugin", message, kUsage); }

int failure(const std::string& message) {
  std::fprintf(stderr, "engine new-plugin: %s\n", message.c_str());
  return 1;
}

std::optional<PluginKind> kind_named(const std::string& kind) {
  if (kind == "source") return PluginKind::kSource;
  if (kind == "processor") return PluginKind::kProcessor;
  if (kind == "sink") return PluginKind::kSink;
  return std::nullopt;
}

// The SDK prefix of an installed engine (<prefix>/bin/engine next to
// <prefix>/lib/cmake/StreamlineSDK), for the hint printed at the end; empty
// when the engine runs from a build tree.
std::string installed_sdk_prefix() {
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  const fs::path prefix = exe.parent_path().parent_path();
  for (const char* lib : {"lib", "lib64"})
    if (fs::exists(prefix / lib / "cmake" / "StreamlineSDK" / "StreamlineSDKConfig.cmake", ec)) return prefix.string();
  return {};
}

// A name the engine already finds on its plugin path would make the new
// plugin refused as a duplicate.
std::string installed_plugin_path(const std::string& name) {
  const char* env = std::getenv("STREAMLINE_PLUGIN_PATH");
  PluginRegistry registry;
  registry.load_directories(PluginRegistry::search_path({}, env ? env : ""));
  const LoadedPlugin* plugin = registry.find(name);
  return plugin ? plugin->path().string() : std::string();
}

}  // namespace

int run_new_plugin_command(const Args& args) {
  std::string name;
  std::string kind_text;
  std::string dir;
  std::string problem;
  const auto line = read_command_line(args, {"--kind", "--dir"}, problem);
  if (!line) return usage_error(problem);
  if (line->help) {
    std::fputs(kUsage, stdout);
    return 0;
  }
  for (const auto& [option, value] : line->options) {
    if (option == "--kind") {
      kind_text = value;
    } else if (value.empty()) {
      return usage_error("--dir needs a directory");
    } else {
      dir = value;
    }
  }
  if (line->positional.size() > 1)
    return usage_error("unexpected argument '" + line->positional[1] + "' (one plugin NAME at a time)");
  if (!line->positional.empty()) name = line->positional[0];
  if (name.empty()) return usage_error("missing the plugin NAME");
  if (!is_valid_plugin_name(name))
    return usage_error("invalid plugin name '" + name +
                       "': use lowercase letters, digits and single dashes, starting with a letter and at most "
                       "64 characters (e.g. mask-fields)");
  if (kind_text.empty()) return usage_error("missing --kind: source, processor or sink");
  const auto kind = kind_named(kind_text);
  if (!kind) return usage_error("unknown kind '" + kind_text + "': use source, processor or sink");

  const fs::path root = dir.empty() ? fs::path(name) : fs::path(dir);
  std::error_code ec;
  if (fs::exists(root, ec)) {
    if (!fs::is_directory(root, ec)) return failure("'" + root.string() + "' exists and is not a directory");
    if (!fs::is_empty(root, ec))
      return failure("'" + root.string() + "' exists and is not empty; choose another --dir or remove it");
  }
  if (const std::string existing = installed_plugin_path(name); !existing.empty())
    return failure("a plugin named '" + name + "' is already installed (" + existing +
                   "); the engine would refuse a second one: choose another name");

  const auto files = render_plugin_project(plugin_project_names(name), *kind);
  for (const auto& file : files) {
    const fs::path path = root / file.path;
    fs::create_directories(path.parent_path(), ec);
    if (ec) return failure("cannot create '" + path.parent_path().string() + "': " + ec.message());
    std::ofstream out(path, std::ios::binary);
    out << file.content;
    out.close();
    if (!out) return failure("cannot write '" + path.string() + "'");
  }

  std::printf("created %s plugin '%s' in %s:\n", to_string(*kind), name.c_str(), root.string().c_str());
  for (const auto& file : files) std::printf("  %s\n", file.path.c_str());
  const std::string prefix = installed_sdk_prefix();
  const std::string r = root.string();
  std::printf("\nnext:\n"
              "  cmake -S %s -B %s/build -DCMAKE_PREFIX_PATH=%s\n"
              "  cmake --build %s/build\n"
              "  ctest --test-dir %s/build --output-on-failure\n"
              "  engine run %s/pipeline.yaml --plugin-dir %s/build\n",
              r.c_str(), r.c_str(), prefix.empty() ? "<SDK prefix: cmake --install <engine build dir>>" : prefix.c_str(),
              r.c_str(), r.c_str(), r.c_str(), r.c_str());
  return 0;
}

}  // namespace streamline::engine
