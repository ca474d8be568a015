// The sinks: `file-sink`, `stdout-sink` and `null`.

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <streamline/testing/plugin_harness.hpp>
#include <streamline/testing/stage_harness.hpp>

#include "plugins/file-sink/file_sink.hpp"
#include "plugins/null/null.hpp"
#include "plugins/stdout-sink/stdout_sink.hpp"
#include "tests/unit/plugins/shared_plugin.hpp"

namespace {

namespace fs = std::filesystem;
using streamline::Event;
using streamline::Json;
using streamline::plugins::file_sink::FileSink;
using streamline::plugins::file_sink::FileSinkOptions;
using streamline::plugins::null_sink::NullSink;
using streamline::plugins::stdout_sink::StdoutSink;
using namespace streamline::testing;

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// A fresh directory per test, removed afterwards.
class TempDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("streamline-plugin-tests-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  FileSinkOptions options(const std::string& name) {
    FileSinkOptions o;
    o.path = dir_ / name;
    return o;
  }

  fs::path dir_;
};

using FileSinkTest = TempDirTest;

TEST_F(FileSinkTest, WritesOneLinePerEventWithRawTextKept) {
  FileSink sink(options("out.jsonl"));
  sink.start();
  std::vector<Event> events = events_from_json({{{"a", 1}}, {{"s", "x y"}}});
  events.push_back(Event::from_raw(R"({"b":  2})"));
  const ProcessResult r = run_processor(sink, std::move(events));
  sink.stop();
  EXPECT_EQ(r.passed.size(), 3u);
  EXPECT_EQ(read_file(dir_ / "out.jsonl"), "{\"a\":1}\n{\"s\":\"x y\"}\n{\"b\":  2}\n");
}

TEST_F(FileSinkTest, CreatesParentDirectories) {
  FileSink sink(options("deep/er/out.jsonl"));
  sink.start();
  run_processor(sink, events_from_json({{{"a", 1}}}));
  sink.stop();
  EXPECT_EQ(read_file(dir_ / "deep/er/out.jsonl"), "{\"a\":1}\n");
}

TEST_F(FileSinkTest, AppendsAcrossRestarts) {
  {
    FileSink sink(options("out.jsonl"));
    sink.start();
    run_processor(sink, events_from_json({{{"n", 1}}}));
    sink.stop();
    sink.start();
    run_processor(sink, events_from_json({{{"n", 2}}}));
    sink.stop();
  }
  FileSink again(options("out.jsonl"));
  again.start();
  run_processor(again, events_from_json({{{"n", 3}}}));
  again.stop();
  EXPECT_EQ(read_file(dir_ / "out.jsonl"), "{\"n\":1}\n{\"n\":2}\n{\"n\":3}\n");
}

TEST_F(FileSinkTest, StopIsIdempotentAndSafeWithoutStart) {
  FileSink sink(options("never.jsonl"));
  sink.stop();
  sink.stop();
  EXPECT_FALSE(fs::exists(dir_ / "never.jsonl"));
  sink.start();
  sink.start();  // already open: no second handle
  EXPECT_TRUE(sink.is_open());
  sink.stop();
  sink.stop();
  EXPECT_FALSE(sink.is_open());
  EXPECT_EQ(read_file(dir_ / "never.jsonl"), "");
}

TEST_F(FileSinkTest, ProcessBeforeStartThrows) {
  FileSink sink(options("out.jsonl"));
  streamline::Batch batch(events_from_json({{{"a", 1}}}));
  try {
    sink.process(batch);
    FAIL() << "no error";
  } catch (const std::logic_error& e) {
    EXPECT_EQ(std::string(e.what()), "file sink '" + (dir_ / "out.jsonl").string() + "' is not started");
  }
}

TEST_F(FileSinkTest, CompactsPayloadsWithLineBreaksAndFailsThoseThatAreNotJson) {
  FileSink sink(options("out.jsonl"));
  sink.start();
  const ProcessResult r =
      run_processor(sink, events_from_raw({"{\n  \"a\": 1\n}", "{\"bad\":\n", "{\"ok\":true}"}));
  sink.stop();
  EXPECT_EQ(read_file(dir_ / "out.jsonl"), "{\"a\":1}\n{\"ok\":true}\n");
  ASSERT_EQ(r.failed.size(), 1u);
  EXPECT_EQ(r.failed[0].reason.rfind("payload holds a line break and cannot be re-serialised: payload is not valid JSON: ", 0), 0u)
      << r.failed[0].reason;
  EXPECT_EQ(r.passed.size(), 2u);
}

