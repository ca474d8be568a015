#include "plugins/enrich/lru_cache.hpp"

#include <chrono>
#include <optional>
#include <string>

#include <gtest/gtest.h>

namespace streamline::plugins::enrich {
namespace {

using std::chrono::milliseconds;
using Cache = ExpiringLruCache<std::string>;

class LruCacheTest : public ::testing::Test {
 protected:
  Cache make(std::size_t capacity) {
    return Cache(capacity, [this] { return now_; });
  }
  void advance(milliseconds by) { now_ += by; }

  Cache::TimePoint now_ = Cache::TimePoint{} + std::chrono::hours(1);
};

std::optional<std::string> value_of(Cache& cache, const std::string& key) {
  const std::string* value = cache.find(key);
  return value ? std::optional<std::string>(*value) : std::nullopt;
}

TEST_F(LruCacheTest, FindsWhatWasPut) {
  Cache cache = make(3);
  cache.put("a", "1", milliseconds(1000));
  cache.put("b", "2", milliseconds(1000));
  EXPECT_EQ(value_of(cache, "a"), "1");
  EXPECT_EQ(value_of(cache, "b"), "2");
  EXPECT_EQ(value_of(cache, "c"), std::nullopt);
  EXPECT_EQ(cache.size(), 2u);
}

TEST_F(LruCacheTest, EvictsTheLeastRecentlyUsedWhenFull) {
  Cache cache = make(3);
  cache.put("a", "1", milliseconds(1000));
  cache.put("b", "2", milliseconds(1000));
  cache.put("c", "3", milliseconds(1000));
  ASSERT_NE(cache.find("a"), nullptr);  // a is now the most recent; b the least
  cache.put("d", "4", milliseconds(1000));
  EXPECT_EQ(cache.size(), 3u);
  EXPECT_EQ(value_of(cache, "b"), std::nullopt);
  EXPECT_EQ(value_of(cache, "a"), "1");
  EXPECT_EQ(value_of(cache, "c"), "3");
  EXPECT_EQ(value_of(cache, "d"), "4");
}

TEST_F(LruCacheTest, ReplacingAKeyRefreshesItsValueTtlAndRecency) {
  Cache cache = make(2);
  cache.put("a", "1", milliseconds(100));
  cache.put("b", "2", milliseconds(1000));
  advance(milliseconds(50));
  cache.put("a", "one", milliseconds(1000));  // a most recent again, b least
  cache.put("c", "3", milliseconds(1000));
  EXPECT_EQ(value_of(cache, "b"), std::nullopt);
  advance(milliseconds(500));  // past a's first ttl
  EXPECT_EQ(value_of(cache, "a"), "one");
  EXPECT_EQ(cache.size(), 2u);
}

TEST_F(LruCacheTest, EntriesExpireAtTheirOwnTtl) {
  Cache cache = make(10);
  cache.put("found", "1", milliseconds(1000));
  cache.put("missing", "", milliseconds(100));
  advance(milliseconds(99));
  EXPECT_EQ(value_of(cache, "missing"), "");
  advance(milliseconds(1));
  EXPECT_EQ(value_of(cache, "missing"), std::nullopt);
  EXPECT_EQ(cache.size(), 1u);  // the expired entry was erased when found
  advance(milliseconds(899));
  EXPECT_EQ(value_of(cache, "found"), "1");
  advance(milliseconds(1));
  EXPECT_EQ(value_of(cache, "found"), std::nullopt);
  EXPECT_EQ(cache.size(), 0u);
}

TEST_F(LruCacheTest, ZeroCapacityOrTtlStoresNothing) {
  Cache none = make(0);
  none.put("a", "1", milliseconds(1000));
  EXPECT_EQ(none.size(), 0u);
  EXPECT_EQ(none.find("a"), nullptr);
  Cache cache = make(2);
  cache.put("a", "1", milliseconds(0));
  cache.put("b", "1", milliseconds(-5));
  EXPECT_EQ(cache.size(), 0u);
}

TEST_F(LruCacheTest, ClearEmptiesIt) {
  Cache cache = make(2);
  cache.put("a", "1", milliseconds(1000));
  cache.clear();
  EXPECT_EQ(cache.size(), 0u);
  EXPECT_EQ(cache.find("a"), nullptr);
}

}  // namespace
}  // namespace streamline::plugins::enrich
