#include "engine/cli/new_plugin_templates.hpp"

#include <cctype>
#include <stdexcept>

namespace streamline::engine {
namespace {

// ---- Shared by every kind --------------------------------------------------

constexpr const char* kCMakeLists = R"TPL(# @NAME@: a Streamline @KIND@ plugin, built against the installed SDK.
#   cmake -S . -B build -DCMAKE_PREFIX_PATH=<SDK prefix>
#   cmake --build build && ctest --test-dir build --output-on-failure
cmake_minimum_required(VERSION 3.25)
project(@IDENT@ CXX)

find_package(StreamlineSDK REQUIRED)

# The plugin: build/@NAME@.so. Run it with `engine run pipeline.yaml --plugin-dir build`.
streamline_add_plugin(@NAME@ src/export.cpp src/@IDENT@.cpp)

# Its test: the SDK's header-only harness and plain checks, no test framework.
enable_testing()
add_executable(@IDENT@_test test/@IDENT@_test.cpp src/@IDENT@.cpp)
target_include_directories(@IDENT@_test PRIVATE src)
target_link_libraries(@IDENT@_test PRIVATE streamline::sdk)
add_test(NAME @IDENT@_test COMMAND @IDENT@_test)
)TPL";

constexpr const char* kExport = R"TPL(// The one symbol the engine looks for: the plugin's descriptor (SDK ABI,
// build tag, name, version) and its factory. It lives apart from the plugin's
// code so the test links that code without exporting a second plugin.
#include "@IDENT@.hpp"

STREAMLINE_PLUGIN(@IDENT@_plugin::@CLASS@Plugin, "@NAME@", "0.1.0")
)TPL";

constexpr const char* kGitignore = R"TPL(build/
out/
)TPL";

constexpr const char* kReadmeCommon = R"TPL(## Build, test, run

The SDK comes with the engine: `cmake --install <engine build dir> --prefix <SDK prefix>`
installs its headers and CMake package.

```bash
cmake -S . -B build -DCMAKE_PREFIX_PATH=<SDK prefix>
cmake --build build
ctest --test-dir build --output-on-failure       # the test in test/
engine plugins --plugin-dir build                 # lists @NAME@
engine run pipeline.yaml --plugin-dir build      # OUT_DIR=out by default
```

## Files

| file | holds |
| --- | --- |
| `src/@IDENT@.hpp` | the options, the stage and the plugin (factory) classes |
| `src/@IDENT@.cpp` | the options spec, `validate()`, `create()` and the stage's work |
| `src/export.cpp` | `STREAMLINE_PLUGIN(...)`: the descriptor the engine checks before loading (SDK ABI, build tag, name, version) |
| `test/@IDENT@_test.cpp` | the test: `PluginHarness`, the stage helpers and `Checks` from `<streamline/testing/testing.hpp>` |
| `pipeline.yaml` | a pipeline that runs the plugin |

Change the spec and the description, then regenerate the Options section below with
`engine plugins describe @NAME@ --format markdown --plugin-dir build`. The plugin authoring
guide is `docs/plugins.md` in the engine's repository: lifecycle, batches and outcomes,
acknowledgements, metrics, logging, resources, errors and retries, testing, ABI rules.
A plugin must be rebuilt against the SDK of the engine that loads it: the engine refuses a
plugin built for another SDK ABI or toolchain, naming both.

)TPL";

// ---- source -------------------------------------------------------------------

constexpr const char* kSourceDescription = "Emits numbered greeting events (finite or endless).";

constexpr const char* kSourceHeader = R"TPL(#pragma once
// @NAME@: a Streamline source plugin.
//
// It emits `count` events {"message": ..., "seq": n} with origin
// (topic, partition 0, offset n), then reports that it is exhausted (the
// engine then drains the pipeline and exits). Replace poll() with reading
// from your system; keep the origins: the engine acknowledges events by them
// and calls commit() with the positions that are done.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <stop_token>
#include <string>
#include <vector>

