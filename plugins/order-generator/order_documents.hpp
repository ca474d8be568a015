#pragma once
// The JSON documents of order events, shaped like the original system's:
//   {"event_id": "...", "event_type": "ORDER_CREATED", "order_id": "...",
//    "user_id": "user-00042", "timestamp": "2025-01-01T00:00:01.250Z",
//    "data": {...}}
// Field order is fixed (ordered_json), so the text is reproducible.
// data by event type:
//   ORDER_CREATED   items [{product_id, quantity, price}], total_amount,
//                   currency, shipping_address {street, city, postal_code,
//                   country}, payment_method, ip_country, channel
//   ORDER_PAID      amount, currency, payment_method, transaction_id
//   ORDER_SHIPPED   carrier, tracking_number, shipping_country
//   ORDER_DELIVERED carrier, tracking_number
//   ORDER_CANCELLED reason, refund_amount, currency

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "order_model.hpp"

namespace streamline::orders {

using Document = nlohmann::ordered_json;

Document order_document(const Order& order, EventType type, const std::string& event_id, std::int64_t timestamp_ms);

// Money as JSON numbers with two decimals at most: 3998 -> 39.98.
double to_amount(std::int64_t cents);

}  // namespace streamline::orders
