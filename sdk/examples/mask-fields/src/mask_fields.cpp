#include "mask_fields.hpp"

#include <utility>

namespace mask_fields {

using streamline::Batch;
using streamline::Config;
using streamline::ConfigIssues;
using streamline::ConfigSpec;
using streamline::Json;
using streamline::Option;

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> segments(1);
  for (char c : path) {
    if (c == '.') segments.emplace_back();
    else segments.back() += c;
  }
  return segments;
}

namespace {

// The value at `path` inside `doc`, or null when a step is missing or is not
// an object. For a const or a mutable document.
template <typename Document>
Document* find_field(Document& doc, const std::vector<std::string>& path) {
  Document* node = &doc;
  for (const auto& key : path) {
    if (!node->is_object()) return nullptr;
    const auto it = node->find(key);
    if (it == node->end()) return nullptr;
    node = &*it;
  }
  return node;
}

std::string masked(const Json& value, const MaskOptions& options) {
  if (!value.is_string() || options.keep_last == 0) return options.mask;
  const auto& text = value.get_ref<const std::string&>();
  const std::size_t kept = text.size() < options.keep_last ? text.size() : options.keep_last;
  return options.mask + text.substr(text.size() - kept);
}

std::string join(const std::vector<std::string>& path) {
  std::string out;
  for (const auto& key : path) out += (out.empty() ? "" : ".") + key;
  return out;
}

}  // namespace

MaskFieldsStage::MaskFieldsStage(MaskOptions options, streamline::Counter& masked)
    : options_(std::move(options)), masked_(masked) {}

void MaskFieldsStage::process(Batch& batch) {
  std::size_t replaced = 0;
  for (std::size_t i = 0; i < batch.size(); ++i) {
    if (!batch[i].has_valid_json() || !batch[i].json().is_object()) {
      batch.fail(i, "payload is not a JSON object");
      continue;
    }
    // Look before changing anything: an event dropped, failed or with no
    // field to mask keeps its payload byte for byte.
    const Json& doc = batch[i].json();
    std::size_t present = 0;
    std::string missing;
    for (const auto& path : options_.fields) {
      if (find_field(doc, path) != nullptr) ++present;
      else if (missing.empty()) missing = join(path);
    }
    if (!missing.empty() && options_.when_missing == WhenMissing::kDrop) {
      batch.drop(i, "missing field " + missing);
      continue;
    }
    if (!missing.empty() && options_.when_missing == WhenMissing::kFail) {
      batch.fail(i, "missing field " + missing);
      continue;
    }
    if (present == 0) continue;
    Json& edited = batch[i].mutable_json();
    for (const auto& path : options_.fields)
      if (Json* value = find_field(edited, path)) *value = masked(*value, options_);
    replaced += present;
  }
  if (replaced > 0) masked_.inc(static_cast<double>(replaced));
}

std::string MaskFieldsPlugin::description() const {
  return "Masks configured fields of each event (e.g. card numbers, emails), optionally keeping their last "
         "characters.";
}

ConfigSpec MaskFieldsPlugin::make_spec() {
  ConfigSpec spec;
  spec.add(Option::list("fields", Option::string("field"))
               .required()
               .example("[card.number, user.email]")
               .doc("Fields to mask, as dotted paths of object keys."));
  spec.add(Option::string("mask").default_value("***").doc("Text that replaces each value."));
  spec.add(Option::integer("keep_last").default_value(0).min(0).max(64).doc(
      "Characters of a string value kept after the mask (`***1111`); other values become the mask alone."));
  spec.add(Option::string("when_missing")
               .default_value("pass")
               .one_of({"pass", "drop", "fail"})
               .doc("An event without one of the fields: pass it on (masking the others), drop it, or fail it."));
  return spec;
}

void MaskFieldsPlugin::validate(const Config& config, ConfigIssues& issues) const {
  const auto fields = config.get<std::vector<std::string>>("fields");
  if (fields.empty()) issues.error("fields", "name at least one field to mask", "e.g. `fields: [card.number]`");
  for (std::size_t i = 0; i < fields.size(); ++i)
    for (const auto& segment : split_path(fields[i]))
      if (segment.empty()) {
        issues.error("fields." + std::to_string(i), "'" + fields[i] + "' has an empty path segment",
                     "write paths as `key.key`, e.g. `card.number`");
        break;
      }
}

std::unique_ptr<streamline::Stage> MaskFieldsPlugin::create(const Config& config,
                                                            streamline::Context& context) const {
  MaskOptions options;
  for (const auto& field : config.get<std::vector<std::string>>("fields")) options.fields.push_back(split_path(field));
  options.mask = config.get<std::string>("mask");
  options.keep_last = config.get<std::size_t>("keep_last");
  const auto when_missing = config.get<std::string>("when_missing");
  options.when_missing = when_missing == "drop"   ? WhenMissing::kDrop
                         : when_missing == "fail" ? WhenMissing::kFail
                                                  : WhenMissing::kPass;
  context.logger().info("masking {} field(s)", options.fields.size());
  streamline::Counter& counter =
      context.metrics().counter("mask_fields_masked_total", "Field values replaced by the mask.");
  return std::make_unique<MaskFieldsStage>(std::move(options), counter);
}

}  // namespace mask_fields