#include <streamline/streamline.hpp>

namespace @IDENT@_plugin {

struct Options {
  std::uint64_t count = 10;  // 0 = endless
  std::string message;
  std::string topic;
};

// Threading: the engine calls a source from one thread; sources never run
// with `concurrency` > 1.
class @CLASS@Source final : public streamline::Source {
 public:
  @CLASS@Source(Options options, std::stop_token stop, spdlog::logger& logger, streamline::Counter& emitted);

  streamline::PollStatus poll(streamline::Batch& out, std::size_t max_events,
                              std::chrono::milliseconds timeout) override;
  void commit(const std::vector<streamline::Position>& positions) override;
  void pause() override { paused_ = true; }
  void resume() override { paused_ = false; }

 private:
  Options options_;
  std::stop_token stop_;
  spdlog::logger& logger_;
  streamline::Counter& emitted_;
  std::uint64_t next_ = 0;
  bool paused_ = false;
};

class @CLASS@Plugin final : public streamline::Plugin {
 public:
  streamline::PluginKind kind() const noexcept override { return streamline::PluginKind::kSource; }
  std::string description() const override;
  const streamline::ConfigSpec& spec() const override { return spec_; }
  void validate(const streamline::Config& config, streamline::ConfigIssues& issues) const override;
  std::unique_ptr<streamline::Stage> create(const streamline::Config& config,
                                            streamline::Context& context) const override;

 private:
  static streamline::ConfigSpec make_spec();
  streamline::ConfigSpec spec_ = make_spec();
};

}  // namespace @IDENT@_plugin
)TPL";

constexpr const char* kSourceCode = R"TPL(#include "@IDENT@.hpp"

#include <utility>

namespace @IDENT@_plugin {

using streamline::Batch;
using streamline::Config;
using streamline::ConfigIssues;
using streamline::ConfigSpec;
using streamline::Event;
using streamline::Option;
using streamline::PollStatus;

// ---- The factory: options, checks, instances ----

std::string @CLASS@Plugin::description() const {
  return "@DESCRIPTION@";  // one line, shown by `engine plugins`
}

// One declaration drives parsing (types, defaults), `engine validate` and
// `engine plugins describe`.
ConfigSpec @CLASS@Plugin::make_spec() {
  ConfigSpec spec;
  spec.add(Option::integer("count").default_value(10).min(0).doc("Events to emit; 0 means endless."));
  spec.add(Option::string("message").default_value("hello").doc("Text of each event's `message` field."));
  spec.add(Option::string("topic").default_value("@NAME@").doc(
      "Topic named in each event's origin (partition 0, offset = sequence number from 0)."));
  return spec;
}

// Checks beyond the spec; no I/O (`engine validate` runs this in CI).
void @CLASS@Plugin::validate(const Config& config, ConfigIssues& issues) const {
  if (config.get<std::string>("topic").empty())
    issues.error("topic", "topic must not be empty", "e.g. `topic: @NAME@`");
}

// Builds an instance from the checked config: no I/O here either (connect in
// start()). The logger, metrics and stop token come from the Context.
std::unique_ptr<streamline::Stage> @CLASS@Plugin::create(const Config& config, streamline::Context& context) const {
  Options options;
  options.count = config.get<std::uint64_t>("count");
  options.message = config.get<std::string>("message");
  options.topic = config.get<std::string>("topic");
  streamline::Counter& emitted = context.metrics().counter("@IDENT@_emitted_events_total", "Events emitted.");
  return std::make_unique<@CLASS@Source>(std::move(options), context.stop_token(), context.logger(), emitted);
}

// ---- The stage ----

@CLASS@Source::@CLASS@Source(Options options, std::stop_token stop, spdlog::logger& logger,
                             streamline::Counter& emitted)
    : options_(std::move(options)), stop_(std::move(stop)), logger_(logger), emitted_(emitted) {}

PollStatus @CLASS@Source::poll(Batch& out, std::size_t max_events, std::chrono::milliseconds timeout) {
  if (options_.count != 0 && next_ >= options_.count) return PollStatus::kExhausted;
  if (paused_) {
    // Backpressure: return no events, but wait instead of spinning; wake up
    // at once when the engine stops the stage.
    streamline::interruptible_sleep(timeout, stop_);
    return PollStatus::kReady;
  }
  std::size_t added = 0;
  while (added < max_events && (options_.count == 0 || next_ < options_.count)) {
    Event& event = out.add(Event::from_json({{"message", options_.message}, {"seq", next_}}));
    event.key = std::to_string(next_);
    event.origin = {options_.topic, 0, static_cast<std::int64_t>(next_)};
    ++next_;
    ++added;
  }
  if (added > 0) emitted_.inc(static_cast<double>(added));
  return PollStatus::kReady;
}

// Every event before these positions is done (delivered, dropped or failed
// terminally, in every branch). A real source persists its progress here,
// e.g. commits Kafka offsets.
void @CLASS@Source::commit(const std::vector<streamline::Position>& positions) {
  for (const auto& p : positions)
    logger_.debug("events before offset {} of {}/{} are done", p.next_offset, p.topic, p.partition);
}

}  // namespace @IDENT@_plugin
)TPL";

