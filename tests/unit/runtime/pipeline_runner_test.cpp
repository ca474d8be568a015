#include "engine/runtime/pipeline_runner.hpp"

#include <algorithm>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <string>
#include <vector>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "engine/observe/metrics_registry.hpp"
#include "test_plan.hpp"
#include "test_plugins.hpp"

namespace streamline::engine {
namespace {

using namespace std::chrono_literals;
using namespace test;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr std::uint64_t kEvents = 3000;

// Per partition p of `partitions`, how many of ids 0..n-1 land there.
std::map<std::int32_t, std::int64_t> per_partition(std::uint64_t n, int partitions, std::int64_t step = 1) {
  std::map<std::int32_t, std::int64_t> out;
  for (std::uint64_t id = 0; id < n; ++id) out[static_cast<std::int32_t>(id % static_cast<std::uint64_t>(partitions))] += step;
  return out;
}

const StageReport& stage_report(const RunReport& r, const std::string& name) {
  for (const auto& s : r.stages)
    if (s.name == name) return s;
  throw std::invalid_argument("no stage " + name);
}

struct Fixture {
  MetricsRegistry metrics;
  std::shared_ptr<SourceRecord> source_record = std::make_shared<SourceRecord>();

  RunReport run(TestPlan& p, RunnerOptions options = quiet_options()) {
    PipelineRunner runner(p.plan, p.bindings, {}, metrics, std::move(options));
    return runner.run();
  }
};

TEST(PipelineRunner, DeliversEveryEventExactlyOnceAndCommitsEveryPartition) {
  Fixture f;
  auto src = source_plugin({.count = kEvents, .partitions = 3}, f.source_record);
  auto pass = processor_plugin([](Batch&) {});
  auto sink_record = std::make_shared<SinkRecord>();
  auto sink = sink_plugin(sink_record);
  TestPlan p;
  p.stage("src", *src).stage("pass", *pass, {"src"}).stage("sink", *sink, {"pass"});

  const RunReport report = f.run(p);

  EXPECT_TRUE(report.clean());
  EXPECT_FALSE(report.drain_requested);
  EXPECT_EQ(sink_record->ids(), iota_ids(kEvents));
  const auto& source = stage_report(report, "src").sources.at(0);
  EXPECT_EQ(source.emitted, kEvents);
  EXPECT_EQ(source.acknowledged, kEvents);
  EXPECT_EQ(source.in_flight, 0u);
  EXPECT_EQ(f.source_record->last_commits(), per_partition(kEvents, 3));
  EXPECT_EQ(stage_report(report, "pass").events_in, kEvents);
  EXPECT_EQ(stage_report(report, "pass").events_out, kEvents);
  EXPECT_EQ(stage_report(report, "sink").events_out, kEvents);
  EXPECT_TRUE(f.source_record->stopped);
  EXPECT_EQ(f.metrics.value("streamline_events_in_total", {{"stage", "sink"}, {"plugin", "test-sink"}}),
            static_cast<double>(kEvents));
}

TEST(PipelineRunner, CommitsFollowRecordedOffsetsWithGaps) {
  Fixture f;
  auto src = source_plugin({.count = 999, .partitions = 3, .offset_step = 5}, f.source_record);
  auto sink = sink_plugin(std::make_shared<SinkRecord>());
  TestPlan p;
  p.stage("src", *src).stage("sink", *sink, {"src"});
  f.run(p);
  // Offsets 0, 5, ..., 5*(332): the position is one past the last offset.
  EXPECT_EQ(f.source_record->last_commits(),
            (std::map<std::int32_t, std::int64_t>{{0, 5 * 332 + 1}, {1, 5 * 332 + 1}, {2, 5 * 332 + 1}}));
}

TEST(PipelineRunner, CommittedPositionsNeverGoBackwards) {
  Fixture f;
  auto src = source_plugin({.count = kEvents, .partitions = 2}, f.source_record);
  auto sink = sink_plugin(std::make_shared<SinkRecord>(), 1ms);
  TestPlan p;
  p.stage("src", *src, {}, {.batch = {50, 0ms}}).stage("sink", *sink, {"src"}, {.batch = {50, 0ms}});
  f.run(p);
  std::map<std::int32_t, std::int64_t> last;
  std::lock_guard lock(f.source_record->mutex);
  ASSERT_GT(f.source_record->commits.size(), 1u);
  for (const auto& commit : f.source_record->commits)
    for (const auto& pos : commit) {
      EXPECT_GT(pos.next_offset, last[pos.partition]);
      last[pos.partition] = pos.next_offset;
    }
}

TEST(PipelineRunner, DroppedEventsAreDoneAndCountedByReason) {
  Fixture f;
  auto src = source_plugin({.count = kEvents}, f.source_record);
  auto filter = processor_plugin([](Batch& b) {
    for (std::size_t i = 0; i < b.size(); ++i)
      if (id_of(b[i]) % 2 == 1) b.drop(i, "odd");
  });
  auto sink_record = std::make_shared<SinkRecord>();
  auto sink = sink_plugin(sink_record);
  TestPlan p;
  p.stage("src", *src).stage("filter", *filter, {"src"}).stage("sink", *sink, {"filter"});
  const auto report = f.run(p);
  EXPECT_TRUE(report.clean());
  EXPECT_EQ(sink_record->ids(), iota_ids(kEvents, 2));
  EXPECT_EQ(stage_report(report, "filter").dropped, kEvents / 2);
  EXPECT_EQ(f.metrics.value("streamline_events_dropped_total",
                            {{"stage", "filter"}, {"plugin", "test-filter"}, {"reason", "odd"}}),
            static_cast<double>(kEvents / 2));
  EXPECT_EQ(f.source_record->last_commits(), per_partition(kEvents, 3));
}

std::unique_ptr<FunctionPlugin> fail_every_tenth() {
  return processor_plugin([](Batch& b) {
    for (std::size_t i = 0; i < b.size(); ++i)
      if (id_of(b[i]) % 10 == 0) b.fail(i, "id is a multiple of ten");
  });
}

TEST(PipelineRunner, FailedEventsReachTheErrorReaderWithTheirFailure) {
  Fixture f;
  auto src = source_plugin({.count = kEvents}, f.source_record);
  auto check = fail_every_tenth();
  auto good = std::make_shared<SinkRecord>();
  auto bad = std::make_shared<SinkRecord>();
  auto good_sink = sink_plugin(good);
  auto bad_sink = sink_plugin(bad);
  TestPlan p;
  p.stage("src", *src).stage("check", *check, {"src"}).stage("good", *good_sink, {"check"}).stage("bad", *bad_sink,
                                                                                                    {"check.error"});
  const auto report = f.run(p);
  EXPECT_TRUE(report.clean());
  EXPECT_EQ(bad->ids(), iota_ids(kEvents, 10));
  for (const auto& r : bad->all()) {
    ASSERT_TRUE(r.failure.has_value());
    EXPECT_EQ(r.failure->stage, "check");
    EXPECT_EQ(r.failure->error, "id is a multiple of ten");
    EXPECT_EQ(r.failure->attempts, 1);
  }
  EXPECT_EQ(good->ids().size(), kEvents - kEvents / 10);
  EXPECT_EQ(stage_report(report, "check").failed, kEvents / 10);
  EXPECT_EQ(stage_report(report, "check").events_out, kEvents - kEvents / 10);
  EXPECT_EQ(f.source_record->last_commits(), per_partition(kEvents, 3));
}

TEST(PipelineRunner, FailuresNobodyReadsGoToTheDeadLetterStage) {
  Fixture f;
  auto src = source_plugin({.count = kEvents}, f.source_record);
  auto check = fail_every_tenth();
  auto good = std::make_shared<SinkRecord>();
  auto dead = std::make_shared<SinkRecord>();
  auto good_sink = sink_plugin(good);
  auto dead_sink = sink_plugin(dead);
  TestPlan p;
  p.stage("src", *src).stage("check", *check, {"src"}).stage("good", *good_sink, {"check"}).stage("dead", *dead_sink);
  p.dead_letter("dead");
  const auto report = f.run(p);
  EXPECT_TRUE(report.clean());
  EXPECT_EQ(dead->ids(), iota_ids(kEvents, 10));
  EXPECT_EQ(dead->all().front().failure->stage, "check");
  EXPECT_EQ(good->ids().size(), kEvents - kEvents / 10);
}

TEST(PipelineRunner, FailuresOfTheDeadLetterStageItselfAreCountedAndDone) {
  Fixture f;
  auto src = source_plugin({.count = 100}, f.source_record);
  auto fail_all = processor_plugin([](Batch& b) { b.fail_all("nope"); });
  auto dead_fails = processor_plugin([](Batch& b) { b.fail_all("dead letters are broken"); });
  TestPlan p;
  p.stage("src", *src).stage("check", *fail_all, {"src"}).stage("dead", *dead_fails);
  p.dead_letter("dead");
  const auto report = f.run(p);
  EXPECT_TRUE(report.clean());
  EXPECT_EQ(stage_report(report, "dead").events_in, 100u);
  EXPECT_EQ(stage_report(report, "dead").failed, 100u);
  EXPECT_EQ(stage_report(report, "src").sources.at(0).acknowledged, 100u);
}

TEST(PipelineRunner, FailuresWithNowhereToGoAreLoggedCountedAndDone) {
  Fixture f;
  auto src = source_plugin({.count = 100}, f.source_record);
  auto check = fail_every_tenth();
  auto sink = sink_plugin(std::make_shared<SinkRecord>());
  std::ostringstream log;
  auto logger = std::make_shared<spdlog::logger>("test", std::make_shared<spdlog::sinks::ostream_sink_mt>(log));
  TestPlan p;
  p.stage("src", *src).stage("check", *check, {"src"}).stage("sink", *sink, {"check"});
  const auto report = f.run(p, quiet_options(logger));
  EXPECT_TRUE(report.clean());
  EXPECT_EQ(stage_report(report, "check").failed, 10u);
  EXPECT_EQ(f.source_record->last_commits(), per_partition(100, 3));
  EXPECT_THAT(log.str(), HasSubstr("failed and nothing reads the stage's errors"));
  EXPECT_THAT(log.str(), HasSubstr("First error: id is a multiple of ten"));
}

TEST(PipelineRunner, AThrowingStageFailsItsBatchAndThePipelineGoesOn) {
  Fixture f;
  auto src = source_plugin({.count = kEvents}, f.source_record);
  auto thrower = processor_plugin([](Batch& b) {
    for (const auto& e : b)
      if (id_of(e) == 1234) throw std::runtime_error("boom");
  });
  auto good = std::make_shared<SinkRecord>();
  auto bad = std::make_shared<SinkRecord>();
  auto good_sink = sink_plugin(good);
  auto bad_sink = sink_plugin(bad);
  TestPlan p;
  p.stage("src", *src, {}, {.batch = {100, 0ms}})
      .stage("thrower", *thrower, {"src"}, {.batch = {100, 0ms}})
      .stage("good", *good_sink, {"thrower"})
      .stage("bad", *bad_sink, {"thrower.error"});
  const auto report = f.run(p);
  EXPECT_TRUE(report.clean());
  // The whole batch of 100 holding id 1234 failed, nothing else.
  EXPECT_EQ(bad->ids(), iota_ids(1300, 1, 1200));
  for (const auto& r : bad->all()) {
    ASSERT_TRUE(r.failure.has_value());
    EXPECT_EQ(r.failure->error, "plugin 'test-thrower' threw: boom");
    EXPECT_EQ(r.failure->stage, "thrower");
  }
  EXPECT_EQ(good->ids().size(), kEvents - 100);
  EXPECT_EQ(f.source_record->last_commits(), per_partition(kEvents, 3));
}

TEST(PipelineRunner, TransientErrorsAreRetriedThenDelivered) {
  Fixture f;
  auto src = source_plugin({.count = kEvents}, f.source_record);
  auto failures_left = std::make_shared<std::atomic<int>>(3);
  auto flaky = processor_plugin([failures_left](Batch&) {
    if (failures_left->fetch_sub(1) > 0) throw TransientError("connection reset");
  });
  auto sink_record = std::make_shared<SinkRecord>();
  auto sink = sink_plugin(sink_record);
  TestPlan p;
  p.stage("src", *src).stage("flaky", *flaky, {"src"}).stage("sink", *sink, {"flaky"});
  const auto report = f.run(p);
  EXPECT_TRUE(report.clean());
  EXPECT_EQ(sink_record->ids(), iota_ids(kEvents));
  EXPECT_EQ(stage_report(report, "flaky").failed, 0u);
  EXPECT_EQ(f.metrics.value("streamline_batch_retries_total", {{"stage", "flaky"}, {"plugin", "test-flaky"}}), 3.0);
}

TEST(PipelineRunner, TransientErrorsGiveUpAfterMaxAttempts) {
  Fixture f;
  auto src = source_plugin({.count = 10}, f.source_record);
  auto down = processor_plugin([](Batch&) { throw TransientError("service down"); });
  auto bad = std::make_shared<SinkRecord>();
  auto bad_sink = sink_plugin(bad);
  TestPlan p;
  p.stage("src", *src, {}, {.batch = {10, 0ms}})
      .stage("down", *down, {"src"}, {.retry = {3, 1ms, 2ms}})
      .stage("bad", *bad_sink, {"down.error"});
  const auto report = f.run(p);
  EXPECT_TRUE(report.clean());
  ASSERT_EQ(bad->ids(), iota_ids(10));
  EXPECT_EQ(bad->all().front().failure->attempts, 3);
  EXPECT_EQ(bad->all().front().failure->error, "plugin 'test-down' failed after 3 attempts: service down");
}

TEST(PipelineRunner, EventsWithInvalidJsonFailAloneWithTheParserMessage) {
  Fixture f;
  auto src = source_plugin({.count = 30,
                            .make_event =
                                [](std::uint64_t id) {
                                  Event e = Event::from_raw(id % 7 == 3 ? "{broken" : "{\"id\":" + std::to_string(id) + "}");
                                  e.key = std::to_string(id);
                                  return e;
                                }},
                           f.source_record);
  auto reader = processor_plugin([](Batch& b) {
    for (auto& e : b) (void)e.json();
  });
  auto good = std::make_shared<std::vector<std::string>>();
  auto bad = std::make_shared<std::vector<std::pair<std::string, std::string>>>();
  auto mutex = std::make_shared<std::mutex>();
  auto keys = [](std::shared_ptr<std::vector<std::string>> into, std::shared_ptr<std::mutex> m) {
    return processor_plugin([into, m](Batch& b) {
      std::lock_guard lock(*m);
      for (const auto& e : b) into->push_back(e.key);
    });
  };
  auto good_sink = keys(good, mutex);
  auto bad_sink = processor_plugin([bad, mutex](Batch& b) {
    std::lock_guard lock(*mutex);
    for (const auto& e : b) bad->emplace_back(e.key, e.failure ? e.failure->error : "");
  });
  TestPlan p;
  p.stage("src", *src).stage("reader", *reader, {"src"}).stage("good", *good_sink, {"reader"}).stage(
      "bad", *bad_sink, {"reader.error"});
  const auto report = f.run(p);
  EXPECT_TRUE(report.clean());
  std::lock_guard lock(*mutex);
  std::vector<std::string> bad_keys;
  for (const auto& [key, error] : *bad) {
    bad_keys.push_back(key);
    EXPECT_THAT(error, HasSubstr("payload is not valid JSON"));
  }
  std::sort(bad_keys.begin(), bad_keys.end());
  EXPECT_EQ(bad_keys, (std::vector<std::string>{"10", "17", "24", "3"}));
  EXPECT_EQ(good->size(), 26u);
}

TEST(PipelineRunner, BackpressurePausesTheSourceAndLosesNothing) {
  Fixture f;
  auto src = source_plugin({.count = 500}, f.source_record);
  auto sink_record = std::make_shared<SinkRecord>();
  // Slower than the paused poll interval (2 ms): the paused source is polled.
  auto slow = sink_plugin(sink_record, 5ms);
  TestPlan p;
  p.plan.settings.queue_capacity = 1;
  p.stage("src", *src, {}, {.batch = {10, 0ms}}).stage("slow", *slow, {"src"}, {.batch = {10, 0ms}});
  const auto report = f.run(p);
  EXPECT_TRUE(report.clean());
  EXPECT_EQ(sink_record->ids(), iota_ids(500));
  std::lock_guard lock(f.source_record->mutex);
  EXPECT_GT(f.source_record->pauses, 0);
  EXPECT_EQ(f.source_record->resumes, f.source_record->pauses);
  EXPECT_GT(f.source_record->polls_while_paused, 0) << "a paused source is still polled";
  EXPECT_EQ(f.source_record->events_while_paused, 0);
}

// A queue full for less than pause_after holds the source back without
// pausing it (a Kafka consumer's pause throws its prefetched messages away);
// a queue full for longer pauses it. Each runs `count` events from a source
// into a sink taking `per_batch` for each batch of 10, through a queue of
// one batch, and checks that every event arrived once.
void run_behind_a_slow_sink(Fixture& f, std::uint64_t count, std::chrono::milliseconds per_batch,
                            std::chrono::milliseconds pause_after) {
  auto src = source_plugin({.count = count}, f.source_record);
  auto sink_record = std::make_shared<SinkRecord>();
  auto slow = sink_plugin(sink_record, per_batch);
  TestPlan p;
  p.plan.settings.queue_capacity = 1;
  p.stage("src", *src, {}, {.batch = {10, 0ms}}).stage("slow", *slow, {"src"}, {.batch = {10, 0ms}});
  RunnerOptions options = quiet_options();
  options.workers.pause_after = pause_after;
  const auto report = f.run(p, std::move(options));
  EXPECT_TRUE(report.clean());
  EXPECT_EQ(sink_record->ids(), iota_ids(count));
}

TEST(PipelineRunner, ABriefBackpressureHoldsTheSourceBackWithoutPausingIt) {
  Fixture f;
  run_behind_a_slow_sink(f, 500, 2ms, 10s);
  std::lock_guard lock(f.source_record->mutex);
  EXPECT_EQ(f.source_record->pauses, 0);
  EXPECT_EQ(f.source_record->resumes, 0);
  EXPECT_FALSE(f.source_record->commits.empty()) << "commits go on while the source is held back";
}

TEST(PipelineRunner, ABackpressureLongerThanPauseAfterPausesTheSource) {
  Fixture f;
  run_behind_a_slow_sink(f, 100, 30ms, 5ms);
  std::lock_guard lock(f.source_record->mutex);
  EXPECT_GT(f.source_record->pauses, 0);
  EXPECT_EQ(f.source_record->resumes, f.source_record->pauses);
}

TEST(PipelineRunner, EventsPolledWhilePausedAreHeldNotDropped) {
  Fixture f;
  auto src = source_plugin({.count = 500, .obey_pause = false}, f.source_record);
  auto sink_record = std::make_shared<SinkRecord>();
  // Slower than the paused poll interval (2 ms): the paused source is polled.
  auto slow = sink_plugin(sink_record, 5ms);
  TestPlan p;
  p.plan.settings.queue_capacity = 1;
  p.stage("src", *src, {}, {.batch = {10, 0ms}}).stage("slow", *slow, {"src"}, {.batch = {10, 0ms}});
  const auto report = f.run(p);
  EXPECT_TRUE(report.clean());
  EXPECT_EQ(sink_record->ids(), iota_ids(500));
  EXPECT_GT(f.source_record->events_while_paused, 0);
  EXPECT_EQ(f.source_record->last_commits(), per_partition(500, 3));
}

TEST(PipelineRunner, FanOutCopiesToEveryReaderAndFanInMergesOutputs) {
  Fixture f;
  auto src = source_plugin({.count = kEvents}, f.source_record);
  // id % 3: 0 -> "a", 1 -> "b", 2 -> default output.
  auto route = processor_plugin(
      [](Batch& b) {
        for (std::size_t i = 0; i < b.size(); ++i) {
          const auto id = id_of(b[i]);
          if (id % 3 == 0) b.send(i, 0);
          if (id % 3 == 1) b.send(i, 1);
        }
      },
      {"a", "b"});
  auto a1 = std::make_shared<SinkRecord>();
  auto a2 = std::make_shared<SinkRecord>();
  auto merged = std::make_shared<SinkRecord>();
  auto a1_sink = sink_plugin(a1);
  auto a2_sink = sink_plugin(a2);
  auto merged_sink = sink_plugin(merged);
  TestPlan p;
  p.stage("src", *src)
      .stage("route", *route, {"src"})
      .stage("a1", *a1_sink, {"route.a"})
      .stage("a2", *a2_sink, {"route.a"})
      .stage("merged", *merged_sink, {"route.b", "route"});
  const auto report = f.run(p);
  EXPECT_TRUE(report.clean());
  EXPECT_EQ(a1->ids(), iota_ids(kEvents, 3));
  EXPECT_EQ(a2->ids(), iota_ids(kEvents, 3));
  std::vector<std::uint64_t> expected;
  for (std::uint64_t id = 0; id < kEvents; ++id)
    if (id % 3 != 0) expected.push_back(id);
  EXPECT_EQ(merged->ids(), expected);
  EXPECT_EQ(stage_report(report, "src").sources.at(0).acknowledged, kEvents);
  EXPECT_EQ(f.source_record->last_commits(), per_partition(kEvents, 3));
}

TEST(PipelineRunner, OutputsAllReadByOneStageStillCarryTheirFailures) {
  // Both named outputs and the error output go to one sink: the batch may
  // travel on whole, and failed events must still say why.
  Fixture f;
  auto src = source_plugin({.count = kEvents}, f.source_record);
  auto route = processor_plugin(
      [](Batch& b) {
        for (std::size_t i = 0; i < b.size(); ++i) {
          const auto id = id_of(b[i]);
          if (id % 3 == 0) b.send(i, 0);
          if (id % 3 == 1) b.send(i, 1);
          if (id % 3 == 2) b.fail(i, "two");
        }
      },
      {"zero", "one"});
  auto all = std::make_shared<SinkRecord>();
  auto sink = sink_plugin(all);
  TestPlan p;
  p.stage("src", *src).stage("route", *route, {"src"}).stage("all", *sink, {"route.zero", "route.one", "route.error"});
  const auto report = f.run(p);
  EXPECT_TRUE(report.clean());
  EXPECT_EQ(all->ids(), iota_ids(kEvents));
  for (const auto& r : all->all()) {
    if (r.id % 3 == 2) {
      ASSERT_TRUE(r.failure.has_value()) << r.id;
      EXPECT_EQ(r.failure->error, "two");
      EXPECT_EQ(r.failure->stage, "route");
    } else {
      EXPECT_FALSE(r.failure.has_value()) << r.id;
    }
  }
  EXPECT_EQ(stage_report(report, "route").failed, kEvents / 3);
  EXPECT_EQ(stage_report(report, "route").events_out, kEvents - kEvents / 3);
  EXPECT_EQ(f.source_record->last_commits(), per_partition(kEvents, 3));
}

TEST(PipelineRunner, AnEventIsDoneOnlyWhenEveryCopyIs) {
  // One copy goes to a fast sink, the other to a sink that holds the first
  // batch until the test says so: nothing may be committed meanwhile.
  Fixture f;
  auto src = source_plugin({.count = 10, .partitions = 1}, f.source_record);
  auto release = std::make_shared<std::atomic<bool>>(false);
  auto fast = sink_plugin(std::make_shared<SinkRecord>());
  auto held = processor_plugin([release](Batch&) {
    while (!*release) std::this_thread::sleep_for(1ms);
  });
  TestPlan p;
  p.stage("src", *src).stage("fast", *fast, {"src"}).stage("held", *held, {"src"});
  PipelineRunner runner(p.plan, p.bindings, {}, f.metrics, quiet_options());
  ASSERT_TRUE(runner.start());
  std::this_thread::sleep_for(100ms);
  EXPECT_TRUE(f.source_record->last_commits().empty());
  *release = true;
  const auto report = runner.wait();
  EXPECT_TRUE(report.clean());
  EXPECT_EQ(f.source_record->last_commits(), (std::map<std::int32_t, std::int64_t>{{0, 10}}));
}

TEST(PipelineRunner, SendingToAnOutputNobodyReadsDropsWithAReason) {
  Fixture f;
  auto src = source_plugin({.count = 100}, f.source_record);
  auto route = processor_plugin([](Batch& b) {
    for (std::size_t i = 0; i < b.size(); ++i) b.send(i, 0);
  },
                                {"unread"});
  auto sink = sink_plugin(std::make_shared<SinkRecord>());
  TestPlan p;
  p.stage("src", *src).stage("route", *route, {"src"}).stage("sink", *sink, {"route"});
  const auto report = f.run(p);
  EXPECT_TRUE(report.clean());
  EXPECT_EQ(f.metrics.value("streamline_events_dropped_total",
                            {{"stage", "route"}, {"plugin", "test-route"}, {"reason", "no reader for output unread"}}),
            100.0);
}

// src -> work (concurrency: 3, `partition_by`) -> sink: every one of
// kEvents events delivered once, every partition committed.
void run_through_three_instances(Fixture& f, const Plugin& src, const Plugin& work, Partitioning partition_by) {
  auto sink_record = std::make_shared<SinkRecord>();
  auto sink = sink_plugin(sink_record);
  TestPlan p;
  p.stage("src", src, {}, {.batch = {16, 0ms}})
      .stage("work", work, {"src"}, {.concurrency = 3, .batch = {16, 0ms}, .partition_by = partition_by})
      .stage("sink", *sink, {"work"});
  const auto report = f.run(p);
  EXPECT_TRUE(report.clean());
  EXPECT_EQ(sink_record->ids(), iota_ids(kEvents));
  EXPECT_EQ(f.source_record->last_commits(), per_partition(kEvents, 3));
}

TEST(PipelineRunner, ConcurrentInstancesShareTheInputAndDeliverOnce) {
  Fixture f;
  auto src = source_plugin({.count = kEvents}, f.source_record);
  auto instances = std::make_shared<std::atomic<int>>(0);
  auto work = std::make_unique<FunctionPlugin>(PluginKind::kProcessor, [instances](Context& context) {
    ++*instances;
    return std::make_unique<FunctionProcessor>([](Batch&) { std::this_thread::sleep_for(100us); }, context, nullptr);
  });
  run_through_three_instances(f, *src, *work, Partitioning::kNone);
  EXPECT_EQ(*instances, 3);
}

// partition_by: key: the events of one key all reach one instance, in the
// order the source emitted them, while the instances run in parallel.
TEST(PipelineRunner, InstancesPartitionedByKeyEachSeeAllOfTheirKeysInOrder) {
  Fixture f;
  constexpr int kKeys = 17;
  auto src = source_plugin({.count = kEvents, .make_event = [](std::uint64_t id) {
                              Event e = Event::from_json(Json{{"id", id}});
                              e.key = "order-" + std::to_string(id % kKeys);
                              return e;
                            }},
                           f.source_record);
  struct Seen {
    std::mutex mutex;
    std::map<std::string, std::vector<std::uint64_t>> ids;  // key -> ids in the order processed
    std::map<std::string, std::set<int>> instances;         // key -> the instances that saw it
  };
  auto seen = std::make_shared<Seen>();
  auto instances = std::make_shared<std::atomic<int>>(0);
  auto work = std::make_unique<FunctionPlugin>(PluginKind::kProcessor, [instances, seen](Context& context) {
    const int instance = (*instances)++;
    return std::make_unique<FunctionProcessor>(
        [seen, instance](Batch& b) {
          std::lock_guard lock(seen->mutex);
          for (const Event& e : b) {
            seen->ids[e.key].push_back(id_of(e));
            seen->instances[e.key].insert(instance);
          }
          std::this_thread::sleep_for(100us);
        },
        context, nullptr);
  });
  run_through_three_instances(f, *src, *work, Partitioning::kKey);
  EXPECT_EQ(*instances, 3);
  ASSERT_EQ(seen->ids.size(), static_cast<std::size_t>(kKeys));
  std::set<int> used;
  for (const auto& [key, ids] : seen->ids) {
    EXPECT_EQ(seen->instances[key].size(), 1u) << key << " reached more than one instance";
    used.insert(seen->instances[key].begin(), seen->instances[key].end());
    EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end())) << key << " out of order";
    EXPECT_EQ(ids.size(), static_cast<std::size_t>(kEvents / kKeys + (std::stoul(key.substr(6)) < kEvents % kKeys)))
        << key;
  }
  EXPECT_EQ(used.size(), 3u) << "17 keys over 3 instances: every instance had work";
}

