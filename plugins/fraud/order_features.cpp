#include "order_features.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

#include "event_time.hpp"

namespace streamline::plugins::fraud {
namespace {

using Json = streamline::Json;

constexpr float kMissing = std::numeric_limits<float>::quiet_NaN();

// The member `key` of `object`, unless either is absent or null.
const Json* member(const Json* object, const char* key) {
  if (object == nullptr || !object->is_object()) return nullptr;
  const auto it = object->find(key);
  return it == object->end() || it->is_null() ? nullptr : &*it;
}

std::optional<double> number(const Json* value) {
  if (value == nullptr || !value->is_number()) return std::nullopt;
  return value->get<double>();
}

std::optional<std::string_view> text(const Json* value) {
  if (value == nullptr || !value->is_string()) return std::nullopt;
  return std::string_view(value->get_ref<const std::string&>());
}

// The position of `value` in `names`, names.size() for another value, NaN
// when absent.
template <std::size_t N>
float code_of(const Json* value, const std::array<std::string_view, N>& names) {
  const auto name = text(value);
  if (!name) return kMissing;
  return static_cast<float>(std::find(names.begin(), names.end(), *name) - names.begin());
}

float flag(bool on) { return on ? 1.0f : 0.0f; }

// 1 when two countries differ, NaN when either is unknown.
float differ(const std::optional<std::string_view>& a, const std::optional<std::string_view>& b) {
  return a && b ? flag(*a != *b) : kMissing;
}

constexpr std::array<std::string_view, 3> kTiers{"standard", "silver", "gold"};
constexpr std::array<std::string_view, 4> kPaymentMethods{"card", "paypal", "apple_pay", "bank_transfer"};
constexpr std::array<std::string_view, 3> kChannels{"web", "mobile_app", "phone"};

// Item features: counts and prices from data.items, categories from
// enrichment.products (by product_id).
void add_item_features(const Json* items, const Json* products, std::optional<double> total, OrderFeatures& out) {
  out[Feature::kItemCount] = kMissing;
  out[Feature::kMaxItemPrice] = kMissing;
  out[Feature::kMaxElectronicsPrice] = kMissing;
  out[Feature::kElectronicsShare] = kMissing;
  if (items == nullptr || !items->is_array()) return;

  // An order has a handful of products: a scan beats building a map.
  const bool have_categories = products != nullptr && products->is_array();
  auto is_electronics = [&](std::string_view id) {
    if (!have_categories) return false;
    for (const Json& product : *products)
      if (text(member(&product, "product_id")) == id) return text(member(&product, "category")) == "electronics";
    return false;
  };

  double count = 0;
  double max_price = 0;
  double max_electronics_price = 0;
  double electronics_amount = 0;
  for (const Json& item : *items) {
    const double quantity = number(member(&item, "quantity")).value_or(1.0);
    const double price = number(member(&item, "price")).value_or(0.0);
    count += quantity;
    max_price = std::max(max_price, price);
    const auto id = text(member(&item, "product_id"));
    if (id && is_electronics(*id)) {
      electronics_amount += price * quantity;
      max_electronics_price = std::max(max_electronics_price, price);
    }
  }
  out[Feature::kItemCount] = static_cast<float>(count);
  out[Feature::kMaxItemPrice] = static_cast<float>(max_price);
  if (!have_categories) return;
  out[Feature::kMaxElectronicsPrice] = static_cast<float>(max_electronics_price);
  if (total && *total > 0) out[Feature::kElectronicsShare] = static_cast<float>(std::min(1.0, electronics_amount / *total));
  else if (total) out[Feature::kElectronicsShare] = 0.0f;
}

}  // namespace

OrderFeatures FeatureExtractor::extract(const Json& event) {
  OrderFeatures out;
  out.values.fill(kMissing);

  const Json* data = member(&event, "data");
  const Json* enrichment = member(&event, "enrichment");
  const Json* user = member(enrichment, "user");
  const auto total = number(member(data, "total_amount"));
  const auto timestamp = text(member(&event, "timestamp"));
  // Plain values rather than optionals: GCC 12 warns falsely on reading an
  // optional<int64_t> behind its check.
  const auto parsed_ms = timestamp ? parse_timestamp(*timestamp) : std::nullopt;
  const bool timed = parsed_ms.has_value();
  const std::int64_t event_ms = parsed_ms.value_or(0);
  const auto home = text(member(user, "country"));
  const auto signup_text = text(member(user, "signup_date"));
  const auto signup_day = signup_text ? parse_date(*signup_text) : std::nullopt;

  if (user == nullptr || !user->is_object()) {
    out.missing.emplace_back("user");
  } else {
    if (!home) out.missing.emplace_back("user.country");
    if (!signup_day) out.missing.emplace_back("user.signup_date");
  }
  if (!total) out.missing.emplace_back("total_amount");
  if (!timed) out.missing.emplace_back("timestamp");

  if (total) out[Feature::kTotalAmount] = static_cast<float>(*total);
  add_item_features(member(data, "items"), member(enrichment, "products"), total, out);

  if (timed && signup_day)
    out[Feature::kAccountAgeDays] =
        static_cast<float>(static_cast<double>(event_ms - *signup_day * kMillisPerDay) / kMillisPerDay);

  const auto shipping = text(member(member(data, "shipping_address"), "country"));
  const auto ip = text(member(data, "ip_country"));
  out[Feature::kShippingAbroad] = differ(shipping, home);
  out[Feature::kIpAbroad] = differ(ip, home);
  out[Feature::kShippingIpDiffer] = differ(shipping, ip);

  out[Feature::kUserTier] = code_of(member(user, "tier"), kTiers);
  out[Feature::kPaymentMethod] = code_of(member(data, "payment_method"), kPaymentMethods);
  out[Feature::kChannel] = code_of(member(data, "channel"), kChannels);

  if (timed) {
    const std::int64_t in_day = ((event_ms % kMillisPerDay) + kMillisPerDay) % kMillisPerDay;
    out[Feature::kHourOfDay] = static_cast<float>(in_day / kMillisPerHour);
    if (const auto user_id = text(member(&event, "user_id")))
      out[Feature::kVelocity] = static_cast<float>(velocity_.record(*user_id, event_ms));
  }
  return out;
}

}  // namespace streamline::plugins::fraud