constexpr const char* kSourceTest = R"TPL(// @NAME@'s test: the SDK's harness runs the plugin's config checks and its
// stage in-process, with no engine and no services.
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include <streamline/testing/testing.hpp>

#include "@IDENT@.hpp"

using streamline::Json;
using namespace streamline::testing;

int main() {
  Checks checks;
  @IDENT@_plugin::@CLASS@Plugin plugin;

  {  // The options, as `engine validate` checks them.
    PluginHarness harness(plugin, "@NAME@");
    checks.equal(describe(harness.validate(Json::object())), std::string(), "the defaults are valid");
    checks.equal(describe(harness.validate({{"count", -1}})), std::string("count: must be at least 0"), "count >= 0");
    checks.equal(describe(harness.validate({{"topic", ""}})), std::string("topic: topic must not be empty"),
                 "an empty topic");
    checks.equal(describe(harness.validate({{"cuont", 1}})), std::string("cuont: unknown option 'cuont'"),
                 "an unknown option");
  }

  {  // The events, their origins, and the end of a finite source.
    PluginHarness harness(plugin, "@NAME@");
    auto source = harness.create_source({{"count", 3}});
    const PollResult polled = poll_until_exhausted(*source, /*max_events=*/2);
    checks.equal(documents_of(polled.events),
                 std::vector<Json>{{{"message", "hello"}, {"seq", 0}},
                                   {{"message", "hello"}, {"seq", 1}},
                                   {{"message", "hello"}, {"seq", 2}}},
                 "events");
    checks.expect(polled.exhausted, "a finite source ends");
    checks.equal(polled.polls, std::size_t{3}, "two batches, then exhausted");
    checks.equal(polled.events.at(2).origin.topic, std::string("@NAME@"), "origin topic");
    checks.equal(polled.events.at(2).origin.offset, std::int64_t{2}, "origin offset");
    checks.equal(harness.context().recording_metrics().counter_value("@IDENT@_emitted_events_total"), 3.0,
                 "emitted events counted");

    source->commit({{"@NAME@", 0, 3}});
    checks.expect(harness.context().logged("debug: events before offset 3 of @NAME@/0 are done"), "commit logged");
  }

  {  // Paused (backpressure): no events until resumed.
    PluginHarness harness(plugin, "@NAME@");
    auto source = harness.create_source(Json::object());
    source->pause();
    streamline::Batch batch;
    source->poll(batch, 10, std::chrono::milliseconds(1));
    checks.equal(batch.size(), std::size_t{0}, "a paused source emits nothing");
    source->resume();
    source->poll(batch, 10, std::chrono::milliseconds(1));
    checks.equal(batch.size(), std::size_t{10}, "a resumed source emits again");
  }

  return checks.report();
}
)TPL";

