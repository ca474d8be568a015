// End to end: the engine binary runs real pipelines of the shipped plugins
// (generate, route, fail, delay, file-sink) and every event is accounted for.

#include <algorithm>
#include <fstream>
#include <map>
#include <regex>
#include <set>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "engine_process.hpp"

namespace streamline::e2e {
namespace {

using ::testing::HasSubstr;
using Json = nlohmann::json;

constexpr std::uint64_t kEvents = 100000;

std::vector<std::string> run_args(const std::filesystem::path& pipeline) {
  return {"run", pipeline.string(), "--plugin-dir", PLUGIN_DIR};
}

// Every line of a JSON Lines file, parsed.
std::vector<Json> read_events(const std::filesystem::path& file) {
  std::vector<Json> events;
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) events.push_back(Json::parse(line));
  return events;
}

std::multiset<std::uint64_t> ids_of(const std::vector<Json>& events) {
  std::multiset<std::uint64_t> ids;
  for (const auto& e : events) ids.insert(e.at("id").get<std::uint64_t>());
  return ids;
}

std::multiset<std::uint64_t> ids_where(const std::vector<Json>& events, const std::function<bool(const Json&)>& pred) {
  std::multiset<std::uint64_t> ids;
  for (const auto& e : events)
    if (pred(e)) ids.insert(e.at("id").get<std::uint64_t>());
  return ids;
}

std::multiset<std::uint64_t> all_ids(std::uint64_t n) {
  std::multiset<std::uint64_t> ids;
  for (std::uint64_t i = 0; i < n; ++i) ids.insert(ids.end(), i);
  return ids;
}

std::multiset<std::uint64_t> merged(const std::multiset<std::uint64_t>& a, const std::multiset<std::uint64_t>& b) {
  std::multiset<std::uint64_t> out = a;
  out.insert(b.begin(), b.end());
  return out;
}

bool is_big(const Json& e) { return e.at("amount").get<double>() > 100 && e.at("country") == "DE"; }

// The source's figures from the summary line the engine logs after a drain.
struct SourceSummary {
  std::uint64_t emitted = 0, acked = 0, in_flight = 0, committed = 0;
};
std::optional<SourceSummary> source_summary(const std::string& log, const std::string& stage) {
  const std::regex pattern(stage + R"( \[generate\] in=\d+ out=\d+ dropped=\d+ failed=\d+ emitted=(\d+) acked=(\d+) in_flight=(\d+) committed=generate/0@(\d+))");
  std::smatch m;
  if (!std::regex_search(log, m, pattern)) return std::nullopt;
  return SourceSummary{std::stoull(m[1]), std::stoull(m[2]), std::stoull(m[3]), std::stoull(m[4])};
}

TEST(RunPipeline, FanOutAndFanInDeliverEveryEventToEveryReaderExactlyOnce) {
  TempDir dir;
  const auto pipeline = dir.write("pipeline.yaml", R"(
pipeline:
  name: fan
  queue_capacity: 4
stages:
  src:
    plugin: generate
    config: { count: 100000, seed: 7 }
  router:
    plugin: route
    inputs: [src]
    config:
      routes:
        - { name: big, when: "amount > 100 && country == \"DE\"" }
        - { name: small, when: "amount <= 100" }
  big_a: { plugin: file-sink, inputs: [router.big], config: { path: out/big_a.jsonl } }
  big_b: { plugin: file-sink, inputs: [router.big], config: { path: out/big_b.jsonl } }
  rest:  { plugin: file-sink, inputs: [router.small, router], config: { path: out/rest.jsonl } }
)");
  const auto result = run_engine(run_args(pipeline), dir.path());
  ASSERT_EQ(result.exit_code, 0) << result.err;

  const auto big_a = read_events(dir / "out/big_a.jsonl");
  const auto big_b = read_events(dir / "out/big_b.jsonl");
  const auto rest = read_events(dir / "out/rest.jsonl");
  // Each output holds only what its route selects...
  EXPECT_EQ(ids_where(big_a, is_big), ids_of(big_a));
  EXPECT_TRUE(ids_where(rest, is_big).empty());
  // ...both readers of `big` got the same events (fan-out)...
  EXPECT_FALSE(big_a.empty());
  EXPECT_EQ(ids_of(big_a), ids_of(big_b));
  // ...and big plus the fan-in of small and the default output is every
  // event exactly once: no loss, no duplicate.
  EXPECT_EQ(merged(ids_of(big_a), ids_of(rest)), all_ids(kEvents));

  const auto summary = source_summary(result.err, "src");
  ASSERT_TRUE(summary) << result.err;
  EXPECT_EQ(summary->emitted, kEvents);
  EXPECT_EQ(summary->acked, kEvents);
  EXPECT_EQ(summary->in_flight, 0u);
  EXPECT_EQ(summary->committed, kEvents);
}

TEST(RunPipeline, FailedEventsGoExactlyToTheErrorOutput) {
  TempDir dir;
  const auto pipeline = dir.write("pipeline.yaml", R"(
stages:
  src:   { plugin: generate, config: { count: 20000, seed: 3 } }
  check: { plugin: fail, inputs: [src], config: { when: "amount > 400", error: "too expensive" } }
  good:  { plugin: file-sink, inputs: [check], config: { path: out/good.jsonl } }
  bad:   { plugin: file-sink, inputs: [check.error], config: { path: out/bad.jsonl } }
)");
  const auto result = run_engine(run_args(pipeline), dir.path());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto good = read_events(dir / "out/good.jsonl");
  const auto bad = read_events(dir / "out/bad.jsonl");
  auto expensive = [](const Json& e) { return e.at("amount").get<double>() > 400; };
  EXPECT_FALSE(bad.empty());
  EXPECT_EQ(ids_where(bad, expensive), ids_of(bad));
  EXPECT_TRUE(ids_where(good, expensive).empty());
  EXPECT_EQ(merged(ids_of(good), ids_of(bad)), all_ids(20000));
  EXPECT_THAT(result.err, HasSubstr("check [fail] in=20000 out=" + std::to_string(good.size()) +
                                    " dropped=0 failed=" + std::to_string(bad.size())));
}

TEST(RunPipeline, FailuresNobodyReadsReachTheDeadLetterStage) {
  TempDir dir;
  const auto pipeline = dir.write("pipeline.yaml", R"(
pipeline: { dead_letter: dead }
stages:
  src:   { plugin: generate, config: { count: 5000 } }
  check: { plugin: fail, inputs: [src], config: { when: "country == \"FR\"" } }
  good:  { plugin: file-sink, inputs: [check], config: { path: out/good.jsonl } }
  dead:  { plugin: file-sink, config: { path: out/dead.jsonl } }
)");
  const auto result = run_engine(run_args(pipeline), dir.path());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto good = read_events(dir / "out/good.jsonl");
  const auto dead = read_events(dir / "out/dead.jsonl");
  auto french = [](const Json& e) { return e.at("country") == "FR"; };
  EXPECT_FALSE(dead.empty());
  EXPECT_EQ(ids_where(dead, french), ids_of(dead));
  EXPECT_TRUE(ids_where(good, french).empty());
  EXPECT_EQ(merged(ids_of(good), ids_of(dead)), all_ids(5000));
}

TEST(RunPipeline, AStageThatThrowsFailsOneBatchAndThePipelineGoesOn) {
  TempDir dir;
  const auto pipeline = dir.write("pipeline.yaml", R"(
stages:
  src:   { plugin: generate, config: { count: 10000 } }
  boom:  { plugin: fail, inputs: [src], config: { when: "id == 5000", throw: true, error: "kaboom" } }
  good:  { plugin: file-sink, inputs: [boom], config: { path: out/good.jsonl } }
  bad:   { plugin: file-sink, inputs: [boom.error], config: { path: out/bad.jsonl } }
)");
  const auto result = run_engine(run_args(pipeline), dir.path());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto good = ids_of(read_events(dir / "out/good.jsonl"));
  const auto bad = ids_of(read_events(dir / "out/bad.jsonl"));
  EXPECT_EQ(bad.count(5000), 1u);
  EXPECT_LE(bad.size(), 1024u) << "only the batch holding the event fails";
  EXPECT_EQ(merged(good, bad), all_ids(10000));
  EXPECT_THAT(result.err, HasSubstr("plugin 'fail' threw: kaboom"));
}

TEST(RunPipeline, TransientErrorsAreRetriedAndNothingIsLost) {
  TempDir dir;
  const auto pipeline = dir.write("pipeline.yaml", R"(
stages:
  src:   { plugin: generate, config: { count: 3000 } }
  flaky:
    plugin: fail
    inputs: [src]
    config: { transient_failures: 3 }
    retry: { initial_backoff: 5ms, max_backoff: 20ms }
  out:   { plugin: file-sink, inputs: [flaky], config: { path: out/all.jsonl } }
)");
  const auto result = run_engine(run_args(pipeline), dir.path());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(ids_of(read_events(dir / "out/all.jsonl")), all_ids(3000));
  EXPECT_THAT(result.err, HasSubstr("transient error (attempt 3)"));
}

TEST(RunPipeline, SigtermDrainsAndAcknowledgesEverythingRead) {
  TempDir dir;
  const auto pipeline = dir.write("pipeline.yaml", R"(
pipeline: { name: endless, queue_capacity: 2, drain_timeout: 30s }
stages:
  src:  { plugin: generate, config: { count: 0 }, batch: { max_events: 256 } }
  slow: { plugin: delay, inputs: [src], config: { duration: 5ms } }
  out:  { plugin: file-sink, inputs: [slow], config: { path: out/all.jsonl } }
)");
  EngineProcess engine(run_args(pipeline), dir.path());
  // Let it run until events are being written, then ask for a drain.
  const auto written = dir / "out/all.jsonl";
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline &&
         (!std::filesystem::exists(written) || std::filesystem::file_size(written) < 10000))
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  engine.signal(SIGTERM);
  const auto result = engine.wait();
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.err, HasSubstr("received SIGTERM: draining"));

  const auto summary = source_summary(result.err, "src");
  ASSERT_TRUE(summary) << result.err;
  EXPECT_GT(summary->emitted, 0u);
  EXPECT_EQ(summary->acked, summary->emitted);
  EXPECT_EQ(summary->in_flight, 0u);
  EXPECT_EQ(summary->committed, summary->emitted) << "the final commit covers every event read";
  // Everything read was written, once.
  EXPECT_EQ(ids_of(read_events(written)), all_ids(summary->emitted));
}

