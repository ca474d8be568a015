#pragma once
// OrderFactory: draws new orders, normal ones and planted fraud, with their
// whole lifecycle plan.
//
// Normal orders: 1-4 items of any product, quantities 1-3 (totals below
// 6,000 USD); the shipping country is the user's home country for 92% and
// the IP country for 95%, never both different. The fraud patterns are
// described in order_stream.hpp.

#include <cstdint>
#include <string>
#include <vector>

#include "order_model.hpp"
#include "order_stream.hpp"
#include "random.hpp"

namespace streamline::orders {

class OrderFactory {
 public:
  OrderFactory(std::uint64_t seed, const OrderStreamOptions& options);

  // A new order numbered `number`, placed at `now_ms`.
  Order normal(std::uint64_t number, Random& random, std::int64_t now_ms) const;
  Order fraud(std::uint64_t number, FraudPattern pattern, std::uint64_t user, Random& random,
              std::int64_t now_ms) const;
  // A normal order for the malformations that are about ids.
  Order with_unknown_user(std::uint64_t number, Random& random, std::int64_t now_ms) const;
  Order with_unknown_product(std::uint64_t number, Random& random, std::int64_t now_ms) const;

  std::uint64_t any_user(Random& random) const;
  std::string order_id(std::uint64_t number) const;

 private:
  Order base_order(std::uint64_t number, std::uint64_t user, Random& random) const;
  void add_normal_items(Order& order, Random& random) const;
  void plan_lifecycle(Order& order, Random& random) const;
  std::uint64_t new_account_user(Random& random, std::int64_t now_ms) const;
  std::uint64_t pick(const std::vector<std::uint64_t>& products, Random& random) const;

  OrderStreamOptions options_;
  std::string order_prefix_;
  std::vector<std::uint64_t> expensive_products_;     // price >= 300 USD
  std::vector<std::uint64_t> expensive_electronics_;  // electronics, price >= 250 USD
};

}  // namespace streamline::orders
