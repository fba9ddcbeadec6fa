#include "casualties_stage.h"

#include <string_view>

#include "casualty_counter.h"

namespace eventwire::casualties {
namespace {

// The sentence around an event's evidence (the evidence itself when the
// document has no sentences).
std::string_view SentenceOf(const v1::Document& doc, const v1::Event& event) {
  const uint32_t at = event.evidence().begin();
  for (const v1::Sentence& s : doc.sentences()) {
    if (s.begin() <= at && at < s.end() && s.end() <= doc.text().size())
      return std::string_view(doc.text())
          .substr(s.begin(), s.end() - s.begin());
  }
  const uint32_t end = event.evidence().end();
  if (at < end && end <= doc.text().size())
    return std::string_view(doc.text()).substr(at, end - at);
  return {};
}

}  // namespace

v1::StageDescription CasualtiesStage::Describe() const {
  return MakeDescription(
      "casualties", "1.0.0", {capability::kText, capability::kEvents},
      {"casualties"}, /*idempotent=*/true,
      "PLOVER dead / injured / size of ASSAULT and PROTEST events");
}

absl::Status CasualtiesStage::Process(v1::Document& doc) const {
  for (v1::Event& event : *doc.mutable_events()) {
    const bool assault = event.type() == v1::Event::ASSAULT;
    const bool protest = event.type() == v1::Event::PROTEST;
    if (!assault && !protest) continue;
    const Figures f = ReadFigures(SentenceOf(doc, event));
    if (f.dead) event.set_dead(*f.dead);
    if (f.injured) event.set_injured(*f.injured);
    if (protest && f.size) event.set_size(*f.size);
  }
  return absl::OkStatus();
}

}  // namespace eventwire::casualties
