#pragma once
// read_json: the fast path of parsing an event's payload into a Json.
//
// nlohmann's parser reads one character at a time through an input adapter
// and keeps every token's text for its error messages; for an order event it
// was the largest single cost of the first stage that reads the document. This
// reader parses the same grammar (RFC 8259, strict UTF-8, nlohmann's number
// types: unsigned when there is no minus sign, then signed, then double) in
// one pass over the text, and builds each object with its exact size.
//
// It returns nothing for anything it does not accept: invalid JSON, nesting
// deeper than kMaxDepth, a number out of a double's range. The caller then
// runs nlohmann's parser, which gives the exact error message users see in a
// dead letter, and decides the rare valid document the reader declined. So the
// set of documents accepted and the values produced are nlohmann's.
//
// Duplicate keys keep their first position and their last value, as nlohmann
// does.

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <streamline/json.hpp>
#include <streamline/utf8.hpp>

namespace streamline {
namespace json_reader_detail {

inline constexpr int kMaxDepth = 256;
// Above this many members, duplicate keys are found with a hash set instead
// of a scan, so a hostile object of 100k keys costs linear time.
inline constexpr std::size_t kScanMembers = 32;
// Room left in the root object for what stages add (enrichment, fraud,
// order_state): without it the first addition moves every member.
inline constexpr std::size_t kRootRoom = 4;

class Reader {
 public:
  explicit Reader(std::string_view text) : p_(text.data()), end_(text.data() + text.size()) {}

  bool document(Json& out) {
    if (end_ - p_ >= 3 && std::memcmp(p_, "\xEF\xBB\xBF", 3) == 0) p_ += 3;  // nlohmann skips a BOM
    skip_space();
    if (!value(out, 0)) return false;
    skip_space();
    return p_ == end_;
  }

