#pragma once
// Json: the document type of event payloads.
//
// nlohmann::basic_json with a flat object: an object's members live in one
// vector, in the order they arrived, instead of a std::map with a node per
// member. An event's document is parsed once, read and extended a few times,
// serialised and freed, and its objects hold a dozen members: the map's
// allocation per member and its pointer chasing were most of what parsing,
// copying and freeing an event cost (docs/benchmarks.md). A lookup scans the
// members, which for a dozen short keys is as fast as a tree walk.
//
// Differences from nlohmann::json a plugin author may notice:
//  - dump() keeps the members in the producer's order (then the order they
//    were added), not sorted;
//  - equality still ignores member order, as JSON's does;
//  - looking up a key in an object of thousands of members is linear.
//
// Plugin configuration stays nlohmann::json (sorted): its dump is canonical,
// which stage fingerprints rely on. A configuration value converts to a Json
// by construction: Json(config_value).

#include <functional>
#include <memory>
#include <utility>

#include <nlohmann/json.hpp>

namespace streamline {

template <class Key, class T, class IgnoredLess = std::less<Key>,
          class Allocator = std::allocator<std::pair<const Key, T>>>
struct JsonObject : nlohmann::ordered_map<Key, T, IgnoredLess, Allocator> {
  using Base = nlohmann::ordered_map<Key, T, IgnoredLess, Allocator>;
  using Base::Base;

  // Same members with equal values, in any order.
  friend bool operator==(const JsonObject& a, const JsonObject& b) {
    if (a.size() != b.size()) return false;
    for (const auto& [key, value] : a) {
      const auto it = b.find(key);
      if (it == b.end() || !(it->second == value)) return false;
    }
    return true;
  }
};

using Json = nlohmann::basic_json<JsonObject>;

namespace json_detail {

// Deeper than this, release_json leaves a subtree to nlohmann's teardown.
inline constexpr int kReleaseDepth = 64;

inline void empty_containers(Json& value, int depth) noexcept {
  if (depth >= kReleaseDepth) return;
  if (value.is_object()) {
    auto& members = value.get_ref<Json::object_t&>();
    for (auto& member : members)
      if (member.second.is_structured()) empty_containers(member.second, depth + 1);
    members.clear();
  } else if (value.is_array()) {
    auto& items = value.get_ref<Json::array_t&>();
    for (auto& item : items)
      if (item.is_structured()) empty_containers(item, depth + 1);
    items.clear();
  }
}

}  // namespace json_detail

// Frees a document's contents from the leaves up; `doc` is left an empty
// object or array (a scalar is left as it is). nlohmann's destructor takes
// every object and array apart through a heap-allocated stack of moved
// children, so that no depth can overflow the call stack: for an event's
// shallow document that bookkeeping cost more than the frees themselves
// (docs/benchmarks.md). Emptying the containers first leaves it nothing to
// move. Subtrees deeper than kReleaseDepth still go nlohmann's way.
inline void release_json(Json& doc) noexcept { json_detail::empty_containers(doc, 0); }

}  // namespace streamline
