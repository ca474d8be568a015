#pragma once
// Produces generated events on a thread of its own, paced, while the engine
// runs; finish() waits and returns where each event landed.

#include <exception>
#include <map>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "tests/system/support/orders_pipeline.hpp"

namespace streamline::system_tests {

class BackgroundProducer {
 public:
  // `producer_config`: librdkafka properties of the producer (produce_events).
  BackgroundProducer(const OrdersPipeline& world, const std::vector<orders::GeneratedEvent>& events, double rate,
                     std::map<std::string, std::string> producer_config = {})
      : thread_([&world, &events, rate, config = std::move(producer_config), this] {
          try {
            deliveries_ = produce_events(world.stack().kafka_brokers, kOrdersTopic, events, rate, config);
          } catch (...) {
            error_ = std::current_exception();
          }
        }) {}
  ~BackgroundProducer() {
    if (thread_.joinable()) thread_.join();
  }
  BackgroundProducer(const BackgroundProducer&) = delete;
  BackgroundProducer& operator=(const BackgroundProducer&) = delete;

  std::vector<Delivery> finish() {
    thread_.join();
    if (error_) std::rethrow_exception(error_);
    return std::move(deliveries_);
  }

 private:
  std::vector<Delivery> deliveries_;
  std::exception_ptr error_;
  std::thread thread_;
};

}  // namespace streamline::system_tests
