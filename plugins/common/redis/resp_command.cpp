#include "redis/resp_command.hpp"

#include <charconv>
#include <cstddef>

namespace streamline::plugins::redis {
namespace {

void append_header(std::string& out, char kind, std::size_t count) {
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, count).ptr;
  out += kind;
  out.append(digits, end);
  out += "\r\n";
}

}  // namespace

void append_resp_command(std::string& out, const RedisCommand& command) {
  append_header(out, '*', command.size());
  for (const std::string& argument : command) {
    append_header(out, '$', argument.size());
    out += argument;
    out += "\r\n";
  }
}

}  // namespace streamline::plugins::redis
