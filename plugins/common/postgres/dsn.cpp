#include "postgres/dsn.hpp"

#include <cctype>

namespace streamline::plugins::postgres {
namespace {

constexpr std::string_view kMask = "***";

bool is_uri(std::string_view dsn) {
  return dsn.starts_with("postgresql://") || dsn.starts_with("postgres://");
}

std::string redact_uri(std::string_view dsn) {
  std::string out;
  const std::size_t scheme_end = dsn.find("://") + 3;
  out.append(dsn.substr(0, scheme_end));
  std::string_view rest = dsn.substr(scheme_end);
  // userinfo ends at the last '@' before the path or query.
  const std::size_t authority_end = rest.find_first_of("/?");
  const std::string_view authority = rest.substr(0, authority_end);
  const std::size_t at = authority.rfind('@');
  if (at != std::string_view::npos) {
    const std::string_view userinfo = authority.substr(0, at);
    const std::size_t colon = userinfo.find(':');
    if (colon != std::string_view::npos) {
      out.append(userinfo.substr(0, colon + 1));
      out.append(kMask);
    } else {
      out.append(userinfo);
    }
    out.append(authority.substr(at));
  } else {
    out.append(authority);
  }
  if (authority_end == std::string_view::npos) return out;
  rest = rest.substr(authority_end);
  // Query parameters: password=... up to the next '&'.
  const std::size_t query = rest.find('?');
  out.append(rest.substr(0, query == std::string_view::npos ? rest.size() : query + 1));
  if (query == std::string_view::npos) return out;
  std::string_view params = rest.substr(query + 1);
  bool first = true;
  while (true) {
    const std::size_t amp = params.find('&');
    const std::string_view param = params.substr(0, amp);
    if (!first) out += '&';
    first = false;
    if (param.starts_with("password=")) {
      out.append("password=");
      out.append(kMask);
    } else {
      out.append(param);
    }
    if (amp == std::string_view::npos) break;
    params = params.substr(amp + 1);
  }
  return out;
}

// key=value pairs separated by spaces; values may be 'quoted' with \-escapes.
std::string redact_key_values(std::string_view dsn) {
  std::string out;
  std::size_t i = 0;
  while (i < dsn.size()) {
    if (std::isspace(static_cast<unsigned char>(dsn[i]))) {
      out += dsn[i++];
      continue;
    }
    std::size_t key_end = i;
    while (key_end < dsn.size() && dsn[key_end] != '=' && !std::isspace(static_cast<unsigned char>(dsn[key_end])))
      ++key_end;
    const std::string_view key = dsn.substr(i, key_end - i);
    std::size_t j = key_end;
    while (j < dsn.size() && std::isspace(static_cast<unsigned char>(dsn[j]))) ++j;
    if (j >= dsn.size() || dsn[j] != '=') {
      out.append(dsn.substr(i, j - i));
      i = j;
      continue;
    }
    ++j;  // '='
    while (j < dsn.size() && std::isspace(static_cast<unsigned char>(dsn[j]))) ++j;
    std::size_t value_end = j;
    if (value_end < dsn.size() && dsn[value_end] == '\'') {
      ++value_end;
      while (value_end < dsn.size() && dsn[value_end] != '\'') value_end += dsn[value_end] == '\\' ? 2 : 1;
      value_end = std::min(value_end + 1, dsn.size());
    } else {
      while (value_end < dsn.size() && !std::isspace(static_cast<unsigned char>(dsn[value_end]))) ++value_end;
    }
    out.append(key);
    out += '=';
    if (key == "password") out.append(kMask);
    else out.append(dsn.substr(j, value_end - j));
    i = value_end;
  }
  return out;
}

}  // namespace

std::string redact_dsn(std::string_view dsn) {
  return is_uri(dsn) ? redact_uri(dsn) : redact_key_values(dsn);
}

}  // namespace streamline::plugins::postgres
