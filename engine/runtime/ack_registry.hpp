#pragma once
// AckRegistry: every source's AckTracker, by the id tokens carry, so a stage
// anywhere downstream can complete the events it finishes without knowing
// which source they came from (fan-in mixes sources in one batch).
//
// Trackers are created while the pipeline is built, before any worker runs;
// afterwards the registry is read-only and needs no lock.

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "engine/runtime/ack_tracker.hpp"

namespace streamline::engine {

class AckRegistry {
 public:
  AckTracker& create();
  AckTracker* find(std::uint32_t id) noexcept;

  // Groups runs of tokens of one tracker into one call (one lock) each.
  // Untracked tokens (tracker 0, events a stage made up) are skipped.
  void done(std::span<const AckToken> tokens);
  void add_refs(std::span<const ExtraRefs> refs);
  // AckTracker::positions_if_done over every tracker the tokens name.
  std::vector<StoredPosition> positions_if_done(std::span<const AckToken> finishing,
                                                std::span<const AckToken> passing_on = {}) const;

 private:
  std::vector<std::unique_ptr<AckTracker>> trackers_;  // id = index + 1
};

}  // namespace streamline::engine
