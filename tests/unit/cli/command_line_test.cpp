// The argument reader every command uses: options with values in both
// spellings, flags, `--`, help, and the exact problems it reports.

#include <gtest/gtest.h>

#include "engine/cli/command_line.hpp"

namespace streamline::engine {
namespace {

using Options = std::vector<std::pair<std::string, std::string>>;

std::optional<CommandLine> read(const Args& args, std::string& problem) {
  return read_command_line(args, {"--format", "--plugin-dir"}, problem, {"--errors", "--no-watch"});
}

TEST(CommandLine, ReadsOptionsInBothSpellingsFlagsAndPositionalsInOrder) {
  std::string problem;
  const auto line = read({"a.yaml", "--format", "json", "--errors", "--plugin-dir=/p", "b.yaml", "--no-watch"}, problem);
  ASSERT_TRUE(line) << problem;
  EXPECT_EQ(line->positional, (std::vector<std::string>{"a.yaml", "b.yaml"}));
  EXPECT_EQ(line->options, (Options{{"--format", "json"}, {"--plugin-dir", "/p"}}));
  EXPECT_EQ(line->flags, (std::vector<std::string>{"--errors", "--no-watch"}));
  EXPECT_TRUE(has_flag(*line, "--errors"));
  EXPECT_FALSE(line->help);
}

TEST(CommandLine, AfterDoubleDashEverythingIsPositionalAndDashAloneIsOne) {
  std::string problem;
  const auto line = read({"-", "--", "--errors", "-h"}, problem);
  ASSERT_TRUE(line) << problem;
  EXPECT_EQ(line->positional, (std::vector<std::string>{"-", "--errors", "-h"}));
  EXPECT_TRUE(line->flags.empty());
  EXPECT_FALSE(line->help);
  EXPECT_FALSE(has_flag(*line, "--errors"));
}

TEST(CommandLine, HelpInEitherSpelling) {
  std::string problem;
  EXPECT_TRUE(read({"-h"}, problem)->help);
  EXPECT_TRUE(read({"x", "--help"}, problem)->help);
}

TEST(CommandLine, AnEqualsSignGivesAnEmptyValueAndTheNextWordIsAValueEvenIfItLooksLikeAnOption) {
  std::string problem;
  const auto line = read({"--format=", "--plugin-dir", "--errors"}, problem);
  ASSERT_TRUE(line) << problem;
  EXPECT_EQ(line->options, (Options{{"--format", ""}, {"--plugin-dir", "--errors"}}));
  EXPECT_TRUE(line->flags.empty());
}

TEST(CommandLine, ReportsTheExactProblem) {
  const std::vector<std::pair<Args, std::string>> cases = {
      {{"--frmat", "json"}, "unknown option '--frmat'"},
      {{"--frmat=json"}, "unknown option '--frmat=json'"},
      {{"-x"}, "unknown option '-x'"},
      {{"a.yaml", "--format"}, "--format needs a value"},
      {{"--errors=yes"}, "--errors takes no value"},
      {{"--no-watch="}, "--no-watch takes no value"},
  };
  for (const auto& [args, expected] : cases) {
    std::string problem;
    EXPECT_FALSE(read(args, problem)) << expected;
    EXPECT_EQ(problem, expected);
  }
}

}  // namespace
}  // namespace streamline::engine
