// engine: runs, validates and describes event pipelines.
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include <streamline/abi.hpp>

#include "engine/cli/command.hpp"

namespace {

constexpr const char* kUsage = R"(usage: engine <command> [options]

commands:
  run FILE                 run a pipeline until its sources are exhausted or SIGINT/SIGTERM
  validate FILE...         check pipeline files without connecting to anything (CI)
  graph FILE               print a pipeline's stage graph (--format dot|mermaid)
  test [PATH...]           run pipeline unit tests (YAML cases, stages doubled; --junit FILE)
  top                      watch a running engine's stages (--admin URL | --port N; --once)
  plugins                  list the plugins found on the plugin path
  plugins describe NAME    print a plugin's options (--format text|markdown)
  dev-broker               run a local Kafka-protocol broker (librdkafka mock cluster)
  new-plugin NAME --kind K write a plugin project (K: source, processor or sink) to build with the SDK
  version                  print the engine and SDK ABI versions
  help                     this text

common options:
  --plugin-dir DIR         look for plugins in DIR first (repeatable); also STREAMLINE_PLUGIN_PATH

Run `engine <command> --help` for a command's options.
)";

}  // namespace

int main(int argc, char** argv) {
  using namespace streamline::engine;
  if (argc < 2) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  const std::string command = argv[1];
  const Args args(argv + 2, argv + argc);
  try {
    if (command == "run") return run_run_command(args);
    if (command == "validate") return run_validate_command(args);
    if (command == "graph") return run_graph_command(args);
    if (command == "plugins") return run_plugins_command(args);
    if (command == "dev-broker") return run_dev_broker_command(args);
    if (command == "new-plugin") return run_new_plugin_command(args);
    if (command == "test") return run_test_command(args);
    if (command == "top") return run_top_command(args);
    if (command == "version" || command == "--version") {
      std::printf("engine %s (SDK ABI %d, %s)\n", STREAMLINE_VERSION, streamline::kAbiVersion,
                  streamline::kBuildTag);
      return 0;
    }
    if (command == "help" || command == "--help" || command == "-h") {
      std::fputs(kUsage, stdout);
      return 0;
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "engine: %s\n", e.what());
    return 1;
  }
  std::fprintf(stderr, "engine: unknown command '%s'\n\n%s", command.c_str(), kUsage);
  return 2;
}
