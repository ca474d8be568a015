#pragma once
// RepeatLimitSink: keeps a storm of the same warning from flooding the log.
//
// A stage retrying against a dead service, or a source failing to commit,
// says the same thing every few hundred milliseconds. Warnings and errors
// are grouped by logger, level and text with its numbers masked ("attempt
// 7, retrying in 800 ms" repeats "attempt 6, retrying in 400 ms"); within a
// window, the first `burst` of a group pass and the rest are counted. The
// group's next message after the window (or the sink's end, at exit) first
// logs one line saying how many were suppressed, quoting the last.
// Info and below always pass: they are rare and some name every partition.
// A decorator over the real sink; thread-safe like any *_mt sink.

#include <chrono>
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include <spdlog/sinks/base_sink.h>

namespace streamline::engine {

struct RepeatLimit {
  std::size_t burst = 10;
  std::chrono::milliseconds window = std::chrono::seconds(10);
};

class RepeatLimitSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  using Clock = std::chrono::steady_clock;

  RepeatLimitSink(std::shared_ptr<spdlog::sinks::sink> target, RepeatLimit limit = {});
  // Reports what is still suppressed.
  ~RepeatLimitSink() override;
  RepeatLimitSink(const RepeatLimitSink&) = delete;
  RepeatLimitSink& operator=(const RepeatLimitSink&) = delete;

  // The group of a message: its text with every run of digits as '#'.
  static std::string shape(std::string_view text);

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override;
  void flush_() override;
  void set_pattern_(const std::string& pattern) override;
  void set_formatter_(std::unique_ptr<spdlog::formatter> formatter) override;

 private:
  struct Group {
    Clock::time_point window_start;
    std::size_t passed = 0;
    std::size_t suppressed = 0;
    std::string logger;
    spdlog::level::level_enum level = spdlog::level::warn;
    std::string last;  // the last suppressed message's text
  };

  void report_suppressed(Group& group, Clock::time_point now);

  std::shared_ptr<spdlog::sinks::sink> target_;
  RepeatLimit limit_;
  std::map<std::string, Group, std::less<>> groups_;
};

}  // namespace streamline::engine
