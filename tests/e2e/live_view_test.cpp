// End to end: the live view of a running pipeline. `engine top --once` prints
// its stages with their numbers, and the admin server's `/` page, loaded in
// headless Chromium, draws every stage with a rate; the screenshot is kept
// at <build>/artifacts/live-view.png.

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <regex>
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

using ::testing::HasSubstr;
using namespace std::chrono_literals;

using test_support::free_port;

// Endless and slow (a delay stage), so the engine serves until SIGTERM; the
// router's error output gives the graph an error edge.
std::string live_pipeline(int port) {
  return R"(
pipeline:
  name: live
  admin: { port: )" + std::to_string(port) + R"( }
  drain_timeout: 2s
stages:
  ticker: { plugin: generate, config: { count: 0, rate: 50, seed: 3 } }
  slow: { plugin: delay, inputs: [ticker], config: { duration: 5ms } }
  router:
    plugin: route
    inputs: [slow]
    config:
      routes:
        - { name: big, when: "amount > 100" }
        - { name: small, when: "amount <= 100" }
  big: { plugin: "null", inputs: [router.big] }
  small: { plugin: "null", inputs: [router.small] }
  errors: { plugin: "null", inputs: [router.error] }
)";
}

const std::vector<std::string> kStages{"ticker", "slow", "router", "big", "small", "errors"};

// Waits until /status says the pipeline runs and the source has emitted.
bool wait_until_flowing(int port, std::chrono::seconds timeout = 30s) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    httplib::Client client("127.0.0.1", port);
    client.set_connection_timeout(1);
    if (auto res = client.Get("/status"); res && res->status == 200) {
      const auto doc = nlohmann::json::parse(res->body);
      if (doc.at("state") == "running" && doc.at("stages").at(0).at("events").at("out").get<int>() > 0) return true;
    }
    std::this_thread::sleep_for(100ms);
  }
  return false;
}

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string find_chromium() {
  for (const char* name : {"chromium", "chromium-browser", "google-chrome"}) {
    const std::string probe = std::string("command -v ") + name + " > /dev/null 2>&1";
    if (std::system(probe.c_str()) == 0) return name;
  }
  return {};
}

bool in_ci() {
  const char* ci = std::getenv("CI");
  return ci && std::string(ci) == "true";
}

