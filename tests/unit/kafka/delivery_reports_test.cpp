// DeliveryReports: which messages of the current batch Kafka confirmed.

#include <gtest/gtest.h>

#include "kafka/delivery_reports.hpp"

namespace streamline::plugins::kafka {
namespace {

using State = DeliveryReports::State;

TEST(DeliveryReports, StartsEveryMessagePending) {
  DeliveryReports reports;
  reports.begin(3);
  EXPECT_EQ(reports.size(), 3u);
  EXPECT_EQ(reports.pending(), 3u);
  for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ(reports.state(i), State::kPending);
}

TEST(DeliveryReports, RecordsReportsByOpaque) {
  DeliveryReports reports;
  reports.begin(3);
  reports.record(reports.opaque_for(2), RD_KAFKA_RESP_ERR_NO_ERROR);
  reports.record(reports.opaque_for(0), RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE);
  EXPECT_EQ(reports.pending(), 1u);
  EXPECT_EQ(reports.state(0), State::kFailed);
  EXPECT_EQ(reports.error(0), RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE);
  EXPECT_EQ(reports.state(1), State::kPending);
  EXPECT_EQ(reports.state(2), State::kDelivered);
}

TEST(DeliveryReports, CountsAMessageOnce) {
  DeliveryReports reports;
  reports.begin(2);
  reports.record(reports.opaque_for(0), RD_KAFKA_RESP_ERR_NO_ERROR);
  reports.record(reports.opaque_for(0), RD_KAFKA_RESP_ERR__MSG_TIMED_OUT);
  reports.settle(0, RD_KAFKA_RESP_ERR__QUEUE_FULL);
  EXPECT_EQ(reports.pending(), 1u);
  EXPECT_EQ(reports.state(0), State::kDelivered);
}

TEST(DeliveryReports, IgnoresLateReportsOfAnEarlierBatch) {
  DeliveryReports reports;
  reports.begin(2);
  void* old_message = reports.opaque_for(1);
  reports.begin(2);
  reports.record(old_message, RD_KAFKA_RESP_ERR_NO_ERROR);
  EXPECT_EQ(reports.pending(), 2u);
  EXPECT_NE(reports.opaque_for(0), old_message);
  EXPECT_NE(reports.opaque_for(1), old_message);
}

TEST(DeliveryReports, SettlesMessagesRefusedBeforeSending) {
  DeliveryReports reports;
  reports.begin(2);
  reports.settle(1, RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE);
  reports.settle(0, RD_KAFKA_RESP_ERR_NO_ERROR);
  EXPECT_EQ(reports.pending(), 0u);
  EXPECT_EQ(reports.state(0), State::kDelivered);
  EXPECT_EQ(reports.state(1), State::kFailed);
}

}  // namespace
}  // namespace streamline::plugins::kafka
