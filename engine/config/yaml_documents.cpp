#include "engine/config/yaml_documents.hpp"

#include <optional>
#include <sstream>

#include <yaml-cpp/eventhandler.h>

namespace streamline::engine {

namespace {

// Sees the events of one document and keeps where the first one is.
class DocumentStart final : public YAML::EventHandler {
 public:
  const std::optional<YAML::Mark>& mark() const { return mark_; }

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t) override { note(mark); }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override { note(mark); }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t, const std::string&) override {
    note(mark);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    note(mark);
  }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
    note(mark);
  }
  void OnMapEnd() override {}

 private:
  void note(const YAML::Mark& mark) {
    if (!mark_) mark_ = mark;
  }
  std::optional<YAML::Mark> mark_;
};

bool same_place(const std::optional<YAML::Mark>& a, const std::optional<YAML::Mark>& b) {
  return a && b && a->pos == b->pos;
}

}  // namespace

YamlDocuments load_yaml_documents(const std::string& text) {
  YamlDocuments documents;
  std::istringstream stream(text);
  YAML::Parser parser(stream);
  std::optional<YAML::Mark> previous;
  for (;;) {
    DocumentStart start;
    if (!parser.HandleNextDocument(start)) break;
    // Every document takes at least one character ("---"), so more
    // documents than characters is the loop too, whatever the marks say.
    if (same_place(start.mark(), previous) || documents.count > text.size()) {
      const YAML::Mark at = start.mark().value_or(YAML::Mark{});
      const bool known = at.pos >= 0 && static_cast<std::size_t>(at.pos) < text.size();
      throw YAML::ParserException(at, known ? std::string("unexpected '") + text[at.pos] + "'"
                                            : std::string("unexpected token"));
    }
    ++documents.count;
    if (documents.count == 2 && start.mark()) documents.second = *start.mark();
    previous = start.mark();
  }
  if (documents.count > 0) documents.first = YAML::Load(text);
  return documents;
}

}  // namespace streamline::engine
