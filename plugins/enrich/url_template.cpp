#include "url_template.hpp"

#include <stdexcept>

namespace streamline::plugins::enrich {

UrlTemplate UrlTemplate::parse(std::string_view text) {
  constexpr std::string_view kScheme = "http://";
  if (!text.starts_with(kScheme)) {
    if (text.starts_with("https://"))
      throw std::invalid_argument("https is not supported; use http:// (e.g. through a local TLS proxy)");
    throw std::invalid_argument("'" + std::string(text) + "' is not an http:// URL");
  }
  const auto path_start = text.find('/', kScheme.size());
  const std::string_view host = text.substr(kScheme.size(), path_start - kScheme.size());
  if (host.empty() || host.starts_with(':')) throw std::invalid_argument("the URL names no host");
  if (host.find('{') != std::string_view::npos)
    throw std::invalid_argument("placeholders belong in the path, not in the host");
  const std::string_view path = path_start == std::string_view::npos ? std::string_view() : text.substr(path_start);
  if (path.find(kUserIdPlaceholder) == std::string_view::npos)
    throw std::invalid_argument("the URL has no {user_id} placeholder in its path");
  UrlTemplate result;
  result.origin_ = std::string(text.substr(0, kScheme.size() + host.size()));
  result.path_ = std::string(path);
  return result;
}

std::string UrlTemplate::path_for(std::string_view id) const {
  const std::string encoded = percent_encode(id);
  std::string out;
  out.reserve(path_.size() + encoded.size());
  std::string_view rest = path_;
  for (auto at = rest.find(kUserIdPlaceholder); at != std::string_view::npos; at = rest.find(kUserIdPlaceholder)) {
    out.append(rest.substr(0, at));
    out.append(encoded);
    rest.remove_prefix(at + kUserIdPlaceholder.size());
  }
  out.append(rest);
  return out;
}

std::string percent_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    const bool unreserved = (byte >= 'A' && byte <= 'Z') || (byte >= 'a' && byte <= 'z') ||
                            (byte >= '0' && byte <= '9') || byte == '-' || byte == '.' || byte == '_' ||
                            byte == '~';
    if (unreserved) {
      out += c;
    } else {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 0x0F];
    }
  }
  return out;
}

}  // namespace streamline::plugins::enrich
