#pragma once
// Where an event's id is, and the Redis key that records it.
//
// An id path names a field by its keys from the top of the event, separated
// by dots: `event_id`, `data.id`. The id is the field's text when it is a
// non-empty string, its decimal digits when it is an integer; anything else
// (absent, null, empty, a float, an object) means the event has no id.

#include <deque>
#include <optional>
#include <string>
#include <string_view>

#include <streamline/event.hpp>

namespace streamline::plugins::redis_dedup {

// Empty when `path` is usable, else what is wrong with it.
std::string id_path_problem(std::string_view path);

// The id as a view, without a copy: of the event's own string, or of the
// text of an integer id, appended to `numbers` (whose elements stay where
// they are).
std::optional<std::string_view> view_event_id(const Json& event, std::string_view path,
                                              std::deque<std::string>& numbers);

// `<prefix><id>`: the key whose presence says the event was persisted.
inline std::string dedup_key(std::string_view prefix, std::string_view id) {
  std::string key;
  key.reserve(prefix.size() + id.size());
  key.append(prefix).append(id);
  return key;
}

}  // namespace streamline::plugins::redis_dedup