TEST(PipelineRunner, StartsSinksFirstAndStopsSourcesFirst) {
  Fixture f;
  Lifecycle lifecycle;
  auto src = source_plugin({.count = 10}, f.source_record, &lifecycle);
  auto pass = processor_plugin([](Batch&) {}, {}, &lifecycle);
  auto sink = sink_plugin(std::make_shared<SinkRecord>(), {}, &lifecycle);
  TestPlan p;
  p.stage("src", *src).stage("pass", *pass, {"src"}).stage("sink", *sink, {"pass"});
  f.run(p);
  EXPECT_THAT(lifecycle.entries(),
              ElementsAre("start:sink", "start:pass", "start:src", "stop:src", "stop:pass", "stop:sink"));
}

TEST(PipelineRunner, AStageThatCannotStartStopsEverythingCreated) {
  Fixture f;
  Lifecycle lifecycle;
  auto src = source_plugin({.count = 10}, f.source_record, &lifecycle);
  auto broken = std::make_unique<FunctionPlugin>(PluginKind::kSink, [&lifecycle](Context& context) {
    struct Broken : FunctionProcessor {
      using FunctionProcessor::FunctionProcessor;
      void start() override { throw std::runtime_error("cannot connect to db:5432"); }
    };
    return std::make_unique<Broken>([](Batch&) {}, context, &lifecycle);
  });
  TestPlan p;
  p.stage("src", *src).stage("db", *broken, {"src"});
  const auto report = f.run(p);
  EXPECT_FALSE(report.started);
  EXPECT_FALSE(report.clean());
  EXPECT_THAT(report.errors, ElementsAre("stage 'db': plugin 'test-db' failed to start: cannot connect to db:5432"));
  EXPECT_THAT(lifecycle.entries(), ElementsAre("stop:src", "stop:db"));
}

