// Benchmark of the orders pipeline (pipelines/orders.yaml) end to end, on the
// system stack (tests/cmake/system.cmake), beside the ceilings of what it
// sits between, measured in the same run:
//   kafka    kcat reading the orders topic (nothing is faster at the source)
//   copy     PostgreSQL COPY of the run's order_events rows into an empty
//            copy of the table, median of three (nothing is faster at the sink)
//   pipeline 50,000 events produced first, then the engine: events/s from
//            partitions assigned to the last order_events row committed (and
//            to the group's committed offsets reaching the end, which waits
//            for the source's next commit, every second)
//   paced    the engine running while a producer sends at half the measured
//            pipeline rate (assigned -> last row): latency from handing an event to the producer to
//            its order_events row (processed_at), p50/p99/max, and the CPU
//            each process spent per 50,000 events meanwhile
// plus the CPU seconds each process spent during the pipeline run. Every
// database on the stack is vacuumed and analysed before the first run.
// Prints figures; asserts nothing. `make bench-orders` runs it three times
// (scripts/bench-orders.sh); docs/benchmarks.md has the method and results.
//
//   orders_pipeline [--runs N] [--events N] [--paced-seconds S] [--paced-fraction F] [--profile FILE]
//                   [--timeline]
// BENCH_KEEP_DB=1 keeps each saturated run's database (orders_bench_<run>)
// for a look at its rows afterwards (processed_at per batch, ...).
#include <sys/types.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <iterator>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/system/support/command.hpp"
#include "tests/system/support/orders_pipeline.hpp"
#include "tests/system/support/orders_truth.hpp"

namespace {

using namespace streamline::system_tests;
using streamline::orders::EventKind;
using streamline::orders::GeneratedEvent;
using Clock = std::chrono::steady_clock;

struct Settings {
  int runs = 3;
  std::size_t events = 50'000;
  double paced_seconds = 20;
  double paced_fraction = 0.5;  // of the measured pipeline rate
  double paced_rate = 0;        // events/s; when set, instead of the fraction
  std::string profile;  // perf.data path: profile the pipeline run of run 1 (perf record -g)
  bool timeline = false;  // print the paced run's latency per second of sending
};

// The paced run: latency, and the CPU it took.
struct PacedFigures {
  double p50_ms = 0, p99_ms = 0, max_ms = 0;
  // CPU seconds per 50,000 events while the producer sent (engine, PostgreSQL,
  // Redis, the dev broker, this process: the producer): against the saturated
  // run's, what smaller batches cost.
  double engine_cpu = 0, postgres_cpu = 0, redis_cpu = 0, broker_cpu = 0, producer_cpu = 0;
};

struct RunFigures {
  double produce_per_s = 0;
  double kcat_per_s = 0;
  std::size_t kcat_messages = 0;
  double copy_rows_per_s = 0;
  std::size_t copy_rows = 0;
  double pipeline_seconds = 0;
  double pipeline_per_s = 0;        // events / (engine start -> drained)
  double assigned_per_s = 0;        // events / (partitions assigned -> drained): without the group join
  double stored_per_s = 0;          // events / (partitions assigned -> last row committed)
  double pipeline_rows_per_s = 0;   // rows / (first -> last processed_at): without start-up
  double first_row_ms = 0;          // partitions assigned -> first processed_at: the start-up
  double engine_cpu_s = 0, postgres_cpu_s = 0, redis_cpu_s = 0, broker_cpu_s = 0;
  double paced_rate = 0;
  std::size_t paced_events = 0;
  PacedFigures paced;
};

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

streamline::orders::OrderStreamOptions traffic() {
  streamline::orders::OrderStreamOptions options;
  options.duplicate_ratio = 0.05;
  options.malformed_ratio = 0.02;
  options.fraud_ratio = 0.03;
  return options;
}

// utime + stime (and, with children, the reaped children's) of a process, in seconds.
double cpu_seconds(pid_t pid, bool with_children) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto close = text.rfind(')');
  if (close == std::string::npos) return 0;
  std::istringstream fields(text.substr(close + 2));
  std::vector<std::string> f{std::istream_iterator<std::string>(fields), std::istream_iterator<std::string>()};
  // After "pid (comm) ": state is field 3; utime 14, stime 15, cutime 16, cstime 17.
  auto at = [&](int field) { return std::stod(f.at(static_cast<std::size_t>(field - 3))); };
  double ticks = at(14) + at(15);
  if (with_children) ticks += at(16) + at(17);
  return ticks / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

pid_t pid_in_file(const std::string& path) {
  std::ifstream in(path);
  pid_t pid = -1;
  in >> pid;
  return pid;
}

// PostgreSQL: the postmaster and every live backend (their parent), so
// backends that exit during the run are counted once reaped.
double postgres_cpu(const SystemStack& stack) {
  const pid_t postmaster = pid_in_file(stack.dir + "/pg/postmaster.pid");
  double total = cpu_seconds(postmaster, true);
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    const std::string name = entry.path().filename();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream in(entry.path() / "stat");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto close = text.rfind(')');
    if (close == std::string::npos) continue;
    std::istringstream fields(text.substr(close + 2));
    std::string state;
    pid_t parent = 0;
    fields >> state >> parent;
    if (parent == postmaster) total += cpu_seconds(std::stoi(name), true);
  }
  return total;
}

