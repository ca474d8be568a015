// End to end: `engine run` with an admin port serves /metrics, /healthz,
// /readyz and /status while the pipeline runs; the counters agree exactly
// with what the pipeline did (the files its sinks wrote, the drain summary)
// and the scrape passes `promtool check metrics`.

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <string>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <streamline/abi.hpp>

#include "engine_process.hpp"
#include "tests/support/admin_client.hpp"

namespace streamline::e2e {
namespace {

using ::testing::HasSubstr;
using Json = nlohmann::json;
using namespace std::chrono_literals;

using test_support::admin_get;
using test_support::free_port;
using test_support::admin_poll;
using test_support::AdminReply;
using test_support::has_promtool;
using test_support::prometheus_samples;
using test_support::stage_series;

double sample(const std::map<std::string, double>& s, const std::string& series) {
  const auto it = s.find(series);
  if (it == s.end()) ADD_FAILURE() << "no series " << series;
  return it == s.end() ? -1 : it->second;
}

std::size_t lines_of(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::size_t n = 0;
  for (std::string line; std::getline(in, line);) ++n;
  return n;
}


constexpr int kOrders = 3000;

// `orders` is finite and fully accounted for once its in-flight gauge is 0;
// `ticker` is endless and slow, so the engine keeps serving until SIGTERM.
std::string observed_pipeline(int port) {
  return R"(
pipeline:
  name: observed
  admin: { port: )" + std::to_string(port) + R"( }
stages:
  orders: { plugin: generate, config: { count: )" + std::to_string(kOrders) + R"(, seed: 7, batch_size: 100 } }
  router:
    plugin: route
    inputs: [orders]
    config:
      routes:
        - { name: big, when: "amount > 100" }
        - { name: small, when: "amount <= 50" }
      drop_unmatched: true
  big: { plugin: file-sink, inputs: [router.big], config: { path: big.jsonl } }
  small: { plugin: file-sink, inputs: [router.small], config: { path: small.jsonl } }
  ticker: { plugin: generate, config: { count: 0, rate: 20, seed: 1 } }
  slow: { plugin: delay, inputs: [ticker], config: { duration: 10ms } }
  discard: { plugin: "null", inputs: [slow] }
)";
}

TEST(AdminEndpoints, MetricsAgreeExactlyWithWhatThePipelineDidAndPassPromtool) {
  TempDir dir;
  const int port = free_port();
  const auto pipeline = dir.write("pipeline.yaml", observed_pipeline(port));
  EngineProcess engine({"run", pipeline.string(), "--plugin-dir", PLUGIN_DIR}, dir.path());

  const AdminReply health = admin_poll(port, "/healthz", [](const AdminReply& r) { return r.status == 200; });
  ASSERT_EQ(health.status, 200) << "no admin server on port " << port;
  EXPECT_EQ(health.body, "ok\n");

  const std::string in_flight = stage_series("streamline_events_in_flight", "orders", "generate");
  const std::string orders_out = stage_series("streamline_events_out_total", "orders", "generate");
  const AdminReply scrape = admin_poll(port, "/metrics", [&](const AdminReply& r) {
    if (r.status != 200) return false;
    const auto s = prometheus_samples(r.body);
    return s.count(orders_out) && s.at(orders_out) == kOrders && s.count(in_flight) && s.at(in_flight) == 0;
  });
  ASSERT_EQ(scrape.status, 200);
  EXPECT_EQ(scrape.content_type, "text/plain; version=0.0.4; charset=utf-8");
  const auto m = prometheus_samples(scrape.body);
  ASSERT_EQ(sample(m, orders_out), kOrders) << scrape.body;
  ASSERT_EQ(sample(m, in_flight), 0) << scrape.body;

  // What the sinks wrote is what the counters say.
  const double big = static_cast<double>(lines_of(dir / "big.jsonl"));
  const double small = static_cast<double>(lines_of(dir / "small.jsonl"));
  ASSERT_GT(big, 0);
  ASSERT_GT(small, 0);
  ASSERT_LT(big + small, kOrders);  // some are neither: dropped as unmatched
  EXPECT_EQ(sample(m, stage_series("streamline_events_in_total", "orders", "generate")), kOrders);
  EXPECT_EQ(sample(m, stage_series("streamline_events_in_total", "router", "route")), kOrders);
  EXPECT_EQ(sample(m, stage_series("streamline_events_out_total", "router", "route")), big + small);
  EXPECT_EQ(sample(m, R"(streamline_events_dropped_total{plugin="route",reason="unmatched",stage="router"})"),
            kOrders - big - small);
  EXPECT_EQ(sample(m, stage_series("streamline_events_failed_total", "router", "route")), 0);
  EXPECT_EQ(sample(m, stage_series("streamline_events_in_total", "big", "file-sink")), big);
  EXPECT_EQ(sample(m, stage_series("streamline_events_out_total", "big", "file-sink")), big);
  EXPECT_EQ(sample(m, stage_series("streamline_events_in_total", "small", "file-sink")), small);
  EXPECT_EQ(sample(m, stage_series("streamline_events_out_total", "small", "file-sink")), small);
  EXPECT_EQ(sample(m, stage_series("streamline_batch_size_sum", "router", "route")), kOrders);
  EXPECT_EQ(sample(m, stage_series("streamline_queue_depth", "router", "route")), 0);
  EXPECT_EQ(sample(m, "streamline_build_info{abi=\"" + std::to_string(kAbiVersion) + "\",version=\"" +
                          STREAMLINE_VERSION + "\"}"),
            1);
  // Declared, and no plugin file was refused.
  EXPECT_NE(scrape.body.find("# TYPE streamline_plugin_load_failures_total counter\n"), std::string::npos);
  EXPECT_EQ(scrape.body.find("streamline_plugin_load_failures_total{"), std::string::npos);
  EXPECT_GT(sample(m, "streamline_uptime_seconds"), 0);

  if (has_promtool()) {
    const auto [code, output] = test_support::promtool_check(dir.path(), scrape.body);
    EXPECT_EQ(code, 0) << "promtool check metrics:\n" << output;
    EXPECT_EQ(output, "");
  } else {
    std::fprintf(stderr, "SKIPPED promtool check: promtool not found (Debian package 'prometheus'; scripts/setup.sh)\n");
  }

  const AdminReply ready = admin_get(port, "/readyz");
  EXPECT_EQ(ready.status, 200);
  EXPECT_EQ(ready.body, "{\"ready\":true}\n");

  const AdminReply status = admin_get(port, "/status");
  ASSERT_EQ(status.status, 200);
  EXPECT_EQ(status.content_type, "application/json");
  const Json doc = Json::parse(status.body);
  EXPECT_EQ(doc.at("pipeline"), "observed");
  EXPECT_EQ(doc.at("state"), "running");
  const Json& stages = doc.at("stages");
  std::map<std::string, Json> by_name;
  for (const auto& s : stages) by_name[s.at("name").get<std::string>()] = s;
  ASSERT_EQ(by_name.size(), 7u) << status.body;
  EXPECT_EQ(by_name["router"].at("plugin"), "route");
  EXPECT_EQ(by_name["router"].at("kind"), "processor");
  EXPECT_EQ(by_name["router"].at("inputs"), Json::array({"orders"}));
  EXPECT_EQ(by_name["router"].at("state"), "running");
  EXPECT_EQ(by_name["router"].at("events"),
            Json({{"in", kOrders}, {"out", big + small}, {"dropped", kOrders - big - small}, {"failed", 0}}));
  EXPECT_EQ(by_name["big"].at("inputs"), Json::array({"router.big"}));
  EXPECT_EQ(by_name["big"].at("kind"), "sink");
  EXPECT_EQ(by_name["big"].at("events").at("out"), big);
  EXPECT_EQ(by_name["orders"].at("kind"), "source");

  // After the drain: the engine's own summary tells the same story.
  engine.signal(SIGTERM);
  const ProcessResult result = engine.wait(60s);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.err, HasSubstr("admin server listening on http://127.0.0.1:" + std::to_string(port)));
  EXPECT_THAT(result.err, HasSubstr("orders [generate] in=3000 out=3000 dropped=0 failed=0 emitted=3000 acked=3000 "
                                    "in_flight=0 committed=generate/0@3000"));
  EXPECT_THAT(result.err, HasSubstr("router [route] in=3000 out=" + std::to_string(static_cast<int>(big + small)) +
                                    " dropped=" + std::to_string(static_cast<int>(kOrders - big - small)) +
                                    " failed=0"));
  EXPECT_THAT(result.err, HasSubstr("big [file-sink] in=" + std::to_string(static_cast<int>(big)) +
                                    " out=" + std::to_string(static_cast<int>(big))));
  // The server is gone with the process.
  EXPECT_EQ(admin_get(port, "/healthz").status, 0);
}

