// The `route` plugin: its options, its factory and its export.

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <streamline/plugin.hpp>

#include "expression/expression_parser.hpp"
#include "route.hpp"

namespace streamline::plugins::route {
namespace {

constexpr const char* kExpressionHint =
    "a condition uses field paths (user.country, items.0.price), literals (1, \"DE\", true, null), "
    "lists [\"A\", \"B\"], == != < <= > >= in, exists(path), && || ! and parentheses";

ConfigSpec make_spec() {
  ConfigSpec spec;
  spec.add(Option::list("routes",
                        Option::object("route",
                                       {
                                           Option::string("name").required().doc(
                                               "Output name; read it with `inputs: [<stage>.<name>]`."),
                                           Option::string("when").required().doc(
                                               "Condition on the event's JSON, e.g. `amount > 100 && country == \"DE\"`."),
                                       }))
               .required()
               .example(R"([{ name: big, when: "amount > 100" }])")
               .doc("Routes tried in order; the first whose condition holds takes the event."));
  spec.add(Option::boolean("drop_unmatched")
               .default_value(false)
               .doc("Drop events no route matches (reason `unmatched`) instead of passing them on."));
  return spec;
}

// Names become input references (`router.<name>`), so they stay plain words.
bool is_plain_name(const std::string& name) {
  if (name.empty()) return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

const nlohmann::json& routes_of(const Config& config) {
  static const nlohmann::json kNone = nlohmann::json::array();
  const auto it = config.json().find("routes");
  return it != config.json().end() && it->is_array() ? *it : kNone;
}

class RoutePlugin final : public Plugin {
 public:
  PluginKind kind() const noexcept override { return PluginKind::kProcessor; }

  std::string description() const override {
    return "Sends each event to the first route whose condition holds; other events pass on or are dropped.";
  }

  const ConfigSpec& spec() const override { return spec_; }

  void validate(const Config& config, ConfigIssues& issues) const override {
    const auto& routes = routes_of(config);
    if (routes.empty()) {
      issues.error("routes", "at least one route is needed", "add `- { name: <output>, when: <condition> }`");
      return;
    }
    std::map<std::string, std::size_t> seen;
    for (std::size_t i = 0; i < routes.size(); ++i) {
      const std::string prefix = "routes." + std::to_string(i) + ".";
      const std::string name = routes[i].value("name", "");
      if (!is_plain_name(name)) {
        issues.error(prefix + "name", "route name '" + name + "' may only contain letters, digits, '_' and '-'",
                     "the name is read as `inputs: [<stage>.<name>]`");
      } else if (name == "error") {
        issues.error(prefix + "name", "route name 'error' is reserved for the error output", "choose another name");
      } else if (const auto [it, inserted] = seen.emplace(name, i); !inserted) {
        issues.error(prefix + "name", "duplicate route name '" + name + "'",
                     "route names must be unique; 'routes." + std::to_string(it->second) + ".name' is also '" +
                         name + "'");
      }
      try {
        expression::parse_expression(routes[i].value("when", ""));
      } catch (const expression::ExpressionError& e) {
        issues.error(prefix + "when", e.what(), kExpressionHint);
      }
    }
  }

  std::vector<std::string> outputs(const Config& config) const override {
    std::vector<std::string> names;
    for (const auto& route : routes_of(config)) names.push_back(route.value("name", ""));
    return names;
  }

  std::unique_ptr<Stage> create(const Config& config, Context& /*context*/) const override {
    RouteOptions options;
    const auto& routes = routes_of(config);
    for (std::size_t i = 0; i < routes.size(); ++i) {
      Route route;
      route.name = routes[i].value("name", "");
      try {
        route.when = expression::parse_expression(routes[i].value("when", ""));
      } catch (const expression::ExpressionError& e) {
        throw ConfigError("routes." + std::to_string(i) + ".when", e.what());
      }
      options.routes.push_back(std::move(route));
    }
    options.drop_unmatched = config.get<bool>("drop_unmatched");
    return std::make_unique<RouteStage>(std::move(options));
  }

 private:
  ConfigSpec spec_ = make_spec();
};

}  // namespace
}  // namespace streamline::plugins::route

STREAMLINE_PLUGIN(streamline::plugins::route::RoutePlugin, "route", "1.0.0")
