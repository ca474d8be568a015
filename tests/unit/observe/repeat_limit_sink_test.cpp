// Repeated warnings are rate-limited per group (logger, level, text with its
// numbers masked); the count of what was suppressed is logged later.
#include "engine/observe/repeat_limit_sink.hpp"

#include <sstream>
#include <thread>

#include <gtest/gtest.h>
#include <spdlog/logger.h>
#include <spdlog/sinks/ostream_sink.h>

namespace streamline::engine {
namespace {

using namespace std::chrono_literals;

struct CapturedLog {
  explicit CapturedLog(RepeatLimit limit) {
    auto target = std::make_shared<spdlog::sinks::ostream_sink_mt>(out);
    target->set_pattern("%l [%n] %v");
    sink = std::make_shared<RepeatLimitSink>(std::move(target), limit);
  }
  std::ostringstream out;
  std::shared_ptr<RepeatLimitSink> sink;
};

TEST(RepeatLimitSink, ShapeMasksEveryRunOfDigits) {
  EXPECT_EQ(RepeatLimitSink::shape("transient error (attempt 12), retrying the batch of 1000 in 800 ms: down"),
            "transient error (attempt #), retrying the batch of # in # ms: down");
  EXPECT_EQ(RepeatLimitSink::shape("no digits"), "no digits");
}

TEST(RepeatLimitSink, PassesABurstPerGroupThenCountsTheRestAndReportsThemAtTheEnd) {
  CapturedLog log(RepeatLimit{2, 1h});
  {
    spdlog::logger pg("pg-sink/store", log.sink);
    spdlog::logger redis("redis-cache/cache", log.sink);
    for (int attempt = 1; attempt <= 5; ++attempt) pg.warn("transient error (attempt {}), retrying", attempt);
    redis.warn("transient error (attempt 1), retrying");  // another logger: its own group
    pg.error("transient error (attempt 9), retrying");    // another level: its own group
    pg.warn("another warning");
    for (int p = 0; p < 4; ++p) pg.info("orders[{}] resumes at 0", p);  // info always passes
  }
  log.sink.reset();  // the end reports what is still suppressed
  EXPECT_EQ(log.out.str(),
            "warning [pg-sink/store] transient error (attempt 1), retrying\n"
            "warning [pg-sink/store] transient error (attempt 2), retrying\n"
            "warning [redis-cache/cache] transient error (attempt 1), retrying\n"
            "error [pg-sink/store] transient error (attempt 9), retrying\n"
            "warning [pg-sink/store] another warning\n"
            "info [pg-sink/store] orders[0] resumes at 0\n"
            "info [pg-sink/store] orders[1] resumes at 0\n"
            "info [pg-sink/store] orders[2] resumes at 0\n"
            "info [pg-sink/store] orders[3] resumes at 0\n"
            "warning [pg-sink/store] 3 similar message(s) suppressed in the last 0s; the last: "
            "transient error (attempt 5), retrying\n");
}

TEST(RepeatLimitSink, AfterTheWindowTheCountIsReportedBeforeTheNextMessageOfItsGroup) {
  CapturedLog log(RepeatLimit{1, 50ms});
  spdlog::logger logger("kafka-source/orders", log.sink);
  logger.warn("failed to commit: broker 1 down");
  logger.warn("failed to commit: broker 2 down");
  logger.warn("failed to commit: broker 3 down");
  std::this_thread::sleep_for(60ms);  // the window is over
  logger.warn("failed to commit: broker 4 down");
  EXPECT_EQ(log.out.str(),
            "warning [kafka-source/orders] failed to commit: broker 1 down\n"
            "warning [kafka-source/orders] 2 similar message(s) suppressed in the last 0s; the last: "
            "failed to commit: broker 3 down\n"
            "warning [kafka-source/orders] failed to commit: broker 4 down\n");
}

}  // namespace
}  // namespace streamline::engine
