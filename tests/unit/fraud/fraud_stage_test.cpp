// FraudStage with the shipped model: verdicts per order, the paths without
// a score, model loading errors, metrics.

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <streamline/testing/fake_context.hpp>
#include <streamline/testing/stage_harness.hpp>

#include "plugins/fraud/fraud.hpp"

namespace streamline::plugins::fraud {
namespace {

namespace fs = std::filesystem;
using streamline::testing::FakeContext;
using streamline::testing::run_processor;
using Strings = std::vector<std::string>;

const fs::path kShippedModel = fs::path(PROJECT_SOURCE_DIR) / "plugins/fraud/model/fraud-model.json";

// An ordinary order of a long-standing customer, enriched.
Json order(const std::string& user = "user-00042", const std::string& timestamp = "2025-01-01T10:00:00.000Z") {
  Json event = Json::parse(R"({
    "event_id": "evt-1", "event_type": "ORDER_CREATED", "order_id": "ord-1",
    "data": {
      "items": [{"product_id": "prod-0002", "quantity": 1, "price": 42.5}],
      "total_amount": 42.5, "currency": "USD",
      "shipping_address": {"street": "1 Main Street", "city": "Berlin", "postal_code": "10115", "country": "DE"},
      "payment_method": "card", "ip_country": "DE", "channel": "web"},
    "enrichment": {
      "status": "complete",
      "user": {"user_id": "user-00042", "name": "User 42", "email": "user42@example.com", "country": "DE",
               "tier": "standard", "signup_date": "2021-05-01"},
      "products": [{"product_id": "prod-0002", "name": "Product 2", "category": "books", "price": 42.5}],
      "missing": []}
  })");
  event["user_id"] = user;
  event["timestamp"] = timestamp;
  return event;
}

// An order of 9,000 USD: planted fraud looks like this.
Json large_order() {
  Json event = order();
  event["data"]["items"][0]["quantity"] = 200;
  event["data"]["total_amount"] = 8500.0;
  return event;
}

FraudOptions options_with(fs::path model, bool require_model = true) {
  FraudOptions options;
  options.model_path = std::move(model);
  options.require_model = require_model;
  return options;
}

class FraudStageTest : public ::testing::Test {
 protected:
  fs::path scratch_ = fs::temp_directory_path() / ("streamline-fraud-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
                                                   ::testing::UnitTest::GetInstance()->current_test_info()->name());
  FakeContext context_{"fraud", "fraud"};

  void SetUp() override { fs::create_directories(scratch_); }
  void TearDown() override { fs::remove_all(scratch_); }

