// What a reload keeps, restarts, adds and removes, stage by stage.
#include "engine/reload/pipeline_diff.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/unit/runtime/test_plan.hpp"
#include "tests/unit/runtime/test_plugins.hpp"

namespace streamline::engine {
namespace {

using namespace test;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

PlannedResource resource(const std::string& name, const std::string& fingerprint) {
  PlannedResource r;
  r.name = name;
  r.fingerprint = fingerprint;
  return r;
}

TEST(PipelineDiff, SortsStagesByNameAndFingerprint) {
  auto src = source_plugin({}, std::make_shared<SourceRecord>());
  auto a = processor_plugin([](Batch&) {});
  auto b = processor_plugin([](Batch&) {});
  auto sink = sink_plugin(std::make_shared<SinkRecord>());
  TestPlan running;
  running.stage("src", *src).stage("work", *a, {"src"}).stage("old", *a, {"src"}).stage("sink", *sink, {"work"});
  TestPlan next;
  next.stage("src", *src).stage("work", *b, {"src"}).stage("new", *a, {"src"}).stage("sink", *sink, {"work"});

  const PipelineDiff diff = diff_plans(running.plan, next.plan);
  EXPECT_THAT(diff.stages.kept, ElementsAre("src", "sink"));
  EXPECT_THAT(diff.stages.restarted, ElementsAre("work"));
  EXPECT_THAT(diff.stages.added, ElementsAre("new"));
  EXPECT_THAT(diff.stages.removed, ElementsAre("old"));
  EXPECT_FALSE(diff.unchanged());
  EXPECT_EQ(diff.summary(), "kept 2, restarted 1 (work), added 1 (new), removed 1 (old)");
}

TEST(PipelineDiff, TheSamePlanIsUnchangedAndANewInputRestartsTheReader) {
  auto src = source_plugin({}, std::make_shared<SourceRecord>());
  auto sink = sink_plugin(std::make_shared<SinkRecord>());
  TestPlan running;
  running.stage("src", *src).stage("other", *src).stage("sink", *sink, {"src"});
  EXPECT_TRUE(diff_plans(running.plan, running.plan).unchanged());

  TestPlan next;
  next.stage("src", *src).stage("other", *src).stage("sink", *sink, {"src", "other"});
  const PipelineDiff diff = diff_plans(running.plan, next.plan);
  EXPECT_THAT(diff.stages.kept, ElementsAre("src", "other"));
  EXPECT_THAT(diff.stages.restarted, ElementsAre("sink"));
}

TEST(PipelineDiff, AReplacedResourceRestartsTheStagesThatNameIt) {
  auto src = source_plugin({}, std::make_shared<SourceRecord>());
  auto sink = sink_plugin(std::make_shared<SinkRecord>());
  TestPlan running;
  running.stage("src", *src).stage("store", *sink, {"src"}).stage("log", *sink, {"src"});
  running.plan.stages[1].config = Config(Json{{"resource", "pg"}, {"table", "events"}});
  running.plan.resources = {resource("pg", "dsn-1"), resource("redis", "url-1")};
  Plan next = running.plan;
  next.resources = {resource("pg", "dsn-2"), resource("cache", "url-2")};

  const PipelineDiff diff = diff_plans(running.plan, next);
  EXPECT_THAT(diff.resources.kept, IsEmpty());
  EXPECT_THAT(diff.resources.restarted, ElementsAre("pg"));
  EXPECT_THAT(diff.resources.added, ElementsAre("cache"));
  EXPECT_THAT(diff.resources.removed, ElementsAre("redis"));
  EXPECT_THAT(diff.stages.kept, ElementsAre("src", "log"));
  EXPECT_THAT(diff.stages.restarted, ElementsAre("store"));
  EXPECT_EQ(diff.summary(),
            "kept 2, restarted 1 (store), added 0, removed 0; resources replaced 1 (pg), added 1 (cache), removed 1 (redis)");
}

TEST(PipelineDiff, SettingsAloneAreAChange) {
  auto src = source_plugin({}, std::make_shared<SourceRecord>());
  TestPlan running;
  running.stage("src", *src);
  Plan next = running.plan;
  next.settings.queue_capacity = 16;
  const PipelineDiff diff = diff_plans(running.plan, next);
  EXPECT_TRUE(diff.settings_changed);
  EXPECT_FALSE(diff.unchanged());
  EXPECT_THAT(diff.stages.kept, ElementsAre("src"));
}

}  // namespace
}  // namespace streamline::engine
