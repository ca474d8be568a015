#include "engine/runtime/run_control.hpp"

#include <utility>

namespace streamline::engine {

RunControl::RunControl(std::chrono::milliseconds drain_timeout, std::size_t sources)
    : drain_timeout_(drain_timeout), sources_running_(sources) {}

void RunControl::start_drain_locked() {
  if (draining_) return;
  draining_ = true;
  deadline_ = Clock::now() + drain_timeout_;
  cv_.notify_all();
}

void RunControl::request_drain() {
  {
    std::lock_guard lock(mutex_);
    start_drain_locked();
  }
  drain_.request_stop();
}

void RunControl::hard_stop() {
  drain_.request_stop();
  hard_.request_stop();
  std::lock_guard lock(mutex_);
  start_drain_locked();
  cv_.notify_all();
}

void RunControl::source_finished() {
  std::lock_guard lock(mutex_);
  if (quiescing_.load(std::memory_order_acquire)) return;  // paused for a reload, not over
  if (sources_running_ > 0 && --sources_running_ == 0) start_drain_locked();
}

void RunControl::begin_quiesce() {
  std::lock_guard lock(mutex_);
  quiesce_deadline_ = Clock::now() + drain_timeout_;
  quiescing_.store(true, std::memory_order_release);
}

void RunControl::end_quiesce(std::size_t sources) {
  std::lock_guard lock(mutex_);
  sources_running_ = sources;
  quiescing_.store(false, std::memory_order_release);
}

void RunControl::wake() {
  std::lock_guard lock(mutex_);
  woken_ = true;
  cv_.notify_all();
}

bool RunControl::take_wake() {
  std::lock_guard lock(mutex_);
  return std::exchange(woken_, false);
}

Clock::time_point RunControl::drain_deadline() const {
  std::lock_guard lock(mutex_);
  if (draining_) return deadline_;
  if (quiescing_.load(std::memory_order_acquire)) return quiesce_deadline_;
  return Clock::now() + drain_timeout_;
}

bool RunControl::draining() const {
  std::lock_guard lock(mutex_);
  return draining_;
}

void RunControl::worker_started() {
  std::lock_guard lock(mutex_);
  ++workers_running_;
}

void RunControl::worker_finished() {
  std::lock_guard lock(mutex_);
  if (workers_running_ > 0) --workers_running_;
  if (workers_running_ == 0) cv_.notify_all();
}

bool RunControl::wait_workers(Clock::time_point deadline) {
  std::unique_lock lock(mutex_);
  return cv_.wait_until(lock, deadline, [&] { return workers_running_ == 0; });
}

bool RunControl::wait_drain(Clock::time_point deadline) {
  std::unique_lock lock(mutex_);
  return cv_.wait_until(lock, deadline, [&] { return draining_ || workers_running_ == 0 || woken_; });
}

}  // namespace streamline::engine
