// The admin server's `/`: the live page, self-contained (nothing fetched
// from another machine) and reading the server's own /status.
#include "engine/observe/live_page.hpp"

#include <gtest/gtest.h>
#include <httplib.h>

#include <regex>
#include <string>

#include "engine/observe/admin_server.hpp"

namespace streamline::engine {
namespace {

TEST(LivePage, TheServerAnswersSlashWithThePageAsHtml) {
  AdminServer server("127.0.0.1", 0, {});
  httplib::Client client("127.0.0.1", server.port());
  const auto res = client.Get("/");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(res->body, std::string(live_page_html()));
}

TEST(LivePage, IsSelfContainedAndPollsTheStatusBesideIt) {
  const std::string page(live_page_html());
  EXPECT_EQ(page.rfind("<!doctype html>", 0), 0u);
  EXPECT_NE(page.find(R"js(fetch("status",)js"), std::string::npos);
  // No external script, style sheet, font or image: every URL in the page is
  // the SVG namespace name, which is never fetched.
  const std::regex url(R"((https?:)?//[A-Za-z0-9.-]+\.[A-Za-z]{2,})");
  for (auto it = std::sregex_iterator(page.begin(), page.end(), url); it != std::sregex_iterator(); ++it)
    EXPECT_EQ(it->str(), "http://www.w3.org") << "the page refers to " << it->str();
  EXPECT_EQ(page.find("<script src"), std::string::npos);
  EXPECT_EQ(page.find("<link"), std::string::npos);
  EXPECT_EQ(page.find("@import"), std::string::npos);
}

}  // namespace
}  // namespace streamline::engine
