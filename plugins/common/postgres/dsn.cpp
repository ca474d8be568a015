#include "postgres/dsn.hpp"

#include <algorithm>
#include <cctype>

namespace streamline::plugins::postgres {
namespace {

constexpr std::string_view kMask = "***";

bool is_secret_key(std::string_view key) { return key == "password" || key == "sslpassword"; }

// "password" for "password=x", "" for a parameter that is no secret.
std::string_view secret_key(std::string_view param) {
  const std::size_t equals = param.find('=');
  if (equals == std::string_view::npos) return {};
  const std::string_view key = param.substr(0, equals);
  return is_secret_key(key) ? key : std::string_view{};
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// %XX decoded; a malformed escape is kept as written.
std::string percent_decoded(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 && hex_value(text[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

void add_password(std::vector<std::string>& out, std::string_view written, bool decode) {
  if (written.empty()) return;
  out.emplace_back(written);
  if (decode) {
    std::string decoded = percent_decoded(written);
    if (decoded != written) out.push_back(std::move(decoded));
  }
}

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
    if (const std::string_view key = secret_key(param); !key.empty()) {
      out.append(key);
      out += '=';
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
      // A word without '=' is malformed; after `password=se cret` it is the
      // password's second half.
      out.append(kMask);
      i = key_end;
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
    if (is_secret_key(key)) out.append(kMask);
    else out.append(dsn.substr(j, value_end - j));
    i = value_end;
  }
  return out;
}

// The values of password= and sslpassword= in a URI's query.
void uri_passwords(std::string_view dsn, std::vector<std::string>& out) {
  const std::string_view rest = dsn.substr(dsn.find("://") + 3);
  const std::size_t authority_end = rest.find_first_of("/?");
  const std::string_view authority = rest.substr(0, authority_end);
  if (const std::size_t at = authority.rfind('@'); at != std::string_view::npos) {
    const std::string_view userinfo = authority.substr(0, at);
    if (const std::size_t colon = userinfo.find(':'); colon != std::string_view::npos)
      add_password(out, userinfo.substr(colon + 1), true);
  }
  const std::size_t query = rest.find('?');
  if (query == std::string_view::npos) return;
  std::string_view params = rest.substr(query + 1);
  while (!params.empty()) {
    const std::size_t amp = params.find('&');
    const std::string_view param = params.substr(0, amp);
    if (const std::string_view key = secret_key(param); !key.empty())
      add_password(out, param.substr(key.size() + 1), true);
    if (amp == std::string_view::npos) break;
    params = params.substr(amp + 1);
  }
}

// The values of password= and sslpassword= in key=value form, unquoted.
void key_value_passwords(std::string_view dsn, std::vector<std::string>& out) {
  for (std::size_t i = 0; (i = dsn.find("password", i)) != std::string_view::npos; i += 8) {
    const bool ssl = i >= 3 && dsn.substr(i - 3, 3) == "ssl";
    const std::size_t key_begin = ssl ? i - 3 : i;
    if (key_begin > 0 && !std::isspace(static_cast<unsigned char>(dsn[key_begin - 1]))) continue;
    std::size_t j = i + 8;
    while (j < dsn.size() && std::isspace(static_cast<unsigned char>(dsn[j]))) ++j;
    if (j >= dsn.size() || dsn[j] != '=') continue;
    ++j;
    while (j < dsn.size() && std::isspace(static_cast<unsigned char>(dsn[j]))) ++j;
    std::string value;
    if (j < dsn.size() && dsn[j] == '\'') {
      // Quoted: up to the closing quote (or the end: libpq then says
      // "unterminated quoted string", and the rest is all password).
      const std::size_t quote = j;
      for (++j; j < dsn.size() && dsn[j] != '\''; ++j) {
        if (dsn[j] == '\\' && j + 1 < dsn.size()) ++j;
        value += dsn[j];
      }
      add_password(out, value, false);
      const std::string_view written = dsn.substr(quote + 1, j - quote - 1);  // escapes and all
      if (written != value) add_password(out, written, false);
      continue;
    }
    while (j < dsn.size() && !std::isspace(static_cast<unsigned char>(dsn[j]))) value += dsn[j++];
    add_password(out, value, false);
    // libpq reads `password=se cret` (a space, unquoted) as "se" and a key
    // "cret" without '=', which its message quotes: the words up to the next
    // key=value are the password's too.
    while (true) {
      while (j < dsn.size() && std::isspace(static_cast<unsigned char>(dsn[j]))) ++j;
      std::size_t word_end = j;
      while (word_end < dsn.size() && !std::isspace(static_cast<unsigned char>(dsn[word_end])) && dsn[word_end] != '=')
        ++word_end;
      if (word_end == j || (word_end < dsn.size() && dsn[word_end] == '=')) break;
      std::size_t after = word_end;
      while (after < dsn.size() && std::isspace(static_cast<unsigned char>(dsn[after]))) ++after;
      if (after < dsn.size() && dsn[after] == '=') break;  // `key = value`
      add_password(out, dsn.substr(j, word_end - j), false);
      j = word_end;
    }
  }
}

void replace_all(std::string& text, std::string_view from, std::string_view to) {
  if (from.empty()) return;
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
}

}  // namespace

std::vector<std::string> dsn_passwords(std::string_view dsn) {
  std::vector<std::string> passwords;
  if (is_uri(dsn)) uri_passwords(dsn, passwords);
  else key_value_passwords(dsn, passwords);
  return passwords;
}

std::string redact_dsn_secrets(std::string_view text, std::string_view dsn) {
  std::string out(text);
  if (!dsn.empty()) replace_all(out, dsn, redact_dsn(dsn));
  std::vector<std::string> passwords = dsn_passwords(dsn);
  // Longest first, so a piece never leaves half of a longer password behind.
  std::sort(passwords.begin(), passwords.end(), [](const std::string& a, const std::string& b) {
    return a.size() > b.size();
  });
  for (const std::string& password : passwords) replace_all(out, password, kMask);
  return out;
}

std::string redact_dsn(std::string_view dsn) {
  return is_uri(dsn) ? redact_uri(dsn) : redact_key_values(dsn);
}

}  // namespace streamline::plugins::postgres
