// A part-of-speech tagger over the 17 Universal Dependencies tags: an
// averaged perceptron decoded greedily left to right, with the tags already
// given as features (as the early spaCy and NLTK taggers did).
#ifndef EVENTWIRE_SERVICES_TAG_POS_TAGGER_H_
#define EVENTWIRE_SERVICES_TAG_POS_TAGGER_H_

#include <cstdint>
#include <string_view>

#include "hashed_perceptron.h"
#include "syntax_features.h"

namespace eventwire::tag {

enum Upos : uint8_t {
  kAdj = 0,
  kAdp,
  kAdv,
  kAux,
  kCconj,
  kDet,
  kIntj,
  kNoun,
  kNum,
  kPart,
  kPron,
  kPropn,
  kPunct,
  kSconj,
  kSym,
  kVerb,
  kX,
  kNumUpos,
};
const char* UposName(uint8_t tag);
// False for a name that is not one of the 17.
bool ParseUpos(std::string_view name, uint8_t* tag);

class PosTagger {
 public:
  static constexpr int kHashBits = 19;

  // An untrained tagger (for training), or one over trained weights.
  explicit PosTagger(int hash_bits = kHashBits) : model_(kNumUpos, hash_bits) {}
  explicit PosTagger(HashedPerceptron model) : model_(std::move(model)) {}

  const HashedPerceptron& model() const { return model_; }

  // Tags words [0, n) of one sentence.
  void Tag(const SyntaxWord* words, size_t n, uint8_t* tags) const;

  // One training pass over a sentence with its gold tags (the model's own
  // earlier tags feed the history features); returns the errors made.
  int Train(const SyntaxWord* words, size_t n, const uint8_t* gold);
  void Finish() { model_.Finish(); }

 private:
  // The features of word i given the tags of the words before it; returns
  // their number.
  static size_t Features(const SyntaxWord* words, size_t n, size_t i,
                         const uint8_t* tags, uint64_t* out);

  HashedPerceptron model_;
};

}  // namespace eventwire::tag

#endif  // EVENTWIRE_SERVICES_TAG_POS_TAGGER_H_
