#include "pos_tagger.h"

#include <algorithm>
#include <vector>

namespace eventwire::tag {
namespace {

const char* const kUposNames[kNumUpos] = {
    "ADJ",  "ADP",  "ADV",   "AUX",   "CCONJ", "DET", "INTJ", "NOUN", "NUM",
    "PART", "PRON", "PROPN", "PUNCT", "SCONJ", "SYM", "VERB", "X"};

// Values standing for "no word here" and "no tag yet".
constexpr uint64_t kNoWord = 0x5EA7;
constexpr uint64_t kNoTag = 0xFF;
constexpr size_t kMaxFeatures = 48;

enum Template : uint32_t {
  kBias = 1,
  kLower,
  kForm,
  kPrefix1,
  kSuffix1,
  kSuffix2,
  kSuffix3,
  kShape,
  kFlags,
  kFirstFlags,
  kPrevLower,
  kPrev2Lower,
  kNextLower,
  kNext2Lower,
  kPrevSuffix3,
  kNextSuffix3,
  kPrevShape,
  kNextShape,
  kPrevNextLower,
  kPrevLowerLower,
  kLowerNextLower,
  kPrevTag,
  kPrevTwoTags,
  kPrevTagLower,
  kPrevTagSuffix3,
  kPrevTagNextLower,
  kNextFlags,
  kPrevFlags,
  kCluster0,
  kCluster1,
  kCluster2,
  kPrevCluster,
  kNextCluster,
  kPrevFineCluster,
  kNextFineCluster,
  kPrevTagCluster,
  kNextClusterCluster,
  kNextTag,
  kNextTwoTags,
  kPrevNextTags,
  kNextTagLower,
  kNextTagSuffix3,
};

}  // namespace

const char* UposName(uint8_t tag) {
  return tag < kNumUpos ? kUposNames[tag] : "X";
}

bool ParseUpos(std::string_view name, uint8_t* tag) {
  for (int t = 0; t < kNumUpos; ++t) {
    if (name == kUposNames[t]) {
      *tag = static_cast<uint8_t>(t);
      return true;
    }
  }
  return false;
}

size_t PosTagger::Features(const SyntaxWord* words, size_t n, size_t i,
                           const uint8_t* tags, const uint8_t* ahead,
                           uint64_t* out) {
  const SyntaxWord& w = words[i];
  const uint64_t prev = i > 0 ? words[i - 1].lower : kNoWord;
  const uint64_t prev2 = i > 1 ? words[i - 2].lower : kNoWord;
  const uint64_t next = i + 1 < n ? words[i + 1].lower : kNoWord;
  const uint64_t next2 = i + 2 < n ? words[i + 2].lower : kNoWord;
  const uint64_t t1 = i > 0 ? tags[i - 1] : kNoTag;
  const uint64_t t2 = i > 1 ? tags[i - 2] : kNoTag;
  size_t k = 0;
  out[k++] = Feature(kBias, 0);
  out[k++] = Feature(kLower, w.lower);
  out[k++] = Feature(kForm, w.form);
  out[k++] = Feature(kPrefix1, w.prefix1);
  out[k++] = Feature(kSuffix1, w.suffix1);
  out[k++] = Feature(kSuffix2, w.suffix2);
  out[k++] = Feature(kSuffix3, w.suffix3);
  out[k++] = Feature(kShape, w.shape);
  out[k++] = Feature(kFlags, w.flags);
  out[k++] = Feature(kFirstFlags, w.flags, i == 0);
  out[k++] = Feature(kPrevLower, prev);
  out[k++] = Feature(kPrev2Lower, prev2);
  out[k++] = Feature(kNextLower, next);
  out[k++] = Feature(kNext2Lower, next2);
  out[k++] = Feature(kPrevSuffix3, i > 0 ? words[i - 1].suffix3 : kNoWord);
  out[k++] = Feature(kNextSuffix3, i + 1 < n ? words[i + 1].suffix3 : kNoWord);
  out[k++] = Feature(kPrevShape, i > 0 ? words[i - 1].shape : kNoWord);
  out[k++] = Feature(kNextShape, i + 1 < n ? words[i + 1].shape : kNoWord);
  out[k++] = Feature(kPrevNextLower, prev, next);
  out[k++] = Feature(kPrevLowerLower, prev, w.lower);
  out[k++] = Feature(kLowerNextLower, w.lower, next);
  out[k++] = Feature(kPrevTag, t1);
  out[k++] = Feature(kPrevTwoTags, t1, t2);
  out[k++] = Feature(kPrevTagLower, t1, w.lower);
  out[k++] = Feature(kPrevTagSuffix3, t1, w.suffix3);
  out[k++] = Feature(kPrevTagNextLower, t1, next);
  out[k++] = Feature(kNextFlags, i + 1 < n ? words[i + 1].flags : kNoWord);
  out[k++] = Feature(kPrevFlags, i > 0 ? words[i - 1].flags : kNoWord);
  const uint16_t* c = w.cluster;
  const uint16_t* pc = i > 0 ? words[i - 1].cluster : nullptr;
  const uint16_t* nc = i + 1 < n ? words[i + 1].cluster : nullptr;
  out[k++] = Feature(kCluster0, c[0]);
  out[k++] = Feature(kCluster1, c[1]);
  out[k++] = Feature(kCluster2, c[2]);
  out[k++] = Feature(kPrevCluster, pc ? pc[1] : kNoWord);
  out[k++] = Feature(kNextCluster, nc ? nc[1] : kNoWord);
  out[k++] = Feature(kPrevFineCluster, pc ? pc[2] : kNoWord);
  out[k++] = Feature(kNextFineCluster, nc ? nc[2] : kNoWord);
  out[k++] = Feature(kPrevTagCluster, t1, c[1]);
  out[k++] = Feature(kNextClusterCluster, c[1], nc ? nc[1] : kNoWord);
  if (ahead != nullptr) {
    const uint64_t n1 = i + 1 < n ? ahead[i + 1] : kNoTag;
    const uint64_t n2 = i + 2 < n ? ahead[i + 2] : kNoTag;
    out[k++] = Feature(kNextTag, n1);
    out[k++] = Feature(kNextTwoTags, n1, n2);
    out[k++] = Feature(kPrevNextTags, t1, n1);
    out[k++] = Feature(kNextTagLower, n1, w.lower);
    out[k++] = Feature(kNextTagSuffix3, n1, w.suffix3);
  }
  static_assert(kNextTagSuffix3 < kMaxFeatures);
  return k;
}

int PosTagger::Pass(const HashedPerceptron& scorer, HashedPerceptron* learner,
                    const SyntaxWord* words, size_t n, const uint8_t* ahead,
                    const uint8_t* gold, uint8_t* tags) {
  uint64_t features[kMaxFeatures];
  float scores[kNumUpos];
  int errors = 0;
  for (size_t i = 0; i < n; ++i) {
    const size_t k = Features(words, n, i, tags, ahead, features);
    if (learner != nullptr) {
      learner->TrainingScore(features, k, scores);
    } else {
      scorer.Score(features, k, scores);
    }
    const int guess =
        static_cast<int>(std::max_element(scores, scores + kNumUpos) - scores);
    if (learner != nullptr) {
      learner->Update(features, k, gold[i], guess);
      learner->Tick();
      errors += guess != gold[i];
    }
    tags[i] = static_cast<uint8_t>(guess);
  }
  return errors;
}

void PosTagger::Tag(const SyntaxWord* words, size_t n, uint8_t* tags) const {
  std::vector<uint8_t> ahead(n);
  Pass(first_, nullptr, words, n, nullptr, nullptr, ahead.data());
  Pass(second_, nullptr, words, n, ahead.data(), nullptr, tags);
}

int PosTagger::Train(const SyntaxWord* words, size_t n, const uint8_t* gold) {
  std::vector<uint8_t> ahead(n), tags(n);
  Pass(first_, &first_, words, n, nullptr, gold, ahead.data());
  return Pass(second_, &second_, words, n, ahead.data(), gold, tags.data());
}

}  // namespace eventwire::tag
