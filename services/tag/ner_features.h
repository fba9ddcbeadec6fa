// The tagger's view of a document: tokens with their lexical features,
// gazetteer hits and title context; and the document-level feature the
// second pass adds.
#ifndef EVENTWIRE_SERVICES_TAG_NER_FEATURES_H_
#define EVENTWIRE_SERVICES_TAG_NER_FEATURES_H_

#include <string_view>
#include <vector>

#include "gazetteer.h"
#include "lexicon.h"
#include "ner_model.h"
#include "word_clusters.h"

namespace eventwire::tag {

// `words` of a document in order; `sentence_start[i]` when word i begins a
// sentence. `clusters` may be null (no word-class features); a model must
// be used with the classes it was trained with.
std::vector<NerToken> PrepareNerTokens(
    const std::vector<std::string_view>& words,
    const std::vector<bool>& sentence_start, const Gazetteer& gazetteer,
    const Lexicon& lexicon, const WordClusters* clusters);
// The same with each word's FoldForMatch form already at hand (the
// tokenizer's norms), which saves folding every word again.
std::vector<NerToken> PrepareNerTokens(
    const std::vector<std::string_view>& words,
    const std::vector<std::string_view>& folded,
    const std::vector<bool>& sentence_start, const Gazetteer& gazetteer,
    const Lexicon& lexicon, const WordClusters* clusters);

// Sets each capitalised token's document_type to the type `labels` give
// most often to the same word elsewhere in the document (not counting the
// token itself).
void SetDocumentTypes(std::vector<NerToken>& tokens,
                      const std::vector<uint8_t>& labels);

// Tags a document: a first pass, then a second with document types.
// `sentences` are [begin, end) token ranges.
void TagDocument(const NerModel& model, std::vector<NerToken>& tokens,
                 const std::vector<std::pair<size_t, size_t>>& sentences,
                 std::vector<uint8_t>* labels);

}  // namespace eventwire::tag

#endif  // EVENTWIRE_SERVICES_TAG_NER_FEATURES_H_
