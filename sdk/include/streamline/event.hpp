#pragma once
// Event: the unit of work that flows through a pipeline.
//
// The payload is JSON. It is kept in whichever form it arrived in (raw text from
// Kafka, a document from a generator) and converted lazily, so a stage that only
// forwards bytes never parses them and a stage that only edits the document
// never re-serialises it until someone asks for the text.
//
// Threading: an Event is owned by one stage worker at a time; it is not
// thread-safe and needs no locking.

#include <chrono>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <streamline/json.hpp>
#include <streamline/json_reader.hpp>
#include <streamline/json_writer.hpp>

namespace streamline {

// Where an event came from, for acknowledgement. For Kafka: topic, partition
// and offset. A source with no natural partitions uses partition 0 and a
// monotonically increasing offset.
struct Origin {
  std::string topic;
  std::int32_t partition = 0;
  std::int64_t offset = -1;

  bool operator==(const Origin&) const = default;
};

// A source's progress: one past the last event of a contiguous done prefix
// in (topic, partition), i.e. the offset to resume from, as Kafka commits.
struct Position {
  std::string topic;
  std::int32_t partition = 0;
  std::int64_t next_offset = 0;
  bool operator==(const Position&) const = default;
};

struct Header {
  std::string name;
  std::string value;
  bool operator==(const Header&) const = default;
};

// Thrown by Event::json() when the payload is not valid JSON. The engine turns
// it into a failed event (dead-letter path) with the parser's message.
class PayloadError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Opaque acknowledgement handle set by the engine when a source emits the
// event. Plugins copy it along with the event and never interpret it.
struct AckToken {
  std::uint32_t tracker = 0;   // 0 = not tracked
  std::uint32_t partition = 0; // engine-internal partition slot
  std::uint64_t sequence = 0;  // position within that slot
};

// Why an event failed, set by the engine when it moves a failed event to an
// error output; dead-letter stages read it.
struct Failure {
  std::string stage;  // the stage that failed it
  std::string error;  // the error message
  int attempts = 1;   // how many times the stage tried
};

class Event {
 public:
  Event() = default;
  Event(const Event&) = default;
  Event(Event&&) noexcept = default;
  Event& operator=(const Event&) = default;
  Event& operator=(Event&&) noexcept = default;
  ~Event() {
    if (json_) release_json(*json_);
  }

  static Event from_raw(std::string raw) {
    Event e;
    e.raw_ = std::move(raw);
    e.raw_valid_ = true;
    return e;
  }
  static Event from_json(Json doc) {
    Event e;
    e.json_ = std::move(doc);
    return e;
  }

  // The payload as text. Serialises the document when it was changed.
  const std::string& raw() const {
    if (!raw_valid_) {
      raw_ = json_ ? write_json(*json_) : std::string{};
      raw_valid_ = true;
    }
    return raw_;
  }

  // The payload as a document, parsed on first use.
  // Throws PayloadError when the raw text is not JSON, or holds a number
  // out of range (1e400).
  // The non-const overload marks the text stale: call it only to modify.
  const Json& json() const {
    if (!json_) parse();
    return *json_;
  }
  Json& mutable_json() {
    if (!json_) parse();
    keep_original();
    raw_valid_ = false;
    return *json_;
  }

  // The payload as the source produced it, before any stage changed it:
  // what a dead letter records. Same as raw() for an unchanged event.
  const std::string& original_raw() const { return has_original_ ? original_ : raw(); }
  // True when the payload is (or parses as) JSON; never throws.
  bool has_valid_json() const noexcept {
    if (json_) return true;
    try {
      parse();
    } catch (...) {
      return false;
    }
    return true;
  }

  void set_raw(std::string raw) {
    keep_original();
    raw_ = std::move(raw);
    raw_valid_ = true;
    json_.reset();
  }
  void set_json(Json doc) {
    keep_original();
    json_ = std::move(doc);
    raw_valid_ = false;
  }

  std::string key;
  std::vector<Header> headers;
  Origin origin;
  AckToken ack;
  std::optional<Failure> failure;
  // When the event entered the pipeline (steady clock), for latency metrics.
  std::chrono::steady_clock::time_point ingested_at{};

  const std::string* header(std::string_view name) const {
    for (const auto& h : headers)
      if (h.name == name) return &h.value;
    return nullptr;
  }

 private:
  // Moves (never copies) the source's text aside the first time the payload
  // changes; raw() then serialises the changed document into raw_.
  void keep_original() {
    if (has_original_) return;
    has_original_ = true;
    original_ = raw_valid_ ? std::move(raw_) : (json_ ? write_json(*json_) : std::string{});
    raw_.clear();
  }

  void parse() const {
    try {
      json_ = parse_json(raw_);
    } catch (const Json::parse_error& e) {
      throw PayloadError(std::string("payload is not valid JSON: ") + e.what());
    } catch (const Json::out_of_range& e) {
      // Valid JSON the parser cannot hold (a number such as 1e400 overflows
      // a double): still this event's problem only, never its batch's.
      throw PayloadError(std::string("payload has a number out of range: ") + e.what());
    }
  }

  mutable std::string raw_;
  mutable bool raw_valid_ = false;
  mutable std::optional<Json> json_;
  std::string original_;
  bool has_original_ = false;
};

}  // namespace streamline