constexpr const char* kSourcePipeline = R"TPL(# @NAME@ in a pipeline: its events written as JSON lines.
#   engine run pipeline.yaml --plugin-dir build && cat out/@NAME@.jsonl
stages:
  @NAME@:
    plugin: @NAME@
    config: { count: 3 }

  out:
    plugin: file-sink
    inputs: [@NAME@]
    config: { path: "${OUT_DIR:-out}/@NAME@.jsonl" }
)TPL";

constexpr const char* kSourceOptions = R"TPL(## Options

| option | type | default | required | description |
| --- | --- | --- | --- | --- |
| `count` | integer | `10` | no | Events to emit; 0 means endless. (min 0) |
| `message` | string | `hello` | no | Text of each event's `message` field. |
| `topic` | string | `@NAME@` | no | Topic named in each event's origin (partition 0, offset = sequence number from 0). |
)TPL";

// ---- processor ----------------------------------------------------------------

constexpr const char* kProcessorDescription = "Sets a field of each event to a configured value.";

constexpr const char* kProcessorHeader = R"TPL(#pragma once
// @NAME@: a Streamline processor plugin.
//
// It sets one field of each event (`field`) to a value, and shows the three
// outcomes a processor decides per event: pass (the default), drop with a
// reason, fail with an error. Replace the work in process() with yours.

#include <memory>
#include <string>

#include <streamline/streamline.hpp>

namespace @IDENT@_plugin {

struct Options {
  std::string field;
  std::string value;
  bool skip_existing = false;
};

// Threading: one instance is called from one thread at a time; a stage with
// `concurrency: N` gets N instances.
class @CLASS@Processor final : public streamline::Processor {
 public:
  // `tagged` lives in the Context's metrics, which outlive the stage.
  @CLASS@Processor(Options options, streamline::Counter& tagged);

  void process(streamline::Batch& batch) override;

 private:
  Options options_;
  streamline::Counter& tagged_;
};

class @CLASS@Plugin final : public streamline::Plugin {
 public:
  streamline::PluginKind kind() const noexcept override { return streamline::PluginKind::kProcessor; }
  std::string description() const override;
  const streamline::ConfigSpec& spec() const override { return spec_; }
  void validate(const streamline::Config& config, streamline::ConfigIssues& issues) const override;
  std::unique_ptr<streamline::Stage> create(const streamline::Config& config,
                                            streamline::Context& context) const override;

 private:
  static streamline::ConfigSpec make_spec();
  streamline::ConfigSpec spec_ = make_spec();
};

}  // namespace @IDENT@_plugin
)TPL";

constexpr const char* kProcessorCode = R"TPL(#include "@IDENT@.hpp"

#include <cstddef>
#include <utility>

