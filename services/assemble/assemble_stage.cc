#include "assemble_stage.h"

#include <cstdlib>

#include "doc_view.h"
#include "quote_finder.h"

namespace eventwire::assemble {

absl::StatusOr<std::unique_ptr<AssembleStage>> AssembleStage::Create(
    const AssembleOptions& options) {
  std::string dir = options.resource_dir;
  if (dir.empty()) {
    const char* env = std::getenv("EVENTWIRE_RESOURCES");
    dir = env && *env ? env : EVENTWIRE_RESOURCE_DIR;
  }
  auto lexicon = TriggerLexicon::Load(dir + "/triggers.tsv");
  if (!lexicon.ok()) return lexicon.status();
  return std::unique_ptr<AssembleStage>(new AssembleStage(std::move(*lexicon)));
}

v1::StageDescription AssembleStage::Describe() const {
  v1::StageDescription d;
  d.set_name("assemble");
  d.set_version("0.1.0");
  d.set_api_version(kStageApiVersion);
  d.add_needs(capability::kSentences);
  d.add_needs(capability::kTokens);
  d.add_needs(capability::kMentions);
  d.add_needs(capability::kEntities);
  d.add_provides(capability::kEvents);
  d.add_provides(capability::kQuotes);
  d.set_idempotent(true);
  d.set_description("PLOVER events with actors, place and date; quotes with speakers");
  return d;
}

absl::Status AssembleStage::Process(v1::Document& doc) const {
  doc.clear_events();
  doc.clear_quotes();
  DocView view(doc);
  // Quotes first: events stated inside a quotation belong to its speaker.
  FindQuotes(view, doc);
  assembler_.Assemble(view, doc);
  return absl::OkStatus();
}

}  // namespace eventwire::assemble
