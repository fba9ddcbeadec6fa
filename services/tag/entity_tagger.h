// Mentions of PERSON, ORG, GPE, LOC, NORP, DATE, TIME and TITLE, and one
// canonical entity per real-world entity in the document.
#ifndef EVENTWIRE_SERVICES_TAG_ENTITY_TAGGER_H_
#define EVENTWIRE_SERVICES_TAG_ENTITY_TAGGER_H_

#include "actors.h"
#include "eventwire/v1/document.pb.h"
#include "gazetteer.h"
#include "lexicon.h"
#include "ner_model.h"
#include "word_clusters.h"

namespace eventwire::tag {

class EntityTagger {
 public:
  // `model` may be null: then names are found by rules alone.
  // `actors` may be null: then people get countries from the text alone.
  // `clusters`: the word classes the model was trained with (may be null).
  EntityTagger(const Gazetteer& gazetteer, const Lexicon& lexicon,
               const NerModel* model, const ActorDirectory* actors = nullptr,
               const WordClusters* clusters = nullptr)
      : gazetteer_(gazetteer),
        lexicon_(lexicon),
        model_(model),
        actors_(actors),
        clusters_(clusters) {}
  // Needs doc.tokens and doc.sentences; fills doc.mentions and doc.entities.
  void Tag(v1::Document& doc) const;

 private:
  const Gazetteer& gazetteer_;
  const Lexicon& lexicon_;
  const NerModel* model_;
  const ActorDirectory* actors_;
  const WordClusters* clusters_;
};

// A person's key across documents, the same for spellings of one name in
// different transliterations ("person:vldmr-zlnsk").
std::string PersonKey(std::string_view name);

// True for job and rank titles ("president", "minister", "envoy").
bool IsTitleWord(std::string_view folded);

}  // namespace eventwire::tag

#endif  // EVENTWIRE_SERVICES_TAG_ENTITY_TAGGER_H_
