#include "order_factory.hpp"

#include <algorithm>
#include <array>
#include <cstdio>

#include "reference_data.hpp"
#include "timestamp.hpp"

namespace streamline::orders {
namespace {

struct City {
  const char* country;
  const char* name;
};

// Three cities per home country of scripts/schema.sql.
constexpr std::array<City, 30> kCities{{
    {"US", "New York"},   {"US", "Chicago"},    {"US", "Austin"},    {"DE", "Berlin"},    {"DE", "Hamburg"},
    {"DE", "Munich"},     {"GB", "London"},     {"GB", "Manchester"}, {"GB", "Leeds"},     {"FR", "Paris"},
    {"FR", "Lyon"},       {"FR", "Toulouse"},   {"NL", "Amsterdam"}, {"NL", "Rotterdam"}, {"NL", "Utrecht"},
    {"ES", "Madrid"},     {"ES", "Barcelona"},  {"ES", "Valencia"},  {"IT", "Rome"},      {"IT", "Milan"},
    {"IT", "Turin"},      {"PL", "Warsaw"},     {"PL", "Krakow"},    {"PL", "Gdansk"},    {"SE", "Stockholm"},
    {"SE", "Gothenburg"}, {"SE", "Malmo"},      {"BR", "Sao Paulo"}, {"BR", "Rio de Janeiro"}, {"BR", "Curitiba"},
}};
constexpr std::array<const char*, 10> kCountries{"US", "DE", "GB", "FR", "NL", "ES", "IT", "PL", "SE", "BR"};
constexpr std::array<const char*, 8> kStreets{"Main Street", "Market Street", "Station Road", "Park Avenue",
                                              "Church Lane", "High Street",   "Oak Street",   "Mill Road"};
constexpr std::array<const char*, 5> kCarriers{"DHL", "UPS", "FedEx", "DPD", "GLS"};

// Cumulative weights out of 100.
template <std::size_t N>
std::size_t weighted(Random& random, const std::array<int, N>& cumulative) {
  const auto roll = static_cast<int>(random.below(100));
  for (std::size_t i = 0; i < N; ++i)
    if (roll < cumulative[i]) return i;
  return N - 1;
}

const char* other_country(Random& random, std::initializer_list<std::string> excluded) {
  while (true) {
    const char* candidate = kCountries[random.below(kCountries.size())];
    if (std::find(excluded.begin(), excluded.end(), candidate) == excluded.end()) return candidate;
  }
}

ShippingAddress address_in(const std::string& country, Random& random) {
  std::vector<const City*> cities;
  for (const auto& city : kCities)
    if (country == city.country) cities.push_back(&city);
  ShippingAddress address;
  address.street = std::to_string(random.between(1, 240)) + " " + kStreets[random.below(kStreets.size())];
  address.city = cities.empty() ? "Capital City" : cities[random.below(cities.size())]->name;
  address.postal_code = std::to_string(random.between(10000, 99999));
  address.country = country;
  return address;
}

std::string hex_id(const char* prefix, Random& random, int digits) {
  std::array<char, 24> text{};
  std::snprintf(text.data(), text.size(), "%0*llx", digits,
                static_cast<unsigned long long>(random.next() >> (64 - 4 * digits)));
  return prefix + std::string(text.data());
}

std::string tracking_number(const std::string& carrier, Random& random) {
  std::array<char, 24> digits{};
  std::snprintf(digits.data(), digits.size(), "%012llu",
                static_cast<unsigned long long>(random.below(1'000'000'000'000ull)));
  return carrier.substr(0, 2) + digits.data();
}

// Products of 1..count matching `keep`.
template <typename Keep>
std::vector<std::uint64_t> select_products(std::uint64_t count, Keep keep) {
  std::vector<std::uint64_t> selected;
  for (std::uint64_t p = 1; p <= count; ++p)
    if (keep(p)) selected.push_back(p);
  return selected;
}

std::vector<std::uint64_t> most_expensive(std::uint64_t count) {
  std::vector<std::uint64_t> all(count);
  for (std::uint64_t p = 1; p <= count; ++p) all[p - 1] = p;
  std::stable_sort(all.begin(), all.end(),
                   [](auto a, auto b) { return product_price_cents(a) > product_price_cents(b); });
  all.resize(std::max<std::size_t>(1, all.size() / 10));
  return all;
}

// Multiplicative inverse of 37 modulo 1800: signup offset o belongs to the
// users i with i = o * inverse (mod 1800).
constexpr std::uint64_t signup_inverse() {
  for (std::uint64_t x = 1; x < 1800; ++x)
    if ((37 * x) % 1800 == 1) return x;
  return 1;
}
constexpr std::uint64_t kSignupInverse = signup_inverse();
static_assert((37 * kSignupInverse) % 1800 == 1);

}  // namespace

OrderFactory::OrderFactory(std::uint64_t seed, const OrderStreamOptions& options) : options_(options) {
  std::array<char, 16> tag{};
  std::snprintf(tag.data(), tag.size(), "%06llx", static_cast<unsigned long long>(mix64(seed) >> 40));
  order_prefix_ = std::string("ord-") + tag.data() + "-";

  constexpr std::int64_t kExpensive = 30000;
  constexpr std::int64_t kExpensiveElectronics = 25000;
  expensive_products_ =
      select_products(options_.products, [](std::uint64_t p) { return product_price_cents(p) >= kExpensive; });
  if (expensive_products_.empty()) expensive_products_ = most_expensive(options_.products);
  expensive_electronics_ = select_products(options_.products, [](std::uint64_t p) {
    return std::string_view(product_category(p)) == "electronics" && product_price_cents(p) >= kExpensiveElectronics;
  });
  if (expensive_electronics_.empty()) expensive_electronics_ = expensive_products_;
}

std::string OrderFactory::order_id(std::uint64_t number) const {
  std::array<char, 24> digits{};
  std::snprintf(digits.data(), digits.size(), "%08llu", static_cast<unsigned long long>(number));
  return order_prefix_ + digits.data();
}

std::uint64_t OrderFactory::any_user(Random& random) const { return 1 + random.below(options_.users); }

std::uint64_t OrderFactory::pick(const std::vector<std::uint64_t>& products, Random& random) const {
  return products[random.below(products.size())];
}

Order OrderFactory::base_order(std::uint64_t number, std::uint64_t user, Random& random) const {
  Order order;
  order.number = number;
  order.id = order_id(number);
  order.user = user;
  const std::string home = user_country(user);
  const std::size_t payment = weighted<4>(random, {60, 85, 95, 100});
  order.payment_method = std::array<const char*, 4>{"card", "paypal", "apple_pay", "bank_transfer"}[payment];
  order.channel = std::array<const char*, 3>{"web", "mobile_app", "phone"}[weighted<3>(random, {55, 95, 100})];
  // At most one of shipping and IP country differs from home.
  std::string shipping = home;
  order.ip_country = home;
  if (random.chance(0.08)) {
    shipping = other_country(random, {home});  // a gift
  } else if (random.chance(0.05)) {
    order.ip_country = other_country(random, {home});  // ordering while travelling
  }
  order.shipping = address_in(shipping, random);
  return order;
}

void OrderFactory::add_normal_items(Order& order, Random& random) const {
  const std::size_t count = 1 + weighted<4>(random, {50, 80, 95, 100});
  for (std::size_t i = 0; i < count; ++i) {
    std::uint64_t product = 1 + random.below(options_.products);
    // Distinct products per order, as far as the catalogue allows.
    for (int attempt = 0; attempt < 8; ++attempt) {
      const bool taken = std::any_of(order.items.begin(), order.items.end(),
                                     [&](const OrderItem& item) { return item.product == product; });
      if (!taken) break;
      product = 1 + random.below(options_.products);
    }
    const auto quantity = static_cast<std::int64_t>(1 + weighted<3>(random, {70, 92, 100}));
    order.items.push_back({product, quantity, product_price_cents(product)});
  }
  order.recompute_total();
}

void OrderFactory::plan_lifecycle(Order& order, Random& random) const {
  const double cancel_unpaid = order.is_fraud ? 0.15 : 0.06;
  const double cancel_paid = order.is_fraud ? 0.10 : 0.04;
  if (random.chance(cancel_unpaid)) {
    order.plan = {EventType::kCancelled};
    order.cancel_reason = random.chance(0.4) ? "payment_failed" : "customer_request";
  } else if (random.chance(cancel_paid)) {
    order.plan = {EventType::kPaid, EventType::kCancelled};
    order.cancel_reason = random.chance(0.5) ? "out_of_stock" : "customer_request";
  } else if (random.chance(0.03)) {
    order.plan = {EventType::kPaid, EventType::kShipped};  // still in transit
  } else {
    order.plan = {EventType::kPaid, EventType::kShipped, EventType::kDelivered};
  }
  order.transaction_id = hex_id("txn-", random, 16);
  order.carrier = kCarriers[random.below(kCarriers.size())];
  order.tracking_number = tracking_number(order.carrier, random);
}

Order OrderFactory::normal(std::uint64_t number, Random& random, std::int64_t /*now_ms*/) const {
  Order order = base_order(number, any_user(random), random);
  add_normal_items(order, random);
  plan_lifecycle(order, random);
  return order;
}

std::uint64_t OrderFactory::new_account_user(Random& random, std::int64_t now_ms) const {
  constexpr std::int64_t kNewAccountDays = 45;
  constexpr std::int64_t kOffsets = 1800;
  const std::int64_t first_signup = days_from_civil(2020, 1, 1);
  const std::int64_t today = now_ms / kMillisPerDay;
  // Users with signup offset o (0..1799) are i0(o), i0(o) + 1800, ... <= users.
  auto first_user = [](std::int64_t offset) {
    const std::uint64_t i = (static_cast<std::uint64_t>(offset) * kSignupInverse) % kOffsets;
    return i == 0 ? static_cast<std::uint64_t>(kOffsets) : i;
  };
  auto user_with_offset = [&](std::int64_t offset) -> std::uint64_t {
    const std::uint64_t first = first_user(offset);
    if (first > options_.users) return 0;
    const std::uint64_t count = 1 + (options_.users - first) / kOffsets;
    return first + kOffsets * random.below(count);
  };
  const std::int64_t low = std::max<std::int64_t>(0, today - kNewAccountDays - first_signup);
  const std::int64_t high = std::min<std::int64_t>(kOffsets - 1, today - first_signup);
  for (int attempt = 0; low <= high && attempt < 16; ++attempt)
    if (const std::uint64_t user = user_with_offset(random.between(low, high))) return user;
  // No account is that new: take one of the newest there are.
  for (std::int64_t offset = kOffsets - 1; offset >= 0; --offset)
    if (const std::uint64_t user = user_with_offset(offset)) return user;
  return any_user(random);
}

Order OrderFactory::fraud(std::uint64_t number, FraudPattern pattern, std::uint64_t user, Random& random,
                          std::int64_t now_ms) const {
  if (pattern == FraudPattern::kNewAccount) user = new_account_user(random, now_ms);
  Order order = base_order(number, user, random);
  order.is_fraud = true;
  order.fraud_pattern = pattern;
  switch (pattern) {
    case FraudPattern::kHighAmount: {
      constexpr std::int64_t kMinimum = 800000;  // 8,000 USD
      const auto count = random.between(1, 3);
      for (std::int64_t i = 0; i < count; ++i) {
        const std::uint64_t product = pick(expensive_products_, random);
        order.items.push_back({product, random.between(5, 20), product_price_cents(product)});
      }
      order.recompute_total();
      if (order.total_cents < kMinimum) {
        OrderItem& first = order.items.front();
        first.quantity += (kMinimum - order.total_cents + first.price_cents - 1) / first.price_cents;
        order.recompute_total();
      }
      order.payment_method = "card";
      break;
    }
    case FraudPattern::kCountryMismatch: {
      add_normal_items(order, random);
      const std::string home = user_country(order.user);
      const std::string shipping = other_country(random, {home});
      order.ip_country = other_country(random, {home, shipping});
      order.shipping = address_in(shipping, random);
      break;
    }
    case FraudPattern::kNewAccount: {
      const auto count = random.between(1, 2);
      for (std::int64_t i = 0; i < count; ++i) {
        const std::uint64_t product = pick(expensive_electronics_, random);
        order.items.push_back({product, random.between(1, 3), product_price_cents(product)});
      }
      order.recompute_total();
      break;
    }
    case FraudPattern::kVelocity:
    case FraudPattern::kNone:
      add_normal_items(order, random);
      order.payment_method = "card";
      break;
  }
  plan_lifecycle(order, random);
  return order;
}

Order OrderFactory::with_unknown_user(std::uint64_t number, Random& random, std::int64_t now_ms) const {
  Order order = normal(number, random, now_ms);
  order.user = options_.users + 1 + random.below(90000);
  return order;
}

Order OrderFactory::with_unknown_product(std::uint64_t number, Random& random, std::int64_t now_ms) const {
  Order order = normal(number, random, now_ms);
  OrderItem& item = order.items[random.below(order.items.size())];
  item.product = options_.products + 1 + random.below(9000);
  item.price_cents = product_price_cents(item.product);
  order.recompute_total();
  return order;
}

}  // namespace streamline::orders
