#include "engine/config/pipeline_config.hpp"

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/config/config_path.hpp"
#include "engine/config/diagnostic_codes.hpp"
#include "engine/config/duplicate_keys.hpp"
#include "engine/config/duration.hpp"
#include "engine/config/engine_spec.hpp"
#include "engine/config/location_index.hpp"
#include "engine/config/spec_checker.hpp"
#include "engine/config/yaml_documents.hpp"
#include "engine/config/yaml_location.hpp"
#include "engine/config/yaml_scalar.hpp"
#include "engine/config/yaml_syntax_hint.hpp"

namespace streamline::engine {

namespace {

using std::chrono::milliseconds;

// '.' separates a stage from its output in `inputs:`, so names cannot hold one.
bool is_valid_name(const std::string& name) {
  if (name.empty()) return false;
  for (char c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-') return false;
  return true;
}

// yaml-cpp's lookup of an absent key gives a node that throws when asked its
// type; a config block that is not there is a null node instead.
YAML::Node present_or_null(const YAML::Node& node) {
  return node.IsDefined() ? node : YAML::Node();
}

// Reads the parts of a pipeline file after YAML parsing and interpolation.
class ConfigReader {
 public:
  ConfigReader(PipelineConfig& config, Diagnostics& diags)
      : config_(config),
        diags_(diags),
        context_{config.file, &config.environment_values} {}

  void read(const YAML::Node& root) {
    const nlohmann::json top =
        check_config(root, top_level_spec(), "", SourceLocation{config_.file, 1, 1}, context_, diags_);
    read_settings(top.at("pipeline"));
    read_named_entries(root["resources"], "resources", "resource", &ConfigReader::read_resource);
    read_named_entries(root["stages"], "stages", "stage", &ConfigReader::read_stage);
  }

 private:
  void read_settings(const nlohmann::json& pipeline) {
    auto& s = config_.settings;
    s.name = pipeline.value("name", std::string{});
    if (s.name.empty()) s.name = std::filesystem::path(config_.file).stem().string();
    s.queue_capacity = pipeline.at("queue_capacity").get<std::size_t>();
    s.dead_letter = pipeline.value("dead_letter", std::string{});
    s.drain_timeout = milliseconds(pipeline.at("drain_timeout").get<std::int64_t>());
    s.admin_address = pipeline.at("admin").at("address").get<std::string>();
    s.admin_port = pipeline.at("admin").at("port").get<int>();
  }

  // Reads one entry; `check` is false when the entry is not even a map and
  // only its name is kept (so inputs naming it still resolve).
  using ReadEntry = void (ConfigReader::*)(const std::string& name, const YAML::Node& node,
                                           const std::string& path, const SourceLocation& where,
                                           bool check);

  // `resources:` and `stages:` are maps from a user-chosen name to an entry.
  void read_named_entries(const YAML::Node& node, const std::string& path, const std::string& what,
                          ReadEntry read_entry) {
    if (!node.IsDefined() || node.IsNull()) return;
    if (!node.IsMap()) {
      report(codes::kWrongType,
             "expected a map of " + what + " name to " + what + ", got " + describe_value(node),
             path, config_.location_of(path),
             "write each " + what + " as `name: { plugin: ... }`");
      return;
    }
    std::set<std::string> seen;
    for (const auto& entry : node) {
      if (!entry.first.IsScalar()) continue;
      const std::string& name = entry.first.Scalar();
      if (!seen.insert(name).second) continue;  // reported by check_duplicate_keys
      const std::string entry_path = join_path(path, name);
      const SourceLocation where = location_of_mark(config_.file, entry.first.Mark());
      if (!is_valid_name(name))
        report(codes::kInvalidName,
               what + " name '" + name + "' may only use letters, digits, '_' and '-'", entry_path,
               where, "'.' separates a stage from its output in inputs");
      if (entry.second.IsScalar()) {
        // `src: generate` is a common first attempt.
        report(codes::kWrongType,
               "expected a " + what + " (a map with plugin: and config:), got " +
                   describe_value(entry.second),
               entry_path, where,
               "write `" + name + ": { plugin: " + entry.second.Scalar() + " }`");
        (this->*read_entry)(name, entry.second, entry_path, where, false);
        continue;
      }
      (this->*read_entry)(name, entry.second, entry_path, where, true);
    }
  }

  void read_resource(const std::string& name, const YAML::Node& node, const std::string& path,
                     const SourceLocation& where, bool check) {
    ResourceConfig resource;
    resource.name = name;
    resource.location = where;
    if (check) {
      const auto values = check_config(node, resource_spec(), path, where, context_, diags_);
      resource.plugin = values.value("plugin", std::string{});
      if (node.IsMap()) resource.config = present_or_null(node["config"]);
    }
    resource.plugin_location = config_.location_of(join_path(path, "plugin"));
    config_.resources.push_back(std::move(resource));
  }

  void read_stage(const std::string& name, const YAML::Node& node, const std::string& path,
                  const SourceLocation& where, bool check) {
    StageConfig stage;
    stage.name = name;
    stage.location = where;
    stage.plugin_location = config_.location_of(join_path(path, "plugin"));
    if (check) {
      const auto values = check_config(node, stage_spec(), path, where, context_, diags_);
      stage.plugin = values.value("plugin", std::string{});
      if (node.IsMap()) {
        stage.config = present_or_null(node["config"]);
        read_inputs(node["inputs"], join_path(path, "inputs"), stage.inputs);
      }
      read_stage_settings(values, path, stage);
    }
    config_.stages.push_back(std::move(stage));
  }

  void read_stage_settings(const nlohmann::json& values, const std::string& path,
                           StageConfig& stage) {
    // Defaults are always filled in; an invalid value is left out (and reported).
    const auto& batch = values.at("batch");
    stage.batch.max_events = batch.value("max_events", stage.batch.max_events);
    stage.batch.max_wait = milliseconds(batch.value("max_wait", stage.batch.max_wait.count()));
    stage.concurrency = values.value("concurrency", stage.concurrency);
    if (values.value("partition_by", std::string("none")) == "key") stage.partition_by = Partitioning::kKey;
    const auto& retry = values.at("retry");
    stage.retry.max_attempts = retry.value("max_attempts", stage.retry.max_attempts);
    stage.retry.initial_backoff =
        milliseconds(retry.value("initial_backoff", stage.retry.initial_backoff.count()));
    stage.retry.max_backoff =
        milliseconds(retry.value("max_backoff", stage.retry.max_backoff.count()));
    if (stage.retry.initial_backoff > stage.retry.max_backoff) {
      const std::string where = join_path(path, "retry.initial_backoff");
      report(codes::kOutOfRange,
             "initial_backoff (" + format_duration(stage.retry.initial_backoff) +
                 ") is longer than max_backoff (" + format_duration(stage.retry.max_backoff) + ")",
             where, config_.location_of(where), "make initial_backoff at most max_backoff");
    }
  }

  void read_inputs(const YAML::Node& node, const std::string& path, std::vector<InputRef>& inputs) {
    if (!node.IsDefined() || node.IsNull()) return;
    if (node.IsScalar()) {  // `inputs: src` reads as `inputs: [src]`
      read_input(node, path, inputs);
      return;
    }
    if (!node.IsSequence()) {
      report(codes::kWrongType, "expected a list of inputs, got " + describe_value(node), path,
             config_.location_of(path), "write inputs: [stage, stage.output]");
      return;
    }
    std::size_t index = 0;
    for (const auto& item : node) read_input(item, join_path(path, index++), inputs);
  }

  void read_input(const YAML::Node& node, const std::string& path, std::vector<InputRef>& inputs) {
    const SourceLocation where = location_of_mark(config_.file, node.Mark());
    if (!node.IsScalar()) {
      report(codes::kWrongType, "expected a stage name, got " + describe_value(node), path, where,
             "write stage, stage.output or stage.error");
      return;
    }
    const std::string& text = node.Scalar();
    const std::size_t dot = text.find('.');
    InputRef ref{text.substr(0, dot), dot == std::string::npos ? "" : text.substr(dot + 1), where,
                 text};
    if (ref.stage.empty() || (dot != std::string::npos && ref.output.empty())) {
      report(codes::kInvalidInput, "'" + text + "' is not a valid input", path, where,
             "write stage, stage.output or stage.error");
      return;
    }
    inputs.push_back(std::move(ref));
  }

  void report(const char* code, std::string message, std::string path, SourceLocation where,
              std::string hint = {}) {
    diags_.push_back({Severity::kError, code, std::move(message), std::move(path),
                      std::move(where), std::move(hint)});
  }

  PipelineConfig& config_;
  Diagnostics& diags_;
  SpecCheckContext context_;
};

std::optional<YAML::Node> parse_yaml(const std::string& text, const std::string& file,
                                     Diagnostics& diags) {
  YamlDocuments documents;
  try {
    documents = load_yaml_documents(text);
  } catch (const YAML::Exception& e) {
    diags.push_back({Severity::kError, codes::kYamlSyntax, "invalid YAML: " + e.msg, {},
                     location_of_mark(file, e.mark), yaml_syntax_hint(e.msg, text, e.mark)});
    return std::nullopt;
  }
  if (documents.count > 1) {
    diags.push_back({Severity::kError, codes::kYamlSyntax,
                     "the file holds " + std::to_string(documents.count) +
                         " YAML documents; a pipeline is one",
                     {}, location_of_mark(file, documents.second),
                     "remove the '---' separators, or split the file"});
  }
  if (documents.count == 0 || documents.first.IsNull()) {
    diags.push_back({Severity::kError, codes::kNoStages, "the file is empty", {},
                     SourceLocation{file, 1, 1}, "a pipeline needs at least `stages:`"});
    return std::nullopt;
  }
  if (!documents.first.IsMap()) {
    diags.push_back({Severity::kError, codes::kWrongType,
                     "expected a map with pipeline:, resources: and stages:, got " +
                         describe_value(documents.first),
                     {}, location_of_mark(file, documents.first.Mark()), {}});
    return std::nullopt;
  }
  return documents.first;
}

}  // namespace

SourceLocation PipelineConfig::location_of(const std::string& path) const {
  for (std::string at = path;; at = parent_path(at)) {
    if (auto it = locations.find(at); it != locations.end()) return it->second;
    if (at.empty()) break;
  }
  return SourceLocation{file, 0, 0};
}

EnvLookup process_environment() {
  return [](const std::string& name) -> std::optional<std::string> {
    if (const char* value = std::getenv(name.c_str())) return std::string(value);
    return std::nullopt;
  };
}

std::optional<PipelineConfig> parse_pipeline_config(const std::string& text, const std::string& file,
                                                    const EnvLookup& env, Diagnostics& diags) {
  std::optional<YAML::Node> root = parse_yaml(text, file, diags);
  if (!root) return std::nullopt;

  PipelineConfig config;
  config.file = file;
  config.environment_values = interpolate_document(*root, env, file, diags);
  config.locations = index_locations(*root, file);
  check_duplicate_keys(*root, file, diags);
  ConfigReader(config, diags).read(*root);
  return config;
}

std::optional<PipelineConfig> load_pipeline_config(const std::string& file, const EnvLookup& env,
                                                   Diagnostics& diags) {
  auto unreadable = [&](const std::string& why) -> std::optional<PipelineConfig> {
    diags.push_back({Severity::kError, codes::kFileUnreadable, "cannot read '" + file + "': " + why,
                     {}, SourceLocation{file, 0, 0}, {}});
    return std::nullopt;
  };
  std::error_code ec;
  if (std::filesystem::is_directory(file, ec)) return unreadable("it is a directory");
  std::ifstream in(file, std::ios::binary);
  if (!in) return unreadable(std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return unreadable(std::strerror(errno));
  return parse_pipeline_config(text.str(), file, env, diags);
}

}  // namespace streamline::engine
