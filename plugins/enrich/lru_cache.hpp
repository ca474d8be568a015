#pragma once
// ExpiringLruCache: a bounded in-process cache whose entries expire.
//
// At most `capacity` entries; inserting into a full cache evicts the least
// recently used one (find() and put() both count as a use). Each entry has
// its own time to live, so found and not-found answers can be kept for
// different times. An expired entry is never returned: find() erases it.
// A capacity of 0 or a ttl <= 0 stores nothing.
//
// The clock is injectable for tests. Threading: not thread-safe; each stage
// instance owns its caches.

#include <chrono>
#include <cstddef>
#include <functional>
#include <list>
#include <string>
#include <unordered_map>
#include <utility>

namespace streamline::plugins::enrich {

template <typename Value>
class ExpiringLruCache {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;
  using Now = std::function<TimePoint()>;

  explicit ExpiringLruCache(std::size_t capacity, Now now = {})
      : capacity_(capacity), now_(now ? std::move(now) : Now([] { return std::chrono::steady_clock::now(); })) {}

  // The live value under `key` (now the most recently used), or null. The
  // pointer is valid until the next put() or clear().
  const Value* find(const std::string& key) {
    const auto it = index_.find(key);
    if (it == index_.end()) return nullptr;
    if (now_() >= it->second->expires_at) {
      entries_.erase(it->second);
      index_.erase(it);
      return nullptr;
    }
    entries_.splice(entries_.begin(), entries_, it->second);
    return &it->second->value;
  }

  // Stores or replaces `key` for `ttl`.
  void put(const std::string& key, Value value, std::chrono::milliseconds ttl) {
    if (capacity_ == 0 || ttl <= std::chrono::milliseconds::zero()) return;
    const TimePoint expires_at = now_() + ttl;
    if (const auto it = index_.find(key); it != index_.end()) {
      it->second->value = std::move(value);
      it->second->expires_at = expires_at;
      entries_.splice(entries_.begin(), entries_, it->second);
      return;
    }
    if (entries_.size() >= capacity_) {
      index_.erase(entries_.back().key);
      entries_.pop_back();
    }
    entries_.push_front(Entry{key, std::move(value), expires_at});
    index_.emplace(key, entries_.begin());
  }

  // Entries held, expired ones not yet found included.
  std::size_t size() const noexcept { return entries_.size(); }
  std::size_t capacity() const noexcept { return capacity_; }
  void clear() noexcept {
    entries_.clear();
    index_.clear();
  }

 private:
  struct Entry {
    std::string key;
    Value value;
    TimePoint expires_at;
  };

  std::size_t capacity_;
  Now now_;
  std::list<Entry> entries_;  // most recently used first
  std::unordered_map<std::string, typename std::list<Entry>::iterator> index_;
};

}  // namespace streamline::plugins::enrich
