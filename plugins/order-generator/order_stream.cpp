#include "order_stream.hpp"

#include <array>
#include <cstdio>
#include <map>
#include <queue>
#include <utility>
#include <vector>

#include "malformations.hpp"
#include "order_documents.hpp"
#include "order_factory.hpp"
#include "random.hpp"
#include "reference_data.hpp"

namespace streamline::orders {
namespace {

// Valid events a duplicate may repeat.
constexpr std::size_t kRecentEvents = 256;
// A velocity draw plants 5-8 orders (6.5 on average), the other patterns one.
// Velocity is drawn 6.5 times less often, so each pattern makes about a
// quarter of the fraud orders.
constexpr double kVelocityBurst = 6.5;
constexpr double kVelocityDrawShare = (1 / kVelocityBurst) / (3 + 1 / kVelocityBurst);
// Mean number of orders one fraud draw plants.
constexpr double kOrdersPerFraudDraw = 4 / (3 + 1 / kVelocityBurst);

// A lifecycle step of an open order, due at a sequence number. Ordered by
// (due, order number): a total order, so the stream is deterministic.
struct DueStep {
  std::uint64_t due = 0;
  std::uint64_t order = 0;
  bool operator>(const DueStep& other) const { return std::pair(due, order) > std::pair(other.due, other.order); }
};

// How many events after the previous step a step comes.
std::pair<std::int64_t, std::int64_t> gap_before(EventType step, bool after_payment) {
  switch (step) {
    case EventType::kPaid: return {2, 60};
    case EventType::kShipped: return {20, 400};
    case EventType::kDelivered: return {50, 1200};
    case EventType::kCancelled: return after_payment ? std::pair<std::int64_t, std::int64_t>{10, 200}
                                                     : std::pair<std::int64_t, std::int64_t>{5, 200};
    case EventType::kCreated: break;
  }
  return {1, 1};
}

std::string uuid_like(std::uint64_t key, std::uint64_t sequence) {
  std::uint64_t high = mix64(key + 2 * sequence);
  std::uint64_t low = mix64(key + 2 * sequence + 1);
  high = (high & ~0xF000ull) | 0x4000ull;                           // version 4
  low = (low & 0x3FFFFFFFFFFFFFFFull) | 0x8000000000000000ull;  // RFC 4122 variant
  std::array<char, 40> text{};
  std::snprintf(text.data(), text.size(), "%08llx-%04llx-%04llx-%04llx-%012llx",
                static_cast<unsigned long long>(high >> 32), static_cast<unsigned long long>((high >> 16) & 0xFFFF),
                static_cast<unsigned long long>(high & 0xFFFF), static_cast<unsigned long long>(low >> 48),
                static_cast<unsigned long long>(low & 0xFFFFFFFFFFFFull));
  return text.data();
}

}  // namespace

struct OrderStream::State {
  State(std::uint64_t seed, OrderStreamOptions opts)
      : options(opts),
        id_key(mix64(seed ^ 0x6F72646572732D31ull)),
        random(seed),
        factory(seed, options),
        clock_ms(options.start_time_ms) {
    const double f = options.fraud_ratio;
    fraud_draw_probability = f / (kOrdersPerFraudDraw - (kOrdersPerFraudDraw - 1) * f);
  }

  GeneratedEvent next();
  GeneratedEvent duplicate();
  GeneratedEvent malformed();
  GeneratedEvent new_order();
  GeneratedEvent lifecycle_step();
  Order draw_order();
  GeneratedEvent emit(const Order& order, EventType type);
  void schedule_next_step(const Order& order);
  void remember(const GeneratedEvent& event);

  OrderStreamOptions options;
  std::uint64_t id_key;
  Random random;
  OrderFactory factory;
  double fraud_draw_probability = 0;

