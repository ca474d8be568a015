#pragma once
// The generator's model of an order: everything its events will say, decided
// when the order is created, so each event's document is a pure function of
// the order and the event's own id and time.

#include <cstdint>
#include <string>
#include <vector>

#include "order_stream.hpp"

namespace streamline::orders {

struct OrderItem {
  std::uint64_t product = 0;  // 1-based; outside 1..products only for Malformation::kUnknownProduct
  std::int64_t quantity = 1;
  std::int64_t price_cents = 0;
};

struct ShippingAddress {
  std::string street;
  std::string city;
  std::string postal_code;
  std::string country;
};

struct Order {
  std::uint64_t number = 0;  // 1-based, in creation order
  std::string id;            // "ord-<seed tag>-<number>"
  std::uint64_t user = 0;    // 1-based; outside 1..users only for Malformation::kUnknownUser
  std::vector<OrderItem> items;
  std::int64_t total_cents = 0;
  std::string payment_method;
  std::string channel;
  std::string ip_country;
  ShippingAddress shipping;
  bool is_fraud = false;
  FraudPattern fraud_pattern = FraudPattern::kNone;

  // The lifecycle after ORDER_CREATED, and how far it got.
  std::vector<EventType> plan;
  std::size_t next_step = 0;
  std::string transaction_id;   // ORDER_PAID
  std::string carrier;          // ORDER_SHIPPED, ORDER_DELIVERED
  std::string tracking_number;  // ORDER_SHIPPED, ORDER_DELIVERED
  std::string cancel_reason;    // ORDER_CANCELLED

  void recompute_total() {
    total_cents = 0;
    for (const auto& item : items) total_cents += item.price_cents * item.quantity;
  }
  bool paid_before(std::size_t step) const {
    for (std::size_t i = 0; i < step && i < plan.size(); ++i)
      if (plan[i] == EventType::kPaid) return true;
    return false;
  }
};

}  // namespace streamline::orders
