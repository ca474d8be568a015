#pragma once
// In-process plugins for runtime tests: a partitioned source that records
// commits and pause/resume calls, processors made from a function, and a
// sink that records what it received. Everything they record is
// thread-safe and read after the run.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <streamline/streamline.hpp>

namespace streamline::engine::test {

// Order of start()/stop() calls across stages ("start:sink", "stop:src").
class Lifecycle {
 public:
  void record(std::string entry) {
    std::lock_guard lock(mutex_);
    entries_.push_back(std::move(entry));
  }
  std::vector<std::string> entries() const {
    std::lock_guard lock(mutex_);
    return entries_;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<std::string> entries_;
};

class FunctionPlugin : public Plugin {
 public:
  using Factory = std::function<std::unique_ptr<Stage>(Context&)>;
  FunctionPlugin(PluginKind kind, Factory make, std::vector<std::string> outputs = {})
      : kind_(kind), make_(std::move(make)), outputs_(std::move(outputs)) {}

  PluginKind kind() const noexcept override { return kind_; }
  std::string description() const override { return "test plugin"; }
  const ConfigSpec& spec() const override { return spec_; }
  std::vector<std::string> outputs(const Config&) const override { return outputs_; }
  std::unique_ptr<Stage> create(const Config&, Context& context) const override { return make_(context); }

 private:
  PluginKind kind_;
  Factory make_;
  std::vector<std::string> outputs_;
  ConfigSpec spec_;
};

inline std::uint64_t id_of(const Event& e) { return e.json().at("id").get<std::uint64_t>(); }

struct SourceSettings {
  std::uint64_t count = 1000;  // 0 = endless (until drained)
  int partitions = 3;
  std::int64_t offset_step = 1;  // >1 leaves gaps, like a compacted topic
  bool obey_pause = true;        // false: keeps returning events while paused
  std::string topic = "orders";
  // Payload of event `id`; default {"id": id}.
  std::function<Event(std::uint64_t id)> make_event{};
};

// What a TestSource did; shared with the test.
struct SourceRecord {
  mutable std::mutex mutex;
  std::vector<std::vector<Position>> commits;
  std::uint64_t emitted = 0;
  int pauses = 0;
  int resumes = 0;
  int polls_while_paused = 0;
  int events_while_paused = 0;
  bool stopped = false;

  // Last committed next_offset per partition.
  std::map<std::int32_t, std::int64_t> last_commits() const {
    std::lock_guard lock(mutex);
    std::map<std::int32_t, std::int64_t> last;
    for (const auto& commit : commits)
      for (const auto& p : commit) last[p.partition] = p.next_offset;
    return last;
  }
};

class TestSource : public Source {
 public:
  TestSource(SourceSettings settings, std::shared_ptr<SourceRecord> record, Context& context,
             Lifecycle* lifecycle = nullptr)
      : settings_(std::move(settings)), record_(std::move(record)), context_(context), lifecycle_(lifecycle),
        next_offset_(static_cast<std::size_t>(settings_.partitions), 0) {}

  void start() override {
    if (lifecycle_) lifecycle_->record("start:" + context_.stage_name());
  }
  void stop() noexcept override {
    if (lifecycle_) lifecycle_->record("stop:" + context_.stage_name());
    std::lock_guard lock(record_->mutex);
    record_->stopped = true;
  }

  PollStatus poll(Batch& out, std::size_t max_events, std::chrono::milliseconds) override {
    if (paused_) {
      std::lock_guard lock(record_->mutex);
      ++record_->polls_while_paused;
      if (settings_.obey_pause) return PollStatus::kReady;
    }
    std::size_t added = 0;
    while (added < max_events && (settings_.count == 0 || next_id_ < settings_.count)) {
      const std::uint64_t id = next_id_++;
      const auto partition = static_cast<std::int32_t>(id % static_cast<std::uint64_t>(settings_.partitions));
      Event e = settings_.make_event ? settings_.make_event(id) : Event::from_json(Json{{"id", id}});
      e.origin = Origin{settings_.topic, partition, next_offset_[static_cast<std::size_t>(partition)]};
      next_offset_[static_cast<std::size_t>(partition)] += settings_.offset_step;
      out.add(std::move(e));
      ++added;
    }
    {
      std::lock_guard lock(record_->mutex);
      record_->emitted += added;
      if (paused_) record_->events_while_paused += static_cast<int>(added);
    }
    return settings_.count != 0 && next_id_ >= settings_.count ? PollStatus::kExhausted : PollStatus::kReady;
  }
  void commit(const std::vector<Position>& positions) override {
    std::lock_guard lock(record_->mutex);
    record_->commits.push_back(positions);
  }
  void pause() override {
    paused_ = true;
    std::lock_guard lock(record_->mutex);
    ++record_->pauses;
  }
  void resume() override {
    paused_ = false;
    std::lock_guard lock(record_->mutex);
    ++record_->resumes;
  }