TEST(PipelineRunner, StartRetriesTransientErrors) {
  Fixture f;
  auto attempts = std::make_shared<std::atomic<int>>(0);
  auto src = source_plugin({.count = 10}, f.source_record);
  auto flaky = std::make_unique<FunctionPlugin>(PluginKind::kSink, [attempts](Context& context) {
    struct Flaky : FunctionProcessor {
      Flaky(std::shared_ptr<std::atomic<int>> a, Context& c) : FunctionProcessor([](Batch&) {}, c, nullptr), a_(a) {}
      void start() override {
        if (++*a_ < 3) throw TransientError("not yet");
      }
      std::shared_ptr<std::atomic<int>> a_;
    };
    return std::make_unique<Flaky>(attempts, context);
  });
  TestPlan p;
  p.stage("src", *src).stage("db", *flaky, {"src"});
  const auto report = f.run(p);
  EXPECT_TRUE(report.clean());
  EXPECT_EQ(*attempts, 3);
}

TEST(PipelineRunner, ACreateThatThrowsIsReportedWithThePlugin) {
  Fixture f;
  auto src = source_plugin({.count = 10}, f.source_record);
  auto bad = std::make_unique<FunctionPlugin>(PluginKind::kSink, [](Context&) -> std::unique_ptr<Stage> {
    throw ConfigError("path", "must be absolute");
  });
  TestPlan p;
  p.stage("src", *src).stage("out", *bad, {"src"});
  const auto report = f.run(p);
  EXPECT_FALSE(report.started);
  EXPECT_THAT(report.errors,
              ElementsAre("stage 'out': plugin 'test-out' failed to create the stage: config.path: must be absolute"));
}

