// Fuzz target: a pipeline file's text, as `engine validate` and `engine run`
// read it before any plugin is loaded.
//
//   text -> parse_pipeline_config (YAML syntax, duplicate keys, known keys,
//           engine settings, ${VAR} interpolation)
//        -> every stage's and resource's `config:` block through the spec
//           checker, against a spec with every option type
//        -> the stage graph (inputs resolved, cycles, sources, dead letter)
//           and, when it has no errors, its topological order
//        -> the diagnostics rendered in every output format.
//
// Anything other than a clean return is a finding: a crash, a sanitizer
// report, an uncaught exception (the loader must turn every bad file into
// diagnostics) or a broken invariant (abort()).

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <streamline/config_spec.hpp>
#include <streamline/plugin.hpp>

#include "engine/config/diagnostic_format.hpp"
#include "engine/config/pipeline_config.hpp"
#include "engine/config/spec_checker.hpp"
#include "engine/graph/cycles.hpp"
#include "engine/graph/graph_checks.hpp"
#include "engine/graph/stage_graph.hpp"
#include "engine/graph/topological_order.hpp"

namespace {

using namespace streamline;
using namespace streamline::engine;

void require(bool holds) {
  if (!holds) std::abort();
}

// Options like the shipped plugins' (generate, route, validate, kafka-*, file-sink, redis-dedup).
ConfigSpec make_spec() {
  ConfigSpec spec;
  spec.add(Option::string("path"));
  spec.add(Option::string("dsn").secret());
  spec.add(Option::string("mode").one_of({"check", "confirm"}).default_value("check"));
  spec.add(Option::integer("count").min(0));
  spec.add(Option::integer("seed").default_value(1));
  spec.add(Option::floating("threshold").min(0).max(1));
  spec.add(Option::boolean("append").default_value(false));
  spec.add(Option::duration("ttl"));
  spec.add(Option::list("topics", Option::string("topic")));
  spec.add(Option::list("routes", Option::object("route", {Option::string("name").required(),
                                                          Option::string("when").required()})));
  spec.add(Option::map("librdkafka", Option::string("value")));
  spec.add(Option::object("batch", {Option::integer("max_events").min(1).default_value(1024),
                                    Option::duration("max_wait")}));
  spec.add(Option::list("rules", Option::object("rule", {Option::string("path").required(),
                                                        Option::string("type").required().one_of(
                                                            {"string", "number", "integer"}),
                                                        Option::boolean("required").default_value(true),
                                                        Option::floating("min"), Option::floating("max"),
                                                        Option::list("one_of", Option::string("value"))})));
  spec.add(Option::any("extra"));
  return spec;
}

std::optional<PluginKind> kind_of(const std::string& plugin) {
  if (plugin == "generate" || plugin == "kafka-source" || plugin == "order-generator") return PluginKind::kSource;
  if (plugin.find("sink") != std::string::npos) return PluginKind::kSink;
  if (plugin == "unknown") return std::nullopt;  // a plugin that did not resolve
  return PluginKind::kProcessor;
}

// Named outputs: a route stage's route names.
std::optional<std::vector<std::string>> outputs_of(const std::string& plugin, const nlohmann::json& config) {
  if (plugin == "unknown") return std::nullopt;
  std::vector<std::string> outputs;
  const auto routes = config.find("routes");
  if (plugin == "route" && routes != config.end() && routes->is_array())
    for (const auto& route : *routes)
      if (route.is_object() && route.contains("name") && route["name"].is_string())
        outputs.push_back(route["name"].get<std::string>());
  return outputs;
}

std::optional<std::string> environment(const std::string& name) {
  if (name == "PG_DSN") return "postgresql://streamline@127.0.0.1:55432/streamline";
  if (name == "KAFKA_BROKERS") return "127.0.0.1:9092";
  if (name == "COUNT") return "100";
  if (name == "EMPTY") return "";
  return std::nullopt;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const ConfigSpec spec = make_spec();
  const std::string text(reinterpret_cast<const char*>(data), size);
  const std::string file = "fuzz.yaml";

  Diagnostics diags;
  const std::optional<PipelineConfig> config = parse_pipeline_config(text, file, environment, diags);
  if (!config) require(has_errors(diags));

  if (config) {
    const SpecCheckContext context{file, &config->environment_values};
    for (const auto& resource : config->resources) {
      const std::string path = "resources." + resource.name + ".config";
      check_config(resource.config, spec, path, config->location_of(path), context, diags);
    }
    std::vector<GraphStage> nodes;
    for (const auto& stage : config->stages) {
      const std::string path = "stages." + stage.name + ".config";
      const nlohmann::json values = check_config(stage.config, spec, path, config->location_of(path), context, diags);
      nodes.push_back({stage.name, kind_of(stage.plugin), outputs_of(stage.plugin, values), stage.inputs,
                       stage.location});
    }
    Diagnostics graph_diags;
    const StageGraph graph = build_stage_graph(std::move(nodes), config->settings.dead_letter, graph_diags);
    check_graph(graph, {config->location_of("stages"), config->settings.dead_letter,
                        config->location_of("pipeline.dead_letter")},
                graph_diags);
    (void)find_cycles(graph);
    if (!has_errors(graph_diags)) {
      const std::vector<std::size_t> order = topological_order(graph);
      require(order.size() == graph.stages.size());
    }
    diags.insert(diags.end(), graph_diags.begin(), graph_diags.end());
  }

  const std::vector<FileDiagnostics> files{{file, diags}};
  for (DiagnosticFormat format : {DiagnosticFormat::kText, DiagnosticFormat::kJson, DiagnosticFormat::kGithub,
                                  DiagnosticFormat::kSarif})
    (void)format_diagnostics(files, format);
  return 0;
}
