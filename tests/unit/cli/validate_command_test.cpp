#include "engine/cli/validate_command.hpp"

#include <sys/wait.h>

#include <cstdio>
#include <sstream>

#include <map>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace streamline::engine {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

const std::string kFixtures = std::string(TESTS_SOURCE_DIR) + "/validate/";

struct CommandResult {
  int exit_code;
  std::string out;
  std::string err;
};

CommandResult validate(const Args& args, std::map<std::string, std::string> env = {}) {
  std::ostringstream out, err;
  const EnvLookup lookup = [env](const std::string& name) -> std::optional<std::string> {
    auto it = env.find(name);
    if (it == env.end()) return std::nullopt;
    return it->second;
  };
  const int code = run_validate_command(args, ValidateStreams{out, err, lookup});
  return {code, out.str(), err.str()};
}

const std::map<std::string, std::string> kLabel{{"FIXTURE_LABEL", "orders"}};

TEST(ValidateCommand, NoFilesIsAUsageError) {
  const CommandResult run = validate({"--format", "json"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.out, "");
  EXPECT_THAT(run.err, StartsWith("engine validate: no pipeline files given\n\nusage: engine validate FILE..."));
}

TEST(ValidateCommand, UnknownOptionIsAUsageError) {
  const CommandResult run = validate({"p.yaml", "--frmat", "json"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.out, "");
  EXPECT_THAT(run.err, StartsWith("engine validate: unknown option '--frmat'\n\nusage:"));
}

TEST(ValidateCommand, UnknownFormatIsAUsageError) {
  const CommandResult run = validate({"p.yaml", "--format=xml"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.err,
              StartsWith("engine validate: unknown format 'xml' (use text, json, github or sarif)\n"));
}

TEST(ValidateCommand, OptionWithoutValueIsAUsageError) {
  const CommandResult run = validate({"p.yaml", "--format"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.err, StartsWith("engine validate: --format needs a value\n"));
}

TEST(ValidateCommand, MissingPluginDirectoryIsAUsageError) {
  const CommandResult run = validate({"p.yaml", "--plugin-dir", "/nonexistent/plugins"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.err,
              StartsWith("engine validate: plugin directory '/nonexistent/plugins' does not exist\n"));
}

TEST(ValidateCommand, HelpGoesToStdout) {
  const CommandResult run = validate({"--help"});
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_THAT(run.out, StartsWith("usage: engine validate FILE... [options]\n"));
  EXPECT_EQ(run.err, "");
}

TEST(ValidateCommand, ValidFileExitsZero) {
  const CommandResult run = validate({kFixtures + "valid.yaml", "--plugin-dir", TEST_PLUGIN_DIR}, kLabel);
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_EQ(run.out, kFixtures + "valid.yaml: OK\n0 errors, 0 warnings in 1 file\n");
  EXPECT_EQ(run.err, "");
}

TEST(ValidateCommand, PluginPathComesFromTheEnvironmentToo) {
  auto env = kLabel;
  env["STREAMLINE_PLUGIN_PATH"] = std::string("/nonexistent:") + TEST_PLUGIN_DIR;
  const CommandResult run = validate({kFixtures + "valid.yaml"}, env);
  EXPECT_EQ(run.exit_code, 0) << run.out;
}

TEST(ValidateCommand, ReportsEveryFileAndFailsWhenAnyHasAnError) {
  const CommandResult run = validate({kFixtures + "valid.yaml", kFixtures + "unknown-stage-key.yaml",
                            kFixtures + "secret-in-file.yaml", "--plugin-dir=" TEST_PLUGIN_DIR},
                           kLabel);
  EXPECT_EQ(run.exit_code, 1);
  const std::string unknown_key = kFixtures + "unknown-stage-key.yaml";
  const std::string secret = kFixtures + "secret-in-file.yaml";
  EXPECT_EQ(run.out, kFixtures + "valid.yaml: OK\n" +
                         unknown_key + ":8:5: error: unknown key 'concurency' [unknown-key]\n"
                         "  at: stages.work.concurency\n"
                         "  hint: did you mean 'concurrency'?\n" +
                         secret + ":5:20: warning: secret 'dsn' is written in the file [secret-in-file]\n"
                         "  at: resources.db.config.dsn\n"
                         "  hint: read it from the environment: write ${VARIABLE} and set VARIABLE "
                         "where the engine runs\n" +
                         secret + ": OK\n" +
                         "1 error, 1 warning in 3 files\n");
}

TEST(ValidateCommand, WarningsAloneExitZero) {
  const CommandResult run = validate({kFixtures + "secret-in-file.yaml", "--plugin-dir", TEST_PLUGIN_DIR});
  EXPECT_EQ(run.exit_code, 0);
}

TEST(ValidateCommand, UnreadableFileIsAnErrorNotAUsageError) {
  const CommandResult run = validate({"/nonexistent/p.yaml", "--format", "json", "--plugin-dir", TEST_PLUGIN_DIR});
  EXPECT_EQ(run.exit_code, 1);
  const auto diags = nlohmann::json::parse(run.out);
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags[0]["code"], "file-unreadable");
  EXPECT_EQ(diags[0]["message"], "cannot read '/nonexistent/p.yaml': No such file or directory");
}

TEST(ValidateCommand, DoubleDashEndsOptions) {
  const CommandResult run = validate({"--plugin-dir", TEST_PLUGIN_DIR, "--", "--format"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.out, HasSubstr("cannot read '--format'"));
}

// The engine binary dispatches `validate` here.
TEST(ValidateCommand, EngineBinaryRunsIt) {
  const std::string command = std::string(ENGINE_BINARY) + " validate --plugin-dir " +
                              TEST_PLUGIN_DIR + " " + kFixtures + "secret-in-file.yaml " +
                              kFixtures + "unknown-plugin.yaml --format json 2>/dev/null";
  FILE* pipe = ::popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string out;
  char buffer[4096];
  while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) out.append(buffer, n);
  const int status = ::pclose(pipe);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 1);
  const auto diags = nlohmann::json::parse(out);
  ASSERT_EQ(diags.size(), 2u);
  EXPECT_EQ(diags[0]["code"], "secret-in-file");
  EXPECT_EQ(diags[1]["code"], "unknown-plugin");
}

}  // namespace
}  // namespace streamline::engine
