#include "engine/plan/plan.hpp"

#include <set>

#include "engine/config/config_path.hpp"
#include "engine/config/diagnostic_codes.hpp"
#include "engine/graph/graph_checks.hpp"
#include "engine/graph/topological_order.hpp"
#include "engine/plan/fingerprint.hpp"
#include "engine/plan/plugin_config_check.hpp"
#include "engine/plan/plugin_resolution.hpp"

namespace streamline::engine {

namespace {

// What checking one stage found out; incomplete when something failed.
struct CheckedStage {
  const StageConfig& config;
  const LoadedPlugin* plugin = nullptr;
  std::optional<Config> parsed;
  std::optional<std::vector<std::string>> outputs;
};

class Planner {
 public:
  Planner(const PipelineConfig& config, PluginRegistry& plugins, Diagnostics& diags)
      : config_(config), plugins_(plugins), diags_(diags) {}

  std::optional<Plan> run() {
    Plan plan;
    plan.file = config_.file;
    plan.settings = config_.settings;
    plan.resources = plan_resources();

    std::vector<CheckedStage> stages;
    stages.reserve(config_.stages.size());
    for (const auto& stage : config_.stages) stages.push_back(check_stage(stage));

    const StageGraph graph = build_graph(stages);
    if (has_errors(diags_)) return std::nullopt;

    plan.stages = planned_stages(graph, stages);
    if (!plan.settings.dead_letter.empty()) plan.dead_letter = plan.index_of(plan.settings.dead_letter);
    return plan;
  }

 private:
  std::vector<PlannedResource> plan_resources() {
    std::vector<PlannedResource> planned;
    for (const auto& resource : config_.resources) {
      const std::string path = join_path("resources", resource.name);
      const LoadedPlugin* plugin = resolve_plugin(
          plugins_,
          {resource.plugin, PluginRole::kResource, join_path(path, "plugin"), resource.plugin_location},
          diags_);
      if (plugin == nullptr) continue;
      auto checked = check_plugin_config(*plugin, config_, path, resource.config, diags_);
      if (!checked.config) continue;
      planned.push_back({resource.name, plugin, *checked.config,
                         resource_fingerprint(*plugin, *checked.config)});
    }
    return planned;
  }

  CheckedStage check_stage(const StageConfig& stage) {
    CheckedStage checked{stage, nullptr, std::nullopt, std::nullopt};
    const std::string path = join_path("stages", stage.name);
    checked.plugin = resolve_plugin(
        plugins_, {stage.plugin, PluginRole::kStage, join_path(path, "plugin"), stage.plugin_location},
        diags_);
    if (checked.plugin == nullptr) return checked;

    auto result = check_plugin_config(*checked.plugin, config_, path, stage.config, diags_);
    checked.parsed = std::move(result.config);
    checked.outputs = std::move(result.outputs);

    if (stage.concurrency > 1 && !checked.plugin->factory().allows_concurrency()) {
      const std::string at = join_path(path, "concurrency");
      diags_.push_back({Severity::kError, codes::kConcurrencyNotAllowed,
                        "plugin '" + checked.plugin->name() + "' runs one instance per stage; " +
                            "concurrency " + std::to_string(stage.concurrency) + " is not allowed",
                        at, config_.location_of(at), "remove concurrency: or set it to 1"});
    }
    if (stage.partition_by == Partitioning::kKey) {
      const std::string at = join_path(path, "partition_by");
      if (checked.plugin->factory().kind() == PluginKind::kSource)
        diags_.push_back({Severity::kError, codes::kNotAllowed,
                          "a source has no input to partition; partition_by: key is not allowed", at,
                          config_.location_of(at), "remove partition_by:"});
      else if (stage.concurrency == 1)
        diags_.push_back({Severity::kWarning, codes::kNotAllowed,
                          "partition_by: key changes nothing with one instance", at, config_.location_of(at),
                          "set concurrency: to 2 or more, or remove partition_by:"});
    }
    return checked;
  }

  StageGraph build_graph(const std::vector<CheckedStage>& stages) {
    std::vector<GraphStage> nodes;
    nodes.reserve(stages.size());
    for (const auto& stage : stages) {
      GraphStage node{stage.config.name, std::nullopt, stage.outputs, stage.config.inputs,
                      stage.config.location};
      if (stage.plugin) node.kind = stage.plugin->factory().kind();
      nodes.push_back(std::move(node));
    }
    StageGraph graph = build_stage_graph(std::move(nodes), config_.settings.dead_letter, diags_);
    const GraphCheckContext context{config_.location_of("stages"), config_.settings.dead_letter,
                                    config_.location_of("pipeline.dead_letter")};
    check_graph(graph, context, diags_);
    return graph;
  }

  // Only called without errors: every stage has its plugin, config and outputs.
  std::vector<PlannedStage> planned_stages(const StageGraph& graph,
                                           const std::vector<CheckedStage>& checked) {
    const std::vector<std::size_t> order = topological_order(graph);
    std::vector<std::size_t> position(order.size());
    for (std::size_t i = 0; i < order.size(); ++i) position[order[i]] = i;

    std::vector<PlannedStage> stages;
    stages.reserve(order.size());
    for (std::size_t index : order) {
      const CheckedStage& c = checked[index];
      PlannedStage s;
      s.name = c.config.name;
      s.plugin = c.plugin;
      s.kind = c.plugin->factory().kind();
      s.config = *c.parsed;
      s.outputs = *c.outputs;
      s.batch = c.config.batch;
      s.concurrency = c.config.concurrency;
      s.partition_by = c.config.partition_by;
      s.retry = c.config.retry;
      s.named_readers.resize(s.outputs.size());
      s.fingerprint = stage_fingerprint(c.config, *c.plugin, s.config);
      stages.push_back(std::move(s));
    }

    std::vector<std::set<std::size_t>> upstream(stages.size());
    for (const auto& edge : graph.edges) {
      PlannedStage& from = stages[position[edge.from]];
      const Edge reader{position[edge.to]};
      if (edge.output == kDefaultOutput) from.default_readers.push_back(reader);
      else if (edge.output == kErrorOutput) from.error_readers.push_back(reader);
      else from.named_readers.at(static_cast<std::size_t>(edge.output)).push_back(reader);
      upstream[reader.stage].insert(position[edge.from]);
    }
    for (std::size_t i = 0; i < stages.size(); ++i) stages[i].upstream_count = upstream[i].size();
    return stages;
  }

  const PipelineConfig& config_;
  PluginRegistry& plugins_;
  Diagnostics& diags_;
};

}  // namespace

std::optional<std::size_t> Plan::index_of(const std::string& stage) const {
  for (std::size_t i = 0; i < stages.size(); ++i)
    if (stages[i].name == stage) return i;
  return std::nullopt;
}

std::optional<Plan> make_plan(const PipelineConfig& config, PluginRegistry& plugins,
                              Diagnostics& diags) {
  return Planner(config, plugins, diags).run();
}

}  // namespace streamline::engine
