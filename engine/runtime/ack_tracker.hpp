#pragma once
// AckTracker: which of one source's events are done, and how far each of its
// partitions may be committed.
//
// When the source emits an event the engine calls track(), which gives the
// event an AckToken: this tracker's id, a slot for its (topic, partition) and
// the event's emission sequence in that slot. Every copy of an event made for
// fan-out adds a reference (add_refs); every copy that ends (delivered,
// dropped, failed terminally) calls done(). An event is done when its last
// reference is. A partition's committable position is one past the offset of
// the last event in its longest done prefix, by emission order: an event done
// out of order waits for every earlier one. Offsets are recorded, not
// computed, so gaps (Kafka compaction, transaction markers) are fine.
//
// Cost: O(1) amortised per event (a deque of remaining-reference counters per
// slot; the done prefix is popped). Thread-safety: one mutex; track(), done()
// and add_refs() take it once per call, and take spans so the engine calls
// them once per batch.

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <stop_token>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <streamline/context.hpp>
#include <streamline/event.hpp>
#include <streamline/stage.hpp>

namespace streamline::engine {

// Extra references for an event copied to more than one reader.
struct ExtraRefs {
  AckToken token;
  std::uint32_t count = 0;
};

class AckTracker final : public Acknowledgements {
 public:
  // `id` is what tokens carry; 0 means "untracked" and is not allowed.
  explicit AckTracker(std::uint32_t id);
  AckTracker(const AckTracker&) = delete;
  AckTracker& operator=(const AckTracker&) = delete;

  std::uint32_t id() const noexcept { return id_; }

  // Tracks one event from `origin` with one reference. Events of a partition
  // must be tracked in the order the source emitted them.
  AckToken track(const Origin& origin);
  // Tracks every event of `events` in order and sets its `ack` token.
  void track(std::span<Event> events);

  void add_refs(const AckToken& token, std::uint32_t count);
  void add_refs(std::span<const ExtraRefs> refs);

  // Drops one reference per token. Tokens of other trackers, untracked
  // tokens and tokens already done are ignored.
  void done(const AckToken& token);
  void done(std::span<const AckToken> tokens);

  // Acknowledgements:
  std::vector<Position> committable(bool all = false) override;
  void release(std::string_view topic, std::int32_t partition) override;
  std::size_t in_flight() const override;
  void set_consumer(std::string consumer) override;

  // Per partition slot touched by `finishing` or `passing_on` (tokens of this
  // tracker held by one stage: events it is about to finish, and events it
  // hands on to later stages): the position its done prefix reaches once
  // the finishing ones are done. An event counts as finishing only if the
  // token holds its last reference (a fan-out copy elsewhere still pending
  // holds the partition back); one passing on holds it back too. Released
  // partitions and slots whose prefix reaches nothing are left out.
  std::vector<StoredPosition> positions_if_done(std::span<const AckToken> finishing,
                                                std::span<const AckToken> passing_on = {}) const;

  std::uint64_t emitted() const;
  std::uint64_t completed() const;

  // Waits until nothing is in flight (true), or `deadline` passes or `stop`
  // is requested with events still in flight (false).
  bool wait_idle(Clock::time_point deadline, std::stop_token stop = {});

 private:
  struct Entry {
    std::int64_t offset;
    std::uint32_t refs;
  };
  struct Slot {
    std::string topic;
    std::int32_t partition = 0;
    std::deque<Entry> entries;     // from sequence `base` on
    std::uint64_t base = 0;        // sequence of entries.front()
    std::uint64_t next_sequence = 0;
    std::int64_t next_offset = -1;  // committable position; -1 until something is done
    std::int64_t reported = -1;     // last position returned by committable()
    bool released = false;
  };

  std::uint32_t slot_for(const Origin& origin);  // under mutex_
  AckToken track_locked(const Origin& origin);
  void done_locked(const AckToken& token);
  void add_refs_locked(const AckToken& token, std::uint32_t count);

  const std::uint32_t id_;
  mutable std::mutex mutex_;
  std::string consumer_;
  std::condition_variable_any idle_;
  std::vector<std::unique_ptr<Slot>> slots_;
  // (topic, partition) -> slot, for partitions not released.
  std::map<std::string, std::unordered_map<std::int32_t, std::uint32_t>, std::less<>> index_;
  std::uint32_t last_slot_ = UINT32_MAX;  // most recent lookup: sources emit runs of one partition
  std::size_t in_flight_ = 0;
  std::uint64_t emitted_ = 0;
  std::uint64_t completed_ = 0;
};

}  // namespace streamline::engine
