// The trained syntax of the tag stage: a part-of-speech tagger and a
// labelled dependency parser, saved together in one file
// (resources/syntax.model, built by tools/train-parser).
#ifndef EVENTWIRE_SERVICES_TAG_SYNTAX_MODEL_H_
#define EVENTWIRE_SERVICES_TAG_SYNTAX_MODEL_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "dependency_parser.h"
#include "pos_tagger.h"
#include "syntax_features.h"

namespace eventwire::tag {

class SyntaxModel {
 public:
  // `clusters_fingerprint`: WordClusters::fingerprint() of the word classes
  // the model was trained with (0 for none); the same classes must be used
  // with it.
  SyntaxModel(PosTagger tagger, DependencyParser parser,
              uint64_t clusters_fingerprint)
      : tagger_(std::move(tagger)),
        parser_(std::move(parser)),
        clusters_fingerprint_(clusters_fingerprint) {}

  // Errors name the file: missing, not a syntax model, another version,
  // truncated or corrupt.
  static absl::StatusOr<std::unique_ptr<SyntaxModel>> Load(
      const std::string& path);
  absl::Status Save(const std::string& path) const;

  const PosTagger& tagger() const { return tagger_; }
  uint64_t clusters_fingerprint() const { return clusters_fingerprint_; }
  const DependencyParser& parser() const { return parser_; }
  const std::string& label_name(uint8_t label) const {
    return parser_.labels()[label];
  }

  // Tags and parses one sentence: tags (UPOS), heads (n for the root) and
  // labels (indices of label_name) for words [0, n).
  void Analyze(const SyntaxWord* words, size_t n, uint8_t* tags,
               uint32_t* heads, uint8_t* labels) const {
    tagger_.Tag(words, n, tags);
    parser_.Parse(words, tags, n, heads, labels);
  }

 private:
  PosTagger tagger_;
  DependencyParser parser_;
  uint64_t clusters_fingerprint_;
};

}  // namespace eventwire::tag

#endif  // EVENTWIRE_SERVICES_TAG_SYNTAX_MODEL_H_
