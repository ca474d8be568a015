#include "engine/runtime/ack_registry.hpp"

#include <set>

namespace streamline::engine {

AckTracker& AckRegistry::create() {
  trackers_.push_back(std::make_unique<AckTracker>(static_cast<std::uint32_t>(trackers_.size() + 1)));
  return *trackers_.back();
}

AckTracker* AckRegistry::find(std::uint32_t id) noexcept {
  if (id == 0 || id > trackers_.size()) return nullptr;
  return trackers_[id - 1].get();
}

void AckRegistry::done(std::span<const AckToken> tokens) {
  std::size_t begin = 0;
  while (begin < tokens.size()) {
    const std::uint32_t id = tokens[begin].tracker;
    std::size_t end = begin + 1;
    while (end < tokens.size() && tokens[end].tracker == id) ++end;
    if (AckTracker* tracker = find(id)) tracker->done(tokens.subspan(begin, end - begin));
    begin = end;
  }
}

void AckRegistry::add_refs(std::span<const ExtraRefs> refs) {
  std::size_t begin = 0;
  while (begin < refs.size()) {
    const std::uint32_t id = refs[begin].token.tracker;
    std::size_t end = begin + 1;
    while (end < refs.size() && refs[end].token.tracker == id) ++end;
    if (AckTracker* tracker = find(id)) tracker->add_refs(refs.subspan(begin, end - begin));
    begin = end;
  }
}

std::vector<StoredPosition> AckRegistry::positions_if_done(std::span<const AckToken> finishing,
                                                           std::span<const AckToken> passing_on) const {
  std::set<std::uint32_t> ids;
  for (auto tokens : {finishing, passing_on})
    for (const AckToken& t : tokens)
      if (t.tracker != 0 && t.tracker <= trackers_.size()) ids.insert(t.tracker);
  std::vector<StoredPosition> positions;
  for (std::uint32_t id : ids) {
    auto more = trackers_[id - 1]->positions_if_done(finishing, passing_on);
    positions.insert(positions.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
  }
  return positions;
}

}  // namespace streamline::engine
