// The entity tagging stage: sentences, tokens, mentions and canonical
// entities with their countries.
#ifndef EVENTWIRE_SERVICES_TAG_TAG_STAGE_H_
#define EVENTWIRE_SERVICES_TAG_TAG_STAGE_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "entity_tagger.h"
#include "eventwire/stage.h"
#include "gazetteer.h"
#include "syntax_model.h"
#include "word_clusters.h"

namespace eventwire::tag {

struct TagOptions {
  // Empty: the resources folder this build was configured with.
  std::string resource_dir;
  std::string iso_codes_dir = "/usr/share/iso-codes/json";
  std::string word_list = "/usr/share/dict/american-english";
  // Without the statistical model, names come from rules alone.
  bool use_model = true;
  // Parts of speech and dependency trees for every sentence
  // (syntax.model with the word classes it was trained with,
  // word-clusters.tsv). Off, tokens carry no upos, head or deprel.
  bool parse = true;
  // Parsing stops after the sentence that reaches this many tokens (a news
  // article has a few thousand): a document of tens of megabytes would
  // otherwise hold a worker for minutes. The rest has no syntax, and a
  // diagnostic says so.
  size_t max_parsed_tokens = 200000;
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
           std::unique_ptr<ActorDirectory> actors,
           std::unique_ptr<WordClusters> clusters,
           std::unique_ptr<SyntaxModel> syntax, size_t max_parsed_tokens)
      : max_parsed_tokens_(max_parsed_tokens),
        gazetteer_(std::move(gazetteer)),
        lexicon_(std::move(lexicon)),
        model_(std::move(model)),
        actors_(std::move(actors)),
        clusters_(std::move(clusters)),
        syntax_(std::move(syntax)),
        tagger_(*gazetteer_, *lexicon_, model_.get(), actors_.get(),
                clusters_.get()) {}
  // Sets upos, head and deprel of every token, sentence by sentence.
  void Parse(v1::Document& doc) const;

  const size_t max_parsed_tokens_;

  std::unique_ptr<Gazetteer> gazetteer_;
  std::unique_ptr<Lexicon> lexicon_;
  std::unique_ptr<NerModel> model_;
  std::unique_ptr<ActorDirectory> actors_;
  std::unique_ptr<WordClusters> clusters_;  // null without model and parse
  std::unique_ptr<SyntaxModel> syntax_;     // null when not parsing
  EntityTagger tagger_;
};

}  // namespace eventwire::tag

#endif  // EVENTWIRE_SERVICES_TAG_TAG_STAGE_H_