TEST(AdminEndpoints, ReadinessNamesTheStageThatRetriesTransientErrors) {
  TempDir dir;
  const int port = free_port();
  const auto pipeline = dir.write("pipeline.yaml", R"(
pipeline: { name: flaky, drain_timeout: 1s }
stages:
  src: { plugin: generate, config: { count: 0, rate: 20 } }
  flaky:
    plugin: fail
    inputs: [src]
    config: { transient_failures: 1000000 }
    retry: { initial_backoff: 50ms, max_backoff: 100ms }
  out: { plugin: "null", inputs: [flaky] }
)");
  // --admin-port: the file has no admin port.
  EngineProcess engine({"run", pipeline.string(), "--plugin-dir", PLUGIN_DIR, "--admin-port", std::to_string(port)},
                       dir.path());
  const AdminReply ready = admin_poll(port, "/readyz", [](const AdminReply& r) { return r.status == 503 && r.body.find("flaky") != std::string::npos; });
  ASSERT_EQ(ready.status, 503) << ready.body;
  EXPECT_EQ(ready.content_type, "application/json");
  EXPECT_EQ(ready.body,
            "{\"ready\":false,\"reason\":\"stage 'flaky' (plugin 'fail') is retrying transient errors\","
            "\"stage\":\"flaky\"}\n");
  EXPECT_EQ(admin_get(port, "/healthz").status, 200);  // alive all the same

  const Json doc = Json::parse(admin_get(port, "/status").body);
  for (const auto& s : doc.at("stages")) {
    if (s.at("name") == "flaky") {
      EXPECT_EQ(s.at("state"), "retrying");
      EXPECT_GT(s.at("retries").get<std::uint64_t>(), 0u);
    } else {
      EXPECT_EQ(s.at("state"), "running") << s.dump();
    }
  }
}

