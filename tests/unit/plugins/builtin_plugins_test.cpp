// Checks every built-in plugin the same way, through its shared object:
// descriptor, README current with the spec (as the engine renders it),
// README example valid, lifecycle (stop without start, start/stop twice,
// empty batch).

#include <unistd.h>

#include <charconv>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <system_error>

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

class BuiltinPlugin : public ::testing::TestWithParam<const char*> {
 protected:
  std::string name() const { return GetParam(); }
  fs::path readme() const { return fs::path(PROJECT_SOURCE_DIR) / "plugins" / name() / "README.md"; }
};

TEST_P(BuiltinPlugin, DescriptorNamesThePluginAndThisBuild) {
  SharedPlugin shared(name());
  EXPECT_EQ(shared.descriptor().name, name());
  EXPECT_EQ(shared.descriptor().abi_version, streamline::kAbiVersion);
  EXPECT_STREQ(shared.descriptor().build_tag, streamline::kBuildTag);
  EXPECT_STREQ(shared.descriptor().version, "1.0.0");
}

TEST_P(BuiltinPlugin, ReadmeMatchesTheSpec) {
  // The README is hand-written prose around the reference page that
  // `engine plugins describe NAME --format markdown` renders from the spec:
  // the same head, and the same Options section at the end.
  SharedPlugin shared(name());
  const streamline::Plugin& plugin = shared.plugin();
  const std::string text = read_file(readme());
  const std::string head = "# " + name() + "\n\n" + plugin.description() + "\n\n- kind: " +
                           streamline::to_string(plugin.kind()) + "\n- version: " + shared.descriptor().version + "\n";
  EXPECT_EQ(text.substr(0, head.size()), head);
  const std::string page = streamline::engine::render_reference_markdown({name(), shared.descriptor().version}, plugin);
  const std::string options = page.substr(page.find("## Options"));
  ASSERT_GE(text.size(), options.size());
  EXPECT_EQ(text.substr(text.size() - options.size()), options)
      << "regenerate the end of " << readme() << " with `engine plugins describe " << name()
      << " --format markdown`:\n"
      << options;
}

TEST_P(BuiltinPlugin, ReadmeExampleIsValid) {
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
    const YAML::Node config = stage.second["config"];
    const Json user = config.IsDefined() ? to_json(config) : Json::object();
    EXPECT_EQ(describe(harness.validate(user)), "") << stage.first.as<std::string>();
  }
  EXPECT_EQ(stages, 1);
}

TEST_P(BuiltinPlugin, LifecycleIsSafeInAnyOrder) {
  SharedPlugin shared(name());
  PluginHarness harness(shared.plugin(), "stage", name());
  const fs::path scratch = fs::temp_directory_path() / ("streamline-lifecycle-" + std::to_string(::getpid()));
  Json config = Json::object();
  if (name() == "file-sink") config["path"] = (scratch / "out.jsonl").string();
  if (name() == "delay") config["duration"] = "1ms";
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

INSTANTIATE_TEST_SUITE_P(Plugins, BuiltinPlugin,
                         ::testing::Values("generate", "route", "file-sink", "stdout-sink", "null", "fail", "delay"),
                         [](const auto& info) {
                           std::string n = info.param;
                           for (char& c : n)
                             if (c == '-') c = '_';
                           return n;
                         });

}  // namespace
