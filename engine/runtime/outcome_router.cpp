#include "engine/runtime/outcome_router.hpp"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <optional>
#include <utility>

namespace streamline::engine {

void append_batch(Batch& into, Batch& from) {
  auto& events = from.events();
  auto& outcomes = from.outcomes();
  if (into.empty()) {
    std::swap(into, from);
    from.clear();
    return;
  }
  into.events().insert(into.events().end(), std::make_move_iterator(events.begin()),
                       std::make_move_iterator(events.end()));
  into.outcomes().insert(into.outcomes().end(), std::make_move_iterator(outcomes.begin()),
                         std::make_move_iterator(outcomes.end()));
  from.clear();
}

void reset_outcomes(Batch& batch) {
  auto& outcomes = batch.outcomes();
  // A plugin that added or removed events without the Batch API leaves the
  // two out of step; every event gets an outcome.
  outcomes.resize(batch.events().size());
  for (auto& o : outcomes)
    if (o.disposition != Disposition::kPass || !o.reason.empty() || !o.stage.empty()) o = Outcome{};
}

OutcomeRouter::OutcomeRouter(std::string stage, const StageRoutes& routes, AckRegistry& acks,
                             StageMetrics& metrics, spdlog::logger& logger, BatchPool* pool)
    : stage_(std::move(stage)),
      routes_(routes),
      acks_(acks),
      metrics_(metrics),
      logger_(logger),
      pool_(pool),
      drops_(metrics) {
  for (std::size_t k = 0; k < routes_.named_outputs.size(); ++k)
    no_reader_reasons_.push_back("no reader for output " +
                                 (k < routes_.output_names.size() ? routes_.output_names[k] : std::to_string(k)));
}

void OutcomeRouter::deliver(Event& event, const std::vector<std::uint16_t>& readers, std::vector<Batch>& outgoing) {
  if (readers.empty()) {
    finish(event);
    return;
  }
  if (readers.size() > 1) extra_refs_.push_back(ExtraRefs{event.ack, static_cast<std::uint32_t>(readers.size() - 1)});
  for (std::size_t r = 0; r + 1 < readers.size(); ++r) {
    Batch& to = outgoing[readers[r]];
    to.events().push_back(event);
    to.outcomes().emplace_back();
  }
  Batch& to = outgoing[readers.back()];
  to.events().push_back(std::move(event));
  to.outcomes().emplace_back();
}

// Counts what this batch sends each destination and sizes the outgoing
// batches once: growing them event by event would reallocate and move every
// event again and again. When every event goes, once, to the same single
// destination, returns it: the batch can then travel on whole. Also turns a
// send to an output the plugin does not declare into a failure.
std::optional<std::size_t> OutcomeRouter::size_outgoing(Batch& batch, std::vector<Batch>& outgoing) {
  counts_.assign(outgoing.size(), 0);
  bool one_destination = true;
  std::size_t destination = SIZE_MAX;
  auto count = [&](const std::vector<std::uint16_t>& readers) {
    for (auto d : readers) ++counts_[d];
    if (readers.size() != 1 || (destination != SIZE_MAX && destination != readers.front()))
      one_destination = false;
    else
      destination = readers.front();
  };
  for (Outcome& outcome : batch.outcomes()) {
    switch (outcome.disposition) {
      case Disposition::kPass: count(routes_.default_output); break;
      case Disposition::kSend:
        if (outcome.output >= routes_.named_outputs.size()) {
          outcome.disposition = Disposition::kFail;
          outcome.reason = "sent to output " + std::to_string(outcome.output) + " but the plugin declares " +
                           std::to_string(routes_.named_outputs.size()) + " named output(s)";
          count(routes_.error_output);
        } else {
          count(routes_.named_outputs[outcome.output]);
        }
        break;
      case Disposition::kFail: count(routes_.error_output); break;
      case Disposition::kDrop: one_destination = false; break;
    }
  }
  if (one_destination && destination != SIZE_MAX) return destination;
  for (std::size_t d = 0; d < outgoing.size(); ++d) {
    if (counts_[d] == 0) continue;
    Batch& to = outgoing[d];
    const std::size_t need = to.size() + counts_[d];
    if (to.events().capacity() >= need) continue;
    if (to.empty() && pool_) to = pool_->acquire();
    to.reserve(need);
  }
  return std::nullopt;
}

void OutcomeRouter::route(Batch& batch, int attempts, std::vector<Batch>& outgoing) {
  outgoing.resize(routes_.destinations.size());
  auto& events = batch.events();
  auto& outcomes = batch.outcomes();
  outcomes.resize(events.size());
  const std::size_t n = events.size();
  if (n == 0) return;

  const bool all_pass = std::all_of(outcomes.begin(), outcomes.end(),
                                    [](const Outcome& o) { return o.disposition == Disposition::kPass; });
  if (all_pass) {
    metrics_.events_out.inc(static_cast<double>(n));
    if (routes_.default_output.empty()) {
      // Delivered: the end of the line.
      done_.clear();
      done_.reserve(n);
      for (const auto& e : events) done_.push_back(e.ack);
      acks_.done(done_);
      done_.clear();
      batch.clear();
      return;
    }
    if (routes_.default_output.size() == 1) {
      append_batch(outgoing[routes_.default_output.front()], batch);
      return;
    }
  }

  const auto only_destination = size_outgoing(batch, outgoing);
  std::uint64_t out = 0;
  std::uint64_t failed = 0;
  if (only_destination) {
    // Every event goes on, once, to one reader: mark the failures and send
    // the batch on whole.
    for (std::size_t i = 0; i < n; ++i) {
      Outcome& outcome = outcomes[i];
      if (outcome.disposition == Disposition::kFail) {
        ++failed;
        outcome.stage = stage_;
        events[i].failure = Failure{stage_, outcome.reason, attempts};
      } else {
        ++out;
      }
    }
    if (out > 0) metrics_.events_out.inc(static_cast<double>(out));
    if (failed > 0) metrics_.events_failed.inc(static_cast<double>(failed));
    append_batch(outgoing[*only_destination], batch);
    return;
  }

  done_.clear();
  done_.reserve(n);
  extra_refs_.clear();
  std::uint64_t failed_nowhere = 0;
  const std::string* first_unrouted_error = nullptr;
  for (std::size_t i = 0; i < n; ++i) {
    Event& event = events[i];
    Outcome& outcome = outcomes[i];
    switch (outcome.disposition) {
      case Disposition::kPass:
        ++out;
        deliver(event, routes_.default_output, outgoing);
        break;
      case Disposition::kSend:
        if (routes_.named_outputs[outcome.output].empty()) {
          drops_.count(no_reader_reasons_[outcome.output]);
          finish(event);
        } else {
          ++out;
          deliver(event, routes_.named_outputs[outcome.output], outgoing);
        }
        break;
      case Disposition::kFail:
        ++failed;
        outcome.stage = stage_;
        event.failure = Failure{stage_, outcome.reason, attempts};
        if (routes_.error_output.empty()) {
          if (failed_nowhere++ == 0) first_unrouted_error = &outcome.reason;
          finish(event);
        } else {
          deliver(event, routes_.error_output, outgoing);
        }
        break;
      case Disposition::kDrop:
        drops_.count(outcome.reason);
        finish(event);
        break;
    }
  }
  if (out > 0) metrics_.events_out.inc(static_cast<double>(out));
  if (failed > 0) metrics_.events_failed.inc(static_cast<double>(failed));
  if (failed_nowhere > 0)
    logger_.warn("{} event(s) failed and nothing reads the stage's errors (no error reader, no dead_letter); "
                 "counted as done. First error: {}",
                 failed_nowhere, *first_unrouted_error);
  // References first: a copy must never be done before its siblings exist.
  if (!extra_refs_.empty()) acks_.add_refs(extra_refs_);
  if (!done_.empty()) acks_.done(done_);
  batch.clear();
}

}  // namespace streamline::engine
