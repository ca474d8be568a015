#include "plugins/enrich/url_template.hpp"

#include <stdexcept>
#include <string>

#include <gtest/gtest.h>

namespace streamline::plugins::enrich {
namespace {

std::string parse_error(const std::string& text) {
  try {
    UrlTemplate::parse(text);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "parsed";
}

TEST(UrlTemplate, SplitsOriginAndPathAndExpandsTheId) {
  const UrlTemplate url = UrlTemplate::parse("http://users.internal:8080/users/{user_id}");
  EXPECT_EQ(url.origin(), "http://users.internal:8080");
  EXPECT_EQ(url.path_for("user-00042"), "/users/user-00042");
  EXPECT_EQ(url.url_for("user-00042"), "http://users.internal:8080/users/user-00042");
}

TEST(UrlTemplate, ExpandsEveryPlaceholderAndKeepsTheRest) {
  const UrlTemplate url = UrlTemplate::parse("http://127.0.0.1/v1/{user_id}/profile?id={user_id}&full=1");
  EXPECT_EQ(url.origin(), "http://127.0.0.1");
  EXPECT_EQ(url.path_for("u1"), "/v1/u1/profile?id=u1&full=1");
}

TEST(UrlTemplate, PercentEncodesTheIdSoItCannotChangeThePath) {
  const UrlTemplate url = UrlTemplate::parse("http://h:1/users/{user_id}");
  EXPECT_EQ(url.path_for("../admin?x=1&y=2"), "/users/..%2Fadmin%3Fx%3D1%26y%3D2");
  EXPECT_EQ(url.path_for("a b/é"), "/users/a%20b%2F%C3%A9");
  EXPECT_EQ(url.path_for("A-z_0.9~"), "/users/A-z_0.9~");
}

TEST(UrlTemplate, RefusesWhatItCannotUse) {
  EXPECT_EQ(parse_error("https://h/users/{user_id}"),
            "https is not supported; use http:// (e.g. through a local TLS proxy)");
  EXPECT_EQ(parse_error("ftp://h/{user_id}"), "'ftp://h/{user_id}' is not an http:// URL");
  EXPECT_EQ(parse_error("http:///users/{user_id}"), "the URL names no host");
  EXPECT_EQ(parse_error("http://:80/users/{user_id}"), "the URL names no host");
  EXPECT_EQ(parse_error("http://h:80/users/42"), "the URL has no {user_id} placeholder in its path");
  EXPECT_EQ(parse_error("http://h:80"), "the URL has no {user_id} placeholder in its path");
  EXPECT_EQ(parse_error("http://{user_id}.h/x"), "placeholders belong in the path, not in the host");
}

TEST(PercentEncode, EncodesEveryReservedByteInUpperHex) {
  EXPECT_EQ(percent_encode(""), "");
  EXPECT_EQ(percent_encode("/?#[]@!$&'()*+,;=% "), "%2F%3F%23%5B%5D%40%21%24%26%27%28%29%2A%2B%2C%3B%3D%25%20");
}

}  // namespace
}  // namespace streamline::plugins::enrich
