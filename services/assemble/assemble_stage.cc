#include "assemble_stage.h"

#include "doc_view.h"
#include "eventwire/word_list.h"
#include "quote_finder.h"

namespace eventwire::assemble {

absl::StatusOr<std::unique_ptr<AssembleStage>> AssembleStage::Create(
    const AssembleOptions& options) {
  const std::string dir = ResourceDir(options.resource_dir);
  if (auto st = LoadWordLists(dir); !st.ok()) return st;
  auto lexicon = TriggerLexicon::Load(dir + "/triggers.tsv",
                                      dir + "/petrarch-triggers.tsv");
  if (!lexicon.ok()) return lexicon.status();
  return std::unique_ptr<AssembleStage>(new AssembleStage(std::move(*lexicon)));
}

v1::StageDescription AssembleStage::Describe() const {
  v1::StageDescription description = MakeDescription(
      "assemble", "0.2.0",
      {capability::kSentences, capability::kTokens, capability::kMentions,
       capability::kEntities},
      {capability::kEvents, capability::kQuotes}, /*idempotent=*/true,
      "PLOVER events with actors, place and date; quotes with speakers");
  // It reads tokens and entities and writes only events and quotes
  // (tested): the coordinator need not have the tokens sent back.
  description.set_changes_only_provided(true);
  return description;
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
