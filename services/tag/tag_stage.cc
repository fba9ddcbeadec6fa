#include "tag_stage.h"

#include <cstdlib>

#include "tokenizer.h"

namespace eventwire::tag {

std::string DefaultResourceDir() {
  if (const char* env = std::getenv("EVENTWIRE_RESOURCES"); env && *env) {
    return env;
  }
  return EVENTWIRE_RESOURCE_DIR;
}

absl::StatusOr<std::unique_ptr<TagStage>> TagStage::Create(
    const TagOptions& options) {
  std::string dir =
      options.resource_dir.empty() ? DefaultResourceDir() : options.resource_dir;
  auto gazetteer =
      Gazetteer::Load(dir + "/gazetteer.tsv", options.iso_codes_json);
  if (!gazetteer.ok()) return gazetteer.status();
  std::unique_ptr<NerModel> model;
  if (options.use_model) {
    auto loaded = NerModel::Load(dir + "/ner.model");
    if (!loaded.ok()) return loaded.status();
    model = std::move(*loaded);
  }
  return std::unique_ptr<TagStage>(new TagStage(std::move(*gazetteer), std::move(model)));
}

v1::StageDescription TagStage::Describe() const {
  v1::StageDescription d;
  d.set_name("tag");
  d.set_version("0.1.0");
  d.set_api_version(kStageApiVersion);
  d.add_needs(capability::kText);
  d.add_provides(capability::kSentences);
  d.add_provides(capability::kTokens);
  d.add_provides(capability::kMentions);
  d.add_provides(capability::kEntities);
  d.set_idempotent(true);
  d.set_description(
      "sentences, tokens, PERSON/ORG/GPE/LOC/NORP/DATE/TITLE mentions, "
      "canonical entities with countries");
  return d;
}

absl::Status TagStage::Process(v1::Document& doc) const {
  Tokenize(doc);
  tagger_.Tag(doc);
  return absl::OkStatus();
}

}  // namespace eventwire::tag
