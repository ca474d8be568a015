#include "redis/redis_url.hpp"

#include <charconv>
#include <limits>
#include <optional>
#include <stdexcept>

namespace streamline::plugins::redis {
namespace {

constexpr std::string_view kScheme = "redis://";

[[noreturn]] void invalid(const std::string& what) { throw std::invalid_argument("invalid redis URL: " + what); }

std::optional<long long> parse_number(std::string_view text) {
  if (text.empty()) return std::nullopt;
  long long value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 0) return std::nullopt;
  return value;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Percent-decoding, so a password may hold '@', ':' or '/' (as %40, %3A, %2F).
// The message names the part, never its text: it may be the password.
std::string percent_decode(std::string_view text, std::string_view part) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    const int high = i + 2 < text.size() ? hex_digit(text[i + 1]) : -1;
    const int low = i + 2 < text.size() ? hex_digit(text[i + 2]) : -1;
    if (high < 0 || low < 0) invalid(std::string(part) + " has a '%' not followed by two hex digits");
    out += static_cast<char>(high * 16 + low);
    i += 2;
  }
  return out;
}

// "port '0'", or just "port" when the text is not all digits: a URL whose
// password lacks its '@host' (redis://app:secret) has it where the port
// goes, and a message never shows a password.
std::string quoted_if_digits(std::string_view part, std::string_view text) {
  const bool digits = !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
  return digits ? std::string(part) + " '" + std::string(text) + "'" : "the " + std::string(part);
}

}  // namespace

std::string RedisEndpoint::address() const {
  const bool ipv6 = host.find(':') != std::string::npos;
  return (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

RedisEndpoint parse_redis_url(std::string_view url) {
  if (url.starts_with("rediss://"))
    invalid("TLS (rediss://) is not supported: the hiredis this engine is built with (0.14, Debian 12's) has no "
            "TLS; use redis:// on a trusted network, or a TLS tunnel (stunnel, spiped) to the server");
  if (!url.starts_with(kScheme)) invalid("it must start with redis:// (redis://[:password@]host:port/db)");
  std::string_view rest = url.substr(kScheme.size());
  if (rest.find_first_of("?#") != std::string_view::npos) invalid("query parameters are not supported");

  const std::size_t slash = rest.find('/');
  const std::string_view authority = rest.substr(0, slash);
  const std::string_view path = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash + 1);

  RedisEndpoint endpoint;
  std::string_view host_port = authority;
  if (const std::size_t at = authority.rfind('@'); at != std::string_view::npos) {
    const std::string_view userinfo = authority.substr(0, at);
    const std::size_t colon = userinfo.find(':');
    if (colon == std::string_view::npos)
      invalid("the part before '@' must be [user]:password (redis://:password@host:port/db)");
    endpoint.user = percent_decode(userinfo.substr(0, colon), "the user");
    endpoint.password = percent_decode(userinfo.substr(colon + 1), "the password");
    host_port = authority.substr(at + 1);
  }

  std::optional<std::string_view> port_text;  // present when a ':' follows the host
  if (host_port.starts_with('[')) {
    const std::size_t close = host_port.find(']');
    if (close == std::string_view::npos) invalid("IPv6 host '" + std::string(host_port) + "' has no closing ']'");
    endpoint.host = std::string(host_port.substr(1, close - 1));
    const std::string_view after = host_port.substr(close + 1);
    if (!after.empty() && !after.starts_with(':'))
      invalid("unexpected '" + std::string(after) + "' after the IPv6 host");
    if (!after.empty()) port_text = after.substr(1);
  } else if (const std::size_t colon = host_port.rfind(':'); colon != std::string_view::npos) {
    endpoint.host = std::string(host_port.substr(0, colon));
    port_text = host_port.substr(colon + 1);
  } else {
    endpoint.host = std::string(host_port);
  }
  if (endpoint.host.empty()) invalid("no host (redis://host:port/db)");

  if (port_text) {
    const auto port = parse_number(*port_text);
    if (!port || *port < 1 || *port > 65535)
      invalid(quoted_if_digits("port", *port_text) + " is not a number from 1 to 65535");
    endpoint.port = static_cast<int>(*port);
  }

  if (!path.empty()) {
    const auto db = parse_number(path);
    if (!db || *db > std::numeric_limits<int>::max())
      invalid(quoted_if_digits("database", path) + " is not a number (redis://host:port/0)");
    endpoint.db = static_cast<int>(*db);
  }
  return endpoint;
}

std::string redact_redis_url(std::string_view url) {
  const std::size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return std::string(url);
  const std::size_t authority_begin = scheme_end + 3;
  const std::size_t authority_end = url.find('/', authority_begin);
  const std::string_view authority = url.substr(authority_begin, authority_end - authority_begin);
  const std::size_t at = authority.rfind('@');
  if (at == std::string_view::npos) return std::string(url);
  const std::string_view userinfo = authority.substr(0, at);
  const std::size_t colon = userinfo.find(':');
  std::string out(url.substr(0, authority_begin));
  out += colon == std::string_view::npos ? std::string("***") : std::string(userinfo.substr(0, colon + 1)) + "***";
  out += url.substr(authority_begin + at);
  return out;
}

}  // namespace streamline::plugins::redis
