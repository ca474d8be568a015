#include "engine/testing/case_plan.hpp"

#include <algorithm>
#include <set>

#include "engine/plan/downstream.hpp"

namespace streamline::engine {

CasePlan carve_case_plan(const Plan& plan, const std::vector<std::string>& input_stages) {
  const std::size_t n = plan.stages.size();
  std::vector<bool> kept(n, false);
  std::vector<std::vector<std::size_t>> inputs_of(n);   // inputs into a source stage
  std::vector<std::pair<std::size_t, std::size_t>> fed;  // (input, stage) for processors and sinks
  for (std::size_t i = 0; i < input_stages.size(); ++i) {
    const auto index = plan.index_of(input_stages[i]);
    if (!index) continue;
    mark_downstream(plan, *index, kept);
    if (plan.stages[*index].kind == PluginKind::kSource) inputs_of[*index].push_back(i);
    else fed.emplace_back(i, *index);
  }
  if (plan.dead_letter && *plan.dead_letter < n) mark_downstream(plan, *plan.dead_letter, kept);

  CasePlan out;
  out.plan.file = plan.file;
  out.plan.settings = plan.settings;
  out.plan.resources = plan.resources;

  std::vector<std::size_t> new_index(n, 0);
  std::size_t next = fed.size();
  for (std::size_t i = 0; i < n; ++i)
    if (kept[i]) new_index[i] = next++;

  for (const auto& [input, stage] : fed) {
    PlannedStage source;
    source.name = "(input " + std::to_string(input + 1) + ")";
    source.kind = PluginKind::kSource;
    source.default_readers.push_back(Edge{new_index[stage]});
    out.plan.stages.push_back(std::move(source));
    out.inputs.push_back({input});
    out.original.push_back(std::nullopt);
  }
  auto remap = [&](const std::vector<Edge>& edges) {
    std::vector<Edge> mapped;
    for (const Edge& e : edges)
      if (e.stage < n && kept[e.stage]) mapped.push_back(Edge{new_index[e.stage]});
    return mapped;
  };
  for (std::size_t i = 0; i < n; ++i) {
    if (!kept[i]) continue;
    PlannedStage stage = plan.stages[i];
    // One test source per source stage: more instances would repeat the input.
    if (stage.kind == PluginKind::kSource) stage.concurrency = 1;
    stage.default_readers = remap(stage.default_readers);
    stage.error_readers = remap(stage.error_readers);
    for (auto& named : stage.named_readers) named = remap(named);
    out.plan.stages.push_back(std::move(stage));
    out.inputs.push_back(inputs_of[i]);
    out.original.push_back(i);
  }

  // Fan-in as the kept stages see it.
  std::vector<std::set<std::size_t>> feeders(out.plan.stages.size());
  for (std::size_t i = 0; i < out.plan.stages.size(); ++i) {
    const PlannedStage& s = out.plan.stages[i];
    auto count = [&](const std::vector<Edge>& edges) {
      for (const Edge& e : edges) feeders[e.stage].insert(i);
    };
    count(s.default_readers);
    count(s.error_readers);
    for (const auto& named : s.named_readers) count(named);
  }
  for (std::size_t i = 0; i < out.plan.stages.size(); ++i) out.plan.stages[i].upstream_count = feeders[i].size();

  if (plan.dead_letter && *plan.dead_letter < n && kept[*plan.dead_letter])
    out.plan.dead_letter = new_index[*plan.dead_letter];
  return out;
}

}  // namespace streamline::engine
