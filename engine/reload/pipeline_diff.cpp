#include "engine/reload/pipeline_diff.hpp"

#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

namespace streamline::engine {
namespace {

bool names_any(const nlohmann::json& value, const std::set<std::string>& names) {
  if (value.is_string()) return names.count(value.get<std::string>()) > 0;
  if (value.is_array() || value.is_object()) {
    for (const auto& item : value)
      if (names_any(item, names)) return true;
  }
  return false;
}

template <typename Item>
const Item* find_named(const std::vector<Item>& items, const std::string& name) {
  const auto it = std::find_if(items.begin(), items.end(), [&](const Item& i) { return i.name == name; });
  return it == items.end() ? nullptr : &*it;
}

template <typename Item>
NameChanges compare(const std::vector<Item>& running, const std::vector<Item>& next) {
  NameChanges c;
  for (const Item& n : next) {
    const Item* old = find_named(running, n.name);
    if (old == nullptr)
      c.added.push_back(n.name);
    else if (old->fingerprint == n.fingerprint)
      c.kept.push_back(n.name);
    else
      c.restarted.push_back(n.name);
  }
  for (const Item& r : running)
    if (find_named(next, r.name) == nullptr) c.removed.push_back(r.name);
  return c;
}

std::string list(const std::vector<std::string>& names) {
  std::string out = std::to_string(names.size());
  if (names.empty()) return out;
  out += " (";
  for (std::size_t i = 0; i < names.size(); ++i) out += (i ? ", " : "") + names[i];
  return out + ")";
}

}  // namespace

PipelineDiff diff_plans(const Plan& running, const Plan& next) {
  PipelineDiff diff;
  diff.resources = compare(running.resources, next.resources);
  diff.stages = compare(running.stages, next.stages);

  // A kept stage that names a replaced or removed resource holds the old one.
  std::set<std::string> gone(diff.resources.restarted.begin(), diff.resources.restarted.end());
  gone.insert(diff.resources.removed.begin(), diff.resources.removed.end());
  if (!gone.empty()) {
    std::vector<std::string> still_kept;
    for (const std::string& name : diff.stages.kept) {
      const PlannedStage* stage = find_named(next.stages, name);
      (names_any(stage->config.json(), gone) ? diff.stages.restarted : still_kept).push_back(name);
    }
    diff.stages.kept = std::move(still_kept);
  }

  const PipelineSettings& a = running.settings;
  const PipelineSettings& b = next.settings;
  diff.settings_changed = a.queue_capacity != b.queue_capacity || a.dead_letter != b.dead_letter ||
                          a.drain_timeout != b.drain_timeout || a.name != b.name;
  return diff;
}

std::string PipelineDiff::summary() const {
  std::string out = "kept " + std::to_string(stages.kept.size()) + ", restarted " + list(stages.restarted) +
                    ", added " + list(stages.added) + ", removed " + list(stages.removed);
  if (resources.changed())
    out += "; resources replaced " + list(resources.restarted) + ", added " + list(resources.added) + ", removed " +
           list(resources.removed);
  return out;
}

}  // namespace streamline::engine