 private:
  SourceSettings settings_;
  std::shared_ptr<SourceRecord> record_;
  Context& context_;
  Lifecycle* lifecycle_;
  std::vector<std::int64_t> next_offset_;
  std::uint64_t next_id_ = 0;
  bool paused_ = false;
};

inline std::unique_ptr<FunctionPlugin> source_plugin(SourceSettings settings, std::shared_ptr<SourceRecord> record,
                                                     Lifecycle* lifecycle = nullptr) {
  return std::make_unique<FunctionPlugin>(PluginKind::kSource, [=](Context& context) {
    return std::make_unique<TestSource>(settings, record, context, lifecycle);
  });
}

class FunctionProcessor : public Processor {
 public:
  FunctionProcessor(std::function<void(Batch&)> fn, Context& context, Lifecycle* lifecycle)
      : fn_(std::move(fn)), context_(context), lifecycle_(lifecycle) {}
  void start() override {
    if (lifecycle_) lifecycle_->record("start:" + context_.stage_name());
  }
  void stop() noexcept override {
    if (lifecycle_) lifecycle_->record("stop:" + context_.stage_name());
  }
  void process(Batch& batch) override { fn_(batch); }

 private:
  std::function<void(Batch&)> fn_;
  Context& context_;
  Lifecycle* lifecycle_;
};

// A processor running `fn` on each batch. `fn` must be thread-safe when the
// stage runs with concurrency > 1.
inline std::unique_ptr<FunctionPlugin> processor_plugin(std::function<void(Batch&)> fn,
                                                        std::vector<std::string> outputs = {},
                                                        Lifecycle* lifecycle = nullptr) {
  return std::make_unique<FunctionPlugin>(
      PluginKind::kProcessor,
      [=](Context& context) { return std::make_unique<FunctionProcessor>(fn, context, lifecycle); },
      std::move(outputs));
}

struct Received {
  std::uint64_t id;
  std::optional<Failure> failure;
};

// What a RecordingSink got; shared with the test.
struct SinkRecord {
  mutable std::mutex mutex;
  std::vector<Received> events;
  std::atomic<int> batches{0};

  std::vector<std::uint64_t> ids() const {
    std::lock_guard lock(mutex);
    std::vector<std::uint64_t> out;
    for (const auto& r : events) out.push_back(r.id);
    std::sort(out.begin(), out.end());
    return out;
  }
  std::vector<Received> all() const {
    std::lock_guard lock(mutex);
    return events;
  }
};

inline std::unique_ptr<FunctionPlugin> sink_plugin(std::shared_ptr<SinkRecord> record,
                                                   std::chrono::milliseconds delay_per_batch = {},
                                                   Lifecycle* lifecycle = nullptr) {
  return std::make_unique<FunctionPlugin>(PluginKind::kSink, [=](Context& context) {
    auto fn = [record, delay_per_batch](Batch& batch) {
      if (delay_per_batch.count() > 0) std::this_thread::sleep_for(delay_per_batch);
      ++record->batches;
      std::lock_guard lock(record->mutex);
      for (const auto& e : batch) record->events.push_back(Received{id_of(e), e.failure});
    };
    return std::make_unique<FunctionProcessor>(fn, context, lifecycle);
  });
}

// 0, 1, ..., n-1
inline std::vector<std::uint64_t> iota_ids(std::uint64_t n, std::uint64_t step = 1, std::uint64_t from = 0) {
  std::vector<std::uint64_t> out;
  for (std::uint64_t i = from; i < n; i += step) out.push_back(i);
  return out;
}

}  // namespace streamline::engine::test
