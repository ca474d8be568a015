// Runs test files against a small pipeline of the shipped service-free
// plugins (generate, fail, route, null), on the real runtime, and checks
// what the cases saw: routing, named outputs nobody reads, error paths,
// dead letters, exceptions from a stage, and the file's own diagnostics.
#include "engine/testing/test_file_runner.hpp"

#include <filesystem>
#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace streamline::engine {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr const char* kShop = R"(pipeline: { name: shop, dead_letter: dead }
stages:
  src: { plugin: generate, config: { count: 1 } }
  check: { plugin: fail, inputs: [src], config: { when: "amount < 0", error: "negative amount {amount}" } }
  boom: { plugin: fail, inputs: [check], config: { when: "amount == 13", throw: true } }
  router:
    plugin: route
    inputs: [boom]
    config: { routes: [ { name: big, when: "amount > 100" }, { name: lost, when: "amount == 0" } ] }
  big: { plugin: "null", inputs: [router.big] }
  rest: { plugin: "null", inputs: [router] }
  dead: { plugin: "null" }
)";

class TestFileRunner : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("engine-test-runner-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
    write("shop.yaml", kShop);
    plugins_.load_directories({PLUGIN_DIR});
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string write(const std::string& name, const std::string& text) {
    const auto path = dir_ / name;
    std::ofstream(path) << text;
    return path.string();
  }

  FileResult run(const std::string& tests, const std::string& filter = "") {
    return run_test_file(write("shop_test.yaml", tests), plugins_, TestFileOptions{filter, nullptr});
  }

  std::filesystem::path dir_;
  PluginRegistry plugins_;
};

TEST_F(TestFileRunner, RoutesDropsErrorsAndDeadLettersAreSeenAsTheRuntimeMakesThem) {
  const FileResult result = run(R"(pipeline: shop.yaml
doubles: { dead: {} }
cases:
  - name: everything at once
    input: { events: [ { amount: 500 }, { amount: 5 }, { amount: -1 }, { amount: 0 }, "oops" ] }
    expect:
      outputs:
        router.big: [ { amount: 500 } ]
        router: [ { amount: 5 } ]
        router.lost: [ { amount: 0 } ]
        check: { count: 3 }
      drops: [ { stage: router, reason: "no reader for output lost", event: { amount: 0 } } ]
      errors:
        - { stage: check, error: "negative amount -1", event: { amount: -1 } }
        - { stage: check, error_matches: "^payload is not valid JSON", event: "oops" }
      effects:
        dead:
          - { amount: -1, $failure: { stage: check, error: "negative amount -1", attempts: 1 } }
          - { $failure: { stage: check } }
)");
  ASSERT_THAT(result.load_errors, IsEmpty());
  ASSERT_EQ(result.cases.size(), 1u);
  EXPECT_EQ(result.cases[0].name, "everything at once");
  EXPECT_EQ(result.cases[0].line, 4);
  EXPECT_THAT(result.cases[0].problems, IsEmpty());
  EXPECT_TRUE(result.cases[0].passed);
}

TEST_F(TestFileRunner, AStageThatThrowsFailsItsBatchWithTheEnginesMessage) {
  const FileResult result = run(R"(pipeline: shop.yaml
doubles: { dead: {} }
cases:
  - name: throws
    input: { stage: boom, events: [ { amount: 13 }, { amount: 2 } ] }
    expect:
      errors:
        - { stage: boom, error: "plugin 'fail' threw: failed by fail stage", event: { amount: 13 } }
        - { stage: boom, error: "plugin 'fail' threw: failed by fail stage", event: { amount: 2 } }
      outputs: { router: { count: 0 } }
      effects:
        dead: { count: 2, events: [ { $failure: { stage: boom, error: "plugin 'fail' threw: failed by fail stage" } }, {} ] }
)");
  ASSERT_THAT(result.load_errors, IsEmpty());
  ASSERT_EQ(result.cases.size(), 1u);
  EXPECT_THAT(result.cases[0].problems, IsEmpty());
  EXPECT_THAT(result.cases[0].log,
              ElementsAre("error fail/boom: plugin 'fail' threw: failed by fail stage (failing a batch of 2)"));
}

