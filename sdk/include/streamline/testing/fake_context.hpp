#pragma once
// FakeContext: a streamline::Context for plugin unit tests, no engine needed.
//
//   FakeContext context("router", "route");       // stage "router", plugin "route"
//   context.add_resource("pg", my_fake_pool);      // what resource("pg") returns
//   auto stage = plugin.create(config, context);
//   ...
//   EXPECT_TRUE(context.logged("connected"));     // log lines, "level: message"
//   EXPECT_EQ(context.recording_metrics().counter_value("rows_total"), 3);
//   context.request_stop();                        // fires stop_token()
//
// The logger keeps its lines in memory (never registered with spdlog's global
// registry). Acknowledgements are null unless enable_acknowledgements() was
// called, as for a non-source stage.

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <stop_token>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <spdlog/logger.h>
#include <spdlog/sinks/ringbuffer_sink.h>

#include "streamline/batch.hpp"
#include "streamline/context.hpp"
#include "streamline/testing/recording_metrics.hpp"

namespace streamline::testing {

// Acknowledgements whose answers a test sets, and which records releases.
class FakeAcknowledgements final : public Acknowledgements {
 public:
  std::vector<Position> committable(bool all = false) override {
    std::lock_guard lock(mutex_);
    if (all) return all_;
    return std::exchange(pending_, {});
  }
  void release(std::string_view topic, std::int32_t partition) override {
    std::lock_guard lock(mutex_);
    released_.push_back({std::string(topic), partition, 0});
  }
  void set_consumer(std::string consumer) override {
    std::lock_guard lock(mutex_);
    consumer_ = std::move(consumer);
  }
  // What the source passed to set_consumer().
  std::string consumer() const {
    std::lock_guard lock(mutex_);
    return consumer_;
  }
  std::size_t in_flight() const override {
    std::lock_guard lock(mutex_);
    return in_flight_;
  }

  // What the next committable() returns; committable(true) returns every
  // position ever set.
  void set_committable(std::vector<Position> positions) {
    std::lock_guard lock(mutex_);
    for (const auto& p : positions) {
      auto it = std::find_if(all_.begin(), all_.end(), [&](const Position& q) {
        return q.topic == p.topic && q.partition == p.partition;
      });
      if (it == all_.end()) all_.push_back(p);
      else *it = p;
    }
    pending_ = std::move(positions);
  }
  void set_in_flight(std::size_t n) {
    std::lock_guard lock(mutex_);
    in_flight_ = n;
  }
  // Partitions passed to release(), in order (next_offset is 0).
  std::vector<Position> released() const {
    std::lock_guard lock(mutex_);
    return released_;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<Position> pending_;
  std::vector<Position> all_;
  std::vector<Position> released_;
  std::size_t in_flight_ = 0;
  std::string consumer_;
};

class FakeContext final : public Context {
 public:
  explicit FakeContext(std::string stage_name = "test", std::string plugin_name = "test",
                       std::size_t log_capacity = 1024)
      : stage_name_(std::move(stage_name)),
        instance_name_(plugin_name + "/" + stage_name_),
        log_sink_(std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(log_capacity)),
        logger_(instance_name_, log_sink_) {
    log_sink_->set_pattern("%l: %v");
    logger_.set_level(spdlog::level::trace);
  }

  // --- Context ---
  const std::string& stage_name() const noexcept override { return stage_name_; }
  const std::string& instance_name() const noexcept override { return instance_name_; }
  spdlog::logger& logger() noexcept override { return logger_; }
  Metrics& metrics() noexcept override { return metrics_; }
  std::shared_ptr<Resource> resource(std::string_view name) override {
    std::lock_guard lock(mutex_);
    const auto it = resources_.find(std::string(name));
    return it == resources_.end() ? nullptr : it->second;
  }
  std::stop_token stop_token() const noexcept override { return stop_.get_token(); }
  Acknowledgements* acknowledgements() noexcept override { return acks_.get(); }
  // As if the batch were the only events in flight: per partition, one past
  // the highest offset of an event not failed, under positions_consumer().
  std::vector<StoredPosition> positions_after(const Batch& batch) override {
    std::map<std::pair<std::string, std::int32_t>, std::int64_t> next;
    for (std::size_t i = 0; i < batch.size(); ++i) {
      const Origin& o = batch[i].origin;
      if (batch.outcome(i).disposition == Disposition::kFail || o.topic.empty() || o.offset < 0) continue;
      auto& n = next[{o.topic, o.partition}];
      n = std::max(n, o.offset + 1);
    }
    std::vector<StoredPosition> positions;
    std::lock_guard lock(mutex_);
    for (const auto& [key, offset] : next)
      positions.push_back(StoredPosition{positions_consumer_, Position{key.first, key.second, offset}});
    return positions;
  }

  // --- for tests ---
  // The consumer name positions_after() reports (as a source's set_consumer).
  void set_positions_consumer(std::string consumer) {
    std::lock_guard lock(mutex_);
    positions_consumer_ = std::move(consumer);
  }
  RecordingMetrics& recording_metrics() noexcept { return metrics_; }

  void add_resource(std::string name, std::shared_ptr<Resource> resource) {
    std::lock_guard lock(mutex_);
    resources_[std::move(name)] = std::move(resource);
  }

  void request_stop() noexcept { stop_.request_stop(); }
  std::stop_source& stop_source() noexcept { return stop_; }

  // Makes acknowledgements() non-null, as for a source.
  FakeAcknowledgements& enable_acknowledgements() {
    if (!acks_) acks_ = std::make_unique<FakeAcknowledgements>();
    return *acks_;
  }

  // Lines logged so far, oldest first, formatted "level: message"
  // ("info: connected", "warning: slow", "error: lost").
  std::vector<std::string> log_lines() const {
    std::vector<std::string> lines = log_sink_->last_formatted();
    for (auto& line : lines)
      while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
    return lines;
  }
  // True when some logged line contains `text`.
  bool logged(std::string_view text) const {
    for (const auto& line : log_lines())
      if (line.find(text) != std::string::npos) return true;
    return false;
  }

 private:
  std::string stage_name_;
  std::string instance_name_;
  std::shared_ptr<spdlog::sinks::ringbuffer_sink_mt> log_sink_;
  spdlog::logger logger_;
  RecordingMetrics metrics_;
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<Resource>> resources_;
  std::stop_source stop_;
  std::unique_ptr<FakeAcknowledgements> acks_;
  std::string positions_consumer_;
};

}  // namespace streamline::testing