namespace @IDENT@_plugin {

using streamline::Batch;
using streamline::Config;
using streamline::ConfigIssues;
using streamline::ConfigSpec;
using streamline::Option;

// ---- The factory: options, checks, instances ----

std::string @CLASS@Plugin::description() const {
  return "@DESCRIPTION@";  // one line, shown by `engine plugins`
}

// One declaration drives parsing (types, defaults), `engine validate` and
// `engine plugins describe`.
ConfigSpec @CLASS@Plugin::make_spec() {
  ConfigSpec spec;
  spec.add(Option::string("field").default_value("tagged_by").doc("Field to set in each event."));
  spec.add(Option::string("value").default_value("@NAME@").doc("Value the field is set to."));
  spec.add(Option::boolean("skip_existing").default_value(false).doc(
      "Drop events that already have the field instead of overwriting it."));
  return spec;
}

// Checks beyond the spec; no I/O (`engine validate` runs this in CI).
void @CLASS@Plugin::validate(const Config& config, ConfigIssues& issues) const {
  if (config.get<std::string>("field").empty())
    issues.error("field", "field must not be empty", "e.g. `field: tagged_by`");
}

// Builds an instance from the checked config: no I/O. The logger and metrics
// come from the Context (labelled with the stage).
std::unique_ptr<streamline::Stage> @CLASS@Plugin::create(const Config& config, streamline::Context& context) const {
  Options options;
  options.field = config.get<std::string>("field");
  options.value = config.get<std::string>("value");
  options.skip_existing = config.get<bool>("skip_existing");
  context.logger().info("setting field '{}'", options.field);
  streamline::Counter& tagged =
      context.metrics().counter("@IDENT@_tagged_events_total", "Events whose field was set.");
  return std::make_unique<@CLASS@Processor>(std::move(options), tagged);
}

// ---- The stage ----

@CLASS@Processor::@CLASS@Processor(Options options, streamline::Counter& tagged)
    : options_(std::move(options)), tagged_(tagged) {}

// One outcome per event; the engine reads them after the call and moves the
// events on (pass: default output, drop: done with a reason, fail: error
// output, then the dead-letter path). Throwing fails the whole batch;
// streamline::TransientError has the engine retry it with backoff instead.
void @CLASS@Processor::process(Batch& batch) {
  std::size_t tagged = 0;
  for (std::size_t i = 0; i < batch.size(); ++i) {
    if (!batch[i].has_valid_json() || !batch[i].json().is_object()) {
      batch.fail(i, "payload is not a JSON object");
      continue;
    }
    if (options_.skip_existing && batch[i].json().contains(options_.field)) {
      batch.drop(i, "already has field " + options_.field);
      continue;
    }
    batch[i].mutable_json()[options_.field] = options_.value;
    ++tagged;
  }
  if (tagged > 0) tagged_.inc(static_cast<double>(tagged));
}

}  // namespace @IDENT@_plugin
)TPL";

constexpr const char* kProcessorTest = R"TPL(// @NAME@'s test: the SDK's harness runs the plugin's config checks and its
// stage in-process, with no engine and no services.
#include <string>
#include <vector>

#include <streamline/testing/testing.hpp>

#include "@IDENT@.hpp"

using streamline::Json;
using namespace streamline::testing;

int main() {
  Checks checks;
  @IDENT@_plugin::@CLASS@Plugin plugin;

  {  // The options, as `engine validate` checks them.
    PluginHarness harness(plugin, "@NAME@");
    checks.equal(describe(harness.validate(Json::object())), std::string(), "the defaults are valid");
    checks.equal(describe(harness.validate({{"field", ""}})), std::string("field: field must not be empty"),
                 "an empty field");
    checks.equal(describe(harness.validate({{"feild", "x"}})), std::string("feild: unknown option 'feild'"),
                 "an unknown option");
  }

  {  // One outcome per event: passed (changed), dropped, failed.
    PluginHarness harness(plugin, "@NAME@");
    auto stage = harness.create_processor({{"skip_existing", true}});
    const ProcessResult result =
        run_processor(*stage, events_from_raw({R"({"id":1})", R"({"id":2,"tagged_by":"x"})", "[1]"}));
    checks.equal(documents_of(result.passed), std::vector<Json>{{{"id", 1}, {"tagged_by", "@NAME@"}}},
                 "the passed event has the field");
    checks.equal(reasons_of(result.dropped), std::vector<std::string>{"already has field tagged_by"},
                 "drop reason");
    checks.equal(reasons_of(result.failed), std::vector<std::string>{"payload is not a JSON object"},
                 "error message");
    checks.equal(harness.context().recording_metrics().counter_value("@IDENT@_tagged_events_total"), 1.0,
                 "tagged events counted");
    checks.expect(harness.context().logged("info: setting field 'tagged_by'"), "logs its field");
  }

  return checks.report();
}
)TPL";

