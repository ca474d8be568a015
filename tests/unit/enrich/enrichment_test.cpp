#include "plugins/enrich/enrichment.hpp"

#include <gtest/gtest.h>

namespace streamline::plugins::enrich {
namespace {

const Record kUser = std::make_shared<const Json>(Json{{"user_id", "user-00042"}, {"name", "User 42"},      {"email", "user42@example.com"},
                    {"country", "DE"},         {"tier", "standard"},     {"signup_date", "2024-04-19"}});
const Record kProduct7 = std::make_shared<const Json>(
    Json{{"product_id", "prod-0007"}, {"name", "Product 7"}, {"category", "sports"}, {"price", 49.58}});
const Record kProduct8 = std::make_shared<const Json>(
    Json{{"product_id", "prod-0008"}, {"name", "Product 8"}, {"category", "electronics"}, {"price", 68.52}});

Json order(Json items) {
  return {{"event_id", "e1"},
          {"event_type", "ORDER_CREATED"},
          {"user_id", "user-00042"},
          {"data", {{"items", std::move(items)}, {"total_amount", 25.0}}}};
}

TEST(References, TakesTheUserAndTheDistinctProductsInItemOrder) {
  const References refs = references_of(order(Json::array({{{"product_id", "prod-0008"}, {"quantity", 1}},
                                                           {{"product_id", "prod-0007"}, {"quantity", 2}},
                                                           {{"product_id", "prod-0008"}, {"quantity", 3}}})));
  EXPECT_EQ(refs.user_id, "user-00042");
  EXPECT_EQ(refs.product_ids, (std::vector<std::string>{"prod-0008", "prod-0007"}));
}

TEST(References, IgnoresWhatIsNotAStringIdWhereItShouldBe) {
  const Json event = {{"user_id", 42},
                      {"data", {{"items", Json::array({{{"product_id", 7}}, "prod-0001", {{"quantity", 1}},
                                                       {{"product_id", ""}}, {{"product_id", "prod-0002"}}})}}}};
  const References refs = references_of(event);
  EXPECT_EQ(refs.user_id, std::nullopt);
  EXPECT_EQ(refs.product_ids, (std::vector<std::string>{"prod-0002"}));
}

TEST(References, LifecycleEventsAndOddShapesHaveNoProducts) {
  EXPECT_TRUE(references_of({{"user_id", "u"}, {"data", {{"amount", 3}}}}).product_ids.empty());
  EXPECT_TRUE(references_of({{"user_id", "u"}, {"data", "text"}}).product_ids.empty());
  EXPECT_TRUE(references_of({{"data", {{"items", {{"a", 1}}}}}}).product_ids.empty());
  EXPECT_EQ(references_of(Json::array({1, 2})).user_id, std::nullopt);
  EXPECT_EQ(references_of({{"user_id", ""}}).user_id, std::nullopt);
}

TEST(Enrichment, EverythingFoundIsComplete) {
  const References refs{"user-00042", {"prod-0008", "prod-0007"}};
  const Json enrichment = enrichment_of(refs, {{"user-00042", kUser}},
                                        {{"prod-0007", kProduct7}, {"prod-0008", kProduct8}});
  EXPECT_EQ(enrichment, Json::parse(R"({
    "status": "complete",
    "user": {"user_id": "user-00042", "name": "User 42", "email": "user42@example.com", "country": "DE",
             "tier": "standard", "signup_date": "2024-04-19"},
    "products": [{"product_id": "prod-0008", "name": "Product 8", "category": "electronics", "price": 68.52},
                 {"product_id": "prod-0007", "name": "Product 7", "category": "sports", "price": 49.58}],
    "missing": []
  })"));
  EXPECT_FALSE(is_partial(enrichment));
}

TEST(Enrichment, WhatWasNotFoundIsListedAndMakesItPartial) {
  const References refs{"user-99999", {"prod-9999", "prod-0007"}};
  const Json enrichment = enrichment_of(refs, {{"user-00042", kUser}}, {{"prod-0007", kProduct7}});
  EXPECT_EQ(enrichment.dump(),
            R"({"status":"partial","user":null,"products":[{"product_id":"prod-0007","name":"Product 7",)"
            R"("category":"sports","price":49.58}],"missing":["user:user-99999","product:prod-9999"]})");
  EXPECT_TRUE(is_partial(enrichment));
}

TEST(Enrichment, AnEventWithoutUserOrItemsIsCompleteAndEmpty) {
  const Json enrichment = enrichment_of(References{}, {}, {});
  EXPECT_EQ(enrichment.dump(), R"({"status":"complete","user":null,"products":[],"missing":[]})");
}

TEST(RecordKindNames, AreTheMissingPrefixes) {
  EXPECT_STREQ(to_string(RecordKind::kUser), "user");
  EXPECT_STREQ(to_string(RecordKind::kProduct), "product");
}

}  // namespace
}  // namespace streamline::plugins::enrich
