#pragma once
// PipelineConfig: a pipeline file as read from YAML, before plugins are
// consulted. Produced by load_pipeline_config(); plugin `config:` blocks are
// kept as YAML nodes (with their marks) so each plugin's spec can check them
// later with exact locations.
//
// File format (docs/configuration.md):
//   pipeline:   { name, queue_capacity, dead_letter, drain_timeout, admin }   (optional)
//   resources:  { <name>: { plugin, config } }                                (optional)
//   stages:     { <name>: { plugin, config, inputs, batch, concurrency, retry } }

#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "engine/config/diagnostic.hpp"
#include "engine/config/interpolation.hpp"

namespace streamline::engine {

// `inputs:` entry: "stage" (default output), "stage.name" (named output) or
// "stage.error" (the error output).
struct InputRef {
  std::string stage;
  std::string output;  // empty = default output
  SourceLocation location;
  std::string text;    // as written
};

struct BatchSettings {
  std::size_t max_events = 1024;
  std::chrono::milliseconds max_wait{0};  // 0: take what is queued, never wait
};

// How the instances of a stage (`concurrency: N`) share its input.
enum class Partitioning {
  kNone,  // any instance takes any batch
  kKey,   // by a hash of Event::key: one key, one instance, in order
};

struct RetrySettings {
  int max_attempts = 0;  // 0 = retry transient errors forever
  std::chrono::milliseconds initial_backoff{100};
  std::chrono::milliseconds max_backoff{10000};
};

struct StageConfig {
  std::string name;
  std::string plugin;
  YAML::Node config;  // the raw `config:` block (interpolated), may be null
  std::vector<InputRef> inputs;
  BatchSettings batch;
  int concurrency = 1;
  Partitioning partition_by = Partitioning::kNone;
  RetrySettings retry;
  SourceLocation location;         // of the stage's key
  SourceLocation plugin_location;  // of the `plugin:` value
};

struct ResourceConfig {
  std::string name;
  std::string plugin;
  YAML::Node config;
  SourceLocation location;
  SourceLocation plugin_location;
};

struct PipelineSettings {
  std::string name;
  std::size_t queue_capacity = 8;  // batches per stage input queue
  std::string dead_letter;         // stage receiving failures nobody else reads; may be empty
  std::chrono::milliseconds drain_timeout{30000};
  std::string admin_address = "127.0.0.1";
  int admin_port = 0;  // 0 = no admin HTTP server
};

struct PipelineConfig {
  std::string file;
  PipelineSettings settings;
  std::vector<ResourceConfig> resources;  // in file order
  std::vector<StageConfig> stages;        // in file order
  // Location of every config path seen ("stages.router.config.routes.0.when").
  std::map<std::string, SourceLocation> locations;
  // Source offsets of the scalars whose value came from ${...}; the spec
  // checker warns about secrets written literally (see spec_checker.hpp).
  std::set<int> environment_values;

  // The location of `path`, or of its nearest parent that has one (a default
  // filled in has no location of its own); {file, 0, 0} when none has.
  SourceLocation location_of(const std::string& path) const;
};

// EnvLookup (interpolation.hpp): environment lookup, injectable for tests.
// This one reads the process environment.
EnvLookup process_environment();

// Reads and checks the file's structure (YAML syntax, known keys with
// did-you-mean, value types of engine settings, env interpolation). Errors go
// to `diags`; returns nullopt only when nothing usable could be read.
std::optional<PipelineConfig> load_pipeline_config(const std::string& file, const EnvLookup& env,
                                                   Diagnostics& diags);
// Same, from text (tests); `file` names it in diagnostics.
std::optional<PipelineConfig> parse_pipeline_config(const std::string& text, const std::string& file,
                                                    const EnvLookup& env, Diagnostics& diags);

}  // namespace streamline::engine
