#pragma once
// write_json: Json::dump() (compact), faster.
//
// nlohmann's serializer decodes every string byte through its UTF-8 state
// machine; serialising the enrichment of each event was 9 % of the engine's
// CPU in the orders pipeline. This writer copies a string's ASCII runs whole
// and escapes ASCII exactly as nlohmann does; a string holding any byte above
// 0x7F, a binary value and anything nested deeper than kMaxDepth go to
// nlohmann's serializer, so the text (and the type_error 316 for invalid
// UTF-8) is always what dump() gives. Numbers use nlohmann's own formatting.

#include <array>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>

#include <streamline/json.hpp>

namespace streamline {
namespace json_writer_detail {

inline constexpr int kMaxDepth = 256;

inline void append_unsigned(std::string& out, std::uint64_t value) {
  std::array<char, 20> digits{};
  std::size_t n = 0;
  do {
    digits[n++] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value != 0);
  while (n > 0) out += digits[--n];
}

inline void append_string(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  const std::size_t start = out.size();
  out += '"';
  const char* run = text.data();
  const char* const end = text.data() + text.size();
  for (const char* p = run; p != end; ++p) {
    const auto c = static_cast<unsigned char>(*p);
    if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') continue;
    if (c >= 0x80) {
      out.resize(start);
      out += Json(std::string(text)).dump();  // UTF-8: nlohmann checks it and throws as dump() does
      return;
    }
    out.append(run, static_cast<std::size_t>(p - run));
    run = p + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 0xF];
    }
  }
  out.append(run, static_cast<std::size_t>(end - run));
  out += '"';
}

inline void append_value(std::string& out, const Json& value, int depth) {
  if (depth >= kMaxDepth && value.is_structured()) {
    out += value.dump();
    return;
  }
  switch (value.type()) {
    case Json::value_t::object: {
      out += '{';
      bool first = true;
      for (const auto& [key, member] : *value.get_ptr<const Json::object_t*>()) {
        if (!first) out += ',';
        first = false;
        append_string(out, key);
        out += ':';
        append_value(out, member, depth + 1);
      }
      out += '}';
      return;
    }
    case Json::value_t::array: {
      out += '[';
      bool first = true;
      for (const Json& item : *value.get_ptr<const Json::array_t*>()) {
        if (!first) out += ',';
        first = false;
        append_value(out, item, depth + 1);
      }
      out += ']';
      return;
    }
    case Json::value_t::string: append_string(out, *value.get_ptr<const std::string*>()); return;
    case Json::value_t::boolean: out += value.get<bool>() ? "true" : "false"; return;
    case Json::value_t::null: out += "null"; return;
    case Json::value_t::number_unsigned: append_unsigned(out, value.get<std::uint64_t>()); return;
    case Json::value_t::number_integer: {
      const auto number = value.get<std::int64_t>();
      if (number < 0) {
        out += '-';
        append_unsigned(out, 0 - static_cast<std::uint64_t>(number));
      } else {
        append_unsigned(out, static_cast<std::uint64_t>(number));
      }
      return;
    }
    case Json::value_t::number_float: {
      const double number = value.get<double>();
      if (!std::isfinite(number)) {
        out += "null";
        return;
      }
      std::array<char, 64> text{};
      const char* end = nlohmann::detail::to_chars(text.data(), text.data() + text.size(), number);
      out.append(text.data(), static_cast<std::size_t>(end - text.data()));
      return;
    }
    case Json::value_t::binary:
    case Json::value_t::discarded: out += value.dump(); return;
  }
}

}  // namespace json_writer_detail

// Appends Json(text).dump(), the text as a JSON string, to `out`: for
// writing JSON text member by member without building a document.
inline void write_json_string(std::string_view text, std::string& out) { json_writer_detail::append_string(out, text); }

// Appends value.dump() to `out`.
inline void write_json(const Json& value, std::string& out) { json_writer_detail::append_value(out, value, 0); }

// value.dump().
inline std::string write_json(const Json& value) {
  std::string out;
  write_json(value, out);
  return out;
}

}  // namespace streamline
