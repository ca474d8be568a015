#pragma once
// RecordingPlugin: wraps a stage's plugin so a test sees what the stage did.
//
// The wrapped stage runs unchanged inside the real runtime; after each
// process() call the probe copies every event with its outcome into the
// CaseRecorder: pass -> output "stage", send(k) -> output "stage.<k>",
// drop -> a drop, fail -> an error. A send to an output nobody reads is
// also a drop ("no reader for output <k>"), as the engine makes it.
// When process() throws, the probe records the failures the stage worker
// is about to make of it, with the worker's messages, and rethrows, so the
// engine's own handling (retry, isolation of bad payloads) is untouched.

#include <string>
#include <vector>

#include <streamline/plugin.hpp>

#include "engine/config/pipeline_config.hpp"
#include "engine/testing/case_record.hpp"

namespace streamline::engine {

// The stage a probe watches, as the case's plan wires it.
struct ProbeTarget {
  std::string stage;
  std::string plugin_name;                 // for "plugin 'NAME' threw: ..."
  std::vector<std::string> outputs;        // named outputs
  std::vector<bool> output_has_readers;    // same index
  RetrySettings retry;                     // when transient errors give up
};

class RecordingPlugin final : public Plugin {
 public:
  RecordingPlugin(const Plugin& inner, ProbeTarget target, CaseRecorder& recorder)
      : inner_(inner), target_(std::move(target)), recorder_(recorder) {}

  PluginKind kind() const noexcept override { return inner_.kind(); }
  std::string description() const override { return inner_.description(); }
  const ConfigSpec& spec() const override { return inner_.spec(); }
  std::vector<std::string> outputs(const Config& config) const override { return inner_.outputs(config); }
  bool allows_concurrency() const noexcept override { return inner_.allows_concurrency(); }
  std::unique_ptr<Stage> create(const Config& config, Context& context) const override;

 private:
  const Plugin& inner_;
  ProbeTarget target_;
  CaseRecorder& recorder_;
};

}  // namespace streamline::engine
