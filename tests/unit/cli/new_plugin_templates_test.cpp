// `engine new-plugin`: which names it takes, the names it derives, and the
// files it writes for each kind. (tests/sdk/new_plugin_test.sh builds, tests
// and runs the generated projects.)
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "engine/cli/new_plugin_templates.hpp"

namespace {

using namespace streamline::engine;
using streamline::PluginKind;

TEST(NewPluginName, TakesLowercaseWordsJoinedBySingleDashes) {
  for (const char* name : {"a", "mask-fields", "kafka2-sink", "x9"}) EXPECT_TRUE(is_valid_plugin_name(name)) << name;
  for (const char* name : {"", "Mask", "mask_fields", "-mask", "mask-", "mask--fields", "9lives", "mask fields",
                           "mask.fields"})
    EXPECT_FALSE(is_valid_plugin_name(name)) << name;
  EXPECT_TRUE(is_valid_plugin_name(std::string(64, 'a')));
  EXPECT_FALSE(is_valid_plugin_name(std::string(65, 'a')));
}

TEST(NewPluginName, DerivesTheIdentifierAndClassName) {
  const PluginProjectNames names = plugin_project_names("mask-pii2-fields");
  EXPECT_EQ(names.name, "mask-pii2-fields");
  EXPECT_EQ(names.identifier, "mask_pii2_fields");
  EXPECT_EQ(names.class_name, "MaskPii2Fields");
}

TEST(NewPluginProject, WritesTheSameFilesForEveryKindWithNoPlaceholderLeft) {
  const std::vector<std::string> expected{"CMakeLists.txt",        "README.md",     "src/mask_pii.hpp",
                                          "src/mask_pii.cpp",      "src/export.cpp", "test/mask_pii_test.cpp",
                                          "pipeline.yaml",         ".gitignore"};
  for (PluginKind kind : {PluginKind::kSource, PluginKind::kProcessor, PluginKind::kSink}) {
    const auto files = render_plugin_project(plugin_project_names("mask-pii"), kind);
    std::vector<std::string> paths;
    for (const auto& file : files) {
      paths.push_back(file.path);
      EXPECT_EQ(file.content.find('@'), std::string::npos) << to_string(kind) << " " << file.path;
    }
    EXPECT_EQ(paths, expected) << to_string(kind);
  }
}

TEST(NewPluginProject, BuildsWithFindPackageAndOneStreamlineAddPlugin) {
  const auto files = render_plugin_project(plugin_project_names("mask-pii"), PluginKind::kProcessor);
  const std::string& cmake = files.at(0).content;
  EXPECT_NE(cmake.find("find_package(StreamlineSDK REQUIRED)\n"), std::string::npos);
  EXPECT_NE(cmake.find("streamline_add_plugin(mask-pii src/export.cpp src/mask_pii.cpp)\n"), std::string::npos);
  EXPECT_NE(cmake.find("add_test(NAME mask_pii_test COMMAND mask_pii_test)\n"), std::string::npos);
  EXPECT_EQ(cmake.find("GTest"), std::string::npos);
  EXPECT_EQ(files.at(4).content.substr(files.at(4).content.find("STREAMLINE_PLUGIN")),
            "STREAMLINE_PLUGIN(mask_pii_plugin::MaskPiiPlugin, \"mask-pii\", \"0.1.0\")\n");
}

TEST(NewPluginProject, ReadmeStartsWithTheReferenceHeadOfItsKind) {
  const auto sink = render_plugin_project(plugin_project_names("line-sink"), PluginKind::kSink);
  EXPECT_EQ(sink.at(1).content.rfind("# line-sink\n\nAppends each event's payload as one line to a file.\n\n"
                                     "- kind: sink\n- version: 0.1.0\n\n",
                                     0),
            0u);
  const auto source = render_plugin_project(plugin_project_names("hello"), PluginKind::kSource);
  EXPECT_EQ(source.at(1).content.rfind("# hello\n\nEmits numbered greeting events (finite or endless).\n\n- kind: source\n",
                                       0),
            0u);
}

TEST(NewPluginProject, HasNoTemplateForResources) {
  EXPECT_THROW(render_plugin_project(plugin_project_names("pool"), PluginKind::kResource), std::invalid_argument);
}

}  // namespace
