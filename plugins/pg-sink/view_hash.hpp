#pragma once
// ViewHash: hashes strings as views, so that a container of std::string
// keys (text PostgreSQL returned) is searched with a row's string_view
// without making a string of it first. Use with std::equal_to<>.

#include <cstddef>
#include <functional>
#include <string_view>

namespace streamline::plugins::pg_sink {

struct ViewHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view text) const noexcept { return std::hash<std::string_view>{}(text); }
};

}  // namespace streamline::plugins::pg_sink
