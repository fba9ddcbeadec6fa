// The entity tagging stage: sentences, tokens, mentions and canonical
// entities with their countries.
#ifndef EVENTWIRE_SERVICES_TAG_TAG_STAGE_H_
#define EVENTWIRE_SERVICES_TAG_TAG_STAGE_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "entity_tagger.h"
#include "eventwire/stage.h"
#include "gazetteer.h"

namespace eventwire::tag {

struct TagOptions {
  // Empty: the resources folder this build was configured with.
  std::string resource_dir;
  std::string iso_codes_dir = "/usr/share/iso-codes/json";
  std::string word_list = "/usr/share/dict/american-english";
  // Without the statistical model, names come from rules alone.
  bool use_model = true;
};

class TagStage final : public Stage {
 public:
  static absl::StatusOr<std::unique_ptr<TagStage>> Create(
      const TagOptions& options);
  v1::StageDescription Describe() const override;
  absl::Status Process(v1::Document& doc) const override;

 private:
  TagStage(std::unique_ptr<Gazetteer> gazetteer,
           std::unique_ptr<Lexicon> lexicon, std::unique_ptr<NerModel> model,
           std::unique_ptr<ActorDirectory> actors)
      : gazetteer_(std::move(gazetteer)),
        lexicon_(std::move(lexicon)),
        model_(std::move(model)),
        actors_(std::move(actors)),
        tagger_(*gazetteer_, *lexicon_, model_.get(), actors_.get()) {}
  std::unique_ptr<Gazetteer> gazetteer_;
  std::unique_ptr<Lexicon> lexicon_;
  std::unique_ptr<NerModel> model_;
  std::unique_ptr<ActorDirectory> actors_;
  EntityTagger tagger_;
};

}  // namespace eventwire::tag

#endif  // EVENTWIRE_SERVICES_TAG_TAG_STAGE_H_
