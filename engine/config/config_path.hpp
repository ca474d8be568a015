#pragma once
// Config paths: dot-separated keys and list indexes from the top of the file,
// "stages.router.config.routes.0.when". Diagnostics show them; locations are
// indexed by them.

#include <cstddef>
#include <string>
#include <string_view>

namespace streamline::engine {

inline std::string join_path(std::string_view parent, std::string_view child) {
  if (parent.empty()) return std::string(child);
  if (child.empty()) return std::string(parent);
  std::string out;
  out.reserve(parent.size() + 1 + child.size());
  out.append(parent).append(".").append(child);
  return out;
}

inline std::string join_path(std::string_view parent, std::size_t index) {
  return join_path(parent, std::to_string(index));
}

// "stages.a.config" -> "stages.a"; "stages" -> "".
inline std::string parent_path(std::string_view path) {
  const std::size_t dot = path.rfind('.');
  return dot == std::string_view::npos ? std::string{} : std::string(path.substr(0, dot));
}

}  // namespace streamline::engine
