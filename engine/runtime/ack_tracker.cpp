#include "engine/runtime/ack_tracker.hpp"

#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <utility>

namespace streamline::engine {

AckTracker::AckTracker(std::uint32_t id) : id_(id) {
  if (id == 0) throw std::invalid_argument("ack tracker id 0 is reserved for untracked events");
}

std::uint32_t AckTracker::slot_for(const Origin& origin) {
  if (last_slot_ < slots_.size()) {
    const Slot& last = *slots_[last_slot_];
    if (!last.released && last.partition == origin.partition && last.topic == origin.topic) return last_slot_;
  }
  auto topic = index_.find(std::string_view(origin.topic));
  if (topic == index_.end()) topic = index_.emplace(origin.topic, std::unordered_map<std::int32_t, std::uint32_t>{}).first;
  auto [it, inserted] = topic->second.try_emplace(origin.partition, static_cast<std::uint32_t>(slots_.size()));
  if (inserted) {
    auto slot = std::make_unique<Slot>();
    slot->topic = origin.topic;
    slot->partition = origin.partition;
    slots_.push_back(std::move(slot));
  }
  last_slot_ = it->second;
  return it->second;
}

AckToken AckTracker::track_locked(const Origin& origin) {
  const std::uint32_t index = slot_for(origin);
  Slot& slot = *slots_[index];
  slot.entries.push_back(Entry{origin.offset, 1});
  ++in_flight_;
  ++emitted_;
  return AckToken{id_, index, slot.next_sequence++};
}

AckToken AckTracker::track(const Origin& origin) {
  std::lock_guard lock(mutex_);
  return track_locked(origin);
}

void AckTracker::track(std::span<Event> events) {
  std::lock_guard lock(mutex_);
  for (Event& e : events) e.ack = track_locked(e.origin);
}

void AckTracker::add_refs_locked(const AckToken& token, std::uint32_t count) {
  if (token.tracker != id_ || token.partition >= slots_.size()) return;
  Slot& slot = *slots_[token.partition];
  if (token.sequence < slot.base || token.sequence >= slot.next_sequence) return;
  Entry& entry = slot.entries[token.sequence - slot.base];
  // A done event cannot gain references: its copies no longer exist.
  if (entry.refs > 0) entry.refs += count;
}

void AckTracker::add_refs(const AckToken& token, std::uint32_t count) {
  std::lock_guard lock(mutex_);
  add_refs_locked(token, count);
}

void AckTracker::add_refs(std::span<const ExtraRefs> refs) {
  std::lock_guard lock(mutex_);
  for (const auto& r : refs) add_refs_locked(r.token, r.count);
}

void AckTracker::done_locked(const AckToken& token) {
  if (token.tracker != id_ || token.partition >= slots_.size()) return;
  Slot& slot = *slots_[token.partition];
  if (token.sequence < slot.base || token.sequence >= slot.next_sequence) return;
  Entry& entry = slot.entries[token.sequence - slot.base];
  if (entry.refs == 0) return;  // already done: a duplicate acknowledgement
  if (--entry.refs > 0) return;
  --in_flight_;
  ++completed_;
  if (token.sequence != slot.base) return;  // earlier events still pending
  while (!slot.entries.empty() && slot.entries.front().refs == 0) {
    slot.next_offset = slot.entries.front().offset + 1;
    slot.entries.pop_front();
    ++slot.base;
  }
}

void AckTracker::done(const AckToken& token) {
  bool idle;
  {
    std::lock_guard lock(mutex_);
    done_locked(token);
    idle = in_flight_ == 0;
  }
  if (idle) idle_.notify_all();
}

void AckTracker::done(std::span<const AckToken> tokens) {
  bool idle;
  {
    std::lock_guard lock(mutex_);
    for (const auto& t : tokens) done_locked(t);
    idle = in_flight_ == 0;
  }
  if (idle) idle_.notify_all();
}

std::vector<Position> AckTracker::committable(bool all) {
  std::lock_guard lock(mutex_);
  std::vector<Position> positions;
  for (auto& slot : slots_) {
    if (slot->released || slot->next_offset < 0) continue;
    if (!all && slot->next_offset == slot->reported) continue;
    slot->reported = slot->next_offset;
    positions.push_back(Position{slot->topic, slot->partition, slot->next_offset});
  }
  return positions;
}

void AckTracker::release(std::string_view topic, std::int32_t partition) {
  std::lock_guard lock(mutex_);
  auto t = index_.find(topic);
  if (t == index_.end()) return;
  auto p = t->second.find(partition);
  if (p == t->second.end()) return;
  slots_[p->second]->released = true;
  if (last_slot_ == p->second) last_slot_ = UINT32_MAX;
  t->second.erase(p);
  if (t->second.empty()) index_.erase(t);
}

void AckTracker::set_consumer(std::string consumer) {
  std::lock_guard lock(mutex_);
  consumer_ = std::move(consumer);
}

std::vector<StoredPosition> AckTracker::positions_if_done(std::span<const AckToken> finishing,
                                                          std::span<const AckToken> passing_on) const {
  // (slot, sequence, finishing) sorted, so the prefix walk below is a merge.
  struct Held {
    std::uint32_t partition;
    std::uint64_t sequence;
    bool finishing;
    auto operator<=>(const Held&) const = default;
  };
  std::vector<Held> mine;
  mine.reserve(finishing.size() + passing_on.size());
  for (const AckToken& t : finishing)
    if (t.tracker == id_) mine.push_back({t.partition, t.sequence, true});
  for (const AckToken& t : passing_on)
    if (t.tracker == id_) mine.push_back({t.partition, t.sequence, false});
  std::sort(mine.begin(), mine.end());

  std::vector<StoredPosition> positions;
  std::lock_guard lock(mutex_);
  for (std::size_t i = 0; i < mine.size();) {
    const std::uint32_t index = mine[i].partition;
    std::size_t end = i;
    while (end < mine.size() && mine[end].partition == index) ++end;
    if (index >= slots_.size() || slots_[index]->released) {
      i = end;
      continue;
    }
    const Slot& slot = *slots_[index];
    std::int64_t reach = slot.next_offset;
    std::size_t k = i;
    for (std::size_t e = 0; e < slot.entries.size(); ++e) {
      const std::uint64_t sequence = slot.base + e;
      while (k < end && mine[k].sequence < sequence) ++k;
      const Entry& entry = slot.entries[e];
      const bool finishing_here = k < end && mine[k].sequence == sequence && mine[k].finishing && entry.refs == 1;
      if (entry.refs != 0 && !finishing_here) break;
      reach = entry.offset + 1;
    }
    if (reach >= 0) positions.push_back(StoredPosition{consumer_, Position{slot.topic, slot.partition, reach}});
    i = end;
  }
  return positions;
}

std::size_t AckTracker::in_flight() const {
  std::lock_guard lock(mutex_);
  return in_flight_;
}

std::uint64_t AckTracker::emitted() const {
  std::lock_guard lock(mutex_);
  return emitted_;
}

std::uint64_t AckTracker::completed() const {
  std::lock_guard lock(mutex_);
  return completed_;
}

bool AckTracker::wait_idle(Clock::time_point deadline, std::stop_token stop) {
  std::unique_lock lock(mutex_);
  return idle_.wait_until(lock, stop, deadline, [&] { return in_flight_ == 0; });
}

}  // namespace streamline::engine
