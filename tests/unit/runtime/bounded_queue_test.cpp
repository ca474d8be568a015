#include "engine/runtime/bounded_queue.hpp"

#include <algorithm>
#include <atomic>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace streamline::engine {
namespace {

using namespace std::chrono_literals;
using Status = BoundedQueue::PopStatus;

Batch batch_of(std::initializer_list<int> ids) {
  Batch b;
  for (int id : ids) b.add(Event::from_json(Json{{"id", id}}));
  return b;
}

int first_id(const Batch& b) { return b[0].json().at("id").get<int>(); }

TEST(BoundedQueue, TryPushRefusesWhenFullAndLeavesTheBatchAlone) {
  BoundedQueue q(2, 1);
  auto a = batch_of({1});
  auto b = batch_of({2});
  auto c = batch_of({3});
  EXPECT_TRUE(q.try_push(a));
  EXPECT_TRUE(q.try_push(b));
  EXPECT_FALSE(q.try_push(c));
  EXPECT_EQ(c.size(), 1u);
  EXPECT_EQ(q.size(), 2u);
  EXPECT_EQ(q.capacity(), 2u);
}

TEST(BoundedQueue, PopsInOrder) {
  BoundedQueue q(4, 1);
  for (int i = 0; i < 3; ++i) {
    auto b = batch_of({i});
    ASSERT_TRUE(q.try_push(b));
  }
  Batch out;
  for (int i = 0; i < 3; ++i) {
    ASSERT_EQ(q.pop(out, 0ms), Status::kBatch);
    EXPECT_EQ(first_id(out), i);
  }
  EXPECT_EQ(q.pop(out, 1ms), Status::kTimeout);
  EXPECT_EQ(q.size(), 0u);
}

TEST(BoundedQueue, ClosedOnlyWhenEveryProducerClosedAndEmpty) {
  BoundedQueue q(4, 2);
  auto b = batch_of({1});
  ASSERT_TRUE(q.try_push(b));
  q.close_producer();
  EXPECT_FALSE(q.closed());
  Batch out;
  EXPECT_EQ(q.pop(out, 0ms), Status::kBatch);
  EXPECT_EQ(q.pop(out, 1ms), Status::kTimeout) << "one producer is still open";
  auto c = batch_of({2});
  ASSERT_TRUE(q.try_push(c));
  q.close_producer();
  EXPECT_FALSE(q.closed()) << "a batch is still queued";
  EXPECT_EQ(q.pop(out, 0ms), Status::kBatch);
  EXPECT_EQ(first_id(out), 2);
  EXPECT_TRUE(q.closed());
  EXPECT_EQ(q.pop(out, 1s), Status::kClosed);
}

TEST(BoundedQueue, NoProducersMeansClosedFromTheStart) {
  BoundedQueue q(1, 0);
  Batch out;
  EXPECT_EQ(q.pop(out, 1s), Status::kClosed);
}

TEST(BoundedQueue, PushWaitsForRoom) {
  BoundedQueue q(1, 1);
  auto a = batch_of({1});
  ASSERT_TRUE(q.try_push(a));
  std::atomic<bool> pushed{false};
  std::thread producer([&] {
    auto b = batch_of({2});
    pushed = q.push(b);
  });
  std::this_thread::sleep_for(20ms);
  EXPECT_FALSE(pushed);
  Batch out;
  ASSERT_EQ(q.pop(out, 0ms), Status::kBatch);
  producer.join();
  EXPECT_TRUE(pushed);
  ASSERT_EQ(q.pop(out, 0ms), Status::kBatch);
  EXPECT_EQ(first_id(out), 2);
}

TEST(BoundedQueue, PushGivesUpOnStopAndKeepsTheBatch) {
  BoundedQueue q(1, 1);
  auto a = batch_of({1});
  ASSERT_TRUE(q.try_push(a));
  std::stop_source stop;
  auto b = batch_of({2});
  std::thread stopper([&] {
    std::this_thread::sleep_for(10ms);
    stop.request_stop();
  });
  EXPECT_FALSE(q.push(b, stop.get_token()));
  stopper.join();
  EXPECT_EQ(b.size(), 1u);
}

TEST(BoundedQueue, CloseWakesBlockedProducersAndConsumers) {
  BoundedQueue full(1, 1);
  auto a = batch_of({1});
  ASSERT_TRUE(full.try_push(a));
  BoundedQueue empty(1, 1);
  std::atomic<bool> push_result{true};
  std::atomic<int> pop_result{-1};
  std::thread producer([&] {
    auto b = batch_of({2});
    push_result = full.push(b);
  });
  std::thread consumer([&] {
    Batch out;
    pop_result = static_cast<int>(empty.pop(out, 60s));
  });
  std::this_thread::sleep_for(10ms);
  full.close();
  empty.close();
  producer.join();
  consumer.join();
  EXPECT_FALSE(push_result);
  EXPECT_EQ(pop_result, static_cast<int>(Status::kClosed));
}

TEST(BoundedQueue, PopWithAMaximumTakesOnlyABatchThatFits) {
  BoundedQueue q(4, 1);
  auto big = batch_of({1, 2, 3});
  ASSERT_TRUE(q.try_push(big));
  Batch out;
  EXPECT_EQ(q.pop(out, 1s, {}, 2), Status::kTimeout) << "does not wait for a batch that cannot fit";
  EXPECT_EQ(q.pop(out, 0ms, {}, 3), Status::kBatch);
  EXPECT_EQ(out.size(), 3u);
}

// The stage worker counts its gathering window from here (stage_worker.cpp).
TEST(BoundedQueue, PopSaysWhenTheBatchWasQueued) {
  BoundedQueue q(4, 1);
  const auto before = BoundedQueue::Clock::now();
  auto first = batch_of({1});
  ASSERT_TRUE(q.try_push(first));
  std::this_thread::sleep_for(20ms);
  const auto between = BoundedQueue::Clock::now();
  auto second = batch_of({2});
  ASSERT_TRUE(q.try_push(second));
  const auto after = BoundedQueue::Clock::now();
  Batch out;
  BoundedQueue::Clock::time_point queued_at{};
  ASSERT_EQ(q.pop(out, 0ms, {}, SIZE_MAX, 0, &queued_at), Status::kBatch);
  EXPECT_EQ(first_id(out), 1);
  EXPECT_GE(queued_at, before);
  EXPECT_LE(queued_at, between);
  ASSERT_EQ(q.pop(out, 0ms, {}, SIZE_MAX, 0, &queued_at), Status::kBatch);
  EXPECT_EQ(first_id(out), 2);
  EXPECT_GE(queued_at, between);
  EXPECT_LE(queued_at, after);
}

TEST(BoundedQueue, WaitForRoom) {
  BoundedQueue q(1, 1);
  EXPECT_TRUE(q.wait_for_room(0ms));
  auto a = batch_of({1});
  ASSERT_TRUE(q.try_push(a));
  EXPECT_FALSE(q.wait_for_room(5ms));
}

TEST(BoundedQueue, ManyProducersAndConsumersLoseAndDuplicateNothing) {
  constexpr int kProducers = 3;
  constexpr int kPerProducer = 3000;
  BoundedQueue q(2, kProducers);
  std::vector<std::thread> threads;
  for (int p = 0; p < kProducers; ++p)
    threads.emplace_back([&, p] {
      for (int i = 0; i < kPerProducer; ++i) {
        auto b = batch_of({p * kPerProducer + i});
        ASSERT_TRUE(q.push(b));
      }
      q.close_producer();
    });
  std::mutex m;
  std::vector<int> seen;
  for (int c = 0; c < 2; ++c)
    threads.emplace_back([&] {
      Batch out;
      for (;;) {
        const auto s = q.pop(out, 100ms);
        if (s == Status::kClosed) return;
        if (s == Status::kBatch) {
          std::lock_guard lock(m);
          seen.push_back(first_id(out));
        }
      }
    });
  for (auto& t : threads) t.join();
  std::sort(seen.begin(), seen.end());
  ASSERT_EQ(seen.size(), static_cast<std::size_t>(kProducers * kPerProducer));
  for (int i = 0; i < kProducers * kPerProducer; ++i) ASSERT_EQ(seen[static_cast<std::size_t>(i)], i);
}

// --- Lanes (partition_by: key) ---

// Events with ids `ids`, event i keyed "k<ids[i] % keys>".
Batch keyed_batch(const std::vector<int>& ids, int keys) {
  Batch b;
  for (int id : ids) {
    Event& e = b.add(Event::from_json(Json{{"id", id}}));
    e.key = "k" + std::to_string(id % keys);
  }
  return b;
}

std::size_t lane_of(const std::string& key, std::size_t lanes) { return std::hash<std::string>{}(key) % lanes; }

TEST(BoundedQueueLanes, SplitsEachBatchByKeyAndEachLaneKeepsItsOrder) {
  constexpr std::size_t kLanes = 3;
  BoundedQueue q(8, 1, kLanes);
  EXPECT_EQ(q.lanes(), kLanes);
  std::vector<int> ids(40);
  for (int i = 0; i < 40; ++i) ids[static_cast<std::size_t>(i)] = i;
  auto first = keyed_batch({ids.begin(), ids.begin() + 20}, 10);
  auto second = keyed_batch({ids.begin() + 20, ids.end()}, 10);
  ASSERT_TRUE(q.try_push(first));
  ASSERT_TRUE(q.try_push(second));
  EXPECT_TRUE(first.empty());

  std::vector<std::vector<int>> expected(kLanes);
  for (int id : ids) expected[lane_of("k" + std::to_string(id % 10), kLanes)].push_back(id);
  std::size_t total = 0;
  for (std::size_t lane = 0; lane < kLanes; ++lane) {
    std::vector<int> seen;
    Batch out;
    while (q.pop(out, 0ms, {}, SIZE_MAX, lane) == Status::kBatch) {
      ++total;
      for (std::size_t i = 0; i < out.size(); ++i) {
        EXPECT_EQ(lane_of(out[i].key, kLanes), lane) << out[i].key;
        seen.push_back(out[i].json().at("id").get<int>());
      }
      EXPECT_EQ(out.outcomes().size(), out.size());
    }
    EXPECT_EQ(seen, expected[lane]) << "lane " << lane;
  }
  EXPECT_EQ(q.size(), 0u);
  // Ten keys over three lanes: each pushed batch became one batch per lane that got an event.
  std::size_t lanes_used = 0;
  for (const auto& e : expected) lanes_used += e.empty() ? 0 : 1;
  EXPECT_EQ(total, 2 * lanes_used);
}

TEST(BoundedQueueLanes, APushWaitsUntilEveryLaneHasRoom) {
  BoundedQueue q(1, 1, 2);
  // Two keys, one for each lane.
  std::string key_of_lane[2];
  for (int k = 0; key_of_lane[0].empty() || key_of_lane[1].empty(); ++k)
    key_of_lane[lane_of("k" + std::to_string(k), 2)] = "k" + std::to_string(k);
  auto to_lane = [&](std::size_t lane) {
    Batch b;
    b.add(Event::from_json(Json{{"id", 1}})).key = key_of_lane[lane];
    return b;
  };
  auto a = to_lane(0);
  ASSERT_TRUE(q.try_push(a));
  auto b = to_lane(1);
  EXPECT_FALSE(q.try_push(b)) << "lane 0 is full";
  EXPECT_EQ(b.size(), 1u) << "a refused batch is left alone";
  std::atomic<bool> pushed{false};
  std::thread producer([&] {
    ASSERT_TRUE(q.push(b));
    pushed = true;
  });
  std::this_thread::sleep_for(20ms);
  EXPECT_FALSE(pushed);
  Batch out;
  ASSERT_EQ(q.pop(out, 0ms, {}, SIZE_MAX, 1), Status::kTimeout) << "nothing in lane 1 yet";
  ASSERT_EQ(q.pop(out, 0ms, {}, SIZE_MAX, 0), Status::kBatch);
  producer.join();
  EXPECT_TRUE(pushed);
  ASSERT_EQ(q.pop(out, 0ms, {}, SIZE_MAX, 1), Status::kBatch);
  EXPECT_EQ(out[0].key, key_of_lane[1]);
}

TEST(BoundedQueueLanes, EachLaneClosesWhenTheProducersAreDoneAndItIsEmpty) {
  BoundedQueue q(4, 1, 2);
  auto b = keyed_batch({0, 1, 2, 3, 4, 5, 6, 7}, 8);
  ASSERT_TRUE(q.try_push(b));
  q.close_producer();
  EXPECT_FALSE(q.closed());
  Batch out;
  for (std::size_t lane = 0; lane < 2; ++lane) {
    while (q.pop(out, 0ms, {}, SIZE_MAX, lane) == Status::kBatch) {
    }
    EXPECT_EQ(q.pop(out, 1ms, {}, SIZE_MAX, lane), Status::kClosed) << "lane " << lane;
  }
  EXPECT_TRUE(q.closed());
}

TEST(BoundedQueueLanes, ConsumersOfEveryLaneGetEveryEventOnce) {
  constexpr int kLanes = 3;
  constexpr int kProducers = 2;
  constexpr int kBatches = 300;
  BoundedQueue q(2, kProducers, kLanes);
  std::vector<std::thread> threads;
  for (int p = 0; p < kProducers; ++p)
    threads.emplace_back([&, p] {
      for (int i = 0; i < kBatches; ++i) {
        const int base = (p * kBatches + i) * 4;
        auto b = keyed_batch({base, base + 1, base + 2, base + 3}, 13);
        ASSERT_TRUE(q.push(b));
      }
      q.close_producer();
    });
  std::vector<std::vector<int>> seen(kLanes);
  for (int lane = 0; lane < kLanes; ++lane)
    threads.emplace_back([&, lane] {
      Batch out;
      for (;;) {
        const auto s = q.pop(out, 100ms, {}, SIZE_MAX, static_cast<std::size_t>(lane));
        if (s == Status::kClosed) return;
        if (s != Status::kBatch) continue;
        for (std::size_t i = 0; i < out.size(); ++i) {
          EXPECT_EQ(lane_of(out[i].key, kLanes), static_cast<std::size_t>(lane));
          seen[static_cast<std::size_t>(lane)].push_back(out[i].json().at("id").get<int>());
        }
      }
    });
  for (auto& t : threads) t.join();
  std::vector<int> all;
  for (const auto& lane : seen) all.insert(all.end(), lane.begin(), lane.end());
  std::sort(all.begin(), all.end());
  ASSERT_EQ(all.size(), static_cast<std::size_t>(kProducers * kBatches * 4));
  for (std::size_t i = 0; i < all.size(); ++i) ASSERT_EQ(all[i], static_cast<int>(i));
}

}  // namespace
}  // namespace streamline::engine
