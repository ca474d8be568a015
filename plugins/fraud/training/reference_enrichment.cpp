#include "reference_enrichment.hpp"

#include <charconv>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <system_error>

#include "reference_data.hpp"
#include "timestamp.hpp"

namespace streamline::plugins::fraud::training {
namespace {

using Json = streamline::Json;

// 42 for "user-00042" with prefix "user-"; nullopt for anything else.
std::optional<std::uint64_t> number_after(std::string_view id, std::string_view prefix) {
  if (!id.starts_with(prefix)) return std::nullopt;
  id.remove_prefix(prefix.size());
  std::uint64_t number = 0;
  const auto [end, ec] = std::from_chars(id.data(), id.data() + id.size(), number);
  if (ec != std::errc() || end != id.data() + id.size()) return std::nullopt;
  return number;
}

std::string text_of(const Json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

Json user_row(std::uint64_t i) {
  const std::string n = std::to_string(i);
  return Json{{"user_id", orders::user_id(i)},
              {"name", "User " + n},
              {"email", "user" + n + "@example.com"},
              {"country", orders::user_country(i)},
              {"tier", user_tier(i)},
              {"signup_date", orders::format_timestamp(orders::user_signup_day(i) * orders::kMillisPerDay).substr(0, 10)}};
}

Json product_row(std::uint64_t i) {
  return Json{{"product_id", orders::product_id(i)},
              {"name", "Product " + std::to_string(i)},
              {"category", orders::product_category(i)},
              {"price", static_cast<double>(orders::product_price_cents(i)) / 100.0}};
}

}  // namespace

const char* user_tier(std::uint64_t user) noexcept {
  constexpr const char* kTiers[] = {"standard", "standard", "standard", "silver", "gold"};
  return kTiers[(user * 13) % 5];
}

Json reference_enrichment(const Json& event, std::uint64_t users, std::uint64_t products) {
  Json missing = Json::array();
  Json user = nullptr;
  const std::string user_id = text_of(event, "user_id");
  const auto user_number = number_after(user_id, "user-");
  if (user_number && *user_number >= 1 && *user_number <= users) user = user_row(*user_number);
  else missing.push_back("user:" + user_id);

  Json found = Json::array();
  std::set<std::string> seen;
  const auto data = event.find("data");
  if (data != event.end() && data->is_object() && data->contains("items") && (*data)["items"].is_array()) {
    for (const Json& item : (*data)["items"]) {
      if (!item.is_object()) continue;
      const std::string product_id = text_of(item, "product_id");
      if (!seen.insert(product_id).second) continue;
      const auto number = number_after(product_id, "prod-");
      if (number && *number >= 1 && *number <= products) found.push_back(product_row(*number));
      else missing.push_back("product:" + product_id);
    }
  }
  return Json{{"status", missing.empty() ? "complete" : "partial"},
              {"user", std::move(user)},
              {"products", std::move(found)},
              {"missing", std::move(missing)}};
}

}  // namespace streamline::plugins::fraud::training
