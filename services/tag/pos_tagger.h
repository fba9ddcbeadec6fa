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

  // An untrained tagger (for training), or one over trained weights: the
  // first pass reads left to right; the second sees the first's tags of the
  // words to the right as well.
  explicit PosTagger(int hash_bits = kHashBits)
      : first_(kNumUpos, hash_bits), second_(kNumUpos, hash_bits) {}
  PosTagger(HashedPerceptron first, HashedPerceptron second)
      : first_(std::move(first)), second_(std::move(second)) {}

  const HashedPerceptron& first_pass() const { return first_; }
  const HashedPerceptron& second_pass() const { return second_; }

  // Tags words [0, n) of one sentence.
  void Tag(const SyntaxWord* words, size_t n, uint8_t* tags) const;

  // One training step on a sentence with its gold tags (the models' own
  // earlier tags feed the history features); returns the errors of the
  // second pass.
  int Train(const SyntaxWord* words, size_t n, const uint8_t* gold);
  void Finish() {
    first_.Finish();
    second_.Finish();
  }

 private:
  // The features of word i given the tags of the words before it and, in
  // the second pass, the first pass's tags (`ahead`) of those after it.
  static size_t Features(const SyntaxWord* words, size_t n, size_t i,
                         const uint8_t* tags, const uint8_t* ahead,
                         uint64_t* out);
  // Tags a sentence with one pass's model, learning from `gold` if given.
  static int Pass(const HashedPerceptron& scorer, HashedPerceptron* learner,
                  const SyntaxWord* words, size_t n, const uint8_t* ahead,
                  const uint8_t* gold, uint8_t* tags);

  HashedPerceptron first_;
  HashedPerceptron second_;
};

}  // namespace eventwire::tag

#endif  // EVENTWIRE_SERVICES_TAG_POS_TAGGER_H_
