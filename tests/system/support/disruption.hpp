#pragma once
// What the tests that disrupt a running pipeline (crash_restart_test.cpp,
// outage_test.cpp) share: waiting for rows or a log line, the engine's log
// lines with their times (to place them between the test's own moments), and
// the wall clock as the log writes it.

#include <time.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <map>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "tests/system/support/engine_run.hpp"
#include "tests/system/support/orders_database.hpp"
#include "tests/system/support/orders_pipeline.hpp"

namespace streamline::system_tests {

// The producer settings of these tests: 50 ms record batches, as a busy
// producer makes. The dev broker (librdkafka's mock cluster) answers a fetch
// with one record batch per partition (rdkafka_mock_handlers.c: "FIXME:
// Multiple messageSets ?"): a paced producer's default 5 ms batches hold one
// or two events each, so a pipeline catching up after a stall would read
// about a dozen events per fetch round trip, slower than they arrive.
// The orders pipeline's text with `line` added under its librdkafka
// session-timeout setting (same indentation): how tests tune the source's
// Kafka client in their copy of the file.
inline constexpr const char* kSessionTimeoutLine = "session.timeout.ms: ${KAFKA_SESSION_TIMEOUT_MS:-45000}";
inline std::string with_source_kafka_setting(std::string text, const std::string& line) {
  const auto at = text.find(kSessionTimeoutLine);
  if (at == std::string::npos)
    throw std::runtime_error(std::string("'") + kSessionTimeoutLine + "' is not in " + orders_pipeline_file().string());
  const auto line_start = text.rfind('\n', at) + 1;
  text.insert(at + std::string(kSessionTimeoutLine).size(), "\n" + text.substr(line_start, at - line_start) + line);
  return text;
}

inline std::map<std::string, std::string> batching_producer() { return {{"linger.ms", "50"}}; }

inline std::int64_t epoch_us(std::chrono::system_clock::time_point t = std::chrono::system_clock::now()) {
  return std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
}

inline double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// `t` as the engine's log stamps its lines (engine/observe/logging.cpp:
// "%Y-%m-%d %H:%M:%S.%e", local time): such stamps compare as strings.
inline std::string log_stamp(std::chrono::system_clock::time_point t) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(t);
  std::tm local{};
  ::localtime_r(&seconds, &local);
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count() % 1000;
  char text[80];  // room for any int the compiler imagines in each field
  std::snprintf(text, sizeof text, "%04d-%02d-%02d %02d:%02d:%02d.%03d", local.tm_year + 1900, local.tm_mon + 1,
                local.tm_mday, local.tm_hour, local.tm_min, local.tm_sec, static_cast<int>(ms));
  return text;
}

// A log line's stamp (its first 23 characters).
inline std::string stamp_of(const std::string& line) { return line.substr(0, 23); }

// The lines of `log` that `pattern` matches (anywhere in the line), in order.
inline std::vector<std::string> lines_matching(const std::string& log, const std::regex& pattern) {
  std::vector<std::string> lines;
  std::istringstream in(log);
  for (std::string line; std::getline(in, line);)
    if (std::regex_search(line, pattern)) lines.push_back(line);
  return lines;
}

// Waits until order_events holds at least `rows` rows.
inline void wait_for_rows(OrdersDatabase& db, std::int64_t rows, std::chrono::seconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (db.count("order_events") < rows) {
    if (std::chrono::steady_clock::now() > deadline)
      throw std::runtime_error("order_events did not reach " + std::to_string(rows) + " rows within " +
                               std::to_string(limit.count()) + "s");
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

// Waits until the engine's log holds `text`; throws, with the log's tail,
// when the engine exits first or `limit` passes.
inline void wait_for_log(EngineRun& engine, const std::string& text, std::chrono::seconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (engine.log().find(text) == std::string::npos) {
    if (const auto code = engine.exit_code())
      throw std::runtime_error("the engine exited (" + std::to_string(*code) + ") before logging '" + text + "'; log " +
                               engine.log_file().string() + ":\n" + tail(engine.log()));
    if (std::chrono::steady_clock::now() > deadline)
      throw std::runtime_error("no '" + text + "' within " + std::to_string(limit.count()) + "s; log " +
                               engine.log_file().string() + ":\n" + tail(engine.log()));
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

}  // namespace streamline::system_tests
