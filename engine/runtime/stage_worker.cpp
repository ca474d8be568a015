#include "engine/runtime/stage_worker.hpp"

#include <algorithm>
#include <exception>

#include <streamline/errors.hpp>

#include "engine/runtime/backoff.hpp"
#include "engine/runtime/thread_name.hpp"

namespace streamline::engine {

StageWorker::StageWorker(StageRuntime& stage, std::size_t instance, AckRegistry& acks, RunControl& control,
                         const WorkerOptions& options, BatchPool& pool)
    : stage_(stage),
      thread_name_(thread_name(stage.name, instance, stage.concurrency)),
      processor_(static_cast<Processor&>(*stage.instances.at(instance))),
      acks_(acks),
      control_(control),
      options_(options),
      pool_(pool),
      logger_(stage.contexts.at(instance)->logger()),
      router_(stage.name, stage.routes, acks, *stage.metrics, logger_, &pool),
      lane_(stage.input->lanes() > 1 ? instance : 0) {}

void StageWorker::run() noexcept {
  name_this_thread(thread_name_);
  try {
    work_loop();
  } catch (const std::exception& e) {
    logger_.error("stage worker failed: {}", e.what());
  } catch (...) {
    logger_.error("stage worker failed with a non-standard exception");
  }
  try {
    finish();
  } catch (...) {
    logger_.error("stage worker failed while finishing");
  }
}

bool StageWorker::next_batch(Batch& batch) {
  BoundedQueue& input = *stage_.input;
  Clock::time_point queued_at;
  for (;;) {
    const auto status =
        input.pop(batch, options_.idle_check, control_.hard_stop_token(), SIZE_MAX, lane_, &queued_at);
    if (status == BoundedQueue::PopStatus::kClosed) return false;
    if (status == BoundedQueue::PopStatus::kBatch) break;
    if (control_.hard_stopped()) return false;
  }
  // Fill the call up to max_events with what is queued, or arrives while its
  // oldest events have waited less than max_wait. Counted from when they were
  // queued: events that queued while the stage was busy have waited already,
  // and go at once with whatever queued behind them (the busier the stage,
  // the larger its calls, with no window added on top).
  const std::size_t max_events = std::max<std::size_t>(stage_.batch.max_events, 1);
  const auto wait_until = queued_at + stage_.batch.max_wait;
  while (batch.size() < max_events) {
    const auto now = Clock::now();
    const auto left = wait_until > now ? std::chrono::duration_cast<std::chrono::milliseconds>(wait_until - now)
                                       : std::chrono::milliseconds(0);
    if (input.pop(merge_, left, control_.hard_stop_token(), max_events - batch.size(), lane_) !=
        BoundedQueue::PopStatus::kBatch)
      break;
    append_batch(batch, merge_);
    pool_.release(merge_);
  }
  stage_.metrics->queue_depth.set(static_cast<double>(input.size()));
  return true;
}

void StageWorker::work_loop() {
  Batch batch;
  while (next_batch(batch)) {
    const auto n = static_cast<double>(batch.size());
    stage_.metrics->events_in.inc(n);
    stage_.metrics->batch_size.observe(n);
    const int attempts = process(batch);
    router_.route(batch, attempts, outgoing_);
    for (std::size_t d = 0; d < outgoing_.size(); ++d) {
      if (outgoing_[d].empty()) continue;
      // Only a hard stop makes push give up: abandoned, replayed next run.
      if (!stage_.routes.destinations[d]->push(outgoing_[d], control_.hard_stop_token())) outgoing_[d].clear();
    }
    // Keep the emptied batch's storage for the next outgoing batch anywhere.
    pool_.release(batch);
  }
}

int StageWorker::process(Batch& batch) {
  const Backoff backoff(stage_.retry);
  int attempts = 0;
  for (;;) {
    ++attempts;
    reset_outcomes(batch);
    const auto started = Clock::now();
    try {
      processor_.process(batch);
      stage_.metrics->add_busy(std::chrono::duration<double>(Clock::now() - started).count());
      return attempts;
    } catch (const TransientError& e) {
      stage_.metrics->add_busy(std::chrono::duration<double>(Clock::now() - started).count());
      if (backoff.exhausted(attempts)) {
        logger_.error("{} failed {} time(s) with a transient error, giving up on the batch: {}",
                             stage_.plugin_label(), attempts, e.what());
        batch.fail_all(stage_.plugin_label() + " failed after " + std::to_string(attempts) +
                       " attempts: " + e.what());
        return attempts;
      }
      if (control_.hard_stopped()) {
        batch.fail_all(stage_.plugin_label() + " was stopped while retrying: " + e.what());
        return attempts;
      }
      const auto delay = backoff.delay(attempts);
      stage_.metrics->batch_retries.inc();
      logger_.warn("transient error (attempt {}), retrying the batch of {} in {} ms: {}", attempts,
                          batch.size(), delay.count(), e.what());
      if (!interruptible_sleep(delay, control_.hard_stop_token())) {
        batch.fail_all(stage_.plugin_label() + " was stopped while retrying: " + e.what());
        return attempts;
      }
    } catch (const PayloadError& e) {
      if (isolate_bad_payloads(batch, attempts)) return attempts;
      logger_.error("{} threw: {}", stage_.plugin_label(), e.what());
      batch.fail_all(stage_.plugin_label() + " threw: " + e.what());
      return attempts;
    } catch (const std::exception& e) {
      logger_.error("{} threw: {} (failing a batch of {})", stage_.plugin_label(), e.what(), batch.size());
      batch.fail_all(stage_.plugin_label() + " threw: " + e.what());
      return attempts;
    } catch (...) {
      logger_.error("{} threw a non-standard exception (failing a batch of {})", stage_.plugin_label(),
                           batch.size());
      batch.fail_all(stage_.plugin_label() + " threw a non-standard exception");
      return attempts;
    }
  }
}

// process() threw PayloadError: fail the events whose payload is not JSON
// with the parser's message and process the others again. False when every
// payload is fine (the error came from elsewhere).
bool StageWorker::isolate_bad_payloads(Batch& batch, int& attempts) {
  Batch good;
  Batch bad;
  auto& events = batch.events();
  for (auto& event : events) {
    std::string error;
    try {
      (void)event.json();
    } catch (const PayloadError& e) {
      error = e.what();
    }
    if (error.empty()) {
      good.add(std::move(event));
    } else {
      bad.add(std::move(event));
      bad.fail(bad.size() - 1, std::move(error));
    }
  }
  if (bad.empty()) {
    // Put the batch back together as it was.
    batch.clear();
    append_batch(batch, good);
    return false;
  }
  if (!good.empty()) attempts = std::max(attempts, process(good));
  batch.clear();
  append_batch(batch, good);
  append_batch(batch, bad);
  return true;
}

void StageWorker::finish() {
  try {
    processor_.drain(control_.drain_deadline());
  } catch (const std::exception& e) {
    logger_.warn("{} threw from drain(): {}", stage_.plugin_label(), e.what());
  } catch (...) {
    logger_.warn("{} threw from drain()", stage_.plugin_label());
  }
  if (--stage_.workers_left == 0) stage_.close_outputs();
}

}  // namespace streamline::engine
