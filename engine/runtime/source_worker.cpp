#include "engine/runtime/source_worker.hpp"

#include <algorithm>
#include <exception>

#include <streamline/errors.hpp>

#include "engine/runtime/backoff.hpp"
#include "engine/runtime/thread_name.hpp"

namespace streamline::engine {

SourceWorker::SourceWorker(StageRuntime& stage, std::size_t instance, AckRegistry& acks, RunControl& control,
                           const WorkerOptions& options, BatchPool& pool)
    : stage_(stage),
      thread_name_(thread_name(stage.name, instance, stage.concurrency)),
      source_(static_cast<Source&>(*stage.instances.at(instance))),
      tracker_(*stage.trackers.at(instance)),
      control_(control),
      options_(options),
      pool_(pool),
      router_(stage.name, stage.routes, acks, *stage.metrics, *stage.logger, &pool),
      commit_seconds_(stage.metrics->commit_seconds()),
      commit_failures_(stage.metrics->commit_failures()) {}

void SourceWorker::run() noexcept {
  name_this_thread(thread_name_);
  try {
    read_loop();
  } catch (const std::exception& e) {
    // Engine-side failure (e.g. out of memory): stop reading, still finish cleanly.
    error_ = std::string("source worker failed: ") + e.what();
    stage_.logger->error("{}", error_);
  } catch (...) {
    error_ = "source worker failed with a non-standard exception";
    stage_.logger->error("{}", error_);
  }
  try {
    finish();
  } catch (const std::exception& e) {
    stage_.logger->error("source worker failed while finishing: {}", e.what());
  } catch (...) {
    stage_.logger->error("source worker failed while finishing");
  }
}

SourceWorker::PollResult SourceWorker::poll_into(Batch& out, std::chrono::milliseconds timeout) {
  const std::size_t max_events = stage_.batch.max_events == 0 ? 1 : stage_.batch.max_events;
  try {
    if (source_.poll(out, max_events, timeout) == PollStatus::kExhausted) exhausted_ = true;
    poll_failures_ = 0;
    return PollResult::kOk;
  } catch (const TransientError& e) {
    ++poll_failures_;
    stage_.metrics->batch_retries.inc();
    const Backoff backoff(stage_.retry);
    if (backoff.exhausted(poll_failures_)) {
      error_ = stage_.plugin_label() + " failed to poll after " + std::to_string(poll_failures_) +
               " attempts: " + e.what();
      stage_.logger->error("{}; the source stops reading", error_);
      return PollResult::kFatal;
    }
    const auto delay = backoff.delay(poll_failures_);
    stage_.logger->warn("poll failed (attempt {}), retrying in {} ms: {}", poll_failures_, delay.count(), e.what());
    interruptible_sleep(delay, control_.drain_token());
    return PollResult::kFailed;
  } catch (const std::exception& e) {
    error_ = stage_.plugin_label() + " threw from poll(): " + e.what();
  } catch (...) {
    error_ = stage_.plugin_label() + " threw a non-standard exception from poll()";
  }
  stage_.logger->error("{}; the source stops reading", error_);
  return PollResult::kFatal;
}

void SourceWorker::read_loop() {
  next_commit_ = Clock::now() + options_.commit_interval;
  Batch pending;
  bool fatal = false;
  while (!control_.stop_reading()) {
    if (pending.empty() && !exhausted_ && !fatal) {
      if (pending.events().capacity() == 0) pending = pool_.acquire();
      fatal = poll_into(pending, options_.poll_timeout) == PollResult::kFatal;
    }
    if (!pending.empty()) {
      emit(pending);
      pending = std::move(held_);
      held_ = Batch();
    }
    if (Clock::now() >= next_commit_) commit(false);
    if ((exhausted_ || fatal) && pending.empty()) break;
  }
  // Already read: emit even while draining (not reading any more).
  while (!pending.empty() && !control_.hard_stopped()) {
    emit(pending);
    pending = std::move(held_);
    held_ = Batch();
  }
  if (exhausted_) stage_.logger->debug("source exhausted");
}

void SourceWorker::emit(Batch& batch) {
  const auto now = Clock::now();
  for (Event& e : batch.events())
    if (e.ingested_at == Clock::time_point{}) e.ingested_at = now;
  tracker_.track(batch.events());
  const auto n = static_cast<double>(batch.size());
  stage_.metrics->events_in.inc(n);
  stage_.metrics->batch_size.observe(n);
  router_.route(batch, 1, outgoing_);
  for (std::size_t d = 0; d < outgoing_.size(); ++d) {
    if (outgoing_[d].empty()) continue;
    // Only a hard stop makes push give up; the events are then abandoned
    // unacknowledged and read again on the next run.
    if (!push(d, outgoing_[d])) outgoing_[d].clear();
  }
  pool_.release(batch);
  stage_.metrics->events_in_flight.set(static_cast<double>(tracker_.in_flight()));
}

bool SourceWorker::push(std::size_t destination, Batch& batch) {
  BoundedQueue& queue = *stage_.routes.destinations[destination];
  if (queue.try_push(batch)) return true;
  if (control_.stop_reading()) return queue.push(batch, control_.hard_stop_token());
  if (wait_before_pausing(queue, batch)) return true;
  if (control_.hard_stopped()) return false;

  stage_.metrics->source_paused.inc();
  stage_.logger->debug("downstream queue of '{}' is full: pausing the source",
                       stage_.routes.destination_names[destination]);
  try {
    source_.pause();
  } catch (const std::exception& e) {
    stage_.logger->warn("{} threw from pause(): {}", stage_.plugin_label(), e.what());
  } catch (...) {
    stage_.logger->warn("{} threw from pause()", stage_.plugin_label());
  }
  bool pushed = false;
  while (!(pushed = queue.try_push(batch))) {
    if (control_.hard_stopped()) break;
    if (queue.wait_for_room(options_.paused_poll_interval, control_.hard_stop_token())) continue;
    if (!control_.stop_reading() && !exhausted_) {
      // Keep the protocol alive; a well-behaved paused source returns nothing.
      Batch extra;
      poll_into(extra, std::chrono::milliseconds(0));
      if (!extra.empty()) append_batch(held_, extra);
    }
    if (Clock::now() >= next_commit_) commit(false);
  }
  try {
    source_.resume();
  } catch (const std::exception& e) {
    stage_.logger->warn("{} threw from resume(): {}", stage_.plugin_label(), e.what());
  } catch (...) {
    stage_.logger->warn("{} threw from resume()", stage_.plugin_label());
  }
  return pushed;
}

bool SourceWorker::wait_before_pausing(BoundedQueue& queue, Batch& batch) {
  const auto pause_at = Clock::now() + options_.pause_after;
  for (auto now = Clock::now(); now < pause_at; now = Clock::now()) {
    // In slices, so that commits stay on time.
    const auto slice = std::min(std::chrono::duration_cast<std::chrono::milliseconds>(pause_at - now),
                                options_.paused_poll_interval);
    if (queue.wait_for_room(slice, control_.hard_stop_token()) && queue.try_push(batch)) return true;
    if (control_.hard_stopped()) return false;
    if (control_.stop_reading()) return queue.push(batch, control_.hard_stop_token());
    if (Clock::now() >= next_commit_) commit(false);
  }
  return false;
}

void SourceWorker::commit(bool all) {
  next_commit_ = Clock::now() + options_.commit_interval;
  // Also when nothing is read any more: a scrape sees the last events finish.
  stage_.metrics->events_in_flight.set(static_cast<double>(tracker_.in_flight()));
  auto positions = tracker_.committable(all || commit_failed_);
  if (positions.empty()) return;
  const auto started = Clock::now();
  try {
    source_.commit(positions);
    commit_seconds_.observe(std::chrono::duration<double>(Clock::now() - started).count());
    commit_failed_ = false;
    for (const auto& p : positions) {
      committed_[{p.topic, p.partition}] = p.next_offset;
      stage_.metrics->committed_offset(p.topic, p.partition).set(static_cast<double>(p.next_offset));
    }
  } catch (const std::exception& e) {
    commit_failed_ = true;  // next time commit everything again
    commit_failures_.inc();
    stage_.logger->warn("{} failed to commit: {}", stage_.plugin_label(), e.what());
  } catch (...) {
    commit_failed_ = true;
    commit_failures_.inc();
    stage_.logger->warn("{} failed to commit", stage_.plugin_label());
  }
}

void SourceWorker::finish() {
  control_.source_finished();
  if (--stage_.workers_left == 0) stage_.close_outputs();

  // Everything read must be done before the last commit; keep committing
  // while waiting so a long drain still makes progress visible.
  const auto deadline = control_.drain_deadline();
  while (!tracker_.wait_idle(std::min(deadline, Clock::now() + options_.commit_interval),
                             control_.hard_stop_token())) {
    commit(false);
    if (control_.hard_stopped() || Clock::now() >= deadline) break;
  }
  if (const auto left = tracker_.in_flight(); left > 0)
    stage_.logger->warn("{} event(s) still in flight at the drain deadline; they will be read again", left);
  commit(false);  // also sets the in-flight gauge
  try {
    source_.drain(deadline);
  } catch (const std::exception& e) {
    stage_.logger->warn("{} threw from drain(): {}", stage_.plugin_label(), e.what());
  } catch (...) {
    stage_.logger->warn("{} threw from drain()", stage_.plugin_label());
  }
}

SourceProgress SourceWorker::progress() const {
  SourceProgress p;
  p.emitted = tracker_.emitted();
  p.acknowledged = tracker_.completed();
  p.in_flight = tracker_.in_flight();
  for (const auto& [key, offset] : committed_) p.committed.push_back(Position{key.first, key.second, offset});
  p.error = error_;
  return p;
}

}  // namespace streamline::engine
