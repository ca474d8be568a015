#pragma once
// Batch: events moving together through one stage call, with one outcome each.
//
// Every stage API is batch-first. A stage receives a Batch, may modify its
// events in place, and records for each event where it goes next:
//   pass      - to the stage's default output (a sink: durably written)
//   send(k)   - to the stage's named output k (index into Plugin::outputs())
//   drop      - done on purpose (duplicate, filtered); the reason is counted
//   fail      - to the stage's error output and from there the dead-letter path
// The default outcome is pass. The engine reads the outcomes after the call and
// owns everything that follows: fan-out, acknowledgements, dead letters.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "streamline/event.hpp"

namespace streamline {

enum class Disposition : std::uint8_t { kPass, kSend, kDrop, kFail };

struct Outcome {
  Disposition disposition = Disposition::kPass;
  std::uint16_t output = 0;  // named output index, for kSend
  std::string reason;        // drop reason or error message
  std::string stage;         // stage that failed the event (set by the engine)
};

class Batch {
 public:
  Batch() = default;
  explicit Batch(std::vector<Event> events)
      : events_(std::move(events)), outcomes_(events_.size()) {}

  std::size_t size() const noexcept { return events_.size(); }
  bool empty() const noexcept { return events_.empty(); }
  void reserve(std::size_t n) {
    events_.reserve(n);
    outcomes_.reserve(n);
  }

  Event& operator[](std::size_t i) { return events_[i]; }
  const Event& operator[](std::size_t i) const { return events_[i]; }
  auto begin() { return events_.begin(); }
  auto end() { return events_.end(); }
  auto begin() const { return events_.begin(); }
  auto end() const { return events_.end(); }

  // Appends an event with outcome pass. For sources filling a batch.
  Event& add(Event e) {
    events_.push_back(std::move(e));
    outcomes_.emplace_back();
    return events_.back();
  }

  void pass(std::size_t i) { outcomes_[i] = Outcome{}; }
  void send(std::size_t i, std::uint16_t output) {
    outcomes_[i] = Outcome{Disposition::kSend, output, {}, {}};
  }
  void drop(std::size_t i, std::string reason) {
    outcomes_[i] = Outcome{Disposition::kDrop, 0, std::move(reason), {}};
  }
  void fail(std::size_t i, std::string error) {
    outcomes_[i] = Outcome{Disposition::kFail, 0, std::move(error), {}};
  }
  void fail_all(std::string_view error) {
    for (std::size_t i = 0; i < size(); ++i) fail(i, std::string(error));
  }

  const Outcome& outcome(std::size_t i) const { return outcomes_[i]; }
  Outcome& outcome(std::size_t i) { return outcomes_[i]; }

  // Engine-side access for moving events on.
  std::vector<Event>& events() noexcept { return events_; }
  std::vector<Outcome>& outcomes() noexcept { return outcomes_; }
  void clear() {
    events_.clear();
    outcomes_.clear();
  }

 private:
  std::vector<Event> events_;
  std::vector<Outcome> outcomes_;
};

}  // namespace streamline
