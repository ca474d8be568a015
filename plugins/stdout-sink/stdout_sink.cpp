#include "stdout_sink.hpp"

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string_view>

#include <streamline/event.hpp>

namespace streamline::plugins::stdout_sink {

void StdoutSink::process(Batch& batch) {
  buffer_.clear();
  for (std::size_t i = 0; i < batch.size(); ++i) {
    const std::string& raw = batch[i].raw();
    if (std::string_view(raw).find_first_of("\r\n") == std::string_view::npos) {
      buffer_ += raw;
    } else {
      try {
        buffer_ += batch[i].json().dump();
      } catch (const PayloadError& e) {
        batch.fail(i, std::string("payload holds a line break and cannot be re-serialised: ") + e.what());
        continue;
      }
    }
    buffer_ += '\n';
  }
  if (buffer_.empty()) return;
  if (std::fwrite(buffer_.data(), 1, buffer_.size(), out_) != buffer_.size() ||
      (flush_ && std::fflush(out_) != 0)) {
    const int error = errno;
    std::clearerr(out_);
    throw std::runtime_error(std::string("writing to standard output failed: ") + std::strerror(error));
  }
}

void StdoutSink::drain(Clock::time_point /*deadline*/) { std::fflush(out_); }

}  // namespace streamline::plugins::stdout_sink