  fs::path write(const std::string& name, const std::string& text) {
    const fs::path path = scratch_ / name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
};

TEST_F(FraudStageTest, ScoresOrdersAndAddsTheVerdict) {
  FraudStage stage(options_with(kShippedModel), context_);
  stage.start();
  ASSERT_TRUE(stage.model_loaded());
  auto result = run_processor(stage, streamline::testing::events_from_json({order(), large_order()}));
  ASSERT_EQ(result.passed.size(), 2u);

  const Json& ordinary = result.passed[0].json()["fraud"];
  EXPECT_EQ(ordinary["decision"], "approve") << ordinary;
  EXPECT_LT(ordinary["score"].get<double>(), 0.5);
  EXPECT_EQ(ordinary["reasons"], Json::array());
  EXPECT_EQ(ordinary["model"], "fraud-model.json");

  const Json& large = result.passed[1].json()["fraud"];
  EXPECT_EQ(large["decision"], "block") << large;
  EXPECT_GE(large["score"].get<double>(), 0.9);
  EXPECT_EQ(large["reasons"], (Json{"high_amount", "model_score"}));

  EXPECT_EQ(context_.recording_metrics().counter_value("fraud_decisions_total", {{"decision", "approve"}}), 1);
  EXPECT_EQ(context_.recording_metrics().counter_value("fraud_decisions_total", {{"decision", "block"}}), 1);
  EXPECT_EQ(context_.recording_metrics().counter_value("fraud_rule_hits_total", {{"rule", "high_amount"}}), 1);
  EXPECT_EQ(context_.recording_metrics().gauge_value("fraud_model_loaded"), 1);
  EXPECT_EQ(context_.recording_metrics().observations("fraud_score").size(), 2u);
  EXPECT_TRUE(context_.logged("info: loaded fraud model '" + kShippedModel.string() + "' (14 features)"));
}

TEST_F(FraudStageTest, ScoresABatchInOneModelCall) {
  FraudStage stage(options_with(kShippedModel), context_);
  stage.start();
  std::vector<Json> orders;
  for (int i = 0; i < 50; ++i) orders.push_back(order("user-" + std::to_string(10000 + i)));
  const auto result = run_processor(stage, streamline::testing::events_from_json(orders));
  EXPECT_EQ(result.passed.size(), 50u);
  EXPECT_EQ(context_.recording_metrics().observations("fraud_scoring_seconds").size(), 1u);
  EXPECT_EQ(context_.recording_metrics().observations("fraud_score").size(), 50u);
}

TEST_F(FraudStageTest, VelocityCountsAcrossBatches) {
  FraudStage stage(options_with(kShippedModel), context_);
  stage.start();
  const char* times[] = {"2025-01-01T10:00:00.000Z", "2025-01-01T10:01:00.000Z", "2025-01-01T10:02:00.000Z",
                         "2025-01-01T10:03:00.000Z"};
  std::vector<Json> verdicts;
  for (const char* time : times) {
    auto result = run_processor(stage, streamline::testing::events_from_json({order("user-00042", time)}));
    verdicts.push_back(result.passed.at(0).json()["fraud"]);
  }
  // Three earlier orders within the hour: the velocity rule fires on the 4th.
  EXPECT_EQ(verdicts[2]["reasons"].contains("velocity"), false) << verdicts[2];
  EXPECT_EQ(verdicts[3]["reasons"][0], "velocity") << verdicts[3];
  EXPECT_NE(verdicts[3]["decision"], "approve");
}

TEST_F(FraudStageTest, MissingEnrichmentGoesToReviewUnscored) {
  FraudStage stage(options_with(kShippedModel), context_);
  stage.start();
  Json unenriched = order();
  unenriched.erase("enrichment");
  Json unknown_user = order();
  unknown_user["enrichment"]["user"] = nullptr;
  unknown_user["data"]["total_amount"] = 7000.0;
  const auto result = run_processor(stage, streamline::testing::events_from_json({unenriched, unknown_user}));
  ASSERT_EQ(result.passed.size(), 2u);
  EXPECT_EQ(result.passed[0].json()["fraud"], Json::parse(R"({"score": null, "decision": "review",
      "reasons": ["missing_features:user"], "model": "fraud-model.json"})"));
  // Rules still apply on what is there.
  EXPECT_EQ(result.passed[1].json()["fraud"], Json::parse(R"({"score": null, "decision": "review",
      "reasons": ["high_amount", "missing_features:user"], "model": "fraud-model.json"})"));
  EXPECT_EQ(context_.recording_metrics().counter_value("fraud_unscored_total", {{"reason", "missing_features"}}), 2);
  EXPECT_EQ(context_.recording_metrics().counter_value("fraud_decisions_total", {{"decision", "review"}}), 2);
}

TEST_F(FraudStageTest, OtherEventTypesPassUntouchedAndBadPayloadsFail) {
  FraudStage stage(options_with(kShippedModel), context_);
  stage.start();
  const Json paid = Json::parse(R"({"event_id": "evt-2", "event_type": "ORDER_PAID", "order_id": "ord-1",
                                     "user_id": "user-00042", "data": {"amount": 42.5}})");
  std::vector<Event> events;
  events.push_back(Event::from_json(paid));
  events.push_back(Event::from_raw(R"({"event_type": "ORDER_CREATED", )"));
  events.push_back(Event::from_raw("[1, 2, 3]"));
  const auto result = run_processor(stage, std::move(events));
  ASSERT_EQ(result.passed.size(), 2u);
  EXPECT_EQ(result.passed[0].json(), paid);
  EXPECT_EQ(result.passed[1].raw(), "[1, 2, 3]");  // not an object: not an order, untouched
  ASSERT_EQ(result.failed.size(), 1u);
  EXPECT_EQ(result.failed[0].reason.rfind("payload is not valid JSON: ", 0), 0u) << result.failed[0].reason;
}

TEST_F(FraudStageTest, ScoresTheConfiguredEventTypes) {
  FraudOptions options = options_with(kShippedModel);
  options.event_types = {"ORDER_PAID"};
  FraudStage stage(std::move(options), context_);
  stage.start();
  const auto result = run_processor(stage, streamline::testing::events_from_json({order()}));
  EXPECT_FALSE(result.passed.at(0).json().contains("fraud"));
}

TEST_F(FraudStageTest, WithoutTheModelReviewsEverythingWhenNotRequired) {
  const fs::path missing = scratch_ / "no-such-model.json";
  FraudStage stage(options_with(missing, /*require_model=*/false), context_);
  EXPECT_NO_THROW(stage.start());
  EXPECT_FALSE(stage.model_loaded());
  EXPECT_TRUE(context_.logged("error: fraud model '" + missing.string() +
                              "' cannot be loaded: no such file; every order goes to review (reason "
                              "model_unavailable) until the model loads"));
  EXPECT_EQ(context_.recording_metrics().gauge_value("fraud_model_loaded"), 0);

  Json unenriched = order();
  unenriched.erase("enrichment");
  const auto result = run_processor(stage, streamline::testing::events_from_json({order(), unenriched}));
  EXPECT_EQ(result.passed.at(0).json()["fraud"], Json::parse(R"({"score": null, "decision": "review",
      "reasons": ["model_unavailable"], "model": "unavailable"})"));
  EXPECT_EQ(result.passed.at(1).json()["fraud"], Json::parse(R"({"score": null, "decision": "review",
      "reasons": ["model_unavailable", "missing_features:user"], "model": "unavailable"})"));
  EXPECT_EQ(context_.recording_metrics().counter_value("fraud_unscored_total", {{"reason", "model_unavailable"}}), 2);
}

TEST_F(FraudStageTest, ARequiredModelThatIsMissingFailsStartNamingThePath) {
  const fs::path missing = scratch_ / "no-such-model.json";
  FraudStage stage(options_with(missing), context_);
  try {
    stage.start();
    FAIL() << "start() loaded a missing model";
  } catch (const FraudModelError& e) {
    EXPECT_EQ(std::string(e.what()), "fraud model '" + missing.string() + "' cannot be loaded: no such file");
  }
  EXPECT_FALSE(stage.model_loaded());
}

TEST_F(FraudStageTest, ABadModelFileFailsStartWithXGBoostsReason) {
  const fs::path bad = write("bad-model.json", "{\"learner\": oops}");
  FraudStage stage(options_with(bad), context_);
  try {
    stage.start();
    FAIL() << "start() loaded a bad model";
  } catch (const FraudModelError& e) {
    const std::string prefix = "fraud model '" + bad.string() + "' cannot be loaded: ";
    EXPECT_EQ(std::string(e.what()).substr(0, prefix.size()), prefix) << e.what();
    EXPECT_GT(std::string(e.what()).size(), prefix.size()) << "no reason given";
    EXPECT_EQ(std::string(e.what()).find("Stack trace"), std::string::npos) << e.what();
  }

  const fs::path empty = write("empty-model.json", "");
  FraudStage second(options_with(empty), context_);
  EXPECT_THROW(
      {
        try {
          second.start();
        } catch (const FraudModelError& e) {
          EXPECT_EQ(std::string(e.what()), "fraud model '" + empty.string() + "' cannot be loaded: the file is empty");
          throw;
        }
      },
      FraudModelError);
}

TEST_F(FraudStageTest, AModelOfOtherFeaturesIsRefused) {
  // A valid XGBoost model trained on two columns.
  const float features[] = {0, 1, 1, 0, 0, 0, 1, 1};
  const float labels[] = {0, 1, 0, 1};
  DMatrixPtr matrix = make_dense_matrix(features, 4, 2, 1);
  check(XGDMatrixSetFloatInfo(matrix.get(), "label", labels, 4), "labels");
  DMatrixHandle handles[] = {matrix.get()};
  BoosterPtr booster = make_booster(handles, 1);
  const char* names[] = {"amount", "country"};
  check(XGBoosterSetStrFeatureInfo(booster.get(), "feature_name", names, 2), "names");
  check(XGBoosterUpdateOneIter(booster.get(), 0, matrix.get()), "train");
  const fs::path other = scratch_ / "other-model.json";
  check(XGBoosterSaveModel(booster.get(), other.c_str()), "save");

  try {
    FraudModel::load(other);
    FAIL() << "loaded a model of other features";
  } catch (const FraudModelError& e) {
    EXPECT_EQ(std::string(e.what()),
              "fraud model '" + other.string() +
                  "' reads 2 features; this plugin computes 14 (total_amount, item_count, max_item_price, "
                  "max_electronics_price, electronics_share, account_age_days, shipping_abroad, ip_abroad, "
                  "shipping_ip_differ, user_tier, payment_method, channel, hour_of_day, velocity): retrain the model "
                  "with train-fraud-model");
  }
}

TEST_F(FraudStageTest, StopUnloadsAndStartReloads) {
  FraudStage stage(options_with(kShippedModel), context_);
  stage.stop();  // without start
  stage.start();
  stage.stop();
  stage.stop();
  EXPECT_FALSE(stage.model_loaded());
  EXPECT_EQ(context_.recording_metrics().gauge_value("fraud_model_loaded"), 0);
  stage.start();
  EXPECT_TRUE(stage.model_loaded());
  EXPECT_EQ(run_processor(stage, {}).total(), 0u);
}

}  // namespace
}  // namespace streamline::plugins::fraud