TEST_F(FileSinkTest, WithoutFlushLinesWaitForDrain) {
  FileSinkOptions o = options("out.jsonl");
  o.flush = false;
  FileSink sink(o);
  sink.start();
  run_processor(sink, events_from_json({{{"a", 1}}}));
  EXPECT_EQ(read_file(dir_ / "out.jsonl"), "");  // still in the 64 KiB buffer
  sink.drain(streamline::Clock::now());
  EXPECT_EQ(read_file(dir_ / "out.jsonl"), "{\"a\":1}\n");
  sink.stop();
}

TEST_F(FileSinkTest, FsyncWritesThrough) {
  FileSinkOptions o = options("out.jsonl");
  o.flush = false;
  o.fsync = true;  // implies the flush
  FileSink sink(o);
  sink.start();
  run_processor(sink, events_from_json({{{"a", 1}}}));
  EXPECT_EQ(read_file(dir_ / "out.jsonl"), "{\"a\":1}\n");
  sink.stop();
}

TEST_F(FileSinkTest, StartFailsWhenThePathIsADirectory) {
  fs::create_directories(dir_ / "taken");
  FileSink sink(options("taken"));
  try {
    sink.start();
    FAIL() << "no error";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()), "cannot open '" + (dir_ / "taken").string() + "' for appending: Is a directory");
  }
  EXPECT_FALSE(sink.is_open());
}

TEST_F(FileSinkTest, AWriteErrorThrowsSoTheBatchFails) {
  FileSinkOptions o;
  o.path = "/dev/full";  // every write fails with ENOSPC
  FileSink sink(o);
  sink.start();
  streamline::Batch batch(events_from_json({{{"a", 1}}}));
  try {
    sink.process(batch);
    FAIL() << "no error";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()), "flushing '/dev/full' failed: No space left on device");
  }
  sink.stop();  // logs, does not throw
}

TEST_F(FileSinkTest, EmptyBatchWritesNothing) {
  FileSink sink(options("out.jsonl"));
  sink.start();
  EXPECT_EQ(run_processor(sink, {}).total(), 0u);
  sink.stop();
  EXPECT_EQ(read_file(dir_ / "out.jsonl"), "");
}

using FileSinkPluginTest = TempDirTest;

TEST_F(FileSinkPluginTest, WritesThroughTheSharedObject) {
  SharedPlugin shared("file-sink");
  PluginHarness harness(shared.plugin(), "out", "file-sink");
  EXPECT_EQ(shared.plugin().kind(), streamline::PluginKind::kSink);
  EXPECT_FALSE(shared.plugin().allows_concurrency());
  const std::string path = (dir_ / "a/b.jsonl").string();
  auto sink = harness.create_sink({{"path", path}, {"fsync", true}});
  sink->start();
  run_processor(*sink, events_from_json({{{"id", 1}}, {{"id", 2}}}));
  sink->stop();
  sink->stop();
  EXPECT_EQ(read_file(path), "{\"id\":1}\n{\"id\":2}\n");
}

TEST_F(FileSinkPluginTest, StopErrorsAreLoggedNotThrown) {
  SharedPlugin shared("file-sink");
  PluginHarness harness(shared.plugin(), "out", "file-sink");
  auto sink = harness.create_sink({{"path", "/dev/full"}, {"flush", false}});
  sink->start();
  run_processor(*sink, events_from_json({{{"id", 1}}}));
  sink->stop();
  EXPECT_EQ(harness.context().log_lines(),
            (std::vector<std::string>{"error: flushing '/dev/full' failed: No space left on device"}));
}

TEST_F(FileSinkPluginTest, ReportsBadPaths) {
  SharedPlugin shared("file-sink");
  PluginHarness harness(shared.plugin());
  EXPECT_EQ(describe(harness.validate(Json::object())), "path: missing required option 'path'");
  EXPECT_EQ(describe(harness.validate({{"path", ""}})), "path: path must not be empty");
  EXPECT_EQ(describe(harness.validate({{"path", "out/"}})), "path: path 'out/' names a directory, not a file");
  EXPECT_EQ(describe(harness.validate({{"path", "out/x.jsonl"}})), "");
}

