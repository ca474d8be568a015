#include "engine/loader/plugin_loader.hpp"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

namespace streamline::engine {
namespace {

namespace fs = std::filesystem;
const fs::path kFixtures = fs::path(TEST_PLUGIN_DIR) / "loader";

TEST(PluginLoader, LoadsAValidPluginAndReadsItsDescriptor) {
  PluginRegistry registry;
  const LoadedPlugin* plugin = registry.load_file(kFixtures / "good.so");
  ASSERT_NE(plugin, nullptr);
  EXPECT_EQ(plugin->name(), "good");
  EXPECT_EQ(plugin->version(), "1.2.3");
  EXPECT_EQ(plugin->factory().kind(), PluginKind::kProcessor);
  EXPECT_EQ(plugin->factory().description(), "Passes every event on (loader test fixture).");
  EXPECT_EQ(registry.find("good"), plugin);
  EXPECT_TRUE(registry.load_errors().empty());
}

TEST(PluginLoader, RefusesAMissingFile) {
  PluginRegistry registry;
  EXPECT_EQ(registry.load_file(kFixtures / "absent.so"), nullptr);
  ASSERT_EQ(registry.load_errors().size(), 1u);
  EXPECT_EQ(registry.load_errors()[0].message,
            "plugin file '" + (kFixtures / "absent.so").string() + "' does not exist");
}

TEST(PluginLoader, RefusesAFileThatIsNotASharedObject) {
  const fs::path file = fs::temp_directory_path() / "streamline-loader-test-garbage.so";
  {
    std::ofstream out(file);
    for (int i = 0; i < 100; ++i) out << "this is not an ELF file\n";  // longer than an ELF header
  }
  PluginRegistry registry;
  EXPECT_EQ(registry.load_file(file), nullptr);
  ASSERT_EQ(registry.load_errors().size(), 1u);
  const std::string& message = registry.load_errors()[0].message;
  EXPECT_EQ(message.rfind("cannot load '" + file.string() + "': ", 0), 0u) << message;
  EXPECT_NE(message.find("invalid ELF header"), std::string::npos) << message;
  fs::remove(file);
}

TEST(PluginLoader, RefusesALibraryThatIsNotAPlugin) {
  PluginRegistry registry;
  EXPECT_EQ(registry.load_file(kFixtures / "not-a-plugin.so"), nullptr);
  ASSERT_EQ(registry.load_errors().size(), 1u);
  EXPECT_EQ(registry.load_errors()[0].message,
            "'" + (kFixtures / "not-a-plugin.so").string() +
                "' is not a streamline plugin (no 'streamline_plugin_descriptor' symbol)");
}

TEST(PluginLoader, RefusesAPluginBuiltForAnotherAbiNamingBothVersions) {
  PluginRegistry registry;
  EXPECT_EQ(registry.load_file(kFixtures / "abi-mismatch.so"), nullptr);
  ASSERT_EQ(registry.load_errors().size(), 1u);
  EXPECT_EQ(registry.load_errors()[0].message,
            "plugin 'abi-mismatch' (" + (kFixtures / "abi-mismatch.so").string() +
                ") was built for SDK ABI 99; this engine provides " + std::to_string(kAbiVersion));
  EXPECT_EQ(registry.find("abi-mismatch"), nullptr);
  ASSERT_NE(registry.load_error_for("abi-mismatch"), nullptr);
}

TEST(PluginLoader, RefusesTheSecondOfTwoPluginsWithOneName) {
  PluginRegistry registry;
  ASSERT_NE(registry.load_file(kFixtures / "twin-a.so"), nullptr);
  EXPECT_EQ(registry.load_file(kFixtures / "twin-b.so"), nullptr);
  ASSERT_EQ(registry.load_errors().size(), 1u);
  EXPECT_EQ(registry.load_errors()[0].message,
            "two plugins are named 'twin': '" + (kFixtures / "twin-a.so").string() + "' and '" +
                (kFixtures / "twin-b.so").string() + "'; the second was not loaded");
  EXPECT_EQ(registry.find("twin")->path(), kFixtures / "twin-a.so");
}

TEST(PluginLoader, ReportsAThrowingFactoryWithoutCrashing) {
  PluginRegistry registry;
  EXPECT_EQ(registry.load_file(kFixtures / "throwing-factory.so"), nullptr);
  ASSERT_EQ(registry.load_errors().size(), 1u);
  EXPECT_EQ(registry.load_errors()[0].message,
            "plugin 'throwing-factory' (" + (kFixtures / "throwing-factory.so").string() +
                ") failed to start: cannot read model file");
}

TEST(PluginLoader, DirectoryScanLoadsEveryPluginAndKeepsRefusals) {
  PluginRegistry registry;
  registry.load_directories({kFixtures});
  std::vector<std::string> names;
  for (const auto* p : registry.all()) names.push_back(p->name());
  EXPECT_EQ(names, (std::vector<std::string>{"good", "twin"}));
  // abi-mismatch, not-a-plugin, throwing-factory, twin-b
  EXPECT_EQ(registry.load_errors().size(), 4u);
}

TEST(PluginLoader, FindsAPluginByPath) {
  PluginRegistry registry;
  const LoadedPlugin* plugin = registry.find((kFixtures / "good.so").string());
  ASSERT_NE(plugin, nullptr);
  EXPECT_EQ(plugin->name(), "good");
  EXPECT_EQ(registry.find((kFixtures / "good.so").string()), plugin);
}

TEST(PluginLoader, SearchPathPutsFlagsFirstThenEnvironmentThenDefaults) {
  const auto path = PluginRegistry::search_path({"/a", "/b"}, "/c::/d");
  ASSERT_GE(path.size(), 4u);
  EXPECT_EQ(path[0], "/a");
  EXPECT_EQ(path[1], "/b");
  EXPECT_EQ(path[2], "/c");
  EXPECT_EQ(path[3], "/d");
  EXPECT_EQ(path[4].filename(), "plugins");
}

}  // namespace
}  // namespace streamline::engine
