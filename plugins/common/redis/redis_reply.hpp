#pragma once
// RedisReply: one server reply as a small value type, detached from hiredis
// (the reply objects hiredis allocates are converted and freed at once).

#include <cstdint>
#include <string>
#include <vector>

namespace streamline::plugins::redis {

// One command: its arguments, binary-safe ({"SET", "key", "value", "EX", "60"}).
using RedisCommand = std::vector<std::string>;

class RedisReply {
 public:
  enum class Type { kNil, kString, kInteger, kArray, kStatus, kError };

  RedisReply() = default;  // nil
  static RedisReply nil() { return RedisReply(); }
  static RedisReply string(std::string value) { return RedisReply(Type::kString, std::move(value)); }
  static RedisReply status(std::string value) { return RedisReply(Type::kStatus, std::move(value)); }
  static RedisReply error(std::string message) { return RedisReply(Type::kError, std::move(message)); }
  static RedisReply integer(std::int64_t value) {
    RedisReply r(Type::kInteger, {});
    r.integer_ = value;
    return r;
  }
  static RedisReply array(std::vector<RedisReply> elements) {
    RedisReply r(Type::kArray, {});
    r.elements_ = std::move(elements);
    return r;
  }

  Type type() const noexcept { return type_; }
  bool is_nil() const noexcept { return type_ == Type::kNil; }
  bool is_string() const noexcept { return type_ == Type::kString; }
  bool is_integer() const noexcept { return type_ == Type::kInteger; }
  bool is_array() const noexcept { return type_ == Type::kArray; }
  bool is_status() const noexcept { return type_ == Type::kStatus; }
  bool is_error() const noexcept { return type_ == Type::kError; }

  // The text of a string, status or error reply; empty for the other types.
  const std::string& text() const noexcept { return text_; }
  // The value of an integer reply; 0 for the other types.
  std::int64_t integer_value() const noexcept { return integer_; }
  // The elements of an array reply; empty for the other types.
  const std::vector<RedisReply>& elements() const noexcept { return elements_; }

  // For messages and test output: nil, "text", (integer) 3, +OK, -ERR ..., [a, b].
  std::string describe() const;

  bool operator==(const RedisReply&) const = default;

 private:
  RedisReply(Type type, std::string text) : type_(type), text_(std::move(text)) {}

  Type type_ = Type::kNil;
  std::string text_;
  std::int64_t integer_ = 0;
  std::vector<RedisReply> elements_;
};

const char* to_string(RedisReply::Type type) noexcept;

}  // namespace streamline::plugins::redis
