// kafka-sink and kafka-source refuse configurations they could not honour,
// before any connection (what `engine validate` reports).

#include <gtest/gtest.h>

#include <streamline/testing/plugin_harness.hpp>

#include "tests/unit/plugins/shared_plugin.hpp"

namespace {

using streamline::Json;
using streamline::testing::describe;
using streamline::testing::PluginHarness;
using streamline::testing::SharedPlugin;

Json sink_config(Json extra = Json::object()) {
  Json config = {{"brokers", "localhost:9092"}, {"topic", "orders"}};
  config.update(extra);
  return config;
}

Json source_config(Json extra = Json::object()) {
  Json config = {{"brokers", "localhost:9092"}, {"group_id", "pipeline"}, {"topics", {"orders"}}};
  config.update(extra);
  return config;
}

TEST(KafkaSinkConfig, AcceptsTheUsualSettings) {
  SharedPlugin shared("kafka-sink");
  PluginHarness harness(shared.plugin());
  EXPECT_EQ(describe(harness.validate(sink_config(
                {{"key_field", "order_id"}, {"librdkafka", {{"linger.ms", 20}, {"compression.type", "lz4"}}}}))),
            "");
}

TEST(KafkaSinkConfig, RefusesPropertiesTheSinkManages) {
  SharedPlugin shared("kafka-sink");
  PluginHarness harness(shared.plugin());
  const auto issues = harness.validate(sink_config({{"librdkafka", {{"acks", "1"}, {"bootstrap.servers", "x:1"}}}}));
  ASSERT_EQ(issues.all().size(), 2u) << describe(issues);
  EXPECT_EQ(issues.all()[0].path, "librdkafka.acks");
  EXPECT_EQ(issues.all()[0].message, "librdkafka property 'acks' is managed by the plugin");
  EXPECT_EQ(issues.all()[0].hint, "the sink always uses an idempotent producer with acks=all");
  EXPECT_EQ(issues.all()[1].path, "librdkafka.bootstrap.servers");
  EXPECT_EQ(issues.all()[1].hint, "set the `brokers` option instead");
}

TEST(KafkaSinkConfig, ReportsWhatLibrdkafkaRefuses) {
  SharedPlugin shared("kafka-sink");
  PluginHarness harness(shared.plugin());
  const auto issues = harness.validate(
      sink_config({{"librdkafka", {{"linger.msx", 5}, {"compression.type", "zip"}, {"batch.size", Json::array()}}}}));
  EXPECT_EQ(describe(issues),
            "librdkafka.batch.size: librdkafka property 'batch.size' must be a string, number or boolean\n"
            "librdkafka.compression.type: Invalid value \"zip\" for configuration property \"compression.codec\"\n"
            "librdkafka.linger.msx: No such configuration property: \"linger.msx\"");
}

TEST(KafkaSinkConfig, ChecksTopicKeyFieldAndBrokers) {
  SharedPlugin shared("kafka-sink");
  PluginHarness harness(shared.plugin());
  EXPECT_EQ(describe(harness.validate(sink_config({{"topic", ""}, {"key_field", "a..b"}, {"brokers", ""}}))),
            "topic: topic must not be empty\n"
            "key_field: key_field has an empty path segment\n"
            "brokers: brokers must not be empty");
  EXPECT_EQ(describe(harness.validate({{"topic", "orders"}})), "brokers: missing required option 'brokers'");
}

TEST(KafkaSourceConfig, AcceptsTopicsOrAPattern) {
  SharedPlugin shared("kafka-source");
  PluginHarness harness(shared.plugin());
  EXPECT_EQ(describe(harness.validate(source_config())), "");
  Json with_pattern = source_config({{"pattern", "^orders.*"}});
  with_pattern.erase("topics");
  EXPECT_EQ(describe(harness.validate(with_pattern)), "");
}

TEST(KafkaSourceConfig, NeedsExactlyOneOfTopicsAndPattern) {
  SharedPlugin shared("kafka-source");
  PluginHarness harness(shared.plugin());
  Json neither = source_config();
  neither.erase("topics");
  EXPECT_EQ(describe(harness.validate(neither)), "topics: no topics to read");
  EXPECT_EQ(describe(harness.validate(source_config({{"pattern", "^o.*"}}))),
            "pattern: `topics` and `pattern` exclude each other");
  EXPECT_EQ(describe(harness.validate(source_config({{"topics", {"orders", ""}}}))),
            "topics.1: topic name must not be empty");
}

TEST(KafkaSourceConfig, RefusesAnInvalidPattern) {
  SharedPlugin shared("kafka-source");
  PluginHarness harness(shared.plugin());
  Json config = source_config({{"pattern", "^orders.(*"}});
  config.erase("topics");
  const auto issues = harness.validate(config);
  ASSERT_EQ(issues.all().size(), 1u);
  EXPECT_EQ(issues.all()[0].path, "pattern");
  EXPECT_EQ(issues.all()[0].message.rfind("invalid regular expression: ", 0), 0u) << issues.all()[0].message;
}

TEST(KafkaSourceConfig, RefusesPropertiesTheSourceManages) {
  SharedPlugin shared("kafka-source");
  PluginHarness harness(shared.plugin());
  const auto issues = harness.validate(source_config(
      {{"librdkafka", {{"enable.auto.commit", true}, {"group.id", "x"}, {"session.timeout.ms", 10000}}}}));
  EXPECT_EQ(describe(issues),
            "librdkafka.enable.auto.commit: librdkafka property 'enable.auto.commit' is managed by the plugin\n"
            "librdkafka.group.id: librdkafka property 'group.id' is managed by the plugin");
  EXPECT_EQ(issues.all()[0].hint, "the source commits only offsets the engine reports done");
}

TEST(KafkaSourceConfig, OffersOnlyEarliestOrLatest) {
  SharedPlugin shared("kafka-source");
  PluginHarness harness(shared.plugin());
  EXPECT_EQ(describe(harness.validate(source_config({{"auto_offset_reset", "smallest"}}))),
            "auto_offset_reset: must be one of: earliest, latest");
}

}  // namespace