// Headless Chromium on `url` with `mode` (--dump-dom, --screenshot=...);
// stdout to `out`. Its own HOME and profile in `dir`: nothing shared with a
// user's browser. Exit code of the run (124: timed out).
int run_chromium(const std::string& chromium, const std::filesystem::path& dir, const std::string& url,
                 const std::string& mode, const std::filesystem::path& out) {
  const auto home = dir / "home";
  std::filesystem::create_directories(home);
  const std::string command =
      "cd " + shell_quote(dir.string()) + " && HOME=" + shell_quote(home.string()) + " timeout 180 " + chromium +
      " --headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run"
      " --no-default-browser-check --user-data-dir=" + shell_quote((dir / "profile").string()) +
      " --virtual-time-budget=4000 --window-size=1280,800 " + mode + " " + shell_quote(url) + " > " +
      shell_quote(out.string()) + " 2> " + shell_quote((dir / "chromium.stderr").string());
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(LiveView, EngineTopAndTheLivePageShowEveryStageWithItsRates) {
  TempDir dir;
  const int port = free_port();
  const auto pipeline = dir.write("pipeline.yaml", live_pipeline(port));
  EngineProcess engine({"run", pipeline.string(), "--plugin-dir", PLUGIN_DIR}, dir.path());
  ASSERT_TRUE(wait_until_flowing(port)) << "the pipeline did not start flowing on admin port " << port;

  // (a) engine top --once: the header and one row per stage with its numbers.
  {
    TempDir top_dir;
    EngineProcess top({"top", "--once", "--port", std::to_string(port)}, top_dir.path());
    const ProcessResult result = top.wait(30s);
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(result.err, "");
    EXPECT_THAT(result.out, HasSubstr("pipeline live: running, up "));
    EXPECT_THAT(result.out, HasSubstr("STAGE   PLUGIN    STATE    "));
    const std::vector<std::pair<std::string, std::string>> rows{
        {"ticker", "generate"}, {"slow", "delay"}, {"router", "route"}, {"big", "null"}, {"small", "null"}, {"errors", "null"}};
    for (const auto& [stage, plugin] : rows) {
      const std::regex row("\n" + stage + " +" + plugin +
                           " +running +[0-9]+\\.[0-9] +[0-9]+\\.[0-9] +[0-9]+ +[0-9]+ +[0-9]+\n");
      EXPECT_TRUE(std::regex_search(result.out, row)) << "no row for " << stage << " in:\n" << result.out;
    }
  }

  // (b) the live page in headless Chromium.
  const std::string chromium = find_chromium();
  if (chromium.empty()) {
    if (in_ci()) FAIL() << "chromium not found (Debian package 'chromium'; scripts/setup.sh installs it)";
    GTEST_SKIP() << "chromium not found: the live page is not checked (Debian package 'chromium'; "
                    "scripts/setup.sh installs it)";
  }
  const std::string url = "http://127.0.0.1:" + std::to_string(port) + "/";
  const auto dom_file = dir / "dom.html";
  ASSERT_EQ(run_chromium(chromium, dir.path(), url, "--dump-dom", dom_file), 0)
      << read_file(dir / "chromium.stderr");
  const std::string dom = read_file(dom_file);
  EXPECT_THAT(dom, HasSubstr(R"(<h1 id="pipeline">live</h1>)"));
  EXPECT_TRUE(std::regex_search(dom, std::regex(R"(id="phase"[^>]*>running<)"))) << dom;
  // Each stage is a box in the graph with its events/s in and out, and a row in the table.
  for (const std::string& stage : kStages) {
    EXPECT_TRUE(std::regex_search(dom, std::regex(R"(<g class="node [a-z ]+" transform="[^"]+" data-stage=")" + stage)))
        << "no box for " << stage;
    for (const std::string direction : {"in", "out"}) {
      const std::regex rate(R"(data-stage=")" + stage + R"(" data-direction=")" + direction +
                            R"(">[0-9]+\.[0-9][kM]?/s</text>)");
      EXPECT_TRUE(std::regex_search(dom, rate)) << "no " << direction << " rate for " << stage << " in:\n" << dom;
    }
    EXPECT_THAT(dom, HasSubstr(R"(<tr data-stage=")" + stage + R"("><td>)" + stage + "</td>"));
  }
  // The source emits 50 events/s: its rate is not zero.
  std::smatch ticker;
  ASSERT_TRUE(std::regex_search(dom, ticker, std::regex(R"(data-stage="ticker" data-direction="out">([0-9.]+)/s<)")));
  EXPECT_GT(std::stod(ticker[1].str()), 0.0) << dom;
  // Named and error edges are drawn apart from default ones.
  EXPECT_THAT(dom, HasSubstr(R"(class="edge default")"));
  EXPECT_THAT(dom, HasSubstr(R"(class="edge named")"));
  EXPECT_THAT(dom, HasSubstr(R"(class="edge error")"));

  // The screenshot, kept for people to look at.
  const std::filesystem::path artifacts = STREAMLINE_ARTIFACTS_DIR;
  std::filesystem::create_directories(artifacts);
  const auto png = artifacts / "live-view.png";
  std::filesystem::remove(png);
  ASSERT_EQ(run_chromium(chromium, dir.path(), url, "--screenshot=" + shell_quote(png.string()), dir / "shot.out"),
            0)
      << read_file(dir / "chromium.stderr");
  ASSERT_TRUE(std::filesystem::exists(png)) << read_file(dir / "chromium.stderr");
  EXPECT_EQ(read_file(png).substr(0, 8), "\x89PNG\r\n\x1a\n");
  std::fprintf(stderr, "live view screenshot: %s\n", png.c_str());

  engine.signal(SIGTERM);
  const ProcessResult result = engine.wait(60s);
  EXPECT_EQ(result.exit_code, 0) << result.err;
}

TEST(LiveView, EngineTopSaysSoWhenNothingAnswers) {
  TempDir dir;
  const int port = free_port();
  EngineProcess top({"top", "--once", "--port", std::to_string(port)}, dir.path());
  const ProcessResult result = top.wait(30s);
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.out, "");
  EXPECT_EQ(result.err, "engine top: no engine answers at http://127.0.0.1:" + std::to_string(port) +
                            " (connection refused or host unreachable); is it running with an admin port "
                            "(--admin-port N)?\n");
}

}  // namespace
}  // namespace streamline::e2e
