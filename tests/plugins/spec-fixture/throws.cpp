// spec-fixture-throws: throws from validate() or outputs(), to prove plugin
// exceptions become diagnostics instead of crashes.
#include <stdexcept>

#include <streamline/streamline.hpp>

namespace {

using namespace streamline;

class ThrowingPlugin final : public Plugin {
 public:
  ThrowingPlugin() {
    spec_.add(Option::string("throw_in").required().one_of({"validate", "outputs", "nowhere"}).doc(
        "Which check throws."));
  }
  PluginKind kind() const noexcept override { return PluginKind::kProcessor; }
  std::string description() const override { return "Test processor that throws from its checks."; }
  const ConfigSpec& spec() const override { return spec_; }
  void validate(const Config& config, ConfigIssues&) const override {
    if (config.get<std::string>("throw_in") == "validate")
      throw std::runtime_error("asked to throw in validate()");
  }
  std::vector<std::string> outputs(const Config& config) const override {
    if (config.get<std::string>("throw_in") == "outputs") throw 42;  // not even a std::exception
    return {};
  }

 private:
  ConfigSpec spec_;
};

}  // namespace

STREAMLINE_PLUGIN(ThrowingPlugin, "spec-fixture-throws", "1.0.0")
