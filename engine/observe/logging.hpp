#pragma once
// Engine logging: one logger ("engine") writing to stderr, because stdout may
// carry pipeline data (the stdout sink). Human-readable lines (coloured on a
// terminal) or JSON lines (`--log-format json`). Stage loggers are clones of
// it named "plugin/stage", so they share its sink, format and level. Repeated
// warnings are rate-limited (repeat_limit_sink.hpp).

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <spdlog/logger.h>

namespace streamline::engine {

enum class LogFormat { kText, kJson };

struct LogSettings {
  spdlog::level::level_enum level = spdlog::level::info;
  LogFormat format = LogFormat::kText;
};

// "trace", "debug", "info", "warn"/"warning", "error", "critical", "off".
std::optional<spdlog::level::level_enum> parse_log_level(std::string_view text);
// "text" or "json".
std::optional<LogFormat> parse_log_format(std::string_view text);

// Makes the engine logger and installs it as spdlog's default logger, so
// library code that logs through spdlog lands in the same stream.
std::shared_ptr<spdlog::logger> setup_logging(const LogSettings& settings);

}  // namespace streamline::engine
