// End to end: hot reload of `engine run`, by each trigger. Writing the file
// in place and renaming a new file over it reload it (the file watch);
// SIGHUP and POST /reload reload it; an invalid file is refused with its
// errors (file:line:column) and the running pipeline goes on; stages that
// did not change are never restarted (streamline_stage_starts_total), a
// changed one is; every reload is one summary line, counted by result.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "engine_process.hpp"
#include "tests/support/admin_client.hpp"

namespace streamline::e2e {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using Json = nlohmann::json;
using namespace std::chrono_literals;
using test_support::admin_get;
using test_support::prometheus_samples;

// Every event goes to big or small; `audit` is a second reader of big's.
std::string pipeline(int port, const std::string& threshold, bool with_audit) {
  std::string text = R"(
pipeline:
  name: reloading
  admin: { port: )" + std::to_string(port) + R"( }
  drain_timeout: 5s
stages:
  ticker: { plugin: generate, config: { count: 0, rate: 200, seed: 5 } }
  router:
    plugin: route
    inputs: [ticker]
    config:
      routes:
        - { name: big, when: "amount > )" + threshold + R"(" }
        - { name: small, when: "amount <= )" + threshold + R"(" }
  big: { plugin: file-sink, inputs: [router.big], config: { path: big.jsonl } }
  small: { plugin: file-sink, inputs: [router.small], config: { path: small.jsonl } }
)";
  if (with_audit) text += "  audit: { plugin: \"null\", inputs: [router.big] }\n";
  return text;
}

std::size_t occurrences(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// Waits for the n-th occurrence of `line` in the engine's log.
bool wait_for_nth(const EngineProcess& engine, const std::string& line, std::size_t n, std::chrono::seconds limit = 30s) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (occurrences(engine.log(), line) >= n) return true;
    std::this_thread::sleep_for(20ms);
  }
  return false;
}

double metric(int port, const std::string& series) {
  const auto samples = prometheus_samples(admin_get(port, "/metrics").body);
  const auto it = samples.find(series);
  return it == samples.end() ? -1 : it->second;
}

double starts(int port, const std::string& stage, const std::string& plugin) {
  return metric(port, "streamline_stage_starts_total{plugin=\"" + plugin + "\",stage=\"" + stage + "\"}");
}

Json last_reload(int port) { return Json::parse(admin_get(port, "/status").body).at("last_reload"); }

std::size_t lines_of(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::size_t n = 0;
  for (std::string line; std::getline(in, line);) ++n;
  return n;
}

// Each event id written to the sinks at most once.
std::set<std::uint64_t> ids_in(const std::filesystem::path& file, std::size_t& total) {
  std::set<std::uint64_t> ids;
  std::ifstream in(file);
  for (std::string line; std::getline(in, line);) {
    ++total;
    ids.insert(Json::parse(line).at("id").get<std::uint64_t>());
  }
  return ids;
}

