#pragma once
// The features the fraud model scores, computed from an ORDER_CREATED event
// and the "enrichment" object the enrich stage added to it.
//
// The plugin and the training tool both compute features with this one
// FeatureExtractor, so a model is served with exactly what it learned from.
// The order of Feature is the column order of the model: changing it, or
// the meaning of a column, needs a retrained model (the model file stores
// the names, and loading a model with other names fails).
//
// A feature whose input is absent is NaN (XGBoost treats NaN as missing).
// Some inputs are required (see RequiredInput): without them the features
// are incomplete, and the stage does not score the event but sends it to
// review with the missing inputs as reason.
//
// Threading: a FeatureExtractor owns a VelocityWindow; one per thread.

#include <array>
#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <streamline/json.hpp>

#include "velocity_window.hpp"

namespace streamline::plugins::fraud {

enum class Feature : std::size_t {
  kTotalAmount,          // data.total_amount
  kItemCount,            // sum of data.items[].quantity
  kMaxItemPrice,         // highest data.items[].price
  kMaxElectronicsPrice,  // highest price of an item in category "electronics" (0 when none)
  kElectronicsShare,     // electronics' share of the total amount, 0..1
  kAccountAgeDays,       // event time - enrichment.user.signup_date, in days
  kShippingAbroad,       // 1 when the shipping country is not the user's country
  kIpAbroad,             // 1 when the IP country is not the user's country
  kShippingIpDiffer,     // 1 when the shipping and IP countries differ
  kUserTier,             // standard 0, silver 1, gold 2, other 3
  kPaymentMethod,        // card 0, paypal 1, apple_pay 2, bank_transfer 3, other 4
  kChannel,              // web 0, mobile_app 1, phone 2, other 3
  kHourOfDay,            // UTC hour of the event, 0..23
  kVelocity,             // the user's ORDER_CREATED events within the window before this one
};
inline constexpr std::size_t kFeatureCount = 14;

// Column names, in Feature order (also the names stored in the model file).
inline constexpr std::array<const char*, kFeatureCount> kFeatureNames{
    "total_amount",     "item_count",    "max_item_price",    "max_electronics_price", "electronics_share",
    "account_age_days", "shipping_abroad", "ip_abroad",       "shipping_ip_differ",    "user_tier",
    "payment_method",   "channel",       "hour_of_day",       "velocity"};

inline constexpr const char* name_of(Feature feature) noexcept {
  return kFeatureNames[static_cast<std::size_t>(feature)];
}

// Inputs without which an event is not scored, by the name the reason
// `missing_features:<names>` gives them.
//   user             - enrichment.user (absent or null: the user is unknown)
//   user.country     - enrichment.user.country
//   user.signup_date - enrichment.user.signup_date, a date
//   total_amount     - data.total_amount, a number
//   timestamp        - the event's timestamp, ISO-8601
struct OrderFeatures {
  std::array<float, kFeatureCount> values{};
  std::vector<std::string> missing;  // required inputs absent, in the order above

  bool complete() const noexcept { return missing.empty(); }
  float operator[](Feature feature) const noexcept { return values[static_cast<std::size_t>(feature)]; }
  float& operator[](Feature feature) noexcept { return values[static_cast<std::size_t>(feature)]; }
};

class FeatureExtractor {
 public:
  static constexpr std::chrono::milliseconds kDefaultVelocityWindow = std::chrono::hours(1);

  explicit FeatureExtractor(std::chrono::milliseconds velocity_window = kDefaultVelocityWindow,
                            std::size_t velocity_max_users = VelocityWindow::kDefaultMaxUsers)
      : velocity_(velocity_window, velocity_max_users) {}

  // Features of one ORDER_CREATED event (a JSON object). Records the order
  // in the velocity window when it has a user_id and a timestamp, so call it
  // once per order, in stream order.
  OrderFeatures extract(const streamline::Json& event);

  const VelocityWindow& velocity() const noexcept { return velocity_; }

 private:
  VelocityWindow velocity_;
};

}  // namespace streamline::plugins::fraud
