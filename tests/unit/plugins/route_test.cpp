// The `route` plugin: the stage directly, and its factory from route.so.

#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include <streamline/testing/plugin_harness.hpp>
#include <streamline/testing/stage_harness.hpp>

#include "plugins/common/expression/expression_parser.hpp"
#include "plugins/route/route.hpp"
#include "tests/unit/plugins/shared_plugin.hpp"

namespace {

using streamline::Batch;
using streamline::Disposition;
using streamline::Event;
using streamline::Json;
using streamline::expression::parse_expression;
using streamline::plugins::route::Route;
using streamline::plugins::route::RouteOptions;
using streamline::plugins::route::RouteStage;
using namespace streamline::testing;

RouteStage make_stage(const std::vector<std::pair<std::string, std::string>>& routes, bool drop_unmatched = false) {
  RouteOptions options;
  for (const auto& [name, when] : routes) options.routes.push_back(Route{name, parse_expression(when)});
  options.drop_unmatched = drop_unmatched;
  return RouteStage(std::move(options));
}

std::string parse_error_of(const std::string& raw) {
  try {
    Event::from_raw(raw).json();
  } catch (const streamline::PayloadError& e) {
    return e.what();
  }
  return "parsed";
}

TEST(RouteStage, FirstMatchingRouteWins) {
  RouteStage stage = make_stage({{"big", "amount > 100"}, {"positive", "amount > 0"}});
  ProcessResult r = run_processor(stage, events_from_json({{{"amount", 500}}, {{"amount", 50}}, {{"amount", 101}}}));
  EXPECT_EQ(documents_of(r.sent_to(0)), (std::vector<Json>{{{"amount", 500}}, {{"amount", 101}}}));
  EXPECT_EQ(documents_of(r.sent_to(1)), (std::vector<Json>{{{"amount", 50}}}));
  EXPECT_TRUE(r.passed.empty());
  EXPECT_EQ(r.total(), 3u);
}

TEST(RouteStage, UnmatchedEventsPassByDefault) {
  RouteStage stage = make_stage({{"big", "amount > 100"}});
  ProcessResult r = run_processor(stage, events_from_json({{{"amount", 5}}, {{"other", 1}}}));
  EXPECT_EQ(documents_of(r.passed), (std::vector<Json>{{{"amount", 5}}, {{"other", 1}}}));
  EXPECT_TRUE(r.sent.empty());
  EXPECT_TRUE(r.dropped.empty());
}

TEST(RouteStage, DropsUnmatchedEventsWhenAsked) {
  RouteStage stage = make_stage({{"big", "amount > 100"}}, /*drop_unmatched=*/true);
  ProcessResult r = run_processor(stage, events_from_json({{{"amount", 5}}, {{"amount", 500}}}));
  ASSERT_EQ(r.dropped.size(), 1u);
  EXPECT_EQ(r.dropped[0].reason, "unmatched");
  EXPECT_EQ(r.dropped[0].event.json(), (Json{{"amount", 5}}));
  EXPECT_EQ(r.sent_to(0).size(), 1u);
}

TEST(RouteStage, FailsEventsWhosePayloadIsNotJson) {
  RouteStage stage = make_stage({{"all", "true"}});
  ProcessResult r = run_processor(stage, events_from_raw({"{\"amount\": 1}", "{not json", "[1]"}));
  ASSERT_EQ(r.failed.size(), 1u);
  EXPECT_EQ(r.failed[0].reason, parse_error_of("{not json"));
  EXPECT_EQ(r.failed[0].reason.rfind("payload is not valid JSON: ", 0), 0u);
  EXPECT_EQ(r.failed[0].event.raw(), "{not json");
  EXPECT_EQ(r.sent_to(0).size(), 2u);
}

TEST(RouteStage, RoutesRawEventsWithoutChangingTheirText) {
  RouteStage stage = make_stage({{"de", R"(country == "DE")"}});
  ProcessResult r = run_processor(stage, events_from_raw({R"({"country":  "DE"})", R"({"country": "FR"})"}));
  ASSERT_EQ(r.sent_to(0).size(), 1u);
  EXPECT_EQ(r.sent_to(0)[0].raw(), R"({"country":  "DE"})");
  ASSERT_EQ(r.passed.size(), 1u);
  EXPECT_EQ(r.passed[0].raw(), R"({"country": "FR"})");
}

TEST(RouteStage, SetsEveryOutcomeEvenOverAnEarlierOne) {
  RouteStage stage = make_stage({{"big", "amount > 100"}});
  Batch batch(events_from_json({{{"amount", 5}}, {{"amount", 500}}}));
  batch.drop(0, "stale");
  batch.fail(1, "stale");
  stage.process(batch);
  EXPECT_EQ(batch.outcome(0).disposition, Disposition::kPass);
  EXPECT_EQ(batch.outcome(1).disposition, Disposition::kSend);
  EXPECT_EQ(batch.outcome(1).output, 0u);
}

TEST(RouteStage, HandlesAnEmptyBatch) {
  RouteStage stage = make_stage({{"big", "amount > 100"}});
  EXPECT_EQ(run_processor(stage, {}).total(), 0u);
}

TEST(RouteStage, UsesTheIndexOfTheRouteAsOutput) {
  RouteStage stage = make_stage({{"a", R"(k == "a")"}, {"b", R"(k == "b")"}, {"c", R"(k == "c")"}});
  ProcessResult r = run_processor(stage, events_from_json({{{"k", "c"}}, {{"k", "a"}}, {{"k", "b"}}, {{"k", "c"}}}));
  EXPECT_EQ(r.sent_to(0).size(), 1u);
  EXPECT_EQ(r.sent_to(1).size(), 1u);
  EXPECT_EQ(r.sent_to(2).size(), 2u);
}

class RoutePluginTest : public ::testing::Test {
 protected:
  SharedPlugin shared_{"route"};
  PluginHarness harness_{shared_.plugin(), "router", "route"};
};

TEST_F(RoutePluginTest, DescribesItself) {
  EXPECT_STREQ(shared_.descriptor().name, "route");
  EXPECT_EQ(shared_.plugin().kind(), streamline::PluginKind::kProcessor);
  EXPECT_TRUE(shared_.plugin().allows_concurrency());
}

TEST_F(RoutePluginTest, OutputsAreTheRouteNamesInOrder) {
  const Json config = {{"routes", {{{"name", "big"}, {"when", "amount > 100"}}, {{"name", "small"}, {"when", "true"}}}}};
  EXPECT_EQ(harness_.outputs(config), (std::vector<std::string>{"big", "small"}));
}

TEST_F(RoutePluginTest, AcceptsAValidConfig) {
  const Json config = {{"routes", {{{"name", "big"}, {"when", R"(amount > 100 && country == "DE")"}}}},
                       {"drop_unmatched", true}};
  EXPECT_EQ(describe(harness_.validate(config)), "");
}

TEST_F(RoutePluginTest, ReportsABadConditionAtItsRouteWithTheColumn) {
  const Json config = {{"routes", {{{"name", "ok"}, {"when", "amount > 1"}}, {{"name", "bad"}, {"when", "amount >"}}}}};
  const auto issues = harness_.validate(config);
  ASSERT_EQ(issues.all().size(), 1u);
  EXPECT_EQ(issues.all()[0].path, "routes.1.when");
  EXPECT_EQ(issues.all()[0].message,
            "invalid expression at column 9: expected a value after '>', found the end of the expression");
  EXPECT_FALSE(issues.all()[0].hint.empty());
}

TEST_F(RoutePluginTest, ReportsEveryBadRoute) {
  const Json config = {{"routes",
                        {{{"name", "a"}, {"when", "x = 1"}},
                         {{"name", "a"}, {"when", "true"}},
                         {{"name", "error"}, {"when", "true"}},
                         {{"name", "a.b"}, {"when", "true"}},
                         {{"name", ""}, {"when", "true"}}}}};
  EXPECT_EQ(describe(harness_.validate(config)),
            "routes.0.when: invalid expression at column 3: unexpected '='; did you mean '=='?\n"
            "routes.1.name: duplicate route name 'a'\n"
            "routes.2.name: route name 'error' is reserved for the error output\n"
            "routes.3.name: route name 'a.b' may only contain letters, digits, '_' and '-'\n"
            "routes.4.name: route name '' may only contain letters, digits, '_' and '-'");
}

TEST_F(RoutePluginTest, NeedsAtLeastOneRoute) {
  EXPECT_EQ(describe(harness_.validate({{"routes", Json::array()}})), "routes: at least one route is needed");
  EXPECT_EQ(describe(harness_.validate(Json::object())), "routes: missing required option 'routes'");
}

TEST_F(RoutePluginTest, DropUnmatchedDefaultsToFalse) {
  EXPECT_EQ(harness_.config({{"routes", {{{"name", "a"}, {"when", "true"}}}}}).get<bool>("drop_unmatched"), false);
}

TEST_F(RoutePluginTest, CreatesAWorkingStage) {
  auto stage = harness_.create_processor(
      {{"routes", {{{"name", "de"}, {"when", "country == 'DE'"}}}}, {"drop_unmatched", true}});
  ProcessResult r = run_processor(*stage, events_from_json({{{"country", "DE"}}, {{"country", "FR"}}}));
  EXPECT_EQ(r.sent_to(0).size(), 1u);
  EXPECT_EQ(reasons_of(r.dropped), (std::vector<std::string>{"unmatched"}));
}

TEST_F(RoutePluginTest, CreateRefusesABadConditionWithItsPath) {
  // create() is reached without validate() only by a broken host; it still refuses.
  const streamline::Config config(Json{{"routes", {{{"name", "a"}, {"when", "("}}}}, {"drop_unmatched", false}});
  try {
    shared_.plugin().create(config, harness_.context());
    FAIL() << "no error";
  } catch (const streamline::ConfigError& e) {
    EXPECT_EQ(e.path(), "routes.0.when");
    EXPECT_STREQ(e.what(),
                 "invalid expression at column 2: expected a condition after '(', found the end of the expression");
  }
}

}  // namespace
