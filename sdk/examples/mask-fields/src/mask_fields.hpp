#pragma once
// mask-fields: an example processor built outside the engine's tree, against
// the installed SDK only (find_package(StreamlineSDK)).
//
// It replaces the values of configured fields (`card.number`, `email`) with a
// mask, optionally keeping the last characters of strings ("***1111"), and
// decides per event what happens when a field is missing: pass it on, drop
// it, or fail it to the error output. It shows the parts of a plugin: an
// options spec, a semantic validate(), a stage setting one outcome per event,
// a metric and a log line from the Context.

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include <streamline/streamline.hpp>

namespace mask_fields {

// What to do with an event that lacks one of the fields.
enum class WhenMissing { kPass, kDrop, kFail };

struct MaskOptions {
  std::vector<std::vector<std::string>> fields;  // each a path of object keys
  std::string mask = "***";
  std::size_t keep_last = 0;  // characters of a string value kept after the mask
  WhenMissing when_missing = WhenMissing::kPass;
};

// "card.number" -> {"card", "number"}; empty segments are kept (validate()
// reports them).
std::vector<std::string> split_path(const std::string& path);

class MaskFieldsStage final : public streamline::Processor {
 public:
  // `masked` counts values replaced; it outlives the stage (it lives in the
  // Context's metrics).
  MaskFieldsStage(MaskOptions options, streamline::Counter& masked);

  void process(streamline::Batch& batch) override;

 private:
  MaskOptions options_;
  streamline::Counter& masked_;
};

class MaskFieldsPlugin final : public streamline::Plugin {
 public:
  streamline::PluginKind kind() const noexcept override { return streamline::PluginKind::kProcessor; }
  std::string description() const override;
  const streamline::ConfigSpec& spec() const override { return spec_; }
  void validate(const streamline::Config& config, streamline::ConfigIssues& issues) const override;
  std::unique_ptr<streamline::Stage> create(const streamline::Config& config,
                                            streamline::Context& context) const override;

 private:
  streamline::ConfigSpec spec_ = make_spec();
  static streamline::ConfigSpec make_spec();
};

}  // namespace mask_fields
