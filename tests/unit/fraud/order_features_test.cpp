// FeatureExtractor: the model's features of an order and its enrichment.

#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "plugins/fraud/order_features.hpp"

namespace streamline::plugins::fraud {
namespace {

using Json = streamline::Json;

// A new account (signed up 9 days before) in Germany buys a laptop twice
// and a book, shipped to France, paying with PayPal from a German IP.
Json laptop_order() {
  return Json::parse(R"({
    "event_id": "evt-1", "event_type": "ORDER_CREATED", "order_id": "ord-1", "user_id": "user-00042",
    "timestamp": "2025-03-10T14:24:00.000Z",
    "data": {
      "items": [{"product_id": "prod-0001", "quantity": 2, "price": 300.0},
                {"product_id": "prod-0002", "quantity": 1, "price": 50.0}],
      "total_amount": 650.0, "currency": "USD",
      "shipping_address": {"street": "1 Rue", "city": "Paris", "postal_code": "75001", "country": "FR"},
      "payment_method": "paypal", "ip_country": "DE", "channel": "mobile_app"},
    "enrichment": {
      "status": "complete",
      "user": {"user_id": "user-00042", "name": "User 42", "email": "user42@example.com", "country": "DE",
               "tier": "gold", "signup_date": "2025-03-01"},
      "products": [{"product_id": "prod-0001", "name": "Laptop", "category": "electronics", "price": 300.0},
                   {"product_id": "prod-0002", "name": "Novel", "category": "books", "price": 50.0}],
      "missing": []}
  })");
}

TEST(FraudFeatures, ComputesEachFeatureOfAnOrder) {
  FeatureExtractor extractor;
  const OrderFeatures f = extractor.extract(laptop_order());
  ASSERT_TRUE(f.complete());
  EXPECT_EQ(f[Feature::kTotalAmount], 650.0f);
  EXPECT_EQ(f[Feature::kItemCount], 3.0f);
  EXPECT_EQ(f[Feature::kMaxItemPrice], 300.0f);
  EXPECT_EQ(f[Feature::kMaxElectronicsPrice], 300.0f);
  EXPECT_EQ(f[Feature::kElectronicsShare], static_cast<float>(600.0 / 650.0));
  EXPECT_EQ(f[Feature::kAccountAgeDays], 9.6f);  // 9 days and 14.4 hours
  EXPECT_EQ(f[Feature::kShippingAbroad], 1.0f);
  EXPECT_EQ(f[Feature::kIpAbroad], 0.0f);
  EXPECT_EQ(f[Feature::kShippingIpDiffer], 1.0f);
  EXPECT_EQ(f[Feature::kUserTier], 2.0f);
  EXPECT_EQ(f[Feature::kPaymentMethod], 1.0f);
  EXPECT_EQ(f[Feature::kChannel], 1.0f);
  EXPECT_EQ(f[Feature::kHourOfDay], 14.0f);
  EXPECT_EQ(f[Feature::kVelocity], 0.0f);
}

TEST(FraudFeatures, NamesTheColumnsInFeatureOrder) {
  EXPECT_EQ(kFeatureNames.size(), kFeatureCount);
  EXPECT_STREQ(name_of(Feature::kTotalAmount), "total_amount");
  EXPECT_STREQ(name_of(Feature::kAccountAgeDays), "account_age_days");
  EXPECT_STREQ(name_of(Feature::kVelocity), "velocity");
  EXPECT_EQ(static_cast<std::size_t>(Feature::kVelocity), kFeatureCount - 1);
}

TEST(FraudFeatures, VelocityCountsTheUsersEarlierOrdersInTheWindow) {
  FeatureExtractor extractor(std::chrono::hours(1));
  Json order = laptop_order();
  EXPECT_EQ(extractor.extract(order)[Feature::kVelocity], 0.0f);
  order["timestamp"] = "2025-03-10T14:30:00.000Z";
  EXPECT_EQ(extractor.extract(order)[Feature::kVelocity], 1.0f);
  order["timestamp"] = "2025-03-10T15:20:00.000Z";
  EXPECT_EQ(extractor.extract(order)[Feature::kVelocity], 2.0f);
  order["timestamp"] = "2025-03-10T15:25:00.000Z";  // 14:24 is now out of the hour
  EXPECT_EQ(extractor.extract(order)[Feature::kVelocity], 2.0f);
  Json other = laptop_order();
  other["user_id"] = "user-00043";
  EXPECT_EQ(extractor.extract(other)[Feature::kVelocity], 0.0f);
}

TEST(FraudFeatures, CodesUnknownCategoriesAsOther) {
  Json order = laptop_order();
  order["data"]["payment_method"] = "crypto";
  order["data"]["channel"] = "kiosk";
  order["enrichment"]["user"]["tier"] = "platinum";
  FeatureExtractor extractor;
  const OrderFeatures f = extractor.extract(order);
  EXPECT_EQ(f[Feature::kPaymentMethod], 4.0f);
  EXPECT_EQ(f[Feature::kChannel], 3.0f);
  EXPECT_EQ(f[Feature::kUserTier], 3.0f);
}

TEST(FraudFeatures, WithoutEnrichmentTheUserIsMissing) {
  Json order = laptop_order();
  order.erase("enrichment");
  FeatureExtractor extractor;
  const OrderFeatures f = extractor.extract(order);
  EXPECT_FALSE(f.complete());
  EXPECT_EQ(f.missing, std::vector<std::string>{"user"});
  // What does not need the user is still there; the rest is NaN.
  EXPECT_EQ(f[Feature::kTotalAmount], 650.0f);
  EXPECT_EQ(f[Feature::kShippingIpDiffer], 1.0f);
  EXPECT_TRUE(std::isnan(f[Feature::kAccountAgeDays]));
  EXPECT_TRUE(std::isnan(f[Feature::kShippingAbroad]));
  EXPECT_TRUE(std::isnan(f[Feature::kElectronicsShare]));
  EXPECT_TRUE(std::isnan(f[Feature::kUserTier]));
}

TEST(FraudFeatures, AnUnknownUserIsMissing) {
  Json order = laptop_order();
  order["enrichment"]["user"] = nullptr;
  order["enrichment"]["status"] = "partial";
  FeatureExtractor extractor;
  EXPECT_EQ(extractor.extract(order).missing, std::vector<std::string>{"user"});
}

TEST(FraudFeatures, ListsEveryMissingRequiredInputInOrder) {
  Json order = laptop_order();
  order["enrichment"]["user"].erase("country");
  order["enrichment"]["user"]["signup_date"] = "last spring";
  order["data"].erase("total_amount");
  order["timestamp"] = 1741616640000;  // not ISO-8601
  FeatureExtractor extractor;
  const OrderFeatures f = extractor.extract(order);
  EXPECT_EQ(f.missing,
            (std::vector<std::string>{"user.country", "user.signup_date", "total_amount", "timestamp"}));
  EXPECT_TRUE(std::isnan(f[Feature::kVelocity]));
  EXPECT_TRUE(std::isnan(f[Feature::kHourOfDay]));
}

TEST(FraudFeatures, OptionalInputsMissingAreNaNAndTheOrderStillComplete) {
  Json order = laptop_order();
  order["data"].erase("items");
  order["data"].erase("shipping_address");
  order["data"].erase("payment_method");
  order["enrichment"].erase("products");
  FeatureExtractor extractor;
  const OrderFeatures f = extractor.extract(order);
  EXPECT_TRUE(f.complete());
  EXPECT_TRUE(std::isnan(f[Feature::kItemCount]));
  EXPECT_TRUE(std::isnan(f[Feature::kMaxItemPrice]));
  EXPECT_TRUE(std::isnan(f[Feature::kElectronicsShare]));
  EXPECT_TRUE(std::isnan(f[Feature::kShippingAbroad]));
  EXPECT_TRUE(std::isnan(f[Feature::kShippingIpDiffer]));
  EXPECT_TRUE(std::isnan(f[Feature::kPaymentMethod]));
  EXPECT_EQ(f[Feature::kIpAbroad], 0.0f);
}

TEST(FraudFeatures, ProductsNotFoundCountAsNotElectronics) {
  Json order = laptop_order();
  order["enrichment"]["products"] = Json::array();  // none found (partial enrichment)
  FeatureExtractor extractor;
  const OrderFeatures f = extractor.extract(order);
  EXPECT_EQ(f[Feature::kElectronicsShare], 0.0f);
  EXPECT_EQ(f[Feature::kMaxElectronicsPrice], 0.0f);
  EXPECT_EQ(f[Feature::kMaxItemPrice], 300.0f);
}

}  // namespace
}  // namespace streamline::plugins::fraud