TEST(RunPipeline, ASecondSignalExitsAtOnceWith130) {
  TempDir dir;
  const auto pipeline = dir.write("pipeline.yaml", R"(
pipeline: { drain_timeout: 60s }
stages:
  src:  { plugin: generate, config: { count: 0 } }
  slow: { plugin: delay, inputs: [src], config: { duration: 2s } }
  out:  { plugin: file-sink, inputs: [slow], config: { path: out/all.jsonl } }
)");
  EngineProcess engine(run_args(pipeline), dir.path());
  ASSERT_TRUE(engine.wait_for_log("running:"));
  engine.signal(SIGINT);
  ASSERT_TRUE(engine.wait_for_log("draining"));
  engine.signal(SIGINT);
  const auto result = engine.wait(std::chrono::seconds(30));
  EXPECT_EQ(result.exit_code, 130) << result.err;
  EXPECT_THAT(result.err, HasSubstr("second signal, exiting without draining"));
}

TEST(RunPipeline, AnInvalidPipelineIsRefusedWithItsPlaceAndExit1) {
  TempDir dir;
  const auto pipeline = dir.write("pipeline.yaml", R"(stages:
  src:  { plugin: generate, config: { count: 10 } }
  out:  { plugin: file-sink, inputs: [srcc], config: { path: out/all.jsonl } }
)");
  const auto result = run_engine(run_args(pipeline), dir.path());
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("pipeline.yaml:3:"));
  EXPECT_THAT(result.err, HasSubstr("srcc"));
  EXPECT_FALSE(std::filesystem::exists(dir / "out/all.jsonl"));
}

