#include "enrichment.hpp"

#include <algorithm>

namespace streamline::plugins::enrich {

const char* to_string(RecordKind kind) noexcept {
  switch (kind) {
    case RecordKind::kUser: return "user";
    case RecordKind::kProduct: return "product";
  }
  return "unknown";
}

References references_of(const Json& event) {
  References refs;
  if (!event.is_object()) return refs;
  if (const auto user = event.find("user_id");
      user != event.end() && user->is_string() && !user->get_ref<const std::string&>().empty())
    refs.user_id = user->get<std::string>();
  const auto data = event.find("data");
  if (data == event.end() || !data->is_object()) return refs;
  const auto items = data->find("items");
  if (items == data->end() || !items->is_array()) return refs;
  for (const Json& item : *items) {
    if (!item.is_object()) continue;
    const auto product = item.find("product_id");
    if (product == item.end() || !product->is_string() || product->get_ref<const std::string&>().empty()) continue;
    const auto& id = product->get_ref<const std::string&>();
    // Orders hold a handful of items: a linear check keeps the item order.
    if (std::find(refs.product_ids.begin(), refs.product_ids.end(), id) == refs.product_ids.end())
      refs.product_ids.push_back(id);
  }
  return refs;
}

Json enrichment_of(const References& references, const Records& users, const Records& products) {
  Json missing = Json::array();
  Json user = nullptr;
  if (references.user_id) {
    if (const auto it = users.find(*references.user_id); it != users.end()) user = *it->second;
    else missing.push_back(std::string(to_string(RecordKind::kUser)) + ":" + *references.user_id);
  }
  Json found_products = Json::array();
  found_products.get_ref<Json::array_t&>().reserve(references.product_ids.size());
  for (const auto& id : references.product_ids) {
    if (const auto it = products.find(id); it != products.end()) found_products.push_back(*it->second);
    else missing.push_back(std::string(to_string(RecordKind::kProduct)) + ":" + id);
  }
  // Built member by member: an initializer list would build each member as
  // a two-element array first, which cost more than the rest of this.
  Json enrichment(Json::value_t::object);
  auto& members = enrichment.get_ref<Json::object_t&>();
  members.reserve(4);
  members.emplace_back("status", missing.empty() ? "complete" : "partial");
  members.emplace_back("user", std::move(user));
  members.emplace_back("products", std::move(found_products));
  members.emplace_back("missing", std::move(missing));
  return enrichment;
}

bool is_partial(const Json& enrichment) {
  const auto missing = enrichment.find("missing");
  return missing != enrichment.end() && missing->is_array() && !missing->empty();
}

}  // namespace streamline::plugins::enrich
