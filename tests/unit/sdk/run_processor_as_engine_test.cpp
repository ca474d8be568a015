// The SDK's harness reports what the engine would do with a stage that
// throws (run_processor_as_engine), and Checks counts and reports plain checks.
#include <functional>
#include <stdexcept>
#include <utility>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <streamline/testing/checks.hpp>
#include <streamline/testing/stage_harness.hpp>

namespace {

using streamline::Batch;
using streamline::Json;
using namespace streamline::testing;

// Throws what it was told to, after failing event 0 (which the engine then
// overrides: a throw fails the whole batch).
class Throwing final : public streamline::Processor {
 public:
  explicit Throwing(std::function<void()> thrower) : thrower_(std::move(thrower)) {}
  void process(Batch& batch) override {
    ++calls;
    if (!batch.empty()) batch.drop(0, "not reached");
    thrower_();
  }
  int calls = 0;

 private:
  std::function<void()> thrower_;
};

// Reads every payload as JSON (throwing PayloadError on a bad one) and drops
// the events whose `skip` is true.
class ReadsJson final : public streamline::Processor {
 public:
  void process(Batch& batch) override {
    ++calls;
    for (std::size_t i = 0; i < batch.size(); ++i)
      if (batch[i].json().value("skip", false)) batch.drop(i, "skipped");
  }
  int calls = 0;
};

TEST(RunProcessorAsEngine, AThrowFailsEveryEventWithThePluginsName) {
  Throwing stage([] { throw std::runtime_error("disk on fire"); });
  const ProcessResult result = run_processor_as_engine(stage, events_from_json({{{"id", 1}}, {{"id", 2}}}), "burner");
  EXPECT_TRUE(result.passed.empty());
  EXPECT_TRUE(result.dropped.empty());
  EXPECT_EQ(reasons_of(result.failed),
            (std::vector<std::string>{"plugin 'burner' threw: disk on fire", "plugin 'burner' threw: disk on fire"}));
  EXPECT_EQ(documents_of(result.failed), (std::vector<Json>{{{"id", 1}}, {{"id", 2}}}));
}

TEST(RunProcessorAsEngine, ANonStandardThrowFailsEveryEvent) {
  Throwing stage([] { throw 42; });
  const ProcessResult result = run_processor_as_engine(stage, events_from_json({{{"id", 1}}}), "odd");
  EXPECT_EQ(reasons_of(result.failed), std::vector<std::string>{"plugin 'odd' threw a non-standard exception"});
}

TEST(RunProcessorAsEngine, ATransientErrorPropagatesForTheEngineToRetry) {
  Throwing stage([] { throw streamline::TransientError("db down"); });
  EXPECT_THROW(run_processor_as_engine(stage, events_from_json({{{"id", 1}}})), streamline::TransientError);
}

TEST(RunProcessorAsEngine, APayloadErrorFailsOnlyTheBadPayloadsAndProcessesTheOthersAgain) {
  ReadsJson stage;
  const ProcessResult result =
      run_processor_as_engine(stage, events_from_raw({R"({"id":1})", "{not json", R"({"id":3,"skip":true})"}));
  EXPECT_EQ(stage.calls, 2);
  EXPECT_EQ(documents_of(result.passed), (std::vector<Json>{{{"id", 1}}}));
  EXPECT_EQ(reasons_of(result.dropped), std::vector<std::string>{"skipped"});
  ASSERT_EQ(result.failed.size(), 1u);
  EXPECT_EQ(result.failed[0].event.raw(), "{not json");
  EXPECT_EQ(result.failed[0].reason.rfind("payload is not valid JSON: ", 0), 0u) << result.failed[0].reason;
}

TEST(RunProcessorAsEngine, WithoutAThrowIsRunProcessor) {
  ReadsJson stage;
  const ProcessResult result = run_processor_as_engine(stage, events_from_json({{{"skip", true}}, {{"id", 2}}}));
  EXPECT_EQ(reasons_of(result.dropped), std::vector<std::string>{"skipped"});
  EXPECT_EQ(documents_of(result.passed), (std::vector<Json>{{{"id", 2}}}));
  EXPECT_EQ(result.total(), 2u);
}

TEST(Checks, CountsAndReportsEveryCheckAndPrintsFailures) {
  Checks checks;
  testing::internal::CaptureStderr();
  EXPECT_TRUE(checks.equal(std::vector<Json>{{{"a", 1}}}, std::vector<Json>{{{"a", 1}}}, "same"));
  EXPECT_FALSE(checks.equal(std::string("x"), std::string("y"), "strings"));
  EXPECT_TRUE(checks.expect(true, "holds"));
  EXPECT_FALSE(checks.expect(false, "does not hold"));
  EXPECT_TRUE(checks.throws<std::runtime_error>([] { throw std::runtime_error("boom"); }, "boom", "throws"));
  EXPECT_FALSE(checks.throws<std::runtime_error>([] {}, "", "throws nothing"));
  const std::string errors = testing::internal::GetCapturedStderr();
  EXPECT_EQ(errors,
            "FAIL: strings\n  expected: \"y\"\n  actual:   \"x\"\n"
            "FAIL: does not hold\n"
            "FAIL: throws nothing (threw nothing)\n");
  EXPECT_EQ(checks.passed(), 3);
  EXPECT_EQ(checks.failed(), 3);
  testing::internal::CaptureStdout();
  EXPECT_EQ(checks.report(), 1);
  EXPECT_EQ(testing::internal::GetCapturedStdout(), "3 passed, 3 failed\n");
}

}  // namespace
