#include "engine/observe/logging.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "engine/observe/json_log_formatter.hpp"
#include "engine/observe/repeat_limit_sink.hpp"

namespace streamline::engine {

std::optional<spdlog::level::level_enum> parse_log_level(std::string_view text) {
  if (text == "trace") return spdlog::level::trace;
  if (text == "debug") return spdlog::level::debug;
  if (text == "info") return spdlog::level::info;
  if (text == "warn" || text == "warning") return spdlog::level::warn;
  if (text == "error") return spdlog::level::err;
  if (text == "critical") return spdlog::level::critical;
  if (text == "off") return spdlog::level::off;
  return std::nullopt;
}

std::optional<LogFormat> parse_log_format(std::string_view text) {
  if (text == "text") return LogFormat::kText;
  if (text == "json") return LogFormat::kJson;
  return std::nullopt;
}

std::shared_ptr<spdlog::logger> setup_logging(const LogSettings& settings) {
  // The colour sink only colours when stderr is a terminal.
  auto sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>(spdlog::color_mode::automatic);
  if (settings.format == LogFormat::kJson)
    sink->set_formatter(std::make_unique<JsonLogFormatter>());
  else
    sink->set_pattern("%Y-%m-%d %H:%M:%S.%e %^%-5l%$ [%n] %v");
  auto logger = std::make_shared<spdlog::logger>("engine", std::make_shared<RepeatLimitSink>(std::move(sink)));
  logger->set_level(settings.level);
  logger->flush_on(spdlog::level::warn);
  spdlog::set_default_logger(logger);
  return logger;
}

}  // namespace streamline::engine