// ---------------------------------------------------------------- stdout-sink

// A temporary FILE standing in for stdout.
class CapturedFile {
 public:
  CapturedFile() : file_(std::tmpfile()) {}
  ~CapturedFile() { std::fclose(file_); }
  std::FILE* get() const { return file_; }
  std::string text() const {
    std::fflush(file_);
    std::rewind(file_);
    std::string out;
    char buffer[4096];
    for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, file_)) > 0;) out.append(buffer, n);
    return out;
  }

 private:
  std::FILE* file_;
};

TEST(StdoutSink, WritesJsonLines) {
  CapturedFile out;
  StdoutSink sink(out.get());
  std::vector<Event> events = events_from_json({{{"a", 1}}});
  events.push_back(Event::from_raw(R"({"b":  2})"));
  events.push_back(Event::from_raw("{\n\"c\": 3}"));
  events.push_back(Event::from_raw("not\njson"));
  const ProcessResult r = run_processor(sink, std::move(events));
  EXPECT_EQ(out.text(), "{\"a\":1}\n{\"b\":  2}\n{\"c\":3}\n");
  EXPECT_EQ(r.passed.size(), 3u);
  ASSERT_EQ(r.failed.size(), 1u);
  EXPECT_EQ(r.failed[0].event.raw(), "not\njson");
}

TEST(StdoutSink, KeepsBatchesInOrder) {
  CapturedFile out;
  StdoutSink sink(out.get());
  run_processor(sink, events_from_json({{{"n", 1}}, {{"n", 2}}}));
  run_processor(sink, {});
  run_processor(sink, events_from_json({{{"n", 3}}}));
  EXPECT_EQ(out.text(), "{\"n\":1}\n{\"n\":2}\n{\"n\":3}\n");
}

TEST(StdoutSink, AWriteErrorThrows) {
  std::FILE* full = std::fopen("/dev/full", "w");
  ASSERT_NE(full, nullptr);
  StdoutSink sink(full);
  streamline::Batch batch(events_from_json({{{"a", 1}}}));
  EXPECT_THROW(sink.process(batch), std::runtime_error);
  std::fclose(full);
}

TEST(StdoutSinkPlugin, IsASinkWithAFlushOption) {
  SharedPlugin shared("stdout-sink");
  PluginHarness harness(shared.plugin());
  EXPECT_EQ(shared.plugin().kind(), streamline::PluginKind::kSink);
  EXPECT_EQ(harness.config(Json::object()).get<bool>("flush"), true);
  auto sink = harness.create_sink({{"flush", false}});
  EXPECT_EQ(run_processor(*sink, {}).total(), 0u);
  sink->stop();
  sink->stop();
}

// ----------------------------------------------------------------------- null

TEST(NullSink, PassesAndCountsEvents) {
  RecordingMetrics metrics;
  NullSink sink(&metrics.counter("discarded_total", ""));
  const ProcessResult r = run_processor(sink, events_from_json({{{"a", 1}}, {{"a", 2}}}));
  run_processor(sink, events_from_json({{{"a", 3}}}));
  run_processor(sink, {});
  EXPECT_EQ(r.passed.size(), 2u);
  EXPECT_EQ(sink.discarded(), 3u);
  EXPECT_EQ(metrics.counter_value("discarded_total"), 3.0);
}

TEST(NullPlugin, CountsInTheContextsMetrics) {
  SharedPlugin shared("null");
  PluginHarness harness(shared.plugin(), "sink", "null");
  EXPECT_EQ(shared.plugin().kind(), streamline::PluginKind::kSink);
  EXPECT_TRUE(shared.plugin().spec().options().empty());
  EXPECT_EQ(describe(harness.validate({{"x", 1}})), "x: unknown option 'x'");
  auto sink = harness.create_sink(Json::object());
  run_processor(*sink, events_from_json({{{"a", 1}}, {{"a", 2}}, {{"a", 3}}}));
  EXPECT_EQ(harness.context().recording_metrics().counter_value("null_discarded_events_total"), 3.0);
}

}  // namespace