constexpr const char* kProcessorPipeline = R"TPL(# @NAME@ in a pipeline: generated orders, changed by @NAME@, written as JSON lines.
#   engine run pipeline.yaml --plugin-dir build && cat out/@NAME@.jsonl
stages:
  orders:
    plugin: generate
    config: { count: 3, seed: 1 }

  @NAME@:
    plugin: @NAME@
    inputs: [orders]

  out:
    plugin: file-sink
    inputs: [@NAME@]
    config: { path: "${OUT_DIR:-out}/@NAME@.jsonl" }
)TPL";

constexpr const char* kProcessorOptions = R"TPL(## Options

| option | type | default | required | description |
| --- | --- | --- | --- | --- |
| `field` | string | `tagged_by` | no | Field to set in each event. |
| `value` | string | `@NAME@` | no | Value the field is set to. |
| `skip_existing` | bool | `false` | no | Drop events that already have the field instead of overwriting it. |
)TPL";

// ---- sink ---------------------------------------------------------------------

constexpr const char* kSinkDescription = "Appends each event's payload as one line to a file.";

constexpr const char* kSinkHeader = R"TPL(#pragma once
// @NAME@: a Streamline sink plugin.
//
// It appends each event's payload as one line to a file, and shows a sink's
// lifecycle: I/O starts in start(), every batch is written before process()
// returns (a passed event is a written event), drain() flushes and stop()
// closes. Replace the file with your system.

#include <fstream>
#include <memory>
#include <string>

#include <streamline/streamline.hpp>

namespace @IDENT@_plugin {

struct Options {
  std::string path;
};

// Threading: one instance is called from one thread at a time. Two instances
// appending to one file could interleave lines, so the plugin refuses
// `concurrency` > 1.
class @CLASS@Sink final : public streamline::Sink {
 public:
  @CLASS@Sink(Options options, spdlog::logger& logger, streamline::Counter& written);

  void start() override;
  void process(streamline::Batch& batch) override;
  void drain(streamline::Clock::time_point deadline) override;
  void stop() noexcept override;

 private:
  Options options_;
  spdlog::logger& logger_;
  streamline::Counter& written_;
  std::ofstream file_;
};

class @CLASS@Plugin final : public streamline::Plugin {
 public:
  streamline::PluginKind kind() const noexcept override { return streamline::PluginKind::kSink; }
  std::string description() const override;
  const streamline::ConfigSpec& spec() const override { return spec_; }
  bool allows_concurrency() const noexcept override { return false; }
  void validate(const streamline::Config& config, streamline::ConfigIssues& issues) const override;
  std::unique_ptr<streamline::Stage> create(const streamline::Config& config,
                                            streamline::Context& context) const override;

 private:
  static streamline::ConfigSpec make_spec();
  streamline::ConfigSpec spec_ = make_spec();
};

}  // namespace @IDENT@_plugin
)TPL";

constexpr const char* kSinkCode = R"TPL(#include "@IDENT@.hpp"

#include <filesystem>
#include <stdexcept>
#include <utility>

