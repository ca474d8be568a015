// Built into two files that both call themselves "twin".
#include <streamline/streamline.hpp>

namespace {

class TwinPlugin final : public streamline::Plugin {
 public:
  streamline::PluginKind kind() const noexcept override { return streamline::PluginKind::kSink; }
  std::string description() const override { return "Loader test fixture with a shared name."; }
  const streamline::ConfigSpec& spec() const override { return spec_; }

 private:
  streamline::ConfigSpec spec_;
};

}  // namespace

STREAMLINE_PLUGIN(TwinPlugin, "twin", "1.0.0")
