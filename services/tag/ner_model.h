// A statistical name tagger: an averaged perceptron over hashed sparse
// features (word forms, shapes, affixes, a context window, gazetteer hits,
// titles, the labels already given, and what the rest of the document says
// about the same word), decoded greedily left to right with BIO constraints.
//
// The features are computed here for both training (tools/train_tagger) and
// tagging, so the two cannot drift apart.
#ifndef EVENTWIRE_SERVICES_TAG_NER_MODEL_H_
#define EVENTWIRE_SERVICES_TAG_NER_MODEL_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace eventwire::tag {

// BIO labels over PERSON, ORG and LOC (GPE and LOC together).
enum NerLabel : uint8_t {
  kOutside = 0,
  kBeginPer,
  kInsidePer,
  kBeginOrg,
  kInsideOrg,
  kBeginLoc,
  kInsideLoc,
  kNumNerLabels,
};
const char* NerLabelName(NerLabel label);
bool ParseNerLabel(std::string_view name, NerLabel* label);
// 0 none, 1 PER, 2 ORG, 3 LOC.
inline int NerType(uint8_t label) { return (label + 1) / 2; }

// What a token contributes to features; computed once per token.
struct NerToken {
  std::string_view word;
  uint64_t word_hash = 0;   // exact form
  uint64_t lower_hash = 0;  // lower case
  uint64_t shape_hash = 0;  // Xxxx, dd, X.X.
  uint64_t short_shape_hash = 0;
  uint64_t prefix_hash[3] = {0, 0, 0};
  uint64_t suffix_hash[4] = {0, 0, 0, 0};
  uint8_t flags = 0;      // kCapitalised, ...
  uint8_t gazetteer = 0;  // GazetteerFeature value
  bool sentence_start = false;
  bool after_title = false;
  // Dictionary knowledge: kCommonWord, kProperNoun bits.
  uint8_t lexicon = 0;
  // Set by the first pass: the type most often given to this word elsewhere
  // in the document (0 none).
  uint8_t document_type = 0;
  // Word classes learnt from unlabelled text (WordClusters), coarse to fine;
  // 0 unknown. Names of one kind share classes ("Kabul", "Tehran").
  uint16_t cluster[3] = {0, 0, 0};
};

enum NerTokenFlag : uint8_t {
  kCapitalised = 1,
  kAllCaps = 2,
  kHasDigit = 4,
  kHasHyphen = 8,
  kHasPeriod = 16,
  kAllLower = 32,
  kPunctuation = 64,
  // A capitalised word that the same document also writes in lower case
  // (a common word at a sentence start, not a name).
  kSeenLowercase = 128,
};

enum NerLexiconBit : uint8_t {
  kCommonWord = 1,  // its lower-case form is a dictionary word
  kProperNoun = 2,  // the dictionary lists it capitalised, as a name
};

// A gazetteer hit of the token, as a feature: 0 none; otherwise
// 1 + 2 * type + (inside ? 1 : 0) for types 0 GPE, 1 LOC, 2 ORG, 3 NORP,
// 4 first name.
uint8_t GazetteerFeature(int type, bool inside);

// Fills the lexical parts of a token (word hashes, shape, affixes, flags).
NerToken MakeNerToken(std::string_view word);

class NerModel {
 public:
  // 2^kHashBits weight rows, one weight per label.
  static constexpr int kHashBits = 18;

  NerModel();
  static absl::StatusOr<std::unique_ptr<NerModel>> Load(
      const std::string& path);
  absl::Status Save(const std::string& path) const;

  // Labels for one sentence (greedy, BIO-consistent).
  void Tag(const std::vector<NerToken>& tokens,
           std::vector<uint8_t>* labels) const;
  // The same for tokens [0, n) of an array, writing labels[0, n).
  void Tag(const NerToken* tokens, size_t n, uint8_t* labels) const;

  // Training: one perceptron step on a sentence with its gold labels (the
  // model's own previous labels feed the history features). Returns the
  // number of tokens it got wrong.
  int Train(const std::vector<NerToken>& tokens,
            const std::vector<uint8_t>& gold);
  // Replaces the weights with their averages over all training steps; Tag
  // and Save use them from then on.
  void Average();

 private:
  void Features(const NerToken* tokens, size_t n, size_t i,
                const uint8_t* history, std::vector<uint32_t>* out) const;
  void Scores(const std::vector<uint32_t>& features, float* scores) const;

  void Quantize();

  // A bucket's weights, one per label, padded to a row of eight so that a
  // feature's weights are one aligned load.
  static constexpr int kRowWidth = 8;
  static_assert(kNumNerLabels <= kRowWidth);
  struct alignas(32) Row {
    float weight[kRowWidth] = {};
  };
  // Tagging reads 16-bit weights (the file's own precision): half the
  // memory, so more of the table stays in cache.
  struct alignas(16) QuantizedRow {
    int16_t weight[kRowWidth] = {};
  };
  std::vector<Row> weights_;             // [bucket]; training only
  std::vector<QuantizedRow> quantized_;  // [bucket]; after Average or Load
  float scale_ = 1.0f;                   // quantized * scale_ = weight
  // Training only: sums for averaging and the step of each weight's last
  // change.
  std::vector<double> totals_;
  std::vector<uint32_t> stamps_;
  uint32_t step_ = 0;
};

}  // namespace eventwire::tag

#endif  // EVENTWIRE_SERVICES_TAG_NER_MODEL_H_