TEST_F(TestFileRunner, OnlyTheStagesDownstreamOfTheInputRunAndADoubleCanRoute) {
  const FileResult result = run(R"(pipeline: shop.yaml
doubles:
  dead: {}
  router:
    rules: [ { when: { amount: 7 }, send: big, merge: { tagged: true } } ]
    drop: "not seven"
cases:
  - name: the double decides
    input: { stage: router, events: [ { amount: 7 }, { amount: 8 } ] }
    expect:
      outputs: { router.big: [ { amount: 7, tagged: true } ] }
      drops: [ { stage: router, reason: "not seven", event: { amount: 8 } } ]
      effects: { router: [ { amount: 7, tagged: { $absent: true } }, { amount: 8 } ] }
  - name: expecting a stage upstream of the input is an error
    input: { stage: router, events: [] }
    expect: { outputs: { check: [] } }
)");
  ASSERT_EQ(result.load_errors.size(), 1u);
  EXPECT_THAT(result.load_errors[0],
              ::testing::StartsWith(dir_.string() + "/shop_test.yaml:16:26: error: case 'expecting a stage upstream of "
                                                    "the input is an error': stage 'check' does not run in this case"));
}

TEST_F(TestFileRunner, ADoubleRoutesEventsAndFailingExpectationsAreReported) {
  const FileResult result = run(R"(pipeline: shop.yaml
doubles:
  dead: {}
  router:
    rules: [ { when: { amount: 7 }, send: big, merge: { tagged: true } } ]
    drop: "not seven"
cases:
  - name: the double decides
    input: { stage: router, events: [ { amount: 7 }, { amount: 8 } ] }
    expect:
      outputs: { router.big: [ { amount: 7, tagged: true } ] }
      drops: [ { stage: router, reason: "not seven", event: { amount: 8 } } ]
      effects: { router: [ { amount: 7, tagged: { $absent: true } }, { amount: 8 } ] }
  - name: wrong on purpose
    input: { stage: router, events: [ { amount: 7 } ] }
    expect:
      outputs: { router.big: [ { amount: 7, tagged: false } ] }
)");
  ASSERT_THAT(result.load_errors, IsEmpty());
  ASSERT_EQ(result.cases.size(), 2u);
  EXPECT_THAT(result.cases[0].problems, IsEmpty());
  EXPECT_FALSE(result.cases[1].passed);
  EXPECT_THAT(result.cases[1].problems, ElementsAre("outputs.router.big[0] tagged: expected false, got true\n"
                                                    "    got: {\"amount\":7,\"tagged\":true}"));
}

TEST_F(TestFileRunner, TheFilterSelectsCasesByName) {
  const FileResult result = run(R"(pipeline: shop.yaml
doubles: { dead: {} }
cases:
  - { name: first one, input: { stage: rest, events: [ {} ] }, expect: { outputs: { rest: { count: 1 } } } }
  - { name: second one, input: { stage: rest, events: [ {} ] }, expect: { outputs: { rest: { count: 1 } } } }
)", "second");
  ASSERT_EQ(result.cases.size(), 1u);
  EXPECT_EQ(result.cases[0].name, "second one");
  EXPECT_TRUE(result.cases[0].passed);
}

TEST_F(TestFileRunner, TheTestFileAloneProvidesTheEnvironment) {
  write("env.yaml", "stages:\n  src: { plugin: generate, config: { topic: \"${TOPIC}\" } }\n"
                    "  out: { plugin: \"null\", inputs: [src] }\n");
  const FileResult result = run(R"(pipeline: env.yaml
cases:
  - { name: c, input: { events: [ {} ] }, expect: { outputs: { out: { count: 1 } } } }
)");
  EXPECT_TRUE(result.cases.empty());
  ASSERT_FALSE(result.load_errors.empty());
  EXPECT_THAT(result.load_errors[0], ::testing::HasSubstr("environment variable 'TOPIC' is not set"));
  EXPECT_THAT(result.load_errors[0], ::testing::HasSubstr("hint: tests see only the test file's env: add the variable "
                                                          "under env: in "));
}

}  // namespace
}  // namespace streamline::engine