struct CpuSample {
  double postgres = 0, redis = 0, broker = 0;
  CpuSample operator-(const CpuSample& before) const {
    return {postgres - before.postgres, redis - before.redis, broker - before.broker};
  }
};
CpuSample sample_services(const SystemStack& stack) {
  return {postgres_cpu(stack), cpu_seconds(pid_in_file(stack.dir + "/redis.pid"), false),
          cpu_seconds(pid_in_file(stack.dir + "/broker.pid"), false)};
}

// The machine's 1-minute load average: other work on the cores moves every figure.
double load_average() {
  std::ifstream in("/proc/loadavg");
  double load = 0;
  in >> load;
  return load;
}

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const auto index = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
  return values[std::min(index, values.size() - 1)];
}

double median(std::vector<double> values) { return percentile(std::move(values), 0.5); }

// kcat reading the whole orders topic from the beginning to its end.
void measure_kcat(const SystemStack& stack, RunFigures& out) {
  const auto start = Clock::now();
  const std::string count = run_checked("kcat -C -b " + shell_quote(stack.kafka_brokers) + " -t " + kOrdersTopic +
                                        " -o beginning -e -q | wc -l");
  const double seconds = seconds_since(start);
  out.kcat_messages = std::stoul(count);
  out.kcat_per_s = static_cast<double>(out.kcat_messages) / seconds;
}

// COPY of the run's order_events rows into an empty table like it (same
// primary key and indexes), from a file psql reads. Three times, each into a
// new table: the median, since one COPY of under a second is at the mercy of
// whatever else the machine does in that second.
constexpr int kCopyRepeats = 3;
void measure_copy(OrdersDatabase& db, RunFigures& out) {
  const std::string file = (std::filesystem::temp_directory_path() / ("orders-bench-" + std::to_string(::getpid()) + ".copy")).string();
  const std::string psql = "psql " + shell_quote(db.dsn()) + " -v ON_ERROR_STOP=1 -qc ";
  run_checked(psql + shell_quote("\\copy order_events TO '" + file + "'"));
  std::vector<double> rates;
  for (int i = 0; i < kCopyRepeats; ++i) {
    run_checked(psql + shell_quote("DROP TABLE IF EXISTS copy_ceiling; CREATE TABLE copy_ceiling (LIKE order_events INCLUDING ALL)"));
    const auto start = Clock::now();
    run_checked(psql + shell_quote("\\copy copy_ceiling FROM '" + file + "'"));
    const double seconds = seconds_since(start);
    if (i == 0) out.copy_rows = static_cast<std::size_t>(db.count("copy_ceiling"));  // the same file each time
    rates.push_back(static_cast<double>(out.copy_rows) / seconds);
  }
  std::filesystem::remove(file);
  out.copy_rows_per_s = median(rates);
}

