// Its entry function throws: the loader must report it, not crash.
#include <stdexcept>

#include <streamline/streamline.hpp>

namespace {

class ThrowingPlugin final : public streamline::Plugin {
 public:
  ThrowingPlugin() { throw std::runtime_error("cannot read model file"); }
  streamline::PluginKind kind() const noexcept override { return streamline::PluginKind::kProcessor; }
  std::string description() const override { return ""; }
  const streamline::ConfigSpec& spec() const override { return spec_; }

 private:
  streamline::ConfigSpec spec_;
};

}  // namespace

STREAMLINE_PLUGIN(ThrowingPlugin, "throwing-factory", "1.0.0")