TEST(RunPipeline, UsageErrorsExit2) {
  TempDir dir;
  EXPECT_EQ(run_engine({"run"}, dir.path()).exit_code, 2);
  EXPECT_EQ(run_engine({"run", "a.yaml", "--log-format", "xml"}, dir.path()).exit_code, 2);
  const auto help = run_engine({"run", "--help"}, dir.path());
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_THAT(help.out, HasSubstr("usage: engine run FILE"));
}

TEST(RunPipeline, JsonLogsAreOneObjectPerLine) {
  TempDir dir;
  const auto pipeline = dir.write("pipeline.yaml", R"(
stages:
  src:  { plugin: generate, config: { count: 100 } }
  out:  { plugin: file-sink, inputs: [src], config: { path: out/all.jsonl } }
)");
  auto args = run_args(pipeline);
  args.insert(args.end(), {"--log-format", "json"});
  const auto result = run_engine(args, dir.path());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  std::istringstream lines(result.err);
  std::string line;
  int count = 0;
  bool summary = false;
  while (std::getline(lines, line)) {
    const auto entry = Json::parse(line);
    ++count;
    summary = summary || entry.at("message").get<std::string>().starts_with("pipeline drained: ");
  }
  EXPECT_GE(count, 2);
  EXPECT_TRUE(summary);
}

}  // namespace
}  // namespace streamline::e2e
