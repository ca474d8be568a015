// The `file-sink` plugin: its options, its factory and its export.

#include <memory>
#include <string>

#include <streamline/plugin.hpp>

#include "file_sink.hpp"

namespace streamline::plugins::file_sink {
namespace {

ConfigSpec make_spec() {
  ConfigSpec spec;
  spec.add(Option::string("path").required().example("out/events.jsonl").doc(
      "File to append to, one JSON document per line; parent directories are created."));
  spec.add(Option::boolean("flush").default_value(true).doc(
      "Flush to the operating system after every batch, so a passed event is written."));
  spec.add(Option::boolean("fsync").default_value(false).doc(
      "Also fsync after every batch, so a passed event survives a power loss (slower)."));
  return spec;
}

class FileSinkPlugin final : public Plugin {
 public:
  PluginKind kind() const noexcept override { return PluginKind::kSink; }

  std::string description() const override {
    return "Appends each event's JSON as one line to a file (JSON Lines).";
  }

  const ConfigSpec& spec() const override { return spec_; }

  // Two buffered writers on one file could interleave partial lines.
  bool allows_concurrency() const noexcept override { return false; }

  void validate(const Config& config, ConfigIssues& issues) const override {
    const std::string path = config.get_or<std::string>("path", "");
    if (path.empty()) issues.error("path", "path must not be empty", "e.g. `path: out/events.jsonl`");
    else if (path.back() == '/') issues.error("path", "path '" + path + "' names a directory, not a file");
  }

  std::unique_ptr<Stage> create(const Config& config, Context& context) const override {
    FileSinkOptions options;
    options.path = config.get<std::string>("path");
    options.flush = config.get<bool>("flush");
    options.fsync = config.get<bool>("fsync");
    return std::make_unique<FileSink>(std::move(options), &context.logger());
  }

 private:
  ConfigSpec spec_ = make_spec();
};

}  // namespace
}  // namespace streamline::plugins::file_sink

STREAMLINE_PLUGIN(streamline::plugins::file_sink::FileSinkPlugin, "file-sink", "1.0.0")
