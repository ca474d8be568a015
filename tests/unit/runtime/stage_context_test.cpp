// StageContext::positions_after: the position a sink may store with its
// rows counts an event of its batch as done only when its outcome ends it
// there; an event going on to later stages holds its partition back.

#include "engine/runtime/stage_context.hpp"

#include <gtest/gtest.h>
#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>

#include <streamline/batch.hpp>
#include <streamline/testing/recording_metrics.hpp>

namespace streamline::engine {
namespace {

class StageContextPositions : public ::testing::Test {
 protected:
  StageContextPositions() {
    tracker_.set_consumer("group");
    for (int i = 0; i < 4; ++i) {
      Event event = Event::from_raw("{}");
      event.ack = tracker_.track(Origin{"orders", 0, 10 + i});
      batch_.add(std::move(event));
    }
  }

  std::vector<StoredPosition> positions(const StageRoutes* routes) {
    StageContext context("store", "pg-sink", std::make_shared<spdlog::logger>("t", std::make_shared<spdlog::sinks::null_sink_mt>()),
                         metrics_, resources_, std::stop_token{}, nullptr, &acks_);
    context.set_routes(routes);
    return context.positions_after(batch_);
  }
  static std::vector<StoredPosition> at(std::int64_t next) { return {StoredPosition{"group", {"orders", 0, next}}}; }

  AckRegistry acks_;
  AckTracker& tracker_ = acks_.create();
  Batch batch_;
  testing::RecordingMetrics metrics_;
  ResourceMap resources_;
};

TEST_F(StageContextPositions, EventsPassedToNoReaderAreDoneHere) {
  const StageRoutes last_stage;  // no readers of any output
  EXPECT_EQ(positions(&last_stage), at(14));
}

TEST_F(StageContextPositions, EventsPassedOnToLaterStagesHoldThePartitionBack) {
  StageRoutes store;  // store -> cache: the default output has a reader
  store.default_output = {0};
  EXPECT_EQ(positions(&store), std::vector<StoredPosition>{}) << "offset 10 goes on to the cache";

  // Offsets 10 and 11 dropped here (ended), 12 passed on: the position stops at 12.
  batch_.drop(0, "duplicate");
  batch_.drop(1, "duplicate");
  EXPECT_EQ(positions(&store), at(12));

  // Once the cache is done with 12 and 13 (acknowledged), everything is.
  tracker_.done(batch_[2].ack);
  tracker_.done(batch_[3].ack);
  EXPECT_EQ(positions(&store), at(14));
}

TEST_F(StageContextPositions, FailedEventsEndHereOnlyWithoutAnErrorPath) {
  batch_.fail(1, "invalid transition");
  StageRoutes with_dead_letters;
  with_dead_letters.error_output = {0};
  EXPECT_EQ(positions(&with_dead_letters), at(11)) << "offset 11 goes to the dead letters";
  const StageRoutes no_error_path;
  EXPECT_EQ(positions(&no_error_path), at(14));
}

TEST_F(StageContextPositions, SentEventsEndHereWhenTheirOutputHasNoReader) {
  StageRoutes routes;
  routes.named_outputs = {{}, {0}};  // output 0 unread, output 1 read
  batch_.send(0, 0);
  batch_.send(1, 0);
  batch_.send(2, 1);
  batch_.send(3, 0);
  EXPECT_EQ(positions(&routes), at(12));
}

}  // namespace
}  // namespace streamline::engine
