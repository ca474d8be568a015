#include "engine/runtime/ack_tracker.hpp"

#include <thread>

#include <gtest/gtest.h>

#include "engine/runtime/ack_registry.hpp"

namespace streamline::engine {
namespace {

Origin at(std::int64_t offset, std::int32_t partition = 0, std::string topic = "orders") {
  return Origin{std::move(topic), partition, offset};
}

TEST(AckTracker, CommitsOnlyTheContiguousDonePrefix) {
  AckTracker tracker(1);
  std::vector<AckToken> t;
  for (int i = 0; i < 5; ++i) t.push_back(tracker.track(at(i)));

  tracker.done(t[2]);
  tracker.done(t[3]);
  EXPECT_TRUE(tracker.committable().empty()) << "offset 0 is still pending";
  EXPECT_EQ(tracker.in_flight(), 3u);

  tracker.done(t[0]);
  EXPECT_EQ(tracker.committable(), (std::vector<Position>{{"orders", 0, 1}}));

  tracker.done(t[1]);
  EXPECT_EQ(tracker.committable(), (std::vector<Position>{{"orders", 0, 4}}));

  tracker.done(t[4]);
  EXPECT_EQ(tracker.committable(), (std::vector<Position>{{"orders", 0, 5}}));
  EXPECT_EQ(tracker.in_flight(), 0u);
  EXPECT_EQ(tracker.emitted(), 5u);
  EXPECT_EQ(tracker.completed(), 5u);
}

TEST(AckTracker, CommittableReturnsOnlyAdvancedPositionsUnlessAll) {
  AckTracker tracker(1);
  const auto a = tracker.track(at(0, 0));
  const auto b = tracker.track(at(0, 1));
  tracker.done(a);
  tracker.done(b);
  EXPECT_EQ(tracker.committable().size(), 2u);
  EXPECT_TRUE(tracker.committable().empty());
  EXPECT_EQ(tracker.committable(true), (std::vector<Position>{{"orders", 0, 1}, {"orders", 1, 1}}));
  const auto c = tracker.track(at(1, 1));
  tracker.done(c);
  EXPECT_EQ(tracker.committable(), (std::vector<Position>{{"orders", 1, 2}}));
}

TEST(AckTracker, NothingCommittableBeforeTheFirstEventIsDone) {
  AckTracker tracker(1);
  tracker.track(at(100));
  EXPECT_TRUE(tracker.committable(true).empty());
}

TEST(AckTracker, GapsInOffsetsFollowTheRecordedOffsets) {
  // A compacted topic: offsets 10, 11, 15, 20.
  AckTracker tracker(1);
  const auto a = tracker.track(at(10));
  const auto b = tracker.track(at(11));
  const auto c = tracker.track(at(15));
  const auto d = tracker.track(at(20));
  tracker.done(a);
  EXPECT_EQ(tracker.committable(), (std::vector<Position>{{"orders", 0, 11}}));
  tracker.done(d);
  EXPECT_TRUE(tracker.committable().empty()) << "11 and 15 are pending";
  tracker.done(b);
  EXPECT_EQ(tracker.committable(), (std::vector<Position>{{"orders", 0, 12}}));
  tracker.done(c);
  EXPECT_EQ(tracker.committable(), (std::vector<Position>{{"orders", 0, 21}}));
}

TEST(AckTracker, PartitionsAndTopicsAreIndependent) {
  AckTracker tracker(1);
  const auto p0 = tracker.track(at(0, 0, "a"));
  const auto p1 = tracker.track(at(0, 1, "a"));
  const auto q0 = tracker.track(at(7, 0, "b"));
  tracker.done(p1);
  tracker.done(q0);
  EXPECT_EQ(tracker.committable(), (std::vector<Position>{{"a", 1, 1}, {"b", 0, 8}}));
  EXPECT_EQ(p0.partition, 0u);
  EXPECT_NE(p1.partition, p0.partition);
  EXPECT_NE(q0.partition, p0.partition);
}

TEST(AckTracker, FanOutCopiesAllHaveToBeDone) {
  AckTracker tracker(1);
  const auto t = tracker.track(at(0));
  tracker.add_refs(t, 2);  // three copies in all
  tracker.done(t);
  tracker.done(t);
  EXPECT_TRUE(tracker.committable().empty());
  EXPECT_EQ(tracker.in_flight(), 1u);
  tracker.done(t);
  EXPECT_EQ(tracker.committable(), (std::vector<Position>{{"orders", 0, 1}}));
  EXPECT_EQ(tracker.in_flight(), 0u);
}

TEST(AckTracker, DuplicateAndForeignAcknowledgementsAreIgnored) {
  AckTracker tracker(1);
  const auto a = tracker.track(at(0));
  const auto b = tracker.track(at(1));
  tracker.done(a);
  tracker.done(a);  // duplicate: must not complete b
  EXPECT_EQ(tracker.in_flight(), 1u);
  tracker.done(AckToken{2, b.partition, b.sequence});  // another tracker's
  tracker.done(AckToken{});                            // untracked
  EXPECT_EQ(tracker.in_flight(), 1u);
  EXPECT_EQ(tracker.committable(), (std::vector<Position>{{"orders", 0, 1}}));
}

TEST(AckTracker, ReleasedPartitionsNeverCommitAgainAndStartFreshWhenReassigned) {
  AckTracker tracker(1);
  const auto a = tracker.track(at(0, 3));
  const auto b = tracker.track(at(1, 3));
  tracker.done(a);
  tracker.release("orders", 3);
  EXPECT_TRUE(tracker.committable(true).empty());
  EXPECT_EQ(tracker.in_flight(), 1u);
  tracker.done(b);  // completes normally
  EXPECT_EQ(tracker.in_flight(), 0u);
  EXPECT_TRUE(tracker.committable(true).empty());

  // Assigned again (rebalance): tracked from where the source resumes.
  const auto c = tracker.track(at(1, 3));
  EXPECT_NE(c.partition, a.partition);
  EXPECT_TRUE(tracker.committable(true).empty());
  tracker.done(c);
  EXPECT_EQ(tracker.committable(), (std::vector<Position>{{"orders", 3, 2}}));
}

TEST(AckTracker, TracksAWholeBatchInOrder) {
  AckTracker tracker(7);
  std::vector<Event> events(4);
  for (int i = 0; i < 4; ++i) events[static_cast<std::size_t>(i)].origin = at(i, i % 2);
  tracker.track(events);
  for (const auto& e : events) EXPECT_EQ(e.ack.tracker, 7u);
  EXPECT_EQ(events[0].ack.sequence, 0u);
  EXPECT_EQ(events[2].ack.sequence, 1u);
  EXPECT_EQ(events[2].ack.partition, events[0].ack.partition);
  std::vector<AckToken> tokens;
  for (const auto& e : events) tokens.push_back(e.ack);
  tracker.done(tokens);
  EXPECT_EQ(tracker.committable(), (std::vector<Position>{{"orders", 0, 3}, {"orders", 1, 4}}));
}

TEST(AckTracker, WaitIdleReturnsWhenTheLastEventIsDone) {
  AckTracker tracker(1);
  const auto t = tracker.track(at(0));
  EXPECT_FALSE(tracker.wait_idle(Clock::now() + std::chrono::milliseconds(5)));
  std::thread finisher([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    tracker.done(t);
  });
  EXPECT_TRUE(tracker.wait_idle(Clock::now() + std::chrono::seconds(10)));
  finisher.join();
}

TEST(AckTracker, WaitIdleStopsWhenAsked) {
  AckTracker tracker(1);
  tracker.track(at(0));
  std::stop_source stop;
  stop.request_stop();
  EXPECT_FALSE(tracker.wait_idle(Clock::now() + std::chrono::seconds(10), stop.get_token()));
}

TEST(AckTracker, ConcurrentCompletionFromManyThreadsCommitsEverything) {
  AckTracker tracker(1);
  constexpr int kPerPartition = 20000;
  std::vector<std::vector<AckToken>> tokens(4);
  for (int i = 0; i < kPerPartition; ++i)
    for (int p = 0; p < 4; ++p) tokens[static_cast<std::size_t>(p)].push_back(tracker.track(at(i, p)));
  std::vector<std::thread> threads;
  for (int p = 0; p < 4; ++p)
    threads.emplace_back([&, p] {
      auto& mine = tokens[static_cast<std::size_t>(p)];
      // Complete in reverse order, in chunks: out of order, batched.
      for (std::size_t end = mine.size(); end > 0; end -= std::min<std::size_t>(end, 100)) {
        const std::size_t begin = end - std::min<std::size_t>(end, 100);
        tracker.done(std::span<const AckToken>(mine.data() + begin, end - begin));
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(tracker.in_flight(), 0u);
  EXPECT_EQ(tracker.committable(true), (std::vector<Position>{{"orders", 0, kPerPartition},
                                                              {"orders", 1, kPerPartition},
                                                              {"orders", 2, kPerPartition},
                                                              {"orders", 3, kPerPartition}}));
}

TEST(AckRegistry, RoutesTokensToTheirTrackers) {
  AckRegistry registry;
  AckTracker& a = registry.create();
  AckTracker& b = registry.create();
  EXPECT_EQ(a.id(), 1u);
  EXPECT_EQ(b.id(), 2u);
  const auto ta = a.track(at(0));
  const auto tb = b.track(at(5));
  const std::vector<ExtraRefs> refs{{tb, 1}};
  registry.add_refs(refs);
  const std::vector<AckToken> tokens{tb, ta, AckToken{}, tb, AckToken{9, 0, 0}};
  registry.done(tokens);
  EXPECT_EQ(a.committable(), (std::vector<Position>{{"orders", 0, 1}}));
  EXPECT_EQ(b.committable(), (std::vector<Position>{{"orders", 0, 6}}));
  EXPECT_EQ(registry.find(3), nullptr);
  EXPECT_EQ(registry.find(0), nullptr);
}

}  // namespace
}  // namespace streamline::engine

namespace streamline::engine {
namespace {

StoredPosition stored(std::string consumer, std::int64_t next, std::int32_t partition = 0) {
  return StoredPosition{std::move(consumer), Position{"orders", partition, next}};
}

TEST(AckTrackerPositionsIfDone, CountsTheFinishingEventsAsDoneAndStopsAtTheFirstOtherPending) {
  AckTracker tracker(1);
  tracker.set_consumer("orders-pipeline");
  std::vector<AckToken> t;
  for (int i = 0; i < 6; ++i) t.push_back(tracker.track(at(10 + i)));
  tracker.done(t[0]);  // offset 10 done; 11.. pending

  // The sink holds 11 and 12; 13 is elsewhere in the pipeline.
  EXPECT_EQ(tracker.positions_if_done(std::vector<AckToken>{t[1], t[2]}),
            (std::vector<StoredPosition>{stored("orders-pipeline", 13)}));
  // Holding 12 alone: 11 is pending elsewhere, the prefix stays at 11.
  EXPECT_EQ(tracker.positions_if_done(std::vector<AckToken>{t[2]}),
            (std::vector<StoredPosition>{stored("orders-pipeline", 11)}));
  // Done events after a finishing one extend the prefix.
  tracker.done(t[3]);
  EXPECT_EQ(tracker.positions_if_done(std::vector<AckToken>{t[1], t[2]}),
            (std::vector<StoredPosition>{stored("orders-pipeline", 14)}));
  // Nothing changed in the tracker: this is a question, not an acknowledgement.
  EXPECT_EQ(tracker.in_flight(), 4u);
  EXPECT_EQ(tracker.committable(), (std::vector<Position>{{"orders", 0, 11}}));
}

TEST(AckTrackerPositionsIfDone, EventsPassingOnNameTheirPartitionAndHoldItBack) {
  AckTracker tracker(2);
  std::vector<AckToken> p0;
  for (int i = 0; i < 3; ++i) p0.push_back(tracker.track(at(i, 0)));
  const AckToken p1 = tracker.track(at(7, 1));
  tracker.done(p0[0]);
  // The stage hands offset 1 on and finishes 2: partition 0 reaches 1, and
  // partition 1 (passing on, nothing done before it) reaches nothing.
  EXPECT_EQ(tracker.positions_if_done(std::vector<AckToken>{p0[2]}, std::vector<AckToken>{p0[1], p1}),
            (std::vector<StoredPosition>{stored("", 1, 0)}));
  // Passing on alone still reports the done prefix of its partition.
  EXPECT_EQ(tracker.positions_if_done({}, std::vector<AckToken>{p0[2]}), (std::vector<StoredPosition>{stored("", 1, 0)}));
  // Once the later stage finished offset 1, the finishing 2 completes the prefix.
  tracker.done(p0[1]);
  EXPECT_EQ(tracker.positions_if_done(std::vector<AckToken>{p0[2]}, std::vector<AckToken>{p1}),
            (std::vector<StoredPosition>{stored("", 3, 0)}));
}

TEST(AckTrackerPositionsIfDone, AFanOutCopyElsewhereHoldsThePartitionBack) {
  AckTracker tracker(1);
  std::vector<AckToken> t;
  for (int i = 0; i < 3; ++i) t.push_back(tracker.track(at(i)));
  tracker.done(t[0]);
  tracker.add_refs(t[1], 1);  // offset 1 went to two sinks
  EXPECT_EQ(tracker.positions_if_done(std::vector<AckToken>{t[1], t[2]}), (std::vector<StoredPosition>{stored("", 1)}));
}

TEST(AckTrackerPositionsIfDone, IgnoresOtherTrackersReleasedPartitionsAndEmptyPrefixes) {
  AckTracker tracker(2);
  const AckToken p0 = tracker.track(at(5, 0));
  const AckToken p1 = tracker.track(at(7, 1));
  const AckToken other{1, 0, 0};
  EXPECT_EQ(tracker.positions_if_done(std::vector<AckToken>{other}), std::vector<StoredPosition>{});
  // Nothing done and not finishing: no position yet for partition 1.
  EXPECT_EQ(tracker.positions_if_done(std::vector<AckToken>{p0}), (std::vector<StoredPosition>{stored("", 6, 0)}));
  tracker.release("orders", 0);
  EXPECT_EQ(tracker.positions_if_done(std::vector<AckToken>{p0, p1}), (std::vector<StoredPosition>{stored("", 8, 1)}));
}

TEST(AckRegistryPositionsIfDone, AsksEveryTrackerTheTokensName) {
  AckRegistry registry;
  AckTracker& a = registry.create();
  AckTracker& b = registry.create();
  a.set_consumer("a");
  b.set_consumer("b");
  const AckToken ta = a.track(at(0));
  const AckToken tb = b.track(at(41, 3));
  EXPECT_EQ(registry.positions_if_done(std::vector<AckToken>{tb, ta, AckToken{}}),
            (std::vector<StoredPosition>{stored("a", 1), stored("b", 42, 3)}));
}

}  // namespace
}  // namespace streamline::engine