// VACUUM (ANALYZE) of every database on the stack, before the first run:
// what earlier runs and the system tests left there would otherwise be
// autovacuumed in the middle of a measurement (docs/benchmarks.md).
void settle_databases(const SystemStack& stack) {
  const auto start = Clock::now();
  run_checked("vacuumdb --all --analyze --quiet --maintenance-db=" + shell_quote(stack.dsn("postgres")));
  std::printf("vacuumed and analysed every database on the stack in %.1f s\n", seconds_since(start));
}

// Waits for the engine to own its partitions (the source logs the assignment).
void wait_assigned(EngineRun& engine) {
  const auto deadline = Clock::now() + std::chrono::seconds(60);
  while (engine.log().find("kafka: assigned") == std::string::npos) {
    if (engine.exit_code() || Clock::now() > deadline)
      throw std::runtime_error("the engine did not get its partitions:\n" + tail(engine.log()));
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

void stop_engine(EngineRun& engine) {
  if (engine.stop(std::chrono::seconds(40)) != 0)
    throw std::runtime_error("the engine did not exit 0 after SIGTERM:\n" + tail(engine.log()));
}

// The saturated pipeline: every event waits in Kafka before the engine starts.
void measure_pipeline(const SystemStack& stack, const Settings& settings, int run, RunFigures& out) {
  OrdersPipeline world(stack, "bench_" + std::to_string(run), 5);  // Redis db 5 (the tests use 1-4)
  const auto events = generate_events(1000 + static_cast<std::uint64_t>(run), traffic(), settings.events);
  auto start = Clock::now();
  const std::vector<Delivery> deliveries = world.produce(events);
  out.produce_per_s = static_cast<double>(events.size()) / seconds_since(start);
  const PartitionOffsets ends = world.end_offsets();

  measure_kcat(stack, out);

  const CpuSample before = sample_services(stack);
  start = Clock::now();
  auto engine = world.start_engine(world.group(), "pipeline");
  wait_assigned(*engine);
  const auto assigned = Clock::now();
  const auto assigned_wall = std::chrono::system_clock::now();
  FILE* perf_pipe = nullptr;
  if (!settings.profile.empty() && run == 1) {
    // Once every thread of the engine exists (perf -p follows those it
    // finds); perf stops on SIGINT.
    // PERF_RECORD_OPTIONS="-F 499 --call-graph dwarf,16384" for callers
    // (the build has no frame pointers, so -g shows the leaves only).
    // PERF_SYSTEM_WIDE=1 records every process (PostgreSQL's backends
    // come and go with the engine's connections) instead of the engine's.
    const char* options = std::getenv("PERF_RECORD_OPTIONS");
    const char* system_wide = std::getenv("PERF_SYSTEM_WIDE");
    const std::string target =
        system_wide && std::string(system_wide) == "1" ? " -a" : " -p " + std::to_string(engine->pid());
    perf_pipe = ::popen(("perf record " + std::string(options ? options : "-F 1999 -g") + target + " -o " +
                         shell_quote(settings.profile) + " >/dev/null 2>&1 & echo $!").c_str(), "r");
  }
  world.wait_drained(*engine, world.group(), ends, std::chrono::seconds(600));
  out.pipeline_seconds = seconds_since(start);
  out.assigned_per_s = static_cast<double>(events.size()) / seconds_since(assigned);
  out.engine_cpu_s = cpu_seconds(engine->pid(), false);
  if (perf_pipe) {
    pid_t perf_pid = -1;
    if (std::fscanf(perf_pipe, "%d", &perf_pid) == 1 && perf_pid > 0) {
      ::kill(perf_pid, SIGINT);
      const auto limit = Clock::now() + std::chrono::seconds(20);  // perf writes its file, then exits
      while (::kill(perf_pid, 0) == 0 && Clock::now() < limit) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ::pclose(perf_pipe);
  }
  stop_engine(*engine);
  const CpuSample used = sample_services(stack) - before;
  out.postgres_cpu_s = used.postgres;
  out.redis_cpu_s = used.redis;
  out.broker_cpu_s = used.broker;
  out.pipeline_per_s = static_cast<double>(events.size()) / out.pipeline_seconds;
  // A rate means nothing unless every event was stored: the dev broker
  // keeps about 5 MB per partition and drops the oldest beyond it, and a
  // source whose offsets fell off resets past them (docs/local-stack.md).
  const std::int64_t stored = world.database().count("order_events");
  const std::size_t expected = expect_from_truth(events, deliveries).event_ids.size();
  if (stored != static_cast<std::int64_t>(expected))
    throw std::runtime_error("run " + std::to_string(run) + ": order_events holds " + std::to_string(stored) +
                             " rows, the stream's truth says " + std::to_string(expected) + "; pipeline log:\n" +
                             tail(engine->log()));
  const double span = std::stod(world.database().scalar(
      "SELECT extract(epoch FROM max(processed_at) - min(processed_at)) FROM order_events"));
  out.pipeline_rows_per_s = static_cast<double>(stored) / std::max(span, 1e-3);
  // "Drained" waits for the source's next offset commit (every second) and
  // the poll here; the last row is when the work was done. processed_at is
  // its transaction's start, a few ms early.
  const double last_row = std::stod(world.database().scalar("SELECT extract(epoch FROM max(processed_at)) FROM order_events"));
  const double assigned_at = std::chrono::duration<double>(assigned_wall.time_since_epoch()).count();
  out.stored_per_s = static_cast<double>(events.size()) / std::max(last_row - assigned_at, 1e-3);
  const double first_row = std::stod(world.database().scalar("SELECT extract(epoch FROM min(processed_at)) FROM order_events"));
  out.first_row_ms = (first_row - assigned_at) * 1000.0;

  measure_copy(world.database(), out);
  if (const char* keep = std::getenv("BENCH_KEEP_DB"); keep == nullptr || std::string(keep) != "1")
    world.database().drop();
}


// The engine (running `pipeline`) while a producer sends at `rate`: latency
// per event, from handing it to the producer to its order_events row.
PacedFigures measure_paced(const SystemStack& stack, const Settings& settings, int run, double rate,
                           const std::filesystem::path& pipeline, const std::string& name) {
  OrdersPipeline world(stack, "bench_" + name + "_" + std::to_string(run), 6);
  const auto count = static_cast<std::size_t>(rate * settings.paced_seconds);
  const auto events = generate_events(2000 + static_cast<std::uint64_t>(run), traffic(), count);
  auto engine = world.start_engine(world.group(), name, pipeline);
  wait_assigned(*engine);
  const CpuSample before = sample_services(stack);
  const double engine_before = cpu_seconds(engine->pid(), false);
  const double producer_before = cpu_seconds(::getpid(), false);
  const auto deliveries = world.produce(events, rate);
  world.wait_drained(*engine, world.group(), world.end_offsets(), std::chrono::seconds(600));
  const CpuSample used = sample_services(stack) - before;
  const double per_50k = 50'000.0 / static_cast<double>(events.size());
  PacedFigures out;
  out.engine_cpu = (cpu_seconds(engine->pid(), false) - engine_before) * per_50k;
  out.postgres_cpu = used.postgres * per_50k;
  out.redis_cpu = used.redis * per_50k;
  out.broker_cpu = used.broker * per_50k;
  out.producer_cpu = (cpu_seconds(::getpid(), false) - producer_before) * per_50k;
  stop_engine(*engine);

  const auto processed = world.database().processed_at_us();
  world.database().drop();
  std::vector<double> latencies_ms;
  std::map<std::int64_t, std::vector<double>> by_second;  // second of sending -> latencies
  for (std::size_t i = 0; i < events.size(); ++i) {
    if (events[i].truth.kind != EventKind::kValid) continue;
    const auto it = processed.find(events[i].event_id);
    if (it == processed.end()) throw std::runtime_error("event " + events[i].event_id + " was not stored");
    const double latency = static_cast<double>(it->second - deliveries[i].produced_us) / 1000.0;
    latencies_ms.push_back(latency);
    by_second[(deliveries[i].produced_us - deliveries.front().produced_us) / 1'000'000].push_back(latency);
  }
  if (settings.timeline) {
    std::printf("run %d, %s at %.0f events/s: latency by second of sending (ms)\n", run, name.c_str(), rate);
    for (const auto& [second, values] : by_second)
      std::printf("  s %3lld  n %5zu  p50 %7.1f  p99 %7.1f  max %7.1f\n", static_cast<long long>(second),
                  values.size(), percentile(values, 0.5), percentile(values, 0.99), percentile(values, 1.0));
  }
  out.p50_ms = percentile(latencies_ms, 0.50);
  out.p99_ms = percentile(latencies_ms, 0.99);
  out.max_ms = percentile(latencies_ms, 1.0);
  return out;
}

void print_table(const std::string& title, const std::vector<std::pair<std::string, std::string>>& rows) {
  std::printf("\n%s\n", title.c_str());
  for (const auto& [name, value] : rows) std::printf("  %-52s %s\n", name.c_str(), value.c_str());
}

std::string number(double value, int decimals = 0) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

std::vector<std::pair<std::string, std::string>> rows_of(const std::vector<RunFigures>& runs,
                                                        const std::function<double(const RunFigures&)>& pick,
                                                        const std::string& name, int decimals = 0) {
  std::vector<double> values;
  std::string each;
  for (const auto& r : runs) {
    values.push_back(pick(r));
    each += (each.empty() ? "" : " / ") + number(pick(r), decimals);
  }
  return {{name, number(median(values), decimals) + (runs.size() > 1 ? "   (runs: " + each + ")" : "")}};
}

Settings parse(int argc, char** argv) {
  Settings s;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw std::runtime_error(a + " needs a value");
      return argv[++i];
    };
    if (a == "--runs") s.runs = std::stoi(value());
    else if (a == "--events") s.events = std::stoul(value());
    else if (a == "--paced-seconds") s.paced_seconds = std::stod(value());
    else if (a == "--paced-fraction") s.paced_fraction = std::stod(value());
    else if (a == "--paced-rate") s.paced_rate = std::stod(value());
    else if (a == "--profile") s.profile = value();
    else if (a == "--timeline") s.timeline = true;
    else throw std::runtime_error("unknown option " + a +
                                  " (want --runs N, --events N, --paced-seconds S, --paced-fraction F, --paced-rate R, --profile FILE, "
                                  "--timeline)");
  }
  return s;
}

}  // namespace