// batch.max_wait: an idle stage waits for company for the first event it
// gets, counted from when that event was queued; events that queued while
// the stage was busy longer than that go at once.
TEST(PipelineRunner, MaxWaitGathersForAnIdleStageButAddsNothingAfterABusyCall) {
  Fixture f;
  // One event per poll: 0 at once, 1 100 ms later (while `work` gathers),
  // 2 at ~500 ms (while its first call runs), then one a second.
  const auto src = source_plugin(
      {.count = 0, .partitions = 1,
       .make_event =
           [](std::uint64_t id) {
             if (id > 0) std::this_thread::sleep_for(id == 1 ? 100ms : id == 2 ? 400ms : 1000ms);
             return Event::from_json(Json{{"id", id}});
           }},
      f.source_record);
  struct Call {
    std::vector<std::uint64_t> ids;
    Clock::time_point began, ended;
  };
  std::mutex mutex;
  std::vector<Call> calls;
  auto work = processor_plugin([&](Batch& batch) {
    Call call{{}, Clock::now(), {}};
    for (const Event& e : batch) call.ids.push_back(id_of(e));
    if (std::lock_guard lock(mutex); calls.empty()) std::this_thread::sleep_for(500ms);  // busy
    call.ended = Clock::now();
    std::lock_guard lock(mutex);
    calls.push_back(std::move(call));
  });
  TestPlan p;
  p.stage("src", *src, {}, {.batch = {1, 0ms}}).stage("work", *work, {"src"}, {.batch = {100, 300ms}});
  PipelineRunner runner(p.plan, p.bindings, {}, f.metrics, quiet_options());
  ASSERT_TRUE(runner.start());
  for (int i = 0; i < 300; ++i) {
    if (std::lock_guard lock(mutex); calls.size() >= 2) break;
    std::this_thread::sleep_for(10ms);
  }
  runner.request_stop();
  const auto report = runner.wait();
  EXPECT_TRUE(report.clean());
  std::lock_guard lock(mutex);
  ASSERT_GE(calls.size(), 2u);
  EXPECT_THAT(calls[0].ids, ElementsAre(0u, 1u)) << "the idle stage waited for event 1";
  EXPECT_THAT(calls[1].ids, ElementsAre(2u));
  // Event 2 queued ~100 ms into the first call's 500 ms: its window was over
  // when the call ended. Counting the window from the pop would add 300 ms.
  const auto gap = std::chrono::duration_cast<std::chrono::milliseconds>(calls[1].began - calls[0].ended);
  EXPECT_LT(gap, 150ms) << "the second call waited " << gap.count() << " ms after the first";
}