namespace @IDENT@_plugin {

using streamline::Batch;
using streamline::Config;
using streamline::ConfigIssues;
using streamline::ConfigSpec;
using streamline::Option;

// ---- The factory: options, checks, instances ----

std::string @CLASS@Plugin::description() const {
  return "@DESCRIPTION@";  // one line, shown by `engine plugins`
}

// One declaration drives parsing (types, defaults), `engine validate` and
// `engine plugins describe`.
ConfigSpec @CLASS@Plugin::make_spec() {
  ConfigSpec spec;
  spec.add(Option::string("path").required().example("out/@NAME@.jsonl").doc(
      "File to append to, one payload per line; parent directories are created."));
  return spec;
}

// Checks beyond the spec; no I/O (`engine validate` runs this in CI).
void @CLASS@Plugin::validate(const Config& config, ConfigIssues& issues) const {
  const auto path = config.get<std::string>("path");
  if (path.empty() || path.back() == '/')
    issues.error("path", "path must name a file", "e.g. `path: out/@NAME@.jsonl`");
}

// Builds an instance from the checked config: no I/O (the file is opened in
// start()). The logger and metrics come from the Context.
std::unique_ptr<streamline::Stage> @CLASS@Plugin::create(const Config& config, streamline::Context& context) const {
  Options options;
  options.path = config.get<std::string>("path");
  streamline::Counter& written =
      context.metrics().counter("@IDENT@_written_events_total", "Events appended to the file.");
  return std::make_unique<@CLASS@Sink>(std::move(options), context.logger(), written);
}

// ---- The stage ----

@CLASS@Sink::@CLASS@Sink(Options options, spdlog::logger& logger, streamline::Counter& written)
    : options_(std::move(options)), logger_(logger), written_(written) {}

// Sinks start before their upstream stages. An exception here fails the
// pipeline's start with this plugin's name; TransientError has the engine
// retry start() with backoff (a service not up yet).
void @CLASS@Sink::start() {
  const std::filesystem::path path(options_.path);
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
  file_.open(path, std::ios::app | std::ios::binary);
  if (!file_) throw std::runtime_error("cannot open '" + options_.path + "' for appending");
  logger_.info("appending to {}", options_.path);
}

// Every event left with outcome pass is durably written when this returns.
// A write error throws TransientError: the engine retries the whole batch
// with backoff (the stage's `retry:` settings) and holds back its
// acknowledgement, so nothing is lost; a retried batch may be written twice
// (at-least-once).
void @CLASS@Sink::process(Batch& batch) {
  if (batch.empty()) return;
  for (const auto& event : batch) file_ << event.raw() << '\n';
  file_.flush();
  if (!file_) {
    file_.clear();
    throw streamline::TransientError("writing to '" + options_.path + "' failed");
  }
  written_.inc(static_cast<double>(batch.size()));
}

// Finish in-flight work before stop: nothing is buffered past process().
void @CLASS@Sink::drain(streamline::Clock::time_point /*deadline*/) {
  if (file_.is_open()) file_.flush();
}

// Idempotent, safe without start(), never throws.
void @CLASS@Sink::stop() noexcept {
  if (file_.is_open()) file_.close();
}

}  // namespace @IDENT@_plugin
)TPL";

constexpr const char* kSinkTest = R"TPL(// @NAME@'s test: the SDK's harness runs the plugin's config checks and its
// stage in-process, with no engine and no services.
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <streamline/testing/testing.hpp>

#include "@IDENT@.hpp"

using streamline::Json;
using namespace streamline::testing;

namespace {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

int main() {
  Checks checks;
  @IDENT@_plugin::@CLASS@Plugin plugin;

  {  // The options, as `engine validate` checks them.
    PluginHarness harness(plugin, "@NAME@");
    checks.equal(describe(harness.validate({{"path", "out/x.jsonl"}})), std::string(), "a valid config");
    checks.equal(describe(harness.validate(Json::object())), std::string("path: missing required option 'path'"),
                 "path is required");
    checks.equal(describe(harness.validate({{"path", "out/"}})), std::string("path: path must name a file"),
                 "a directory is refused");
  }

  {  // The lifecycle: start, process (one line per event), drain, stop twice.
    const auto dir = std::filesystem::temp_directory_path() /
                     ("@NAME@-test-" + std::to_string(std::random_device{}()));
    const auto path = dir / "events.jsonl";
    PluginHarness harness(plugin, "@NAME@");
    auto sink = harness.create_sink({{"path", path.string()}});
    sink->start();
    const ProcessResult result = run_processor(*sink, events_from_raw({R"({"id":1})", R"({"id":2})"}));
    checks.equal(result.passed.size(), std::size_t{2}, "written events pass (delivered)");
    checks.equal(result.total(), std::size_t{2}, "no event dropped or failed");
    sink->drain(streamline::Clock::now());
    sink->stop();
    sink->stop();
    checks.equal(read_file(path), std::string("{\"id\":1}\n{\"id\":2}\n"), "one line per event");
    checks.equal(harness.context().recording_metrics().counter_value("@IDENT@_written_events_total"), 2.0,
                 "written events counted");
    checks.expect(harness.context().logged("info: appending to " + path.string()), "logs its file");
    std::filesystem::remove_all(dir);
  }

  {  // stop() without start() is safe.
    PluginHarness harness(plugin, "@NAME@");
    harness.create_sink({{"path", "never-opened.jsonl"}})->stop();
    checks.expect(!std::filesystem::exists("never-opened.jsonl"), "nothing is opened before start()");
  }

  return checks.report();
}
)TPL";

