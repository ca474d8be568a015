// Runs `engine validate` on every tests/validate/*.yaml and compares its
// output, byte for byte, with the expected files beside it:
//   <case>.yaml   a pipeline with (usually) one problem
//   <case>.text   expected --format text output
//   <case>.github expected --format github output
//   <case>.json   expected --format json output; the expected exit code is 1
//                 when it holds an error, else 0
// SARIF output is checked against the JSON: same results, same levels.
//
// The fixtures use only the spec-fixture test plugins (--plugin-dir
// TEST_PLUGIN_DIR). After an intended change of the output, regenerate the
// expected files with STREAMLINE_UPDATE_FIXTURES=1 and review the diff.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "engine/cli/validate_command.hpp"

namespace streamline::engine {
namespace {

namespace fs = std::filesystem;

const fs::path kFixtureDir = fs::path(TESTS_SOURCE_DIR) / "validate";

std::vector<std::string> fixture_names() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(kFixtureDir))
    if (entry.path().extension() == ".yaml") names.push_back(entry.path().stem().string());
  std::sort(names.begin(), names.end());
  return names;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The only variable the fixtures may read; everything else is unset.
EnvLookup fixture_env() {
  return [](const std::string& name) -> std::optional<std::string> {
    if (name == "FIXTURE_LABEL") return "orders";
    return std::nullopt;
  };
}

struct CommandResult {
  int exit_code;
  std::string out;
  std::string err;
};

class ValidateFixture : public ::testing::TestWithParam<std::string> {
 protected:
  // Relative paths, so the expected output does not depend on the checkout.
  void SetUp() override {
    previous_dir_ = fs::current_path();
    fs::current_path(kFixtureDir);
  }
  void TearDown() override { fs::current_path(previous_dir_); }

  CommandResult validate(const std::string& format) const {
    std::ostringstream out, err;
    const int code = run_validate_command(
        {GetParam() + ".yaml", "--format", format, "--plugin-dir", TEST_PLUGIN_DIR},
        ValidateStreams{out, err, fixture_env()});
    return {code, out.str(), err.str()};
  }

  static bool updating() {
    const char* update = std::getenv("STREAMLINE_UPDATE_FIXTURES");
    return update != nullptr && std::string(update) == "1";
  }

  void expect_output(const std::string& format, const CommandResult& run) const {
    const fs::path expected_file = kFixtureDir / (GetParam() + "." + format);
    if (updating()) {
      std::ofstream(expected_file, std::ios::binary) << run.out;
      return;
    }
    ASSERT_TRUE(fs::exists(expected_file)) << expected_file << " is missing";
    EXPECT_EQ(run.out, read_file(expected_file)) << "--format " << format;
  }

  int expected_exit_code() const {
    const auto expected = nlohmann::json::parse(read_file(kFixtureDir / (GetParam() + ".json")));
    const bool any_error = std::any_of(expected.begin(), expected.end(), [](const auto& d) {
      return d.at("severity") == "error";
    });
    return any_error ? 1 : 0;
  }

 private:
  fs::path previous_dir_;
};

TEST_P(ValidateFixture, OutputAndExitCodeMatchTheExpectedFiles) {
  std::vector<int> exit_codes;
  for (const std::string format : {"text", "github", "json"}) {
    const CommandResult run = validate(format);
    EXPECT_EQ(run.err, "") << "--format " << format;
    expect_output(format, run);
    exit_codes.push_back(run.exit_code);
  }
  if (updating()) return;
  EXPECT_EQ(exit_codes, std::vector<int>(3, expected_exit_code()));
}

TEST_P(ValidateFixture, SarifHasTheSameResultsAsJson) {
  const CommandResult sarif_run = validate("sarif");
  const CommandResult json_run = validate("json");
  EXPECT_EQ(sarif_run.exit_code, json_run.exit_code);
  const auto sarif = nlohmann::json::parse(sarif_run.out);
  const auto json = nlohmann::json::parse(json_run.out);
  const auto& results = sarif.at("runs").at(0).at("results");
  ASSERT_EQ(results.size(), json.size());
  for (std::size_t i = 0; i < json.size(); ++i) {
    EXPECT_EQ(results[i].at("ruleId"), json[i].at("code"));
    EXPECT_EQ(results[i].at("level"), json[i].at("severity"));
    const auto& physical = results[i].at("locations").at(0).at("physicalLocation");
    EXPECT_EQ(physical.at("artifactLocation").at("uri"), GetParam() + ".yaml");
    if (json[i].at("line") != 0) {
      EXPECT_EQ(physical.at("region").at("startLine"), json[i].at("line"));
    }
  }
}

TEST(ValidateFixtures, EveryFixtureHasItsExpectedFiles) {
  const auto names = fixture_names();
  EXPECT_GE(names.size(), 25u);
  for (const auto& name : names)
    for (const char* format : {"text", "github", "json"})
      EXPECT_TRUE(fs::exists(kFixtureDir / (name + "." + format))) << name << "." << format;
}

std::string test_name(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = info.param;
  std::replace(name.begin(), name.end(), '-', '_');
  return name;
}

INSTANTIATE_TEST_SUITE_P(Fixtures, ValidateFixture, ::testing::ValuesIn(fixture_names()), test_name);

}  // namespace
}  // namespace streamline::engine