TEST(PipelineRunner, RequestStopDrainsAnEndlessSourceAndAcknowledgesEverythingRead) {
  Fixture f;
  auto src = source_plugin({.count = 0}, f.source_record);
  auto slowish = processor_plugin([](Batch&) { std::this_thread::sleep_for(200us); });
  auto sink_record = std::make_shared<SinkRecord>();
  auto sink = sink_plugin(sink_record);
  TestPlan p;
  p.stage("src", *src, {}, {.batch = {64, 0ms}}).stage("work", *slowish, {"src"}).stage("sink", *sink, {"work"});
  PipelineRunner runner(p.plan, p.bindings, {}, f.metrics, quiet_options());
  ASSERT_TRUE(runner.start());
  std::this_thread::sleep_for(150ms);
  runner.request_stop();
  const auto report = runner.wait();
  EXPECT_TRUE(report.clean());
  EXPECT_TRUE(report.drain_requested);
  const auto& source = stage_report(report, "src").sources.at(0);
  EXPECT_GT(source.emitted, 0u);
  EXPECT_EQ(source.acknowledged, source.emitted);
  EXPECT_EQ(sink_record->ids(), iota_ids(source.emitted));
  EXPECT_EQ(f.source_record->last_commits(), per_partition(source.emitted, 3));
}

