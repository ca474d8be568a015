#include "engine/cli/test_command.hpp"

#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace streamline::engine {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

struct CommandResult {
  int exit_code;
  std::string out;
  std::string err;
};

CommandResult engine_test(const Args& args) {
  std::ostringstream out, err;
  const EnvLookup no_env = [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
  const int code = run_test_command(args, TestStreams{out, err, no_env});
  return {code, out.str(), err.str()};
}

TEST(TestCommand, HelpDescribesTheCommand) {
  const auto run = engine_test({"--help"});
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_THAT(run.out, StartsWith("usage: engine test [PATH...] [options]\n"));
  EXPECT_THAT(run.out, HasSubstr("--junit FILE"));
}

TEST(TestCommand, UsageErrorsExitWithTwo) {
  auto run = engine_test({"--junt", "x.xml"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.err, StartsWith("engine test: unknown option '--junt'\n\nusage: engine test"));
  run = engine_test({"no/such/dir"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err, "engine test: no such test file or folder 'no/such/dir'\n");
  run = engine_test({"--junit"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.err, StartsWith("engine test: --junit needs a value\n"));
}

TEST(TestCommand, TheShippedOrdersCasesPass) {
  const auto run = engine_test({std::string(PROJECT_SOURCE_DIR) + "/pipelines/tests/orders", "--plugin-dir", PLUGIN_DIR});
  EXPECT_EQ(run.exit_code, 0) << run.out;
  EXPECT_THAT(run.out, HasSubstr(" passed, 0 failed\n"));
  EXPECT_THAT(run.out, ::testing::Not(HasSubstr("FAIL")));
}

TEST(TestCommand, AFailingCaseExitsWithOne) {
  const auto run = engine_test(
      {std::string(TESTS_SOURCE_DIR) + "/pipeline-tests/failing_cases.yaml", "--plugin-dir", PLUGIN_DIR});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.out, HasSubstr("\n4 cases in 1 file: 1 passed, 3 failed\n"));
}

}  // namespace
}  // namespace streamline::engine
