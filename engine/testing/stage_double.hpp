#pragma once
// StageDoublePlugin: stands in for a stage a test must not run for real
// (one that needs Kafka, PostgreSQL, Redis, HTTP). It records every event
// that reaches it (the stage's effects: what the real sink would have
// written), then does what its DoubleSpec says: by default pass it on, or
// per rule merge a patch into it, drop it, fail it or send it to a named
// output. It keeps the real stage's kind and named outputs, so the graph
// around it is wired exactly as in production.

#include <string>
#include <vector>

#include <streamline/plugin.hpp>

#include "engine/testing/case_record.hpp"
#include "engine/testing/pipeline_test_file.hpp"

namespace streamline::engine {

class StageDoublePlugin final : public Plugin {
 public:
  StageDoublePlugin(PluginKind kind, DoubleSpec spec, std::vector<std::string> outputs, CaseRecorder& recorder)
      : kind_(kind), spec_(std::move(spec)), outputs_(std::move(outputs)), recorder_(recorder) {}

  PluginKind kind() const noexcept override { return kind_; }
  std::string description() const override { return "test double of stage '" + spec_.stage + "'"; }
  const ConfigSpec& spec() const override { return config_spec_; }
  std::vector<std::string> outputs(const Config&) const override { return outputs_; }
  std::unique_ptr<Stage> create(const Config& config, Context& context) const override;

 private:
  PluginKind kind_;
  DoubleSpec spec_;
  std::vector<std::string> outputs_;
  CaseRecorder& recorder_;
  ConfigSpec config_spec_;
};

}  // namespace streamline::engine
