// PipelineRunner::reload(): a new plan applied while events flow. Kept
// stages keep their instances (never stopped or started again), changed
// ones are drained and replaced, added ones start, removed ones stop; no
// event is lost or delivered twice; a new stage that cannot start changes
// nothing.
#include <atomic>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "engine/observe/metrics_registry.hpp"
#include "engine/runtime/pipeline_runner.hpp"
#include "test_plan.hpp"
#include "test_plugins.hpp"

namespace streamline::engine {
namespace {

using namespace std::chrono_literals;
using namespace test;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// Waits (bounded) until `condition`: progress, not a timing assertion.
#define WAIT_UNTIL(condition)                                                             \
  do {                                                                                    \
    for (int i = 0; i < 1000 && !(condition); ++i) std::this_thread::sleep_for(5ms);     \
    ASSERT_TRUE(condition) << "waited 5 s";                                               \
  } while (false)

const SourceProgress& source_progress(const RunReport& report, const std::string& name) {
  for (const auto& s : report.stages)
    if (s.name == name) return s.sources.at(0);
  throw std::invalid_argument("no stage " + name);
}

TEST(PipelineReload, KeepsUnchangedStagesReplacesAChangedOneAndLosesNothing) {
  MetricsRegistry metrics;
  Lifecycle lifecycle;
  auto source_record = std::make_shared<SourceRecord>();
  auto src = source_plugin({.count = 0, .partitions = 3}, source_record, &lifecycle);
  std::atomic<int> old_batches{0}, new_batches{0};
  auto old_work = processor_plugin([&](Batch&) { ++old_batches; }, {}, &lifecycle);
  auto new_work = processor_plugin([&](Batch&) { ++new_batches; }, {}, &lifecycle);
  auto sink_record = std::make_shared<SinkRecord>();
  auto sink = sink_plugin(sink_record, {}, &lifecycle);
  TestPlan before;
  before.stage("src", *src, {}, {.batch = {32, 0ms}}).stage("work", *old_work, {"src"}).stage("sink", *sink, {"work"});
  TestPlan after;
  after.stage("src", *src, {}, {.batch = {32, 0ms}}).stage("work", *new_work, {"src"}).stage("sink", *sink, {"work"});

  PipelineRunner runner(before.plan, before.bindings, {}, metrics, quiet_options());
  ASSERT_TRUE(runner.start());
  std::thread waiter;
  RunReport report;
  waiter = std::thread([&] { report = runner.wait(); });
  WAIT_UNTIL(old_batches > 5);

  const ReloadOutcome outcome = runner.reload(after.plan, after.bindings).get();
  EXPECT_EQ(outcome.result, ReloadOutcome::Result::kApplied) << outcome.error;
  EXPECT_THAT(outcome.diff.stages.kept, ElementsAre("src", "sink"));
  EXPECT_THAT(outcome.diff.stages.restarted, ElementsAre("work"));
  EXPECT_GT(outcome.pause.count(), 0);
  const int old_at_reload = old_batches;
  WAIT_UNTIL(new_batches > 5);
  EXPECT_EQ(old_batches, old_at_reload) << "the replaced instance got work after the reload";

  runner.request_stop();
  waiter.join();
  EXPECT_TRUE(report.clean()) << format_summary(report);
  const SourceProgress& progress = source_progress(report, "src");
  EXPECT_EQ(progress.acknowledged, progress.emitted);
  EXPECT_EQ(sink_record->ids(), iota_ids(progress.emitted)) << "every event once, across the reload";
  // The new instance started before the pause, the old one stopped after
  // it; the source and the sink were never stopped or started again.
  EXPECT_THAT(lifecycle.entries(), ElementsAre("start:sink", "start:work", "start:src", "start:work", "stop:work",
                                               "stop:src", "stop:work", "stop:sink"));
}

TEST(PipelineReload, AddsAndRemovesAStageAndRewiresTheEdges) {
  MetricsRegistry metrics;
  auto source_record = std::make_shared<SourceRecord>();
  auto src = source_plugin({.count = 0, .partitions = 2}, source_record);
  auto main_record = std::make_shared<SinkRecord>();
  auto audit_record = std::make_shared<SinkRecord>();
  auto main_sink = sink_plugin(main_record);
  auto audit_sink = sink_plugin(audit_record);
  TestPlan one;
  one.stage("src", *src, {}, {.batch = {16, 0ms}}).stage("main", *main_sink, {"src"});
  TestPlan two;
  two.stage("src", *src, {}, {.batch = {16, 0ms}}).stage("main", *main_sink, {"src"}).stage("audit", *audit_sink, {"src"});

  PipelineRunner runner(one.plan, one.bindings, {}, metrics, quiet_options());
  ASSERT_TRUE(runner.start());
  RunReport report;
  std::thread waiter([&] { report = runner.wait(); });
  WAIT_UNTIL(main_record->batches > 3);

  const ReloadOutcome added = runner.reload(two.plan, two.bindings).get();
  EXPECT_EQ(added.result, ReloadOutcome::Result::kApplied) << added.error;
  EXPECT_THAT(added.diff.stages.kept, ElementsAre("src", "main"));
  EXPECT_THAT(added.diff.stages.added, ElementsAre("audit"));
  WAIT_UNTIL(audit_record->batches > 3);

  const ReloadOutcome removed = runner.reload(one.plan, one.bindings).get();
  EXPECT_EQ(removed.result, ReloadOutcome::Result::kApplied) << removed.error;
  EXPECT_THAT(removed.diff.stages.removed, ElementsAre("audit"));
  const auto audit_ids = audit_record->ids();
  const int main_at_removal = main_record->batches;
  WAIT_UNTIL(main_record->batches > main_at_removal + 3);
  EXPECT_EQ(audit_record->ids(), audit_ids) << "the removed stage got events after the reload";

  runner.request_stop();
  waiter.join();
  EXPECT_TRUE(report.clean()) << format_summary(report);
  const SourceProgress& progress = source_progress(report, "src");
  EXPECT_EQ(main_record->ids(), iota_ids(progress.emitted));
  // The audit sink saw one contiguous stretch of the stream, each event once.
  ASSERT_FALSE(audit_ids.empty());
  EXPECT_EQ(audit_ids, iota_ids(audit_ids.back() + 1, 1, audit_ids.front()));
}

TEST(PipelineReload, ANewStageThatCannotStartChangesNothing) {
  MetricsRegistry metrics;
  Lifecycle lifecycle;
  auto source_record = std::make_shared<SourceRecord>();
  auto src = source_plugin({.count = 0}, source_record, &lifecycle);
  auto sink_record = std::make_shared<SinkRecord>();
  auto sink = sink_plugin(sink_record, {}, &lifecycle);
  FunctionPlugin broken(PluginKind::kSink, [](Context&) -> std::unique_ptr<Stage> {
    struct Broken : Processor {
      void start() override { throw std::runtime_error("no route to host"); }
      void process(Batch&) override {}
    };
    return std::make_unique<Broken>();
  });
  TestPlan running;
  running.stage("src", *src).stage("sink", *sink, {"src"});
  TestPlan next;
  next.stage("src", *src).stage("sink", broken, {"src"});

  PipelineRunner runner(running.plan, running.bindings, {}, metrics, quiet_options());
  ASSERT_TRUE(runner.start());
  RunReport report;
  std::thread waiter([&] { report = runner.wait(); });
  WAIT_UNTIL(sink_record->batches > 2);

  const ReloadOutcome outcome = runner.reload(next.plan, next.bindings).get();
  EXPECT_EQ(outcome.result, ReloadOutcome::Result::kFailed);
  EXPECT_EQ(outcome.error, "stage 'sink': plugin 'test-sink' failed to start: no route to host");
  EXPECT_EQ(outcome.pause.count(), 0);
  const int at_failure = sink_record->batches;
  WAIT_UNTIL(sink_record->batches > at_failure + 2);  // the old sink goes on

  const ReloadOutcome same = runner.reload(running.plan, running.bindings).get();
  EXPECT_EQ(same.result, ReloadOutcome::Result::kUnchanged);

  runner.request_stop();
  waiter.join();
  EXPECT_TRUE(report.clean()) << format_summary(report);
  EXPECT_THAT(lifecycle.entries(), ElementsAre("start:sink", "start:src", "stop:src", "stop:sink"));
  EXPECT_EQ(sink_record->ids(), iota_ids(source_progress(report, "src").emitted));
}

TEST(PipelineReload, IsRefusedOnceThePipelineStopped) {
  MetricsRegistry metrics;
  auto src = source_plugin({.count = 10}, std::make_shared<SourceRecord>());
  auto sink = sink_plugin(std::make_shared<SinkRecord>());
  TestPlan p;
  p.stage("src", *src).stage("sink", *sink, {"src"});
  PipelineRunner runner(p.plan, p.bindings, {}, metrics, quiet_options());
  EXPECT_TRUE(runner.run().clean());
  const ReloadOutcome outcome = runner.reload(p.plan, p.bindings).get();
  EXPECT_EQ(outcome.result, ReloadOutcome::Result::kFailed);
  EXPECT_EQ(outcome.error, "the pipeline is not running (it is starting, draining or stopped)");
}

}  // namespace
}  // namespace streamline::engine
