#include <gtest/gtest.h>

#include <streamline/event.hpp>

namespace streamline {
namespace {

TEST(EventOriginalRaw, IsTheSourcesTextAfterAStageChangedTheDocument) {
  Event e = Event::from_raw(R"({"b":1,  "a":2})");
  EXPECT_EQ(e.original_raw(), R"({"b":1,  "a":2})");
  e.mutable_json()["enrichment"] = {{"status", "partial"}};
  EXPECT_EQ(e.raw(), R"({"b":1,"a":2,"enrichment":{"status":"partial"}})") << "members in the order they came";
  EXPECT_EQ(e.original_raw(), R"({"b":1,  "a":2})") << "byte for byte, as it arrived";
  e.mutable_json()["fraud"] = 1;
  EXPECT_EQ(e.original_raw(), R"({"b":1,  "a":2})") << "the first change keeps it; later ones do not replace it";
}

TEST(EventOriginalRaw, CoversSetRawSetJsonAndDocumentsFromAnInProcessSource) {
  Event replaced = Event::from_raw("not json");
  replaced.set_raw("{}");
  EXPECT_EQ(replaced.original_raw(), "not json");

  Event generated = Event::from_json({{"n", 1}});
  generated.set_json({{"n", 2}});
  EXPECT_EQ(generated.original_raw(), R"({"n":1})");
  EXPECT_EQ(generated.raw(), R"({"n":2})");

  const Event untouched = Event::from_raw("as is");
  EXPECT_EQ(&untouched.original_raw(), &untouched.raw());
}

}  // namespace
}  // namespace streamline
