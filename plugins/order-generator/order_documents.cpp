#include "order_documents.hpp"

#include "reference_data.hpp"
#include "timestamp.hpp"

namespace streamline::orders {
namespace {

constexpr const char* kCurrency = "USD";

Document created_data(const Order& order) {
  Document items = Document::array();
  for (const auto& item : order.items) {
    Document entry;
    entry["product_id"] = product_id(item.product);
    entry["quantity"] = item.quantity;
    entry["price"] = to_amount(item.price_cents);
    items.push_back(std::move(entry));
  }
  Document address;
  address["street"] = order.shipping.street;
  address["city"] = order.shipping.city;
  address["postal_code"] = order.shipping.postal_code;
  address["country"] = order.shipping.country;

  Document data;
  data["items"] = std::move(items);
  data["total_amount"] = to_amount(order.total_cents);
  data["currency"] = kCurrency;
  data["shipping_address"] = std::move(address);
  data["payment_method"] = order.payment_method;
  data["ip_country"] = order.ip_country;
  data["channel"] = order.channel;
  return data;
}

Document lifecycle_data(const Order& order, EventType type) {
  Document data = Document::object();
  switch (type) {
    case EventType::kCreated:
      return created_data(order);
    case EventType::kPaid:
      data["amount"] = to_amount(order.total_cents);
      data["currency"] = kCurrency;
      data["payment_method"] = order.payment_method;
      data["transaction_id"] = order.transaction_id;
      break;
    case EventType::kShipped:
      data["carrier"] = order.carrier;
      data["tracking_number"] = order.tracking_number;
      data["shipping_country"] = order.shipping.country;
      break;
    case EventType::kDelivered:
      data["carrier"] = order.carrier;
      data["tracking_number"] = order.tracking_number;
      break;
    case EventType::kCancelled:
      data["reason"] = order.cancel_reason;
      data["refund_amount"] = to_amount(order.paid_before(order.next_step) ? order.total_cents : 0);
      data["currency"] = kCurrency;
      break;
  }
  return data;
}

}  // namespace

double to_amount(std::int64_t cents) { return static_cast<double>(cents) / 100.0; }

Document order_document(const Order& order, EventType type, const std::string& event_id, std::int64_t timestamp_ms) {
  Document document;
  document["event_id"] = event_id;
  document["event_type"] = to_string(type);
  document["order_id"] = order.id;
  document["user_id"] = user_id(order.user);
  document["timestamp"] = format_timestamp(timestamp_ms);
  document["data"] = lifecycle_data(order, type);
  return document;
}

}  // namespace streamline::orders
