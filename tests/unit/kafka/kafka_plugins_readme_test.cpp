// The READMEs of kafka-source, kafka-sink and order-generator stay current:
// their head and options table are what `engine plugins describe NAME
// --format markdown` renders from the spec, and their YAML example
// validates. (Kafka stages need a broker to start, so their lifecycle is
// covered by the integration tests.)

#include <charconv>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <system_error>

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <streamline/testing/plugin_harness.hpp>

#include "engine/cli/plugin_reference.hpp"
#include "tests/unit/plugins/shared_plugin.hpp"

namespace {

namespace fs = std::filesystem;
using streamline::Json;
using namespace streamline::testing;

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// YAML scalars typed as the engine reads them; quoted ones stay strings.
Json to_json(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Sequence: {
      Json out = Json::array();
      for (const auto& item : node) out.push_back(to_json(item));
      return out;
    }
    case YAML::NodeType::Map: {
      Json out = Json::object();
      for (const auto& item : node) out[item.first.as<std::string>()] = to_json(item.second);
      return out;
    }
    case YAML::NodeType::Scalar: {
      const std::string text = node.Scalar();
      if (node.Tag() == "!") return text;
      if (text == "true") return true;
      if (text == "false") return false;
      std::int64_t i = 0;
      if (auto r = std::from_chars(text.data(), text.data() + text.size(), i);
          r.ec == std::errc() && r.ptr == text.data() + text.size())
        return i;
      double d = 0;
      if (auto r = std::from_chars(text.data(), text.data() + text.size(), d);
          r.ec == std::errc() && r.ptr == text.data() + text.size())
        return d;
      return text;
    }
    default: return nullptr;
  }
}

class KafkaPluginReadme : public ::testing::TestWithParam<const char*> {
 protected:
  std::string name() const { return GetParam(); }
  fs::path readme() const { return fs::path(PROJECT_SOURCE_DIR) / "plugins" / name() / "README.md"; }
};

TEST_P(KafkaPluginReadme, DescriptorNamesThePlugin) {
  SharedPlugin shared(name());
  EXPECT_EQ(shared.descriptor().name, name());
  EXPECT_STREQ(shared.descriptor().version, "1.0.0");
}

TEST_P(KafkaPluginReadme, HeadAndOptionsAreTheRenderedReference) {
  SharedPlugin shared(name());
  const std::string rendered = streamline::engine::render_reference_markdown(
      {shared.descriptor().name, shared.descriptor().version}, shared.plugin());
  const auto title = rendered.find("# ");
  const auto options = rendered.find("## Options\n\n");
  ASSERT_NE(title, std::string::npos);
  ASSERT_NE(options, std::string::npos);
  const std::string head = rendered.substr(title, options - title);  // title, description, kind, version
  const std::string text = read_file(readme());
  EXPECT_EQ(text.substr(0, head.size()), head);
  EXPECT_NE(text.find(rendered.substr(options)), std::string::npos)
      << "regenerate the options of " << readme() << " with `engine plugins describe " << name()
      << " --format markdown`:\n"
      << rendered.substr(options);
}

TEST_P(KafkaPluginReadme, ExampleIsValid) {
  SharedPlugin shared(name());
  const std::string text = read_file(readme());
  const auto begin = text.find("```yaml\n");
  ASSERT_NE(begin, std::string::npos);
  const auto end = text.find("```\n", begin + 8);
  ASSERT_NE(end, std::string::npos);
  const YAML::Node example = YAML::Load(text.substr(begin + 8, end - begin - 8));
  int stages = 0;
  for (const auto& stage : example["stages"]) {
    if (stage.second["plugin"].as<std::string>() != name()) continue;
    ++stages;
    PluginHarness harness(shared.plugin());
    EXPECT_EQ(describe(harness.validate(to_json(stage.second["config"]))), "") << stage.first.as<std::string>();
  }
  EXPECT_EQ(stages, 1);
}

INSTANTIATE_TEST_SUITE_P(Plugins, KafkaPluginReadme,
                         ::testing::Values("kafka-source", "kafka-sink", "order-generator"),
                         [](const auto& info) {
                           std::string n = info.param;
                           for (char& c : n)
                             if (c == '-') c = '_';
                           return n;
                         });

}  // namespace
