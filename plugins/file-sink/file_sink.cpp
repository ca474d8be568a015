#include "file_sink.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string_view>
#include <system_error>
#include <utility>

#include <streamline/event.hpp>

namespace streamline::plugins::file_sink {
namespace {

constexpr std::size_t kBufferSize = 1 << 16;

bool has_line_break(std::string_view text) noexcept {
  return text.find_first_of("\r\n") != std::string_view::npos;
}

}  // namespace

FileSink::FileSink(FileSinkOptions options, spdlog::logger* logger)
    : options_(std::move(options)), logger_(logger) {}

FileSink::~FileSink() { stop(); }

void FileSink::start() {
  if (file_) return;
  const std::filesystem::path parent = options_.path.parent_path();
  if (!parent.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(parent, ec);
    if (ec) throw std::runtime_error("cannot create directory '" + parent.string() + "': " + ec.message());
  }
  std::FILE* file = std::fopen(options_.path.c_str(), "ab");
  if (file == nullptr) {
    const int error = errno;
    throw_io_error("cannot open '" + options_.path.string() + "' for appending", error);
  }
  file_.reset(file);
  buffer_.resize(kBufferSize);
  std::setvbuf(file, buffer_.data(), _IOFBF, buffer_.size());
}

void FileSink::process(Batch& batch) {
  if (!file_) throw std::logic_error("file sink '" + options_.path.string() + "' is not started");
  std::FILE* file = file_.get();
  for (std::size_t i = 0; i < batch.size(); ++i) {
    std::string_view line = batch[i].raw();
    if (has_line_break(line)) {
      try {
        compacted_ = batch[i].json().dump();
      } catch (const PayloadError& e) {
        batch.fail(i, std::string("payload holds a line break and cannot be re-serialised: ") + e.what());
        continue;
      }
      line = compacted_;
    }
    std::fwrite(line.data(), 1, line.size(), file);
    std::fputc('\n', file);
  }
  if (std::ferror(file)) {
    const int error = errno;
    std::clearerr(file);
    throw_io_error("writing '" + options_.path.string() + "' failed", error);
  }
  if (options_.flush || options_.fsync) flush(options_.fsync);
}

void FileSink::drain(Clock::time_point /*deadline*/) {
  if (file_) flush(options_.fsync);
}

void FileSink::stop() noexcept {
  if (!file_) return;
  bool flushed = true;
  try {
    flush(options_.fsync);
  } catch (const std::exception& e) {
    flushed = false;
    if (logger_ != nullptr) logger_->error("{}", e.what());
  }
  // After a failed flush, fclose fails the same way: report it once.
  if (std::fclose(file_.release()) != 0 && flushed && logger_ != nullptr)
    logger_->error("closing '{}' failed: {}", options_.path.string(), std::strerror(errno));
}

void FileSink::flush(bool to_disk) {
  if (std::fflush(file_.get()) != 0) {
    const int error = errno;
    std::clearerr(file_.get());
    throw_io_error("flushing '" + options_.path.string() + "' failed", error);
  }
  if (to_disk && ::fsync(::fileno(file_.get())) != 0) {
    const int error = errno;
    throw_io_error("fsync of '" + options_.path.string() + "' failed", error);
  }
}

void FileSink::throw_io_error(const std::string& what, int error) const {
  throw std::runtime_error(what + ": " + std::strerror(error));
}

}  // namespace streamline::plugins::file_sink
