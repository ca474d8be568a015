#pragma once
// UrlTemplate: the HTTP lookup's address, "http://host:port/users/{user_id}".
//
// The origin ("http://host:port") names the server a client connects to;
// the path keeps the placeholder, replaced per lookup by the id,
// percent-encoded (RFC 3986 unreserved characters stay as they are), so an
// id can never change the host or add a query. Only http:// is supported.

#include <string>
#include <string_view>

namespace streamline::plugins::enrich {

inline constexpr std::string_view kUserIdPlaceholder = "{user_id}";

class UrlTemplate {
 public:
  // Throws std::invalid_argument naming what is wrong: not http://, no
  // host, no {user_id} in the path, a placeholder in the host.
  static UrlTemplate parse(std::string_view text);

  // "http://host:port" (as written, without the path).
  const std::string& origin() const noexcept { return origin_; }
  // The path (and query) with every {user_id} replaced by the encoded id.
  std::string path_for(std::string_view id) const;
  // The whole URL for `id`, for messages.
  std::string url_for(std::string_view id) const { return origin_ + path_for(id); }

 private:
  std::string origin_;
  std::string path_;
};

// Percent-encodes every byte but A-Z a-z 0-9 - . _ ~.
std::string percent_encode(std::string_view text);

}  // namespace streamline::plugins::enrich
