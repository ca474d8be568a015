// spec-fixture: a processor whose spec uses every option type, for the
// validator's tests. Passes every event on.
#include <set>
#include <string>

#include <streamline/streamline.hpp>

namespace {

using namespace streamline;

class PassThrough final : public Processor {
 public:
  void process(Batch&) override {}
};

class SpecFixturePlugin final : public Plugin {
 public:
  SpecFixturePlugin() {
    spec_.add(Option::string("label").required().doc("Name attached to every event."));
    spec_.add(Option::string("mode")
                  .default_value("safe")
                  .one_of({"fast", "safe", "strict"})
                  .doc("How careful to be."));
    spec_.add(Option::floating("threshold").default_value(0.5).min(0).max(1).doc(
        "Score above which events are flagged."));
    spec_.add(Option::integer("limit").default_value(100).min(1).max(1000).doc(
        "Most events handled per call."));
    spec_.add(Option::boolean("enabled").default_value(true).doc("Whether the stage does anything."));
    spec_.add(Option::duration("timeout").default_value("5s").min(1).doc("How long a call may take."));
    spec_.add(Option::string("token").secret().doc("API token."));
    spec_.add(Option::list("routes",
                           Option::object("route",
                                          {
                                              Option::string("name").required().doc("Output name."),
                                              Option::string("when").required().doc("Condition."),
                                              Option::integer("weight").default_value(1).min(0).doc(
                                                  "Priority among routes."),
                                          }))
                  .doc("Named outputs, tried in order."));
    spec_.add(Option::map("tags", Option::string("tag")).doc("Headers added to every event."));
    spec_.add(Option::any("extra").doc("Passed through as JSON."));
    spec_.add(Option::object("window",
                             {
                                 Option::integer("size").default_value(10).min(1).doc(
                                     "Events per window."),
                                 Option::duration("slide").default_value(1000).doc("Window step."),
                             })
                  .doc("Windowing."));
  }

  PluginKind kind() const noexcept override { return PluginKind::kProcessor; }
  std::string description() const override { return "Test processor with a rich spec."; }
  const ConfigSpec& spec() const override { return spec_; }

  void validate(const Config& config, ConfigIssues& issues) const override {
    std::set<std::string> names;
    const auto routes = config.json().value("routes", Json::array());
    for (std::size_t i = 0; i < routes.size(); ++i) {
      const std::string at = "routes." + std::to_string(i);
      const std::string name = routes[i].at("name").get<std::string>();
      if (name == "error")
        issues.error(at + ".name", "the output name 'error' is reserved", "choose another name");
      else if (!names.insert(name).second)
        issues.error(at + ".name", "route '" + name + "' is declared twice");
      if (routes[i].at("when").get<std::string>().empty())
        issues.error(at + ".when", "the condition is empty", "write a condition such as amount > 100");
    }
    if (config.get<std::string>("mode") == "strict" && config.get<double>("threshold") < 0.9)
      issues.error("threshold", "strict mode needs a threshold of at least 0.9");
  }

  std::vector<std::string> outputs(const Config& config) const override {
    std::vector<std::string> names;
    for (const auto& route : config.json().value("routes", Json::array()))
      names.push_back(route.at("name").get<std::string>());
    return names;
  }

  std::unique_ptr<Stage> create(const Config&, Context&) const override {
    return std::make_unique<PassThrough>();
  }

 private:
  ConfigSpec spec_;
};

}  // namespace

STREAMLINE_PLUGIN(SpecFixturePlugin, "spec-fixture", "1.0.0")
