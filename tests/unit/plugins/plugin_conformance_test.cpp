// The conformance suite: every plugin under plugins/ is checked the same way,
// through its shared object: descriptor, README current with the spec (as
// `engine plugins describe NAME --format markdown` renders it), README
// example valid; and, for plugins that need no service, the lifecycle (stop
// without start, start/stop twice, empty batch). Plugins that need a broker
// or a database have their lifecycle covered by the integration tests.

#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <system_error>
#include <vector>

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <streamline/testing/plugin_harness.hpp>
#include <streamline/testing/stage_harness.hpp>

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

// YAML as the engine reads it: plain scalars typed, quoted ones strings.
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
      if (node.Tag() == "!") return text;  // quoted
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

// Every folder under plugins/ that holds a plugin (a config.cpp with its spec
// and export), so a new plugin is checked without touching this file.
std::vector<std::string> shipped_plugins() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(fs::path(PROJECT_SOURCE_DIR) / "plugins"))
    if (fs::exists(entry.path() / "config.cpp")) names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

// Plugins whose stages start without any service.
const std::set<std::string> kServiceFree = {"generate", "route", "file-sink", "stdout-sink", "null",
                                            "fail", "delay", "order-generator", "validate", "fraud"};

class PluginConformance : public ::testing::TestWithParam<std::string> {
 protected:
  std::string name() const { return GetParam(); }
  fs::path readme() const { return fs::path(PROJECT_SOURCE_DIR) / "plugins" / name() / "README.md"; }
};

TEST_P(PluginConformance, DescriptorNamesThePluginAndThisBuild) {
  SharedPlugin shared(name());
  EXPECT_EQ(shared.descriptor().name, name());
  EXPECT_EQ(shared.descriptor().abi_version, streamline::kAbiVersion);
  EXPECT_STREQ(shared.descriptor().build_tag, streamline::kBuildTag);
  EXPECT_STREQ(shared.descriptor().version, "1.0.0");
}

TEST_P(PluginConformance, ReadmeHeadAndOptionsAreTheRenderedReference) {
  // The README is hand-written prose around the reference page the engine
  // renders from the spec: the same head, and the same Options section.
  SharedPlugin shared(name());
  const std::string page = streamline::engine::render_reference_markdown(
      {shared.descriptor().name, shared.descriptor().version}, shared.plugin());
  const auto title = page.find("# ");
  const auto options = page.find("## Options\n\n");
  ASSERT_NE(title, std::string::npos);
  ASSERT_NE(options, std::string::npos);
  const std::string head = page.substr(title, options - title);  // title, description, kind, version
  const std::string text = read_file(readme());
  EXPECT_EQ(text.substr(0, head.size()), head);
  EXPECT_NE(text.find(page.substr(options)), std::string::npos)
      << "regenerate the options of " << readme() << " with `engine plugins describe " << name()
      << " --format markdown`:\n"
      << page.substr(options);
}

TEST_P(PluginConformance, ReadmeExampleIsValid) {
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
      const YAML::Node config = entry.second["config"];
      const Json user = config.IsDefined() ? to_json(config) : Json::object();
      EXPECT_EQ(describe(harness.validate(user)), "") << entry.first.as<std::string>();
    }
  }
  EXPECT_EQ(uses, 1);
}

// The lifecycle of the plugins whose stages start without a service; the
// others' is covered against the real services in tests/integration.
class PluginLifecycle : public PluginConformance {};

TEST(PluginLifecycleList, NamesOnlyShippedPlugins) {
  const std::vector<std::string> shipped = shipped_plugins();
  for (const std::string& name : kServiceFree)
    EXPECT_TRUE(std::find(shipped.begin(), shipped.end(), name) != shipped.end()) << name << " is not under plugins/";
}

TEST_P(PluginLifecycle, IsSafeInAnyOrder) {
  SharedPlugin shared(name());
  PluginHarness harness(shared.plugin(), "stage", name());
  const fs::path scratch = fs::temp_directory_path() / ("streamline-lifecycle-" + std::to_string(::getpid()));
  Json config = Json::object();
  if (name() == "file-sink") config["path"] = (scratch / "out.jsonl").string();
  if (name() == "delay") config["duration"] = "1ms";
  if (name() == "validate") config["rules"] = Json::parse(R"([{"path":"a","type":"string"}])");
  if (name() == "route") config["routes"] = Json::parse(R"([{"name": "all", "when": "true"}])");

  auto stage = harness.create(config);
  stage->stop();  // without start
  stage->stop();
  for (int round = 0; round < 2; ++round) {
    stage->start();
    if (auto* processor = dynamic_cast<streamline::Processor*>(stage.get())) {
      EXPECT_EQ(run_processor(*processor, {}).total(), 0u);
    }
    if (auto* source = dynamic_cast<streamline::Source*>(stage.get())) {
      streamline::Batch batch;
      EXPECT_EQ(source->poll(batch, 0, std::chrono::milliseconds(0)), streamline::PollStatus::kReady);
      EXPECT_TRUE(batch.empty());
    }
    stage->drain(streamline::Clock::now());
    stage->stop();
    stage->stop();
  }
  fs::remove_all(scratch);
}

std::string test_name(const ::testing::TestParamInfo<std::string>& info) {
  std::string n = info.param;
  for (char& c : n)
    if (c == '-') c = '_';
  return n;
}

INSTANTIATE_TEST_SUITE_P(Plugins, PluginConformance, ::testing::ValuesIn(shipped_plugins()), test_name);
INSTANTIATE_TEST_SUITE_P(ServiceFree, PluginLifecycle, ::testing::ValuesIn(kServiceFree), test_name);

}  // namespace
