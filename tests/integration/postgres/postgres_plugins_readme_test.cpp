// The READMEs of postgres, pg-sink and pg-dead-letter stay current: their
// head and options table are what `engine plugins describe NAME --format
// markdown` renders, and their first YAML example validates. No database.

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <streamline/testing/plugin_harness.hpp>

#include "engine/cli/plugin_reference.hpp"
#include "tests/unit/plugins/shared_plugin.hpp"

namespace streamline::testing::postgres {
namespace {

namespace fs = std::filesystem;

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The examples only use strings and integers.
Json to_json(const YAML::Node& node) {
  if (node.IsMap()) {
    Json out = Json::object();
    for (const auto& item : node) out[item.first.as<std::string>()] = to_json(item.second);
    return out;
  }
  const std::string text = node.Scalar();
  if (!text.empty() && text.find_first_not_of("0123456789") == std::string::npos) return std::stoll(text);
  return text;
}

class PostgresPluginReadme : public ::testing::TestWithParam<const char*> {
 protected:
  std::string name() const { return GetParam(); }
  fs::path readme() const { return fs::path(PROJECT_SOURCE_DIR) / "plugins" / name() / "README.md"; }
};

TEST_P(PostgresPluginReadme, HeadAndOptionsAreTheRenderedReference) {
  SharedPlugin shared(name());
  EXPECT_EQ(shared.descriptor().name, name());
  const std::string rendered = streamline::engine::render_reference_markdown(
      {shared.descriptor().name, shared.descriptor().version}, shared.plugin());
  const auto title = rendered.find("# ");
  const auto options = rendered.find("## Options\n\n");
  ASSERT_NE(title, std::string::npos);
  ASSERT_NE(options, std::string::npos);
  const std::string head = rendered.substr(title, options - title);
  const std::string text = read_file(readme());
  EXPECT_EQ(text.substr(0, head.size()), head);
  EXPECT_NE(text.find(rendered.substr(options)), std::string::npos)
      << "regenerate the options of " << readme() << " with `engine plugins describe " << name()
      << " --format markdown`:\n"
      << rendered.substr(options);
}

TEST_P(PostgresPluginReadme, ExampleIsValid) {
  SharedPlugin shared(name());
  const std::string text = read_file(readme());
  const auto begin = text.find("```yaml\n");
  ASSERT_NE(begin, std::string::npos);
  const auto end = text.find("```\n", begin + 8);
  ASSERT_NE(end, std::string::npos);
  const YAML::Node example = YAML::Load(text.substr(begin + 8, end - begin - 8));
  int uses = 0;
  for (const char* section : {"resources", "stages"}) {
    for (const auto& entry : example[section]) {
      if (entry.second["plugin"].as<std::string>() != name()) continue;
      ++uses;
      PluginHarness harness(shared.plugin());
      const Json config = entry.second["config"] ? to_json(entry.second["config"]) : Json::object();
      EXPECT_EQ(describe(harness.validate(config)), "") << entry.first.as<std::string>();
    }
  }
  EXPECT_EQ(uses, 1);
}

INSTANTIATE_TEST_SUITE_P(Plugins, PostgresPluginReadme, ::testing::Values("postgres", "pg-sink", "pg-dead-letter"),
                         [](const auto& info) {
                           std::string n = info.param;
                           for (char& c : n)
                             if (c == '-') c = '_';
                           return n;
                         });

}  // namespace
}  // namespace streamline::testing::postgres
