#pragma once
// Where a Redis server is, from a URL: redis://[[user]:password@]host[:port][/db]
//
//   redis://127.0.0.1:6379/0       host 127.0.0.1, port 6379, db 0
//   redis://:secret@cache:6380/2   AUTH secret, SELECT 2
//   redis://app:secret@cache       AUTH app secret (Redis 6 ACL user), port 6379, db 0
//   redis://[::1]:6379             an IPv6 host in brackets
//
// TLS (rediss://), unix sockets and query parameters are not supported by the
// client (hiredis 0.14, Debian 12's, has no TLS at all) and are refused with
// a message saying so.

#include <string>
#include <string_view>

namespace streamline::plugins::redis {

struct RedisEndpoint {
  std::string host = "127.0.0.1";
  int port = 6379;
  std::string user;      // empty: AUTH with the password only
  std::string password;  // empty: no AUTH
  int db = 0;

  // "host:port" ("[::1]:6379" for IPv6), for messages and logs.
  std::string address() const;
  bool operator==(const RedisEndpoint&) const = default;
};

// Throws std::invalid_argument with a message naming what is wrong; the
// message never contains the password, nor text where a misplaced password
// could be (a port or database that is not digits is named, not quoted).
RedisEndpoint parse_redis_url(std::string_view url);

// The URL with its password replaced by `***`, for logs:
//   redis://:secret@cache:6380/2 -> redis://:***@cache:6380/2
std::string redact_redis_url(std::string_view url);

}  // namespace streamline::plugins::redis
