// release_json: frees a document from the leaves up, at any depth, and
// leaves the root an empty container.

#include <string>

#include <gtest/gtest.h>

#include <streamline/event.hpp>
#include <streamline/json.hpp>

namespace streamline {
namespace {

TEST(ReleaseJson, EmptiesTheRootContainerAndFreesEverythingBelow) {
  Json doc = Json::parse(R"({"a": {"b": [1, "two", {"c": null}]}, "d": "text that does not fit in place"})");
  release_json(doc);
  EXPECT_TRUE(doc.is_object());
  EXPECT_TRUE(doc.empty());

  Json array = Json::parse(R"([[1, [2, [3]]], {"x": [true]}])");
  release_json(array);
  EXPECT_TRUE(array.is_array());
  EXPECT_TRUE(array.empty());
}

TEST(ReleaseJson, LeavesAScalarAsItIs) {
  Json text = "kept";
  release_json(text);
  EXPECT_EQ(text, "kept");
  Json number = 42;
  release_json(number);
  EXPECT_EQ(number, 42);
}

// Deeper than the bottom-up walk goes, nlohmann's own teardown takes over;
// neither may overflow the stack.
TEST(ReleaseJson, FreesADocumentFarDeeperThanItsWalk) {
  Json deep = Json::array();
  Json* innermost = &deep;
  for (int depth = 0; depth < 100'000; ++depth) {
    innermost->push_back(Json::object());
    innermost = &(*innermost)[0];
    (*innermost)["next"] = Json::array();
    innermost = &(*innermost)["next"];
  }
  release_json(deep);
  EXPECT_TRUE(deep.empty());
}

TEST(ReleaseJson, AnEventFreesItsDocumentAndAMovedFromEventNothing) {
  Event event = Event::from_raw(R"({"order_id": "o-1", "items": [{"sku": "a"}]})");
  event.mutable_json()["enrichment"] = Json{{"user", {{"name", "n"}}}};
  Event moved = std::move(event);
  EXPECT_EQ(moved.json().at("items")[0].at("sku"), "a");
}

}  // namespace
}  // namespace streamline