TEST(PipelineRunner, ADrainThatOverrunsItsDeadlineAbandonsInFlightWork) {
  Fixture f;
  auto src = source_plugin({.count = 0}, f.source_record);
  // Blocks until the engine gives up on it (its stop token).
  auto stuck = std::make_unique<FunctionPlugin>(PluginKind::kSink, [](Context& context) {
    return std::make_unique<FunctionProcessor>(
        [&context](Batch&) {
          while (!context.stop_token().stop_requested()) std::this_thread::sleep_for(1ms);
        },
        context, nullptr);
  });
  TestPlan p;
  p.plan.settings.drain_timeout = 100ms;
  p.stage("src", *src).stage("stuck", *stuck, {"src"});
  PipelineRunner runner(p.plan, p.bindings, {}, f.metrics, quiet_options());
  ASSERT_TRUE(runner.start());
  std::this_thread::sleep_for(30ms);
  runner.request_stop();
  const auto report = runner.wait();
  EXPECT_TRUE(report.timed_out);
  EXPECT_FALSE(report.clean());
  EXPECT_GT(stage_report(report, "src").sources.at(0).in_flight, 0u);
}

TEST(PipelineRunner, StopRequestedBeforeStartStartsNothing) {
  Fixture f;
  Lifecycle lifecycle;
  auto src = source_plugin({.count = 10}, f.source_record, &lifecycle);
  auto sink = sink_plugin(std::make_shared<SinkRecord>(), {}, &lifecycle);
  TestPlan p;
  p.stage("src", *src).stage("sink", *sink, {"src"});
  PipelineRunner runner(p.plan, p.bindings, {}, f.metrics, quiet_options());
  runner.request_stop();
  EXPECT_FALSE(runner.start());
  const auto report = runner.wait();
  EXPECT_FALSE(report.started);
  EXPECT_TRUE(report.errors.empty());
  EXPECT_TRUE(report.drain_requested);
  EXPECT_THAT(lifecycle.entries(), ElementsAre("stop:src", "stop:sink"));
}