constexpr const char* kSinkPipeline = R"TPL(# @NAME@ in a pipeline: generated orders, appended to a file by @NAME@.
#   engine run pipeline.yaml --plugin-dir build && cat out/@NAME@.jsonl
stages:
  orders:
    plugin: generate
    config: { count: 3, seed: 1 }

  @NAME@:
    plugin: @NAME@
    inputs: [orders]
    config: { path: "${OUT_DIR:-out}/@NAME@.jsonl" }
)TPL";

constexpr const char* kSinkOptions = R"TPL(## Options

| option | type | default | required | description |
| --- | --- | --- | --- | --- |
| `path` | string |  | yes | File to append to, one payload per line; parent directories are created. (example: out/@NAME@.jsonl) |
)TPL";

// ---- Assembly -----------------------------------------------------------------

struct KindTemplates {
  const char* description;
  const char* header;
  const char* code;
  const char* test;
  const char* pipeline;
  const char* options;
};

KindTemplates templates_for(PluginKind kind) {
  switch (kind) {
    case PluginKind::kSource:
      return {kSourceDescription, kSourceHeader, kSourceCode, kSourceTest, kSourcePipeline, kSourceOptions};
    case PluginKind::kProcessor:
      return {kProcessorDescription, kProcessorHeader, kProcessorCode, kProcessorTest, kProcessorPipeline,
              kProcessorOptions};
    case PluginKind::kSink:
      return {kSinkDescription, kSinkHeader, kSinkCode, kSinkTest, kSinkPipeline, kSinkOptions};
    case PluginKind::kResource: break;
  }
  throw std::invalid_argument("new-plugin has no template for plugins of kind resource");
}

void replace_all(std::string& text, const std::string& from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
}

}  // namespace

bool is_valid_plugin_name(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  if (name.front() < 'a' || name.front() > 'z' || name.back() == '-') return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c == '-' && name[i - 1] != '-');
    if (!ok) return false;
  }
  return true;
}

PluginProjectNames plugin_project_names(const std::string& name) {
  PluginProjectNames names{name, name, {}};
  replace_all(names.identifier, "-", "_");
  bool upper = true;
  for (char c : name) {
    if (c == '-') {
      upper = true;
      continue;
    }
    names.class_name += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return names;
}

std::vector<ProjectFile> render_plugin_project(const PluginProjectNames& names, PluginKind kind) {
  const KindTemplates t = templates_for(kind);
  const std::string readme = std::string("# @NAME@\n\n@DESCRIPTION@\n\n- kind: @KIND@\n- version: 0.1.0\n\n") +
                             kReadmeCommon + t.options;
  std::vector<ProjectFile> files{
      {"CMakeLists.txt", kCMakeLists},
      {"README.md", readme},
      {"src/@IDENT@.hpp", t.header},
      {"src/@IDENT@.cpp", t.code},
      {"src/export.cpp", kExport},
      {"test/@IDENT@_test.cpp", t.test},
      {"pipeline.yaml", t.pipeline},
      {".gitignore", kGitignore},
  };
  for (auto& file : files) {
    for (std::string* text : {&file.path, &file.content}) {
      replace_all(*text, "@DESCRIPTION@", t.description);
      replace_all(*text, "@KIND@", to_string(kind));
      replace_all(*text, "@NAME@", names.name);
      replace_all(*text, "@IDENT@", names.identifier);
      replace_all(*text, "@CLASS@", names.class_name);
    }
  }
  return files;
}

}  // namespace streamline::engine