 private:
  void skip_space() {
    while (p_ != end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
  }

  bool literal(const char* word, std::size_t n) {
    if (static_cast<std::size_t>(end_ - p_) < n || std::memcmp(p_, word, n) != 0) return false;
    p_ += n;
    return true;
  }

  bool value(Json& out, int depth) {
    if (p_ == end_) return false;
    switch (*p_) {
      case '{': return object(out, depth + 1);
      case '[': return array(out, depth + 1);
      case '"': {
        std::string text;
        if (!string(text)) return false;
        out = std::move(text);
        return true;
      }
      case 't':
        if (!literal("true", 4)) return false;
        out = true;
        return true;
      case 'f':
        if (!literal("false", 5)) return false;
        out = false;
        return true;
      case 'n':
        if (!literal("null", 4)) return false;
        out = nullptr;
        return true;
      default: return number(out);
    }
  }

  bool object(Json& out, int depth) {
    if (depth > kMaxDepth) return false;
    ++p_;  // '{'
    const std::size_t first = members_.size();
    skip_space();
    if (p_ != end_ && *p_ == '}') {
      ++p_;
      out = Json::object();
      return true;
    }
    while (true) {
      skip_space();
      if (p_ == end_ || *p_ != '"') return drop_members(first);
      std::string key;
      if (!string(key)) return drop_members(first);
      skip_space();
      if (p_ == end_ || *p_ != ':') return drop_members(first);
      ++p_;
      skip_space();
      Json member;
      if (!value(member, depth)) return drop_members(first);
      members_.emplace_back(std::move(key), std::move(member));
      skip_space();
      if (p_ == end_) return drop_members(first);
      if (*p_ == ',') {
        ++p_;
        continue;
      }
      if (*p_ != '}') return drop_members(first);
      ++p_;
      break;
    }
    out = Json::object();
    auto& object = *out.get_ptr<Json::object_t*>();
    const std::size_t count = members_.size() - first;
    object.reserve(count + (depth == 1 ? kRootRoom : 0));
    if (count <= kScanMembers) {
      for (std::size_t i = first; i < members_.size(); ++i) {
        auto& [key, member] = members_[i];
        const auto it = object.find(key);
        if (it == object.end()) object.emplace_back(std::move(key), std::move(member));
        else it->second = std::move(member);
      }
    } else {
      // Views of the stored keys: the reserve above keeps them in place.
      std::unordered_map<std::string_view, std::size_t> index;
      index.reserve(count);
      for (std::size_t i = first; i < members_.size(); ++i) {
        auto& [key, member] = members_[i];
        if (const auto seen = index.find(key); seen != index.end()) {
          (object.begin() + static_cast<std::ptrdiff_t>(seen->second))->second = std::move(member);
          continue;
        }
        object.emplace_back(std::move(key), std::move(member));
        index.emplace(object.back().first, object.size() - 1);
      }
    }
    members_.resize(first);
    return true;
  }

  bool drop_members(std::size_t first) {
    members_.resize(first);
    return false;
  }

  bool array(Json& out, int depth) {
    if (depth > kMaxDepth) return false;
    ++p_;  // '['
    out = Json::array();
    auto& items = *out.get_ptr<Json::array_t*>();
    skip_space();
    if (p_ != end_ && *p_ == ']') {
      ++p_;
      return true;
    }
    while (true) {
      skip_space();
      items.emplace_back();
      if (!value(items.back(), depth)) return false;
      skip_space();
      if (p_ == end_) return false;
      if (*p_ == ',') {
        ++p_;
        continue;
      }
      if (*p_ != ']') return false;
      ++p_;
      return true;
    }
  }

  // One UTF-8 sequence starting at p_ (its first byte >= 0x80).
  bool utf8_sequence() {
    const std::size_t length = utf8_sequence_length(std::string_view(p_, static_cast<std::size_t>(end_ - p_)), 0);
    if (length == 0) return false;
    p_ += length;
    return true;
  }

  static int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  bool hex4(unsigned& out) {
    if (end_ - p_ < 4) return false;
    out = 0;
    for (int i = 0; i < 4; ++i) {
      const int d = hex_digit(p_[i]);
      if (d < 0) return false;
      out = out * 16 + static_cast<unsigned>(d);
    }
    p_ += 4;
    return true;
  }

  bool escape(std::string& out) {
    ++p_;  // '\\'
    if (p_ == end_) return false;
    const char c = *p_++;
    switch (c) {
      case '"': out += '"'; return true;
      case '\\': out += '\\'; return true;
      case '/': out += '/'; return true;
      case 'b': out += '\b'; return true;
      case 'f': out += '\f'; return true;
      case 'n': out += '\n'; return true;
      case 'r': out += '\r'; return true;
      case 't': out += '\t'; return true;
      case 'u': {
        unsigned code;
        if (!hex4(code)) return false;
        if (code >= 0xDC00 && code <= 0xDFFF) return false;  // a low surrogate alone
        if (code >= 0xD800 && code <= 0xDBFF) {
          unsigned low;
          if (end_ - p_ < 2 || p_[0] != '\\' || p_[1] != 'u') return false;
          p_ += 2;
          if (!hex4(low) || low < 0xDC00 || low > 0xDFFF) return false;
          code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
        }
        append_utf8(out, code);
        return true;
      }
      default: return false;
    }
  }

  bool string(std::string& out) {
    ++p_;  // '"'
    while (true) {
      const char* run = p_;
      while (p_ != end_) {
        const auto c = static_cast<unsigned char>(*p_);
        if (c < 0x20 || c == '"' || c == '\\' || c >= 0x80) break;
        ++p_;
      }
      out.append(run, static_cast<std::size_t>(p_ - run));
      if (p_ == end_) return false;
      const auto c = static_cast<unsigned char>(*p_);
      if (c == '"') {
        ++p_;
        return true;
      }
      if (c == '\\') {
        if (!escape(out)) return false;
        continue;
      }
      if (c < 0x20) return false;
      const char* sequence = p_;
      if (!utf8_sequence()) return false;
      out.append(sequence, static_cast<std::size_t>(p_ - sequence));
    }
  }

  static bool digit(char c) { return c >= '0' && c <= '9'; }

  bool number(Json& out) {
    const char* start = p_;
    const bool negative = *p_ == '-';
    if (negative) ++p_;
    if (p_ == end_ || !digit(*p_)) return false;
    if (*p_ == '0') {
      ++p_;
    } else {
      while (p_ != end_ && digit(*p_)) ++p_;
    }
    bool integer = true;
    if (p_ != end_ && *p_ == '.') {
      integer = false;
      ++p_;
      if (p_ == end_ || !digit(*p_)) return false;
      while (p_ != end_ && digit(*p_)) ++p_;
    }
    if (p_ != end_ && (*p_ == 'e' || *p_ == 'E')) {
      integer = false;
      ++p_;
      if (p_ != end_ && (*p_ == '+' || *p_ == '-')) ++p_;
      if (p_ == end_ || !digit(*p_)) return false;
      while (p_ != end_ && digit(*p_)) ++p_;
    }
    if (integer) {
      if (negative) {
        std::int64_t v = 0;
        if (std::from_chars(start, p_, v).ec == std::errc{}) {
          out = v;
          return true;
        }
      } else {
        std::uint64_t v = 0;
        if (std::from_chars(start, p_, v).ec == std::errc{}) {
          out = v;
          return true;
        }
      }
      // Too large for 64 bits: a double, as nlohmann reads it.
    }
    double v = 0;
    if (std::from_chars(start, p_, v).ec != std::errc{}) return false;  // out of range: nlohmann decides
    out = v;
    return true;
  }

  const char* p_;
  const char* end_;
  std::vector<std::pair<std::string, Json>> members_;  // objects being read, innermost last
};

}  // namespace json_reader_detail

// The document `text` holds, or nothing when the fast path declines it (see
// above); never throws for bad input.
inline std::optional<Json> read_json(std::string_view text) {
  Json out;
  json_reader_detail::Reader reader(text);
  if (!reader.document(out)) return std::nullopt;
  return out;
}

// The document `text` holds, read by the fast path or else by nlohmann's
// parser, which throws its parse_error or out_of_range (with nlohmann's
// message) for what it refuses. Its first pass keeps nothing: building flat
// objects of thousands of members is quadratic, and most text the fast path
// declines is invalid and ends there.
inline Json parse_json(std::string_view text) {
  if (auto document = read_json(text)) return std::move(*document);
  [[maybe_unused]] const Json checked =
      Json::parse(text, [](int depth, Json::parse_event_t, Json&) { return depth == 0; });
  return Json::parse(text);
}

}  // namespace streamline
