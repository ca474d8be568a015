#include "engine/config/yaml_scalar.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <type_traits>

namespace streamline::engine {

namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

template <typename T>
std::optional<T> parse_whole(std::string_view text, int base = 10) {
  T value{};
  const char* end = text.data() + text.size();
  std::from_chars_result result;
  if constexpr (std::is_floating_point_v<T>) {
    (void)base;
    result = std::from_chars(text.data(), end, value);
  } else {
    result = std::from_chars(text.data(), end, value, base);
  }
  if (result.ec != std::errc{} || result.ptr != end) return std::nullopt;
  return value;
}

}  // namespace

std::optional<std::int64_t> parse_integer(std::string_view text) {
  bool negative = false;
  if (!text.empty() && (text.front() == '+' || text.front() == '-')) {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  if (text.empty() || text.front() == '+' || text.front() == '-') return std::nullopt;
  std::optional<std::int64_t> magnitude;
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X'))
    magnitude = parse_whole<std::int64_t>(text.substr(2), 16);
  else if (text.size() > 2 && text[0] == '0' && (text[1] == 'o' || text[1] == 'O'))
    magnitude = parse_whole<std::int64_t>(text.substr(2), 8);
  else
    magnitude = parse_whole<std::int64_t>(text);
  if (!magnitude) return std::nullopt;
  return negative ? -*magnitude : *magnitude;
}

std::optional<double> parse_float(std::string_view text) {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  if (text.empty()) return std::nullopt;
  const std::string word = lower(text);
  // from_chars also reads "inf" and "nan"; YAML spells them ".inf", ".nan".
  if (word.find("inf") != std::string::npos || word.find("nan") != std::string::npos)
    return std::nullopt;
  return parse_whole<double>(text);
}

std::optional<bool> parse_bool(std::string_view text) {
  const std::string word = lower(text);
  if (word == "true" || word == "yes" || word == "on") return true;
  if (word == "false" || word == "no" || word == "off") return false;
  return std::nullopt;
}

bool is_plain_scalar(const YAML::Node& node) { return node.Tag() != "!"; }

nlohmann::json yaml_to_json(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Sequence: {
      auto out = nlohmann::json::array();
      for (const auto& item : node) out.push_back(yaml_to_json(item));
      return out;
    }
    case YAML::NodeType::Map: {
      auto out = nlohmann::json::object();
      for (const auto& entry : node) {
        const std::string key = entry.first.Scalar();
        if (!out.contains(key)) out[key] = yaml_to_json(entry.second);  // first one wins
      }
      return out;
    }
    case YAML::NodeType::Scalar: {
      const std::string& text = node.Scalar();
      if (!is_plain_scalar(node)) return text;
      const std::string word = lower(text);
      if (word == "true" || word == "false") return word == "true";
      if (auto integer = parse_integer(text)) return *integer;
      if (auto number = parse_float(text)) return *number;
      return text;
    }
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      break;
  }
  return nullptr;
}

std::string describe_value(const YAML::Node& node) {
  constexpr std::size_t kLongest = 40;
  switch (node.Type()) {
    case YAML::NodeType::Sequence: return "a list";
    case YAML::NodeType::Map: return "a map";
    case YAML::NodeType::Scalar: {
      std::string text = node.Scalar();
      const std::size_t newline = text.find('\n');
      if (newline != std::string::npos || text.size() > kLongest)
        text = text.substr(0, std::min(newline, kLongest)) + "...";
      return "'" + text + "'";
    }
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      break;
  }
  return "nothing";
}

}  // namespace streamline::engine
