#include "engine/testing/case_record.hpp"

namespace streamline::engine {

void CaseRecorder::output(const std::string& name, RecordedEvent event) {
  const std::lock_guard lock(mutex_);
  record_.outputs[name].push_back(std::move(event));
}

void CaseRecorder::drop(OutcomeRecord record) {
  const std::lock_guard lock(mutex_);
  record_.drops.push_back(std::move(record));
}

void CaseRecorder::error(OutcomeRecord record) {
  const std::lock_guard lock(mutex_);
  record_.errors.push_back(std::move(record));
}

void CaseRecorder::effect(const std::string& stage, RecordedEvent event) {
  const std::lock_guard lock(mutex_);
  record_.effects[stage].push_back(std::move(event));
}

CaseRecord CaseRecorder::take() {
  const std::lock_guard lock(mutex_);
  return std::move(record_);
}

}  // namespace streamline::engine
