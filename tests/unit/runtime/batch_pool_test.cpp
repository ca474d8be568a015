#include "engine/runtime/batch_pool.hpp"

#include <gtest/gtest.h>

namespace streamline::engine {
namespace {

TEST(BatchPool, HandsBackTheStorageOfReleasedBatches) {
  BatchPool pool(2);
  Batch batch;
  batch.reserve(100);
  batch.add(Event::from_raw("{}"));
  const Event* storage = batch.events().data();
  pool.release(batch);
  EXPECT_TRUE(batch.empty());
  EXPECT_EQ(pool.size(), 1u);

  Batch again = pool.acquire();
  EXPECT_TRUE(again.empty());
  EXPECT_GE(again.events().capacity(), 100u);
  EXPECT_EQ(again.events().data(), storage);
  EXPECT_EQ(pool.size(), 0u);
  EXPECT_EQ(pool.acquire().events().capacity(), 0u) << "empty pool: a fresh batch";
}

TEST(BatchPool, DestroysTheEventsAtOnceAndKeepsAtMostItsLimit) {
  BatchPool pool(1);
  Batch a;
  a.add(Event::from_raw("{}")).key = "k";
  Batch b;
  b.reserve(4);
  pool.release(a);
  pool.release(b);
  EXPECT_EQ(pool.size(), 1u);
  Batch none;  // no storage: not kept
  pool.release(none);
  EXPECT_EQ(pool.size(), 1u);
}

}  // namespace
}  // namespace streamline::engine
