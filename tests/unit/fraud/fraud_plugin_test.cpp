// The `fraud` plugin as the engine loads it: its checks of a config, and
// the default model file next to the shared object.

#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include <streamline/testing/plugin_harness.hpp>
#include <streamline/testing/stage_harness.hpp>

#include "tests/unit/plugins/shared_plugin.hpp"

namespace {

namespace fs = std::filesystem;
using streamline::Json;
using namespace streamline::testing;

Json enriched_order() {
  return Json::parse(R"({
    "event_id": "evt-1", "event_type": "ORDER_CREATED", "order_id": "ord-1", "user_id": "user-00042",
    "timestamp": "2025-01-01T10:00:00.000Z",
    "data": {"items": [{"product_id": "prod-0002", "quantity": 1, "price": 42.5}], "total_amount": 42.5,
             "shipping_address": {"country": "DE"}, "payment_method": "card", "ip_country": "DE", "channel": "web"},
    "enrichment": {"status": "complete",
                   "user": {"user_id": "user-00042", "country": "DE", "tier": "standard", "signup_date": "2021-05-01"},
                   "products": [{"product_id": "prod-0002", "category": "books", "price": 42.5}], "missing": []}
  })");
}

TEST(FraudPlugin, DefaultsAreValid) {
  SharedPlugin shared("fraud");
  PluginHarness harness(shared.plugin());
  EXPECT_EQ(describe(harness.validate(Json::object())), "");
  EXPECT_FALSE(shared.plugin().allows_concurrency());
}

TEST(FraudPlugin, RefusesABlockThresholdBelowTheReviewThreshold) {
  SharedPlugin shared("fraud");
  PluginHarness harness(shared.plugin());
  EXPECT_EQ(describe(harness.validate({{"review_threshold", 0.7}, {"block_threshold", 0.6}})),
            "block_threshold: block_threshold (0.6) is below review_threshold (0.7)");
}

TEST(FraudPlugin, RefusesBlockRulesThatAreNotApplied) {
  SharedPlugin shared("fraud");
  PluginHarness harness(shared.plugin());
  EXPECT_EQ(describe(harness.validate({{"rules", {"high_amount"}}, {"block_rules", {"high_amount", "velocity"}}})),
            "block_rules.1: block rule 'velocity' is not in `rules`");
  EXPECT_EQ(describe(harness.validate({{"event_types", Json::array()}})), "event_types: no event type to score");
  EXPECT_EQ(describe(harness.validate({{"rules", {"velocity", "gut_feeling"}}})),
            "rules.1: must be one of: high_amount, velocity, country_mismatch, new_account_electronics");
}

TEST(FraudPlugin, FindsTheShippedModelNextToItsSharedObject) {
  ASSERT_TRUE(fs::exists(fs::path(PLUGIN_DIR) / "fraud-model.json")) << "the build copies the model next to fraud.so";
  SharedPlugin shared("fraud");
  PluginHarness harness(shared.plugin(), "fraud", "fraud");
  // From another working directory: the default path does not depend on it.
  const fs::path before = fs::current_path();
  fs::current_path(fs::temp_directory_path());
  auto stage = harness.create_processor(Json::object());
  stage->start();
  fs::current_path(before);
  const auto result = run_processor(*stage, events_from_json({enriched_order()}));
  const Json& verdict = result.passed.at(0).json()["fraud"];
  EXPECT_EQ(verdict["model"], "fraud-model.json");
  EXPECT_TRUE(verdict["score"].is_number()) << verdict;
  EXPECT_TRUE(harness.context().logged("loaded fraud model '" + (fs::path(PLUGIN_DIR) / "fraud-model.json").string() + "'"))
      << "log: " << (harness.context().log_lines().empty() ? "" : harness.context().log_lines().back());
  stage->stop();
}

TEST(FraudPlugin, AnExplicitModelPathThatIsMissingFailsStart) {
  SharedPlugin shared("fraud");
  PluginHarness harness(shared.plugin(), "fraud", "fraud");
  auto stage = harness.create_processor({{"model_path", "/nonexistent/fraud-model.json"}});
  try {
    stage->start();
    FAIL() << "started without its model";
  } catch (const std::exception& e) {
    EXPECT_STREQ(e.what(), "fraud model '/nonexistent/fraud-model.json' cannot be loaded: no such file");
  }
}

}  // namespace