TEST(HotReload, EachTriggerReloadsAndAnInvalidFileChangesNothing) {
  TempDir dir;
  const int port = test_support::free_port();
  const auto file = dir.write("pipeline.yaml", pipeline(port, "100", false));
  EngineProcess engine({"run", "pipeline.yaml", "--plugin-dir", PLUGIN_DIR}, dir.path());
  ASSERT_TRUE(engine.wait_for_log("watching pipeline.yaml for changes")) << engine.log();
  ASSERT_TRUE(engine.wait_for_log("admin server listening")) << engine.log();
  EXPECT_EQ(last_reload(port), nullptr);

  // 1. Written in place: the router's condition changes; the rest is kept.
  std::ofstream(file, std::ios::trunc) << pipeline(port, "200", false);
  ASSERT_TRUE(wait_for_nth(engine, "reload (file): applied", 1)) << engine.log();
  EXPECT_THAT(engine.log(), HasSubstr("paused "));
  EXPECT_THAT(engine.log(), HasSubstr(": kept 3, restarted 1 (router), added 0, removed 0\n"));
  Json reload = last_reload(port);
  EXPECT_EQ(reload.at("trigger"), "file");
  EXPECT_EQ(reload.at("result"), "applied");
  EXPECT_EQ(reload.at("kept"), Json({"ticker", "big", "small"}));
  EXPECT_EQ(reload.at("restarted"), Json({"router"}));
  EXPECT_EQ(starts(port, "ticker", "generate"), 1);
  EXPECT_EQ(starts(port, "big", "file-sink"), 1);
  EXPECT_EQ(starts(port, "router", "route"), 2);

  // 2. A new file renamed over it (how editors save): a stage is added.
  const auto temp = dir.write(".pipeline.yaml.swp", pipeline(port, "200", true));
  std::filesystem::rename(temp, file);
  ASSERT_TRUE(wait_for_nth(engine, "reload (file): applied", 2)) << engine.log();
  EXPECT_THAT(engine.log(), HasSubstr(": kept 4, restarted 0, added 1 (audit), removed 0\n"));
  EXPECT_EQ(last_reload(port).at("added"), Json({"audit"}));

  // 3. SIGHUP: the file did not change since, so nothing does.
  engine.signal(SIGHUP);
  ASSERT_TRUE(wait_for_nth(engine, "reload (SIGHUP): unchanged", 1)) << engine.log();

  // 4. An invalid file: refused with file:line:column; events still flow.
  std::ofstream(file, std::ios::trunc) << pipeline(port, "200", true) << "  extra: { plugin: no-such-plugin }\n";
  ASSERT_TRUE(wait_for_nth(engine, "reload (file): invalid", 1)) << engine.log();
  EXPECT_THAT(engine.log(), HasSubstr("reload: pipeline.yaml:18:"));
  EXPECT_THAT(engine.log(), HasSubstr("no-such-plugin"));
  EXPECT_EQ(metric(port, "streamline_config_last_reload_successful"), 0);
  const std::size_t small_before = lines_of(dir / "small.jsonl");
  for (int i = 0; i < 200 && lines_of(dir / "small.jsonl") <= small_before; ++i) std::this_thread::sleep_for(20ms);
  EXPECT_GT(lines_of(dir / "small.jsonl"), small_before) << "the running pipeline stopped";

  // 5. POST /reload answers with the errors...
  httplib::Client client("127.0.0.1", port);
  client.set_read_timeout(30);
  auto invalid = client.Post("/reload");
  ASSERT_TRUE(invalid);
  EXPECT_EQ(invalid->status, 422);
  const Json refused = Json::parse(invalid->body);
  EXPECT_EQ(refused.at("trigger"), "http");
  EXPECT_EQ(refused.at("result"), "invalid");
  ASSERT_FALSE(refused.at("errors").empty());
  EXPECT_EQ(refused.at("errors").at(0).at("file"), "pipeline.yaml");
  EXPECT_EQ(refused.at("errors").at(0).at("line"), 18);
  EXPECT_THAT(refused.at("errors").at(0).at("message").get<std::string>(), HasSubstr("no-such-plugin"));

  // ...and applies a fixed file (the watch applies it first or finds it unchanged).
  std::ofstream(file, std::ios::trunc) << pipeline(port, "200", false);
  ASSERT_TRUE(wait_for_nth(engine, "reload (file): applied", 3)) << engine.log();
  EXPECT_THAT(engine.log(), HasSubstr(": kept 4, restarted 0, added 0, removed 1 (audit)\n"));
  auto fixed = client.Post("/reload");
  ASSERT_TRUE(fixed);
  EXPECT_EQ(fixed->status, 200) << fixed->body;
  EXPECT_EQ(Json::parse(fixed->body).at("result"), "unchanged");
  EXPECT_EQ(metric(port, "streamline_config_last_reload_successful"), 1);

  EXPECT_EQ(metric(port, "streamline_reloads_total{result=\"applied\"}"), 3);
  EXPECT_EQ(metric(port, "streamline_reloads_total{result=\"invalid\"}"), 2);
  EXPECT_EQ(metric(port, "streamline_reloads_total{result=\"unchanged\"}"), 2);
  EXPECT_EQ(metric(port, "streamline_reloads_total{result=\"failed\"}"), 0);
  EXPECT_EQ(metric(port, "streamline_reload_pause_seconds_count"), 3);
  EXPECT_EQ(starts(port, "ticker", "generate"), 1) << "the source was never restarted";
  EXPECT_EQ(starts(port, "big", "file-sink"), 1) << "the sink was never restarted";

  engine.signal(SIGTERM);
  const ProcessResult result = engine.wait();
  EXPECT_EQ(result.exit_code, 0) << result.err;
  // Every event went to exactly one of the sinks, once, across 3 reloads.
  std::size_t total = 0;
  const auto big = ids_in(dir / "big.jsonl", total);
  const auto small = ids_in(dir / "small.jsonl", total);
  std::set<std::uint64_t> all = big;
  all.insert(small.begin(), small.end());
  EXPECT_EQ(all.size(), total) << "an event was written twice";
  ASSERT_FALSE(all.empty());
  EXPECT_EQ(*all.rbegin() + 1, all.size()) << "an event is missing";
  std::printf("[ reload ] 3 applied, 2 invalid, 2 unchanged; %zu events, each written once\n", total);
}