  std::uint64_t sequence = 0;  // of the event being made
  std::int64_t clock_ms;
  std::uint64_t orders_created = 0;
  std::priority_queue<DueStep, std::vector<DueStep>, std::greater<>> due_steps;
  std::map<std::uint64_t, Order> open_orders;
  std::vector<GeneratedEvent> recent;
  std::size_t recent_next = 0;
  std::uint64_t burst_user = 0;  // velocity fraud in progress
  std::int64_t burst_left = 0;
};

GeneratedEvent OrderStream::State::next() {
  const double roll = random.uniform();
  GeneratedEvent event;
  if (roll < options.duplicate_ratio && !recent.empty()) {
    event = duplicate();
  } else if (roll < options.duplicate_ratio + options.malformed_ratio) {
    event = malformed();
  } else if (!due_steps.empty() && due_steps.top().due <= sequence) {
    event = lifecycle_step();
  } else {
    event = new_order();
  }
  ++sequence;
  clock_ms += random.between(50, 1500);
  return event;
}

GeneratedEvent OrderStream::State::duplicate() {
  const GeneratedEvent& original = recent[random.below(recent.size())];
  GeneratedEvent event = original;
  event.sequence = sequence;
  event.truth.kind = EventKind::kDuplicate;
  event.truth.duplicate_of = original.sequence;
  return event;
}

GeneratedEvent OrderStream::State::malformed() {
  constexpr std::array<Malformation, 5> kKinds{Malformation::kBadJson, Malformation::kMissingField,
                                               Malformation::kWrongType, Malformation::kUnknownUser,
                                               Malformation::kUnknownProduct};
  const Malformation kind = kKinds[random.below(kKinds.size())];
  const std::uint64_t number = ++orders_created;
  Order order;
  if (kind == Malformation::kUnknownUser)
    order = factory.with_unknown_user(number, random, clock_ms);
  else if (kind == Malformation::kUnknownProduct)
    order = factory.with_unknown_product(number, random, clock_ms);
  else
    order = factory.normal(number, random, clock_ms);

  GeneratedEvent event;
  event.sequence = sequence;
  event.event_id = uuid_like(id_key, sequence);
  event.order_id = order.id;
  event.key = order.id;
  event.user_id = user_id(order.user);
  event.timestamp_ms = clock_ms;
  event.truth.kind = EventKind::kMalformed;
  event.truth.malformation = kind;
  Document document = order_document(order, EventType::kCreated, event.event_id, clock_ms);
  if (kind == Malformation::kUnknownUser) {
    event.payload = document.dump();
    event.truth.detail = "unknown user " + event.user_id;
  } else if (kind == Malformation::kUnknownProduct) {
    event.payload = document.dump();
    for (const auto& item : order.items)
      if (item.product > options.products) event.truth.detail = "unknown product " + product_id(item.product);
  } else {
    MalformedText text = malform(kind, std::move(document), random);
    event.payload = std::move(text.payload);
    event.truth.detail = std::move(text.detail);
  }
  return event;
}

Order OrderStream::State::draw_order() {
  const std::uint64_t number = ++orders_created;
  if (burst_left > 0) {
    --burst_left;
    return factory.fraud(number, FraudPattern::kVelocity, burst_user, random, clock_ms);
  }
  if (!random.chance(fraud_draw_probability)) return factory.normal(number, random, clock_ms);
  constexpr std::array<FraudPattern, 3> kSingleOrderPatterns{FraudPattern::kHighAmount, FraudPattern::kCountryMismatch,
                                                             FraudPattern::kNewAccount};
  const FraudPattern pattern = random.chance(kVelocityDrawShare)
                                   ? FraudPattern::kVelocity
                                   : kSingleOrderPatterns[random.below(kSingleOrderPatterns.size())];
  const std::uint64_t user = factory.any_user(random);
  if (pattern == FraudPattern::kVelocity) {
    burst_user = user;
    burst_left = random.between(5, 8) - 1;  // this order is the first
  }
  return factory.fraud(number, pattern, user, random, clock_ms);
}

GeneratedEvent OrderStream::State::new_order() {
  Order order = draw_order();
  GeneratedEvent event = emit(order, EventType::kCreated);
  schedule_next_step(order);
  open_orders.emplace(order.number, std::move(order));
  return event;
}

GeneratedEvent OrderStream::State::lifecycle_step() {
  const DueStep step = due_steps.top();
  due_steps.pop();
  auto it = open_orders.find(step.order);
  Order& order = it->second;
  GeneratedEvent event = emit(order, order.plan[order.next_step]);
  ++order.next_step;
  if (order.next_step < order.plan.size())
    schedule_next_step(order);
  else
    open_orders.erase(it);
  return event;
}

GeneratedEvent OrderStream::State::emit(const Order& order, EventType type) {
  GeneratedEvent event;
  event.sequence = sequence;
  event.event_id = uuid_like(id_key, sequence);
  event.order_id = order.id;
  event.key = order.id;
  event.user_id = user_id(order.user);
  event.timestamp_ms = clock_ms;
  event.payload = order_document(order, type, event.event_id, clock_ms).dump();
  event.truth.event_type = type;
  event.truth.is_fraud = order.is_fraud;
  event.truth.fraud_pattern = order.fraud_pattern;
  remember(event);
  return event;
}

void OrderStream::State::schedule_next_step(const Order& order) {
  if (order.next_step >= order.plan.size()) return;
  const auto [low, high] = gap_before(order.plan[order.next_step], order.paid_before(order.next_step));
  due_steps.push({sequence + static_cast<std::uint64_t>(random.between(low, high)), order.number});
}

void OrderStream::State::remember(const GeneratedEvent& event) {
  if (recent.size() < kRecentEvents) {
    recent.push_back(event);
  } else {
    recent[recent_next] = event;
    recent_next = (recent_next + 1) % kRecentEvents;
  }
}

OrderStream::OrderStream(std::uint64_t seed, OrderStreamOptions options)
    : state_(std::make_unique<State>(seed, options)) {}
OrderStream::~OrderStream() = default;
OrderStream::OrderStream(OrderStream&&) noexcept = default;
OrderStream& OrderStream::operator=(OrderStream&&) noexcept = default;

GeneratedEvent OrderStream::next() { return state_->next(); }
std::uint64_t OrderStream::emitted() const noexcept { return state_->sequence; }

const char* to_string(EventType type) noexcept {
  switch (type) {
    case EventType::kCreated: return "ORDER_CREATED";
    case EventType::kPaid: return "ORDER_PAID";
    case EventType::kShipped: return "ORDER_SHIPPED";
    case EventType::kDelivered: return "ORDER_DELIVERED";
    case EventType::kCancelled: return "ORDER_CANCELLED";
  }
  return "UNKNOWN";
}

const char* to_string(EventKind kind) noexcept {
  switch (kind) {
    case EventKind::kValid: return "valid";
    case EventKind::kDuplicate: return "duplicate";
    case EventKind::kMalformed: return "malformed";
  }
  return "unknown";
}

const char* to_string(Malformation malformation) noexcept {
  switch (malformation) {
    case Malformation::kNone: return "none";
    case Malformation::kBadJson: return "bad_json";
    case Malformation::kMissingField: return "missing_field";
    case Malformation::kWrongType: return "wrong_type";
    case Malformation::kUnknownUser: return "unknown_user";
    case Malformation::kUnknownProduct: return "unknown_product";
  }
  return "unknown";
}

const char* to_string(FraudPattern pattern) noexcept {
  switch (pattern) {
    case FraudPattern::kNone: return "none";
    case FraudPattern::kHighAmount: return "high_amount";
    case FraudPattern::kVelocity: return "velocity";
    case FraudPattern::kCountryMismatch: return "country_mismatch";
    case FraudPattern::kNewAccount: return "new_account";
  }
  return "unknown";
}

}  // namespace streamline::orders
