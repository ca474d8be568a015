#include "message_key.hpp"

#include <algorithm>

namespace streamline::plugins::kafka_sink {
namespace {

std::vector<std::string> split_path(std::string_view dotted_path) {
  std::vector<std::string> segments;
  if (dotted_path.empty()) return segments;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = dotted_path.find('.', start);
    segments.emplace_back(dotted_path.substr(start, dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return segments;
}

bool is_index(const std::string& segment) {
  return !segment.empty() && std::all_of(segment.begin(), segment.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The value at `path`, or null when any step is missing.
const Json* find(const Json& document, const std::vector<std::string>& path) {
  const Json* node = &document;
  for (const auto& segment : path) {
    if (node->is_object()) {
      auto it = node->find(segment);
      if (it == node->end()) return nullptr;
      node = &*it;
    } else if (node->is_array() && is_index(segment)) {
      const std::size_t index = std::stoul(segment);
      if (index >= node->size()) return nullptr;
      node = &(*node)[index];
    } else {
      return nullptr;
    }
  }
  return node;
}

}  // namespace

MessageKey::MessageKey(std::string_view dotted_path) : path_(split_path(dotted_path)) {}

bool MessageKey::is_valid_path(std::string_view dotted_path) {
  const auto segments = split_path(dotted_path);
  return std::none_of(segments.begin(), segments.end(), [](const std::string& s) { return s.empty(); });
}

std::string MessageKey::of(const Event& event) const {
  if (path_.empty()) return event.key;
  const Json* value = nullptr;
  try {
    value = find(event.json(), path_);
  } catch (const PayloadError&) {
    return event.key;
  }
  if (value == nullptr) return event.key;
  if (value->is_string()) return value->get<std::string>();
  if (value->is_number() || value->is_boolean()) return value->dump();
  return event.key;
}

}  // namespace streamline::plugins::kafka_sink
