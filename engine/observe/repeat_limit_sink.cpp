#include "engine/observe/repeat_limit_sink.hpp"

#include <cctype>
#include <utility>

#include <fmt/format.h>

namespace streamline::engine {
namespace {

// Groups are few (one per kind of warning); a flood of distinct texts must
// not grow the map without bound.
constexpr std::size_t kMaxGroups = 1024;

}  // namespace

RepeatLimitSink::RepeatLimitSink(std::shared_ptr<spdlog::sinks::sink> target, RepeatLimit limit)
    : target_(std::move(target)), limit_(limit) {}

std::string RepeatLimitSink::shape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (std::isdigit(static_cast<unsigned char>(text[i])) != 0) {
      out += '#';
      while (i + 1 < text.size() && std::isdigit(static_cast<unsigned char>(text[i + 1])) != 0) ++i;
    } else {
      out += text[i];
    }
  }
  return out;
}

void RepeatLimitSink::sink_it_(const spdlog::details::log_msg& msg) {
  if (msg.level < spdlog::level::warn) {
    target_->log(msg);
    return;
  }
  const std::string_view text(msg.payload.data(), msg.payload.size());
  std::string key = fmt::format("{}\x1f{}\x1f{}", std::string_view(msg.logger_name.data(), msg.logger_name.size()),
                                static_cast<int>(msg.level), shape(text));
  const Clock::time_point now = Clock::now();
  auto found = groups_.find(key);
  if (found == groups_.end()) {
    if (groups_.size() >= kMaxGroups) {
      for (auto& [k, g] : groups_) report_suppressed(g, now);
      groups_.clear();
    }
    found = groups_.emplace(std::move(key), Group{now, 0, 0, std::string(msg.logger_name.data(), msg.logger_name.size()),
                                                  msg.level, {}})
                .first;
  }
  Group& group = found->second;
  if (now - group.window_start >= limit_.window) {
    report_suppressed(group, now);
    group.window_start = now;
    group.passed = 0;
  }
  if (group.passed < limit_.burst) {
    ++group.passed;
    target_->log(msg);
    return;
  }
  ++group.suppressed;
  group.last.assign(text);
}

void RepeatLimitSink::report_suppressed(Group& group, Clock::time_point now) {
  if (group.suppressed == 0) return;
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(now - group.window_start).count();
  const std::string text = fmt::format("{} similar message(s) suppressed in the last {}s; the last: {}", group.suppressed,
                                       seconds, group.last);
  target_->log(spdlog::details::log_msg(group.logger, group.level, text));
  group.suppressed = 0;
  group.last.clear();
}

RepeatLimitSink::~RepeatLimitSink() {
  const Clock::time_point now = Clock::now();
  for (auto& [key, group] : groups_) report_suppressed(group, now);
  target_->flush();
}

// Not a moment to report: the logger flushes after every warning.
void RepeatLimitSink::flush_() { target_->flush(); }

void RepeatLimitSink::set_pattern_(const std::string& pattern) { target_->set_pattern(pattern); }

void RepeatLimitSink::set_formatter_(std::unique_ptr<spdlog::formatter> formatter) {
  target_->set_formatter(std::move(formatter));
}

}  // namespace streamline::engine
