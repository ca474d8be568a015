#include "event_id.hpp"

namespace streamline::plugins::redis_dedup {

std::string id_path_problem(std::string_view path) {
  if (path.empty()) return "id_path must not be empty";
  if (path.front() == '.' || path.back() == '.' || path.find("..") != std::string_view::npos)
    return "id_path '" + std::string(path) + "' has an empty key between dots";
  return {};
}

std::optional<std::string_view> view_event_id(const Json& event, std::string_view path,
                                              std::deque<std::string>& numbers) {
  const Json* node = &event;
  while (true) {
    const std::size_t dot = path.find('.');
    const std::string_view key = path.substr(0, dot);
    if (!node->is_object()) return std::nullopt;
    const auto it = node->find(key);
    if (it == node->end()) return std::nullopt;
    node = &*it;
    if (dot == std::string_view::npos) break;
    path.remove_prefix(dot + 1);
  }
  if (node->is_string()) {
    const auto& text = node->get_ref<const std::string&>();
    if (text.empty()) return std::nullopt;
    return std::string_view(text);
  }
  if (node->is_number_integer()) return std::string_view(numbers.emplace_back(node->dump()));
  return std::nullopt;
}

}  // namespace streamline::plugins::redis_dedup
