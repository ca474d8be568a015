// spec-fixture-resource: a shared resource that connects to nothing.
#include <streamline/streamline.hpp>

namespace {

using namespace streamline;

class NothingResource final : public Resource {};

class ResourcePlugin final : public Plugin {
 public:
  ResourcePlugin() {
    spec_.add(Option::string("dsn").required().secret().doc("Connection string."));
    spec_.add(Option::integer("pool_size").default_value(4).min(1).doc("Connections kept open."));
  }
  PluginKind kind() const noexcept override { return PluginKind::kResource; }
  std::string description() const override { return "Test resource connecting to nothing."; }
  const ConfigSpec& spec() const override { return spec_; }
  std::shared_ptr<Resource> create_resource(const Config&, Context&) const override {
    return std::make_shared<NothingResource>();
  }

 private:
  ConfigSpec spec_;
};

}  // namespace

STREAMLINE_PLUGIN(ResourcePlugin, "spec-fixture-resource", "1.0.0")