TEST(HotReload, NoWatchIgnoresTheFileButSighupReloadsIt) {
  TempDir dir;
  const int port = test_support::free_port();
  const auto file = dir.write("pipeline.yaml", pipeline(port, "100", false));
  EngineProcess engine({"run", "pipeline.yaml", "--no-watch", "--plugin-dir", PLUGIN_DIR}, dir.path());
  ASSERT_TRUE(engine.wait_for_log("admin server listening")) << engine.log();
  ASSERT_TRUE(engine.wait_for_log("pipeline 'reloading' running")) << engine.log();
  std::ofstream(file, std::ios::trunc) << pipeline(port, "300", false);
  std::this_thread::sleep_for(1s);  // five times the watch's quiet period
  EXPECT_EQ(occurrences(engine.log(), "reload ("), 0u) << engine.log();
  engine.signal(SIGHUP);
  ASSERT_TRUE(wait_for_nth(engine, "reload (SIGHUP): applied", 1)) << engine.log();
  EXPECT_EQ(starts(port, "router", "route"), 2);
  engine.signal(SIGTERM);
  EXPECT_EQ(engine.wait().exit_code, 0);
}

// A plugin's shared object replaced on disk is loaded again on the next
// reload and the stage running it is restarted on the new code; the file
// unchanged keeps every other stage as it was.
TEST(HotReload, APluginWhoseFileChangedIsLoadedAgainAndItsStageRestarted) {
  TempDir dir;
  const int port = test_support::free_port();
  const auto plugins = dir.path() / "plugins";
  std::filesystem::create_directories(plugins);
  const auto fixture = std::filesystem::path(TEST_PLUGIN_DIR) / "spec-fixture-sink.so";
  std::filesystem::copy_file(fixture, plugins / "spec-fixture-sink.so");
  dir.write("pipeline.yaml", pipeline(port, "100", false) +
                                 "  audit: { plugin: spec-fixture-sink, inputs: [router.big], config: { path: x } }\n");
  EngineProcess engine({"run", "pipeline.yaml", "--no-watch", "--plugin-dir", plugins.string(), "--plugin-dir", PLUGIN_DIR},
                       dir.path());
  ASSERT_TRUE(engine.wait_for_log("pipeline 'reloading' running")) << engine.log();
  ASSERT_TRUE(engine.wait_for_log("admin server listening")) << engine.log();

  // Nothing changed: nothing happens.
  engine.signal(SIGHUP);
  ASSERT_TRUE(wait_for_nth(engine, "reload (SIGHUP): unchanged", 1)) << engine.log();

  // A new build of the plugin lands (a new file renamed over the old one).
  std::filesystem::copy_file(fixture, plugins / "new.so.tmp");
  std::filesystem::rename(plugins / "new.so.tmp", plugins / "spec-fixture-sink.so");
  engine.signal(SIGHUP);
  ASSERT_TRUE(wait_for_nth(engine, "reload (SIGHUP): applied", 1)) << engine.log();
  EXPECT_THAT(engine.log(), HasSubstr("reload: plugin 'spec-fixture-sink' loaded again: " +
                                      (plugins / "spec-fixture-sink.so").string() + " changed on disk"));
  EXPECT_THAT(engine.log(), HasSubstr(": kept 4, restarted 1 (audit), added 0, removed 0\n"));
  EXPECT_EQ(starts(port, "audit", "spec-fixture-sink"), 2);
  EXPECT_EQ(starts(port, "router", "route"), 1);

  engine.signal(SIGTERM);
  const ProcessResult result = engine.wait();
  EXPECT_EQ(result.exit_code, 0) << result.err;
}

}  // namespace
}  // namespace streamline::e2e
