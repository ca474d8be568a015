#pragma once
// Exactly-once into a sink's own store.
//
// Kafka offsets are committed after the fact (asynchronously, when every
// earlier event is done), so a crash replays what a database sink already
// holds. A sink writing to a transactional store closes that window: in the
// same transaction as its rows it stores how far each source partition is
// done once the batch commits (Context::positions_after). A source told about
// that store (a resource implementing PositionStore) resumes, on partition
// assignment, from the stored positions when they are ahead of its own
// committed ones: nothing the store holds is replayed into it.
//
// Positions belong to a consumer: the name a source gives its progress
// (Acknowledgements::set_consumer; kafka-source uses its consumer group), so
// two pipelines reading one topic under different groups never share them.

#include <string>
#include <string_view>
#include <vector>

#include "streamline/event.hpp"

namespace streamline {

struct StoredPosition {
  std::string consumer;  // empty when the source named no consumer
  Position position;
  bool operator==(const StoredPosition&) const = default;
};

// Implemented by resources that keep positions (the `postgres` resource).
// Find it with `context.resource_as<PositionStore>(name)`.
class __attribute__((visibility("default"))) PositionStore {
 public:
  virtual ~PositionStore() = default;
  // Every position stored for `consumer`. Throws TransientError when the
  // store does not answer.
  virtual std::vector<Position> stored_positions(std::string_view consumer) = 0;
};

}  // namespace streamline
