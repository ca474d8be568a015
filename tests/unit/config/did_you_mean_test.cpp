#include "engine/config/did_you_mean.hpp"

#include <gtest/gtest.h>

namespace streamline::engine {
namespace {

TEST(EditDistance, CountsInsertionsDeletionsSubstitutions) {
  EXPECT_EQ(edit_distance("", ""), 0u);
  EXPECT_EQ(edit_distance("abc", ""), 3u);
  EXPECT_EQ(edit_distance("", "abc"), 3u);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(edit_distance("concurency", "concurrency"), 1u);
}

TEST(EditDistance, AdjacentSwapCostsOne) {
  EXPECT_EQ(edit_distance("stagse", "stages"), 1u);
  EXPECT_EQ(edit_distance("ab", "ba"), 1u);
}

TEST(ClosestMatch, SuggestsATypo) {
  const std::vector<std::string> keys{"pipeline", "resources", "stages"};
  EXPECT_EQ(closest_match("stagse", keys), "stages");
  EXPECT_EQ(closest_match("pipline", keys), "pipeline");
  EXPECT_EQ(closest_match("Stages", keys), "stages");  // case is not a typo worth hiding
}

TEST(ClosestMatch, NothingWhenTooDifferent) {
  const std::vector<std::string> keys{"pipeline", "resources", "stages"};
  EXPECT_EQ(closest_match("banana", keys), std::nullopt);
  EXPECT_EQ(closest_match("x", std::vector<std::string>{"y"}), "y");  // one edit always allowed
  EXPECT_EQ(closest_match("ab", std::vector<std::string>{"xy"}), std::nullopt);
}

TEST(ClosestMatch, PrefersTheNearestThenTheFirst) {
  EXPECT_EQ(closest_match("limt", std::vector<std::string>{"lint", "limit"}), "lint");
  EXPECT_EQ(closest_match("cat", std::vector<std::string>{"bat", "hat"}), "bat");
}

TEST(ClosestMatch, AnExactMatchIsNoSuggestion) {
  EXPECT_EQ(closest_match("stages", std::vector<std::string>{"stages"}), std::nullopt);
}

TEST(DidYouMean, FormatsTheHint) {
  EXPECT_EQ(did_you_mean("thresold", {"threshold", "limit"}), "did you mean 'threshold'?");
  EXPECT_EQ(did_you_mean("zzz", {"threshold", "limit"}), "");
}

TEST(Join, SeparatesItems) {
  EXPECT_EQ(join({}), "");
  EXPECT_EQ(join({"a"}), "a");
  EXPECT_EQ(join({"a", "b", "c"}), "a, b, c");
  EXPECT_EQ(join({"a", "b"}, " | "), "a | b");
}

}  // namespace
}  // namespace streamline::engine
