#include "engine/observe/logging.hpp"

#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <spdlog/sinks/ostream_sink.h>

#include "engine/observe/json_log_formatter.hpp"

namespace streamline::engine {
namespace {

TEST(JsonLogFormatter, WritesOneEscapedJsonObjectPerLine) {
  std::ostringstream out;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out);
  sink->set_formatter(std::make_unique<JsonLogFormatter>());
  spdlog::logger logger("route/router", sink);
  logger.warn("bad \"event\"\nsecond line");
  logger.info("ok");

  std::istringstream lines(out.str());
  std::string first, second, extra;
  ASSERT_TRUE(std::getline(lines, first));
  ASSERT_TRUE(std::getline(lines, second));
  EXPECT_FALSE(std::getline(lines, extra));
  const auto a = nlohmann::json::parse(first);
  EXPECT_EQ(a.at("level"), "warning");
  EXPECT_EQ(a.at("logger"), "route/router");
  EXPECT_EQ(a.at("message"), "bad \"event\"\nsecond line");
  const std::string time = a.at("time");
  EXPECT_EQ(time.size(), 24u) << time;  // 2024-05-01T12:00:00.123Z
  EXPECT_EQ(time.back(), 'Z');
  EXPECT_EQ(nlohmann::json::parse(second).at("message"), "ok");
}

TEST(Logging, ParsesLevelsAndFormats) {
  EXPECT_EQ(parse_log_level("debug"), spdlog::level::debug);
  EXPECT_EQ(parse_log_level("warning"), spdlog::level::warn);
  EXPECT_EQ(parse_log_level("error"), spdlog::level::err);
  EXPECT_EQ(parse_log_level("loud"), std::nullopt);
  EXPECT_EQ(parse_log_format("json"), LogFormat::kJson);
  EXPECT_EQ(parse_log_format("text"), LogFormat::kText);
  EXPECT_EQ(parse_log_format("xml"), std::nullopt);
}

}  // namespace
}  // namespace streamline::engine
