#include "tag_stage.h"

#include "tokenizer.h"

namespace eventwire::tag {

absl::StatusOr<std::unique_ptr<TagStage>> TagStage::Create(
    const TagOptions& options) {
  const std::string dir = ResourceDir(options.resource_dir);
  auto lexicon = Lexicon::Load(options.word_list);
  if (!lexicon.ok()) return lexicon.status();
  auto gazetteer = Gazetteer::Load(dir + "/gazetteer.tsv",
                                   options.iso_codes_dir, lexicon->get());
  if (!gazetteer.ok()) return gazetteer.status();
  std::unique_ptr<NerModel> model;
  if (options.use_model) {
    auto loaded = NerModel::Load(dir + "/ner.model");
    if (!loaded.ok()) return loaded.status();
    model = std::move(*loaded);
  }
  auto actors = ActorDirectory::Load(dir + "/actors.tsv");
  if (!actors.ok()) return actors.status();
  return std::unique_ptr<TagStage>(
      new TagStage(std::move(*gazetteer), std::move(*lexicon), std::move(model),
                   std::move(*actors)));
}

v1::StageDescription TagStage::Describe() const {
  return MakeDescription(
      "tag", "0.2.0", {capability::kText},
      {capability::kSentences, capability::kTokens, capability::kMentions,
       capability::kEntities},
      /*idempotent=*/true,
      "sentences, tokens, PERSON/ORG/GPE/LOC/NORP/DATE/TIME/TITLE mentions, "
      "canonical entities with countries");
}

absl::Status TagStage::Process(v1::Document& doc) const {
  Tokenize(doc);
  tagger_.Tag(doc);
  return absl::OkStatus();
}

}  // namespace eventwire::tag