TEST(AdminEndpoints, AnAdminPortInUseStopsTheRunWithAClearMessage) {
  TempDir dir;
  // Hold a port with a listening socket.
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(listen(fd, 1), 0);
  ASSERT_EQ(getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  const int port = ntohs(addr.sin_port);
  const auto pipeline = dir.write("pipeline.yaml", R"(
stages:
  src: { plugin: generate, config: { count: 10 } }
  out: { plugin: "null", inputs: [src] }
)");
  const ProcessResult result =
      run_engine({"run", pipeline.string(), "--plugin-dir", PLUGIN_DIR, "--admin-port", std::to_string(port)}, dir.path());
  close(fd);
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("pipeline.yaml: not started: admin server: cannot listen on 127.0.0.1:" +
                                    std::to_string(port)));
}

TEST(AdminEndpoints, RunRejectsABadAdminPort) {
  TempDir dir;
  const ProcessResult result = run_engine({"run", "pipeline.yaml", "--admin-port", "70000"}, dir.path());
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("engine run: --admin-port takes a port number from 0 to 65535"));
}

}  // namespace
}  // namespace streamline::e2e

namespace streamline::e2e {
namespace {

TEST(GraphCommand, PrintsTheGraphOfAValidFileAndTheDiagnosticsOfAnInvalidOne) {
  TempDir dir;
  const auto valid = dir.write("valid.yaml", R"(
stages:
  src: { plugin: generate }
  out: { plugin: "null", inputs: [src] }
)");
  const ProcessResult dot = run_engine({"graph", valid.string(), "--plugin-dir", PLUGIN_DIR}, dir.path());
  EXPECT_EQ(dot.exit_code, 0) << dot.err;
  EXPECT_EQ(dot.out, "digraph \"valid\" {\n  rankdir=LR;\n  node [shape=box];\n"
                     "  \"src\" [label=\"src\\ngenerate\", shape=invhouse];\n"
                     "  \"out\" [label=\"out\\nnull\", shape=house];\n"
                     "  \"src\" -> \"out\";\n}\n");
  const ProcessResult mermaid =
      run_engine({"graph", valid.string(), "--format", "mermaid", "--plugin-dir", PLUGIN_DIR}, dir.path());
  EXPECT_EQ(mermaid.exit_code, 0) << mermaid.err;
  EXPECT_EQ(mermaid.out, "flowchart LR\n  s0([\"src<br/>generate\"])\n  s1[(\"out<br/>null\")]\n  s0 --> s1\n");

  const auto invalid = dir.write("invalid.yaml", R"(
stages:
  src: { plugin: generate }
  out: { plugin: "null", inputs: [scr] }
)");
  const ProcessResult bad = run_engine({"graph", invalid.string(), "--plugin-dir", PLUGIN_DIR}, dir.path());
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_EQ(bad.out, "");
  const ProcessResult validate = run_engine({"validate", invalid.string(), "--plugin-dir", PLUGIN_DIR}, dir.path());
  EXPECT_EQ(validate.exit_code, 1);
  EXPECT_EQ(bad.err, validate.out);  // the same diagnostics as `engine validate`

  const ProcessResult format = run_engine({"graph", valid.string(), "--format", "svg"}, dir.path());
  EXPECT_EQ(format.exit_code, 2);
  EXPECT_THAT(format.err, HasSubstr("engine graph: unknown format 'svg' (use dot or mermaid)"));
  const ProcessResult help = run_engine({"graph", "--help"}, dir.path());
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_THAT(help.out, HasSubstr("usage: engine graph FILE [options]"));
}

}  // namespace
}  // namespace streamline::e2e
