#include "engine/cli/test_command.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>

#include "engine/cli/command_line.hpp"
#include "engine/config/pipeline_config.hpp"
#include "engine/loader/plugin_loader.hpp"
#include "engine/testing/junit_report.hpp"
#include "engine/testing/test_file_runner.hpp"

namespace streamline::engine {
namespace {

constexpr const char* kUsage = R"(usage: engine test [PATH...] [options]

Runs pipeline unit tests: YAML files that feed events to a pipeline's stages
and check what comes out (outputs, drops with reasons, errors, dead letters)
and what sinks would have written (effects), with the stages that need
Kafka, PostgreSQL, Redis or HTTP replaced by recording doubles. Every other
stage runs for real on the engine's runtime, in process; nothing connects to
a service. See docs/testing-pipelines.md.

PATH is a test file or a folder searched for *.yaml and *.yml (default:
pipelines/tests). Exit code 0: every case passed; 1: a case failed or a test
file could not run; 2: usage.

options:
  --junit FILE         also write the results as JUnit XML (for CI)
  --filter TEXT        run only the cases whose name contains TEXT
  --plugin-dir DIR     look for plugins in DIR first (repeatable); then
                       STREAMLINE_PLUGIN_PATH, then next to the engine
  -h, --help           this text
)";

constexpr const char* kDefaultPath = "pipelines/tests";

struct TestOptions {
  std::vector<std::string> paths;
  std::vector<std::string> plugin_dirs;
  std::string junit;
  std::string filter;
  bool help = false;
};

std::optional<TestOptions> parse_arguments(const Args& args, std::string& problem) {
  const auto line = read_command_line(args, {"--junit", "--filter", "--plugin-dir"}, problem);
  if (!line) return std::nullopt;
  TestOptions options;
  options.paths = line->positional;
  options.help = line->help;
  for (const auto& [name, value] : line->options) {
    if (name == "--junit") {
      options.junit = value;
    } else if (name == "--filter") {
      options.filter = value;
    } else {
      if (!check_plugin_dir(value, problem)) return std::nullopt;
      options.plugin_dirs.push_back(value);
    }
  }
  if (options.paths.empty()) options.paths.push_back(kDefaultPath);
  return options;
}

// The test files under the paths, each folder's sorted, in the order given.
std::optional<std::vector<std::string>> find_test_files(const std::vector<std::string>& paths, std::string& problem) {
  std::vector<std::string> files;
  for (const auto& path : paths) {
    std::error_code ec;
    if (std::filesystem::is_regular_file(path, ec)) {
      files.push_back(path);
      continue;
    }
    if (!std::filesystem::is_directory(path, ec)) {
      problem = "no such test file or folder '" + path + "'";
      return std::nullopt;
    }
    std::vector<std::string> found;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(path, ec)) {
      const auto ext = entry.path().extension().string();
      if (entry.is_regular_file() && (ext == ".yaml" || ext == ".yml")) found.push_back(entry.path().string());
    }
    if (found.empty()) {
      problem = "no test files (*.yaml, *.yml) under '" + path + "'";
      return std::nullopt;
    }
    std::sort(found.begin(), found.end());
    files.insert(files.end(), found.begin(), found.end());
  }
  return files;
}

std::string milliseconds(double seconds) { return std::to_string(static_cast<long long>(seconds * 1000.0 + 0.5)) + " ms"; }

void print_case(std::ostream& out, const CaseResult& c) {
  out << "  " << (c.passed ? "PASS" : "FAIL") << "  " << c.name << " (" << milliseconds(c.seconds) << ")\n";
  if (c.passed) return;
  for (const auto& problem : c.problems) {
    std::size_t start = 0;
    while (start <= problem.size()) {
      const auto end = problem.find('\n', start);
      out << "        " << problem.substr(start, end == std::string::npos ? std::string::npos : end - start) << "\n";
      if (end == std::string::npos) break;
      start = end + 1;
    }
  }
  if (!c.log.empty()) {
    out << "        engine log:\n";
    for (const auto& line : c.log) out << "          " << line << "\n";
  }
}

}  // namespace

int run_test_command(const Args& args, const TestStreams& streams) {
  std::string problem;
  const auto options = parse_arguments(args, problem);
  if (!options) {
    streams.err << "engine test: " << problem << "\n\n" << kUsage;
    return 2;
  }
  if (options->help) {
    streams.out << kUsage;
    return 0;
  }
  const auto files = find_test_files(options->paths, problem);
  if (!files) {
    streams.err << "engine test: " << problem << "\n";
    return 2;
  }

  const std::string env_path = streams.env ? streams.env("STREAMLINE_PLUGIN_PATH").value_or("") : "";
  PluginRegistry plugins;
  plugins.load_directories(PluginRegistry::search_path(options->plugin_dirs, env_path));

  std::vector<FileResult> results;
  std::size_t passed = 0, failed = 0, broken = 0;
  for (const auto& file : *files) {
    streams.out << file << "\n";
    streams.out.flush();
    TestFileOptions file_options;
    file_options.filter = options->filter;
    file_options.on_case = [&](const CaseResult& c) {
      print_case(streams.out, c);
      streams.out.flush();
    };
    results.push_back(run_test_file(file, plugins, file_options));
    const FileResult& r = results.back();
    if (!r.load_errors.empty()) {
      ++broken;
      streams.out << "  ERROR  the test file cannot run:\n";
      for (const auto& e : r.load_errors) {
        std::size_t start = 0;
        while (start < e.size()) {
          const auto end = e.find('\n', start);
          streams.out << "        " << e.substr(start, end == std::string::npos ? std::string::npos : end - start) << "\n";
          if (end == std::string::npos) break;
          start = end + 1;
        }
      }
    }
    for (const auto& c : r.cases) (c.passed ? passed : failed) += 1;
  }

  const std::size_t total = passed + failed;
  streams.out << "\n" << total << (total == 1 ? " case" : " cases") << " in " << files->size()
              << (files->size() == 1 ? " file" : " files") << ": " << passed << " passed, " << failed << " failed";
  if (broken) streams.out << ", " << broken << (broken == 1 ? " file" : " files") << " could not run";
  streams.out << "\n";
  streams.out.flush();

  if (!options->junit.empty()) {
    std::error_code ec;
    const auto folder = std::filesystem::path(options->junit).parent_path();
    if (!folder.empty()) std::filesystem::create_directories(folder, ec);
    std::ofstream junit(options->junit);
    junit << junit_xml(results);
    if (!junit) {
      streams.err << "engine test: cannot write JUnit XML to '" << options->junit << "'\n";
      return 1;
    }
  }
  if (total == 0 && broken == 0) {
    streams.err << "engine test: no case " << (options->filter.empty() ? "found" : "matches '" + options->filter + "'") << "\n";
    return 1;
  }
  return failed == 0 && broken == 0 ? 0 : 1;
}

int run_test_command(const Args& args) {
  return run_test_command(args, TestStreams{std::cout, std::cerr, process_environment()});
}

}  // namespace streamline::engine