TEST(PipelineRunner, StageMetricsAreExposedWithStageAndPluginLabels) {
  Fixture f;
  auto src = source_plugin({.count = 100}, f.source_record);
  auto sink = sink_plugin(std::make_shared<SinkRecord>());
  TestPlan p;
  p.stage("src", *src).stage("sink", *sink, {"src"});
  f.run(p);
  const std::string text = f.metrics.render_prometheus();
  EXPECT_THAT(text, HasSubstr("streamline_events_in_total{plugin=\"test-src\",stage=\"src\"} 100\n"));
  EXPECT_THAT(text, HasSubstr("streamline_events_out_total{plugin=\"test-sink\",stage=\"sink\"} 100\n"));
  EXPECT_THAT(text, HasSubstr("streamline_processing_seconds_count{plugin=\"test-sink\",stage=\"sink\"}"));
  EXPECT_THAT(text, HasSubstr("# TYPE streamline_batch_size histogram\n"));
  EXPECT_THAT(text, HasSubstr("streamline_queue_depth{plugin=\"test-sink\",stage=\"sink\"} 0\n"));
}

TEST(PipelineRunner, SummaryNamesEveryStageAndTheSourceProgress) {
  Fixture f;
  auto src = source_plugin({.count = 10, .partitions = 1}, f.source_record);
  auto sink = sink_plugin(std::make_shared<SinkRecord>());
  TestPlan p;
  p.stage("src", *src).stage("sink", *sink, {"src"});
  const auto report = f.run(p);
  EXPECT_EQ(format_summary(report),
            "src [test-src] in=10 out=10 dropped=0 failed=0 emitted=10 acked=10 in_flight=0 "
            "committed=orders/0@10; sink [test-sink] in=10 out=10 dropped=0 failed=0");
}

TEST(PipelineRunner, StageTimeNamesEveryStageThatProcessesWithItsCalls) {
  Fixture f;
  auto src = source_plugin({.count = 10, .partitions = 1}, f.source_record);
  auto sink = sink_plugin(std::make_shared<SinkRecord>());
  TestPlan p;
  p.stage("src", *src).stage("sink", *sink, {"src"});
  auto report = f.run(p);
  ASSERT_EQ(report.stages.size(), 2u);
  EXPECT_GE(report.stages[1].calls, 1u);
  EXPECT_GE(report.stages[1].busy_seconds, 0.0);
  report.stages[1].busy_seconds = 1.234;
  report.stages[1].calls = 7;
  EXPECT_EQ(format_stage_time(report), "sink 1.23s/7");
}

}  // namespace
}  // namespace streamline::engine