int main(int argc, char** argv) try {
  const Settings settings = parse(argc, argv);
  load_stack_env(SYSTEM_STACK_DIR);
  const SystemStack stack = SystemStack::from_environment();
  const std::string paced = settings.paced_rate > 0 ? number(settings.paced_rate, 0) + " events/s"
                                                    : number(settings.paced_fraction, 2) + " of the measured rate";
  std::printf("orders pipeline benchmark: %zu events (duplicates 5%%, malformed 2%%, fraud 3%%), %d run(s), "
              "paced at %s for %.0f s, pipeline %s, stack %s, %u cores\n",
              settings.events, settings.runs, paced.c_str(), settings.paced_seconds, orders_pipeline_file().c_str(),
              stack.dir.c_str(), std::thread::hardware_concurrency());

  settle_databases(stack);
  std::vector<RunFigures> runs;
  for (int run = 1; run <= settings.runs; ++run) {
    RunFigures figures;
    const double load_before = load_average();
    measure_pipeline(stack, settings, run, figures);
    figures.paced_rate =
        settings.paced_rate > 0 ? settings.paced_rate : figures.stored_per_s * settings.paced_fraction;
    figures.paced_events = static_cast<std::size_t>(figures.paced_rate * settings.paced_seconds);
    figures.paced = measure_paced(stack, settings, run, figures.paced_rate, orders_pipeline_file(), "paced");
    std::printf("run %d: pipeline %.0f events/s assigned -> last row (%.0f to drained, %.1f s from start), "
                "kcat %.0f msg/s, COPY %.0f rows/s, paced %.0f/s p50 %.1f ms p99 %.1f ms; "
                "load average %.1f -> %.1f\n",
                run, figures.stored_per_s, figures.assigned_per_s, figures.pipeline_seconds, figures.kcat_per_s, figures.copy_rows_per_s,
                figures.paced_rate, figures.paced.p50_ms, figures.paced.p99_ms, load_before, load_average());
    std::fflush(stdout);
    runs.push_back(figures);
  }

  std::vector<std::pair<std::string, std::string>> table;
  auto add = [&](const std::function<double(const RunFigures&)>& pick, const std::string& name, int decimals = 0) {
    for (auto& row : rows_of(runs, pick, name, decimals)) table.push_back(row);
  };
  add([](const RunFigures& r) { return r.kcat_per_s; }, "ceiling: kcat reads the topic (msg/s)");
  add([](const RunFigures& r) { return r.copy_rows_per_s; }, "ceiling: COPY into order_events copy, median of 3 (rows/s)");
  add([](const RunFigures& r) { return r.produce_per_s; }, "producer (librdkafka, events/s)");
  add([](const RunFigures& r) { return r.stored_per_s; }, "pipeline, partitions assigned -> last row (events/s)");
  add([](const RunFigures& r) { return 100.0 * r.stored_per_s / r.copy_rows_per_s; },
      "pipeline / COPY ceiling, same run (%)", 1);
  add([](const RunFigures& r) { return r.assigned_per_s; }, "pipeline, partitions assigned -> drained (events/s)");
  add([](const RunFigures& r) { return r.pipeline_per_s; }, "pipeline, engine start -> drained (events/s)");
  add([](const RunFigures& r) { return r.pipeline_seconds; }, "pipeline, engine start -> drained (s)", 1);
  add([](const RunFigures& r) { return r.pipeline_rows_per_s; }, "pipeline, first -> last row (rows/s)");
  add([](const RunFigures& r) { return r.first_row_ms; }, "pipeline, partitions assigned -> first row (ms)");
  add([](const RunFigures& r) { return r.engine_cpu_s; }, "CPU during the run: engine (s)", 2);
  add([](const RunFigures& r) { return r.postgres_cpu_s; }, "CPU during the run: PostgreSQL (s)", 2);
  add([](const RunFigures& r) { return r.redis_cpu_s; }, "CPU during the run: Redis (s)", 2);
  add([](const RunFigures& r) { return r.broker_cpu_s; }, "CPU during the run: Kafka dev broker (s)", 2);
  add([](const RunFigures& r) { return r.paced_rate; }, "paced: producer rate (events/s)");
  add([](const RunFigures& r) { return r.paced.p50_ms; }, "paced: latency p50 (ms)", 1);
  add([](const RunFigures& r) { return r.paced.p99_ms; }, "paced: latency p99 (ms)", 1);
  add([](const RunFigures& r) { return r.paced.max_ms; }, "paced: latency max (ms)", 1);
  add([](const RunFigures& r) { return r.paced.engine_cpu; }, "paced: CPU per 50k events: engine (s)", 2);
  add([](const RunFigures& r) { return r.paced.postgres_cpu; }, "paced: CPU per 50k events: PostgreSQL (s)", 2);
  add([](const RunFigures& r) { return r.paced.redis_cpu; }, "paced: CPU per 50k events: Redis (s)", 2);
  add([](const RunFigures& r) { return r.paced.broker_cpu; }, "paced: CPU per 50k events: Kafka dev broker (s)", 2);
  add([](const RunFigures& r) { return r.paced.producer_cpu; }, "paced: CPU per 50k events: the producer (s)", 2);
  print_table("medians of " + std::to_string(runs.size()) + " run(s) (each run's value in brackets):", table);
  if (!settings.profile.empty())
    std::printf("\nprofile of run 1's pipeline: %s (perf report -i %s --no-children --sort dso,sym)\n",
                settings.profile.c_str(), settings.profile.c_str());
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "orders_pipeline: %s\n", e.what());
  return 1;
}
