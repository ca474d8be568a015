#pragma once
// JsonLogFormatter: one JSON object per log line, for log collectors:
//   {"time":"2024-05-01T12:00:00.123Z","level":"info","logger":"route/router","message":"..."}
// The message is escaped properly (spdlog's pattern formatter cannot do that).

#include <memory>

#include <spdlog/formatter.h>

namespace streamline::engine {

class JsonLogFormatter final : public spdlog::formatter {
 public:
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override;
  std::unique_ptr<spdlog::formatter> clone() const override;
};

}  // namespace streamline::engine
