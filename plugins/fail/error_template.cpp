#include "error_template.hpp"

#include <cctype>
#include <stdexcept>
#include <utility>

namespace streamline::plugins::fail {
namespace {

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> segments;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = path.find('.', start);
    segments.emplace_back(path.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
    if (dot == std::string_view::npos) return segments;
    start = dot + 1;
  }
}

bool is_index(const std::string& segment) {
  if (segment.empty()) return false;
  for (char c : segment)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

const streamline::Json* find(const streamline::Json& doc, const std::vector<std::string>& path) {
  const streamline::Json* at = &doc;
  for (const auto& segment : path) {
    if (at->is_object()) {
      const auto it = at->find(segment);
      if (it == at->end()) return nullptr;
      at = &*it;
    } else if (at->is_array() && is_index(segment)) {
      const std::size_t i = std::stoul(segment);
      if (i >= at->size()) return nullptr;
      at = &(*at)[i];
    } else {
      return nullptr;
    }
  }
  return at;
}

std::string quote(const streamline::Json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (!value.is_array()) return value.dump();
  std::string joined;
  for (const auto& item : value) {
    if (!joined.empty()) joined += ", ";
    joined += item.is_string() ? item.get<std::string>() : item.dump();
  }
  return joined;
}

}  // namespace

ErrorTemplate::ErrorTemplate(std::string_view text) : text_(text) {
  std::string literal;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if ((c == '{' || c == '}') && i + 1 < text.size() && text[i + 1] == c) {
      literal += c;
      ++i;
      continue;
    }
    if (c != '{') {
      literal += c;
      continue;
    }
    const std::size_t close = text.find('}', i + 1);
    if (close == std::string_view::npos)
      throw std::invalid_argument("unclosed '{' at column " + std::to_string(i + 1) + " (write '{{' for a brace)");
    const std::string_view path = text.substr(i + 1, close - i - 1);
    if (path.empty()) throw std::invalid_argument("empty field '{}' at column " + std::to_string(i + 1));
    if (!literal.empty()) pieces_.push_back(Piece{std::exchange(literal, {}), {}});
    pieces_.push_back(Piece{{}, split_path(path)});
    has_fields_ = true;
    i = close;
  }
  if (!literal.empty()) pieces_.push_back(Piece{std::move(literal), {}});
  if (!has_fields_) text_ = pieces_.empty() ? std::string{} : pieces_.front().literal;
}

std::string ErrorTemplate::render(const streamline::Json& event) const {
  std::string out;
  for (const auto& piece : pieces_) {
    if (piece.path.empty()) {
      out += piece.literal;
    } else if (const streamline::Json* value = find(event, piece.path)) {
      out += quote(*value);
    }
  }
  return out;
}

}  // namespace streamline::plugins::fail
