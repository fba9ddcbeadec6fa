#include "ner_model.h"

#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"

namespace eventwire::tag {
namespace {

constexpr char kMagic[] = "EWNER1";
constexpr uint32_t kBuckets = 1u << NerModel::kHashBits;

uint64_t Fnv(std::string_view s, uint64_t seed = 1469598103934665603ULL) {
  uint64_t h = seed;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  return h;
}

inline uint64_t Mix(uint64_t a, uint64_t b) {
  uint64_t h = a ^ (b + 0x9E3779B97F4A7C15ULL + (a << 6) + (a >> 2));
  h ^= h >> 33;
  h *= 0xFF51AFD7ED558CCDULL;
  h ^= h >> 33;
  return h;
}

inline uint32_t Bucket(uint32_t templ, uint64_t value) {
  return static_cast<uint32_t>(Mix(templ * 0x100000001B3ULL + 17, value) &
                               (kBuckets - 1));
}

char ShapeOf(unsigned char c) {
  if (c >= 'A' && c <= 'Z') return 'X';
  if (c >= 'a' && c <= 'z') return 'x';
  if (c >= '0' && c <= '9') return 'd';
  if (c >= 0x80) return 'u';  // non-ASCII letter or sign
  return static_cast<char>(c);
}

const char* const kLabelNames[] = {"O",     "B-PER", "I-PER", "B-ORG",
                                   "I-ORG", "B-LOC", "I-LOC"};

// A label may follow the previous one (I-X only after B-X or I-X).
bool Allowed(uint8_t prev, uint8_t label) {
  if (label == kInsidePer) return prev == kBeginPer || prev == kInsidePer;
  if (label == kInsideOrg) return prev == kBeginOrg || prev == kInsideOrg;
  if (label == kInsideLoc) return prev == kBeginLoc || prev == kInsideLoc;
  return true;
}

enum Template : uint32_t {
  kBias = 1,
  kWord,
  kLower,
  kShape,
  kShortShape,
  kPrefix1,
  kPrefix2,
  kPrefix3,
  kSuffix1,
  kSuffix2,
  kSuffix3,
  kSuffix4,
  kFlags,
  kPrevLower,
  kNextLower,
  kPrev2Lower,
  kNext2Lower,
  kPrevShape,
  kNextShape,
  kPrevNextLower,
  kPrevWordPair,
  kNextWordPair,
  kPrevLabel,
  kPrevTwoLabels,
  kPrevLabelShape,
  kPrevLabelLower,
  kGazetteer,
  kPrevGazetteer,
  kNextGazetteer,
  kSentenceStart,
  kAfterTitle,
  kDocumentType,
  kDocumentTypeShape,
  kCluster0,
  kCluster1,
  kCluster2,
  kPrevCluster,
  kNextCluster,
  kClusterShape,
  kClusterPrevLabel,
  kFlagsNextFlags,
  kPrevFlags,
  kLexicon,
  kLexiconContext,
  kLexiconStart,
};

}  // namespace

const char* NerLabelName(NerLabel label) { return kLabelNames[label]; }

bool ParseNerLabel(std::string_view name, NerLabel* label) {
  for (int i = 0; i < kNumNerLabels; ++i) {
    if (name == kLabelNames[i]) {
      *label = static_cast<NerLabel>(i);
      return true;
    }
  }
  return false;
}

uint8_t GazetteerFeature(int type, bool inside) {
  return static_cast<uint8_t>(1 + 2 * type + (inside ? 1 : 0));
}

NerToken MakeNerToken(std::string_view word) {
  NerToken t;
  t.word = word;
  t.word_hash = Fnv(word);
  std::string lower(word);
  bool any_upper = false, any_lower = false, any_alpha = false,
       all_punct = true;
  for (char& c : lower) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u >= 'A' && u <= 'Z') {
      any_upper = true;
      any_alpha = true;
      c = static_cast<char>(u + 32);
    } else if (u >= 'a' && u <= 'z') {
      any_lower = true;
      any_alpha = true;
    }
    if (std::isalnum(u) || u >= 0x80) all_punct = false;
    if (u >= '0' && u <= '9') t.flags |= kHasDigit;
    if (u == '-') t.flags |= kHasHyphen;
    if (u == '.') t.flags |= kHasPeriod;
  }
  t.lower_hash = Fnv(lower);
  const unsigned char first =
      word.empty() ? 0 : static_cast<unsigned char>(word[0]);
  if (first >= 'A' && first <= 'Z') t.flags |= kCapitalised;
  if (first >= 0xC0 && word.size() > 1) {
    // A non-ASCII first letter: capitalised if its lower-case differs is
    // unknown without tables; Latin capitals U+00C0-U+00DE and U+0100+ even
    // code points approximate it.
    const unsigned char second = static_cast<unsigned char>(word[1]);
    if (first == 0xC3 && second >= 0x80 && second <= 0x9E)
      t.flags |= kCapitalised;
  }
  if (any_upper && !any_lower) t.flags |= kAllCaps;
  if (any_alpha && !any_upper) t.flags |= kAllLower;
  if (all_punct) t.flags |= kPunctuation;
  // Shapes.
  std::string shape, short_shape;
  for (char c : word) {
    char s = ShapeOf(static_cast<unsigned char>(c));
    if (shape.size() < 12) shape += s;
    if (short_shape.empty() || short_shape.back() != s) short_shape += s;
  }
  t.shape_hash = Fnv(shape);
  t.short_shape_hash = Fnv(short_shape);
  for (size_t k = 1; k <= 3; ++k) {
    t.prefix_hash[k - 1] =
        lower.size() >= k ? Fnv(std::string_view(lower).substr(0, k)) : 0;
  }
  for (size_t k = 1; k <= 4; ++k) {
    t.suffix_hash[k - 1] =
        lower.size() >= k
            ? Fnv(std::string_view(lower).substr(lower.size() - k))
            : 0;
  }
  return t;
}

NerModel::NerModel() = default;

void NerModel::Features(const NerToken* tokens, size_t n, size_t i,
                        const uint8_t* history,
                        std::vector<uint32_t>* out) const {
  out->clear();
  const NerToken& t = tokens[i];
  static const NerToken kNone = [] {
    NerToken n;
    n.lower_hash = 0xB0B;
    n.shape_hash = 0xB0C;
    n.word_hash = 0xB0D;
    return n;
  }();
  const NerToken& prev = i > 0 ? tokens[i - 1] : kNone;
  const NerToken& next = i + 1 < n ? tokens[i + 1] : kNone;
  const NerToken& prev2 = i > 1 ? tokens[i - 2] : kNone;
  const NerToken& next2 = i + 2 < n ? tokens[i + 2] : kNone;
  const uint8_t y1 = i > 0 ? history[i - 1] : 255;
  const uint8_t y2 = i > 1 ? history[i - 2] : 255;
  out->push_back(Bucket(kBias, 0));
  out->push_back(Bucket(kWord, t.word_hash));
  out->push_back(Bucket(kLower, t.lower_hash));
  out->push_back(Bucket(kShape, t.shape_hash));
  out->push_back(Bucket(kShortShape, t.short_shape_hash));
  for (int k = 0; k < 3; ++k) {
    if (t.prefix_hash[k])
      out->push_back(Bucket(kPrefix1 + k, t.prefix_hash[k]));
  }
  for (int k = 0; k < 4; ++k) {
    if (t.suffix_hash[k])
      out->push_back(Bucket(kSuffix1 + k, t.suffix_hash[k]));
  }
  out->push_back(Bucket(kFlags, t.flags));
  out->push_back(Bucket(kPrevFlags, Mix(prev.flags, t.flags)));
  out->push_back(Bucket(kFlagsNextFlags, Mix(t.flags, next.flags)));
  out->push_back(Bucket(kPrevLower, prev.lower_hash));
  out->push_back(Bucket(kNextLower, next.lower_hash));
  out->push_back(Bucket(kPrev2Lower, prev2.lower_hash));
  out->push_back(Bucket(kNext2Lower, next2.lower_hash));
  out->push_back(Bucket(kPrevShape, prev.short_shape_hash));
  out->push_back(Bucket(kNextShape, next.short_shape_hash));
  out->push_back(Bucket(kPrevNextLower, Mix(prev.lower_hash, next.lower_hash)));
  out->push_back(Bucket(kPrevWordPair, Mix(prev.lower_hash, t.lower_hash)));
  out->push_back(Bucket(kNextWordPair, Mix(t.lower_hash, next.lower_hash)));
  out->push_back(Bucket(kPrevLabel, y1));
  out->push_back(Bucket(kPrevTwoLabels, Mix(y1, y2)));
  out->push_back(Bucket(kPrevLabelShape, Mix(y1, t.short_shape_hash)));
  out->push_back(Bucket(kPrevLabelLower, Mix(y1, t.lower_hash)));
  out->push_back(Bucket(kGazetteer, t.gazetteer));
  out->push_back(Bucket(kPrevGazetteer, Mix(prev.gazetteer, t.gazetteer)));
  out->push_back(Bucket(kNextGazetteer, Mix(t.gazetteer, next.gazetteer)));
  out->push_back(Bucket(kSentenceStart, Mix(t.sentence_start, t.flags)));
  out->push_back(
      Bucket(kAfterTitle, Mix(t.after_title, t.flags & kCapitalised)));
  out->push_back(
      Bucket(kLexicon, Mix(t.lexicon, t.flags & (kCapitalised | kAllCaps))));
  out->push_back(
      Bucket(kLexiconContext, Mix(Mix(prev.lexicon, t.lexicon), next.lexicon)));
  out->push_back(Bucket(kLexiconStart, Mix(t.lexicon, t.sentence_start)));
  out->push_back(Bucket(kDocumentType, t.document_type));
  out->push_back(
      Bucket(kDocumentTypeShape, Mix(t.document_type, t.short_shape_hash)));
  out->push_back(Bucket(kCluster0, t.cluster[0]));
  out->push_back(Bucket(kCluster1, t.cluster[1]));
  out->push_back(Bucket(kCluster2, t.cluster[2]));
  out->push_back(Bucket(kPrevCluster, Mix(prev.cluster[1], t.flags)));
  out->push_back(Bucket(kNextCluster, Mix(next.cluster[1], t.flags)));
  out->push_back(Bucket(kClusterShape, Mix(t.cluster[1], t.short_shape_hash)));
  out->push_back(Bucket(kClusterPrevLabel, Mix(t.cluster[0], y1)));
}

void NerModel::Scores(const std::vector<uint32_t>& features,
                      float* scores) const {
  // One aligned row of eight per feature: the compiler adds whole rows.
  alignas(32) float sum[kRowWidth] = {};
  if (weights_.empty()) {
    std::fill(scores, scores + kNumNerLabels, 0.0f);
    return;
  }
  for (uint32_t f : features) {
    const float* w = weights_[f].weight;
    for (int l = 0; l < kRowWidth; ++l) sum[l] += w[l];
  }
  std::copy(sum, sum + kNumNerLabels, scores);
}

void NerModel::Tag(const std::vector<NerToken>& tokens,
                   std::vector<uint8_t>* labels) const {
  labels->assign(tokens.size(), kOutside);
  Tag(tokens.data(), tokens.size(), labels->data());
}

void NerModel::Tag(const NerToken* tokens, size_t n, uint8_t* labels) const {
  thread_local std::vector<uint32_t> features;
  features.reserve(48);
  float scores[kNumNerLabels];
  std::fill(labels, labels + n, kOutside);
  for (size_t i = 0; i < n; ++i) {
    Features(tokens, n, i, labels, &features);
    if (quantized_.empty()) {
      Scores(features, scores);  // a model still in training
    } else {
      alignas(32) int32_t sum[kRowWidth] = {};
      for (uint32_t f : features) {
        const int16_t* w = quantized_[f].weight;
        for (int l = 0; l < kRowWidth; ++l) sum[l] += w[l];
      }
      std::copy(sum, sum + kNumNerLabels, scores);  // same order as weights
    }
    const uint8_t prev = i > 0 ? labels[i - 1] : kOutside;
    uint8_t best = kOutside;
    for (uint8_t l = 0; l < kNumNerLabels; ++l) {
      if (Allowed(prev, l) && scores[l] > scores[best]) best = l;
    }
    labels[i] = best;
  }
}

int NerModel::Train(const std::vector<NerToken>& tokens,
                    const std::vector<uint8_t>& gold) {
  if (weights_.empty()) weights_.resize(kBuckets);
  quantized_.clear();
  if (totals_.empty()) {
    totals_.assign(weights_.size() * kNumNerLabels, 0.0);
    stamps_.assign(weights_.size() * kNumNerLabels, 0);
  }
  std::vector<uint8_t> history(tokens.size(), kOutside);
  std::vector<uint32_t> features;
  float scores[kNumNerLabels];
  int errors = 0;
  for (size_t i = 0; i < tokens.size(); ++i) {
    ++step_;
    Features(tokens.data(), tokens.size(), i, history.data(), &features);
    Scores(features, scores);
    const uint8_t prev = i > 0 ? history[i - 1] : kOutside;
    uint8_t guess = kOutside;
    for (uint8_t l = 0; l < kNumNerLabels; ++l) {
      if (Allowed(prev, l) && scores[l] > scores[guess]) guess = l;
    }
    const uint8_t truth = gold[i];
    if (guess != truth) {
      ++errors;
      for (uint32_t f : features) {
        for (const auto& [label, delta] :
             {std::pair<uint8_t, float>{truth, 1.0f}, {guess, -1.0f}}) {
          const size_t k = static_cast<size_t>(f) * kNumNerLabels + label;
          float& w = weights_[f].weight[label];
          totals_[k] += static_cast<double>(step_ - stamps_[k]) * w;
          stamps_[k] = step_;
          w += delta;
        }
      }
    }
    // The history follows the model's own guesses, as at tagging time.
    history[i] = guess;
  }
  return errors;
}

void NerModel::Average() {
  if (totals_.empty() || step_ == 0) return;
  for (size_t k = 0; k < totals_.size(); ++k) {
    float& w = weights_[k / kNumNerLabels].weight[k % kNumNerLabels];
    const double total =
        totals_[k] + static_cast<double>(step_ - stamps_[k]) * w;
    w = static_cast<float>(total / step_);
  }
  totals_.clear();
  stamps_.clear();
  Quantize();
}

void NerModel::Quantize() {
  float max_abs = 0;
  for (const Row& row : weights_) {
    for (int l = 0; l < kNumNerLabels; ++l)
      max_abs = std::max(max_abs, std::fabs(row.weight[l]));
  }
  scale_ = max_abs > 0 ? max_abs / 32767.0f : 1.0f;
  quantized_.assign(weights_.size(), QuantizedRow{});
  for (size_t b = 0; b < weights_.size(); ++b) {
    for (int l = 0; l < kNumNerLabels; ++l) {
      quantized_[b].weight[l] =
          static_cast<int16_t>(std::lround(weights_[b].weight[l] / scale_));
    }
  }
}

absl::Status NerModel::Save(const std::string& path) const {
  // On disk kNumNerLabels 16-bit weights per bucket, deflated; the padding
  // stays in memory.
  if (quantized_.size() != kBuckets) {
    return absl::FailedPreconditionError(
        "only an averaged (trained) or loaded model can be saved");
  }
  const float scale = scale_;
  const size_t count = quantized_.size() * kNumNerLabels;
  std::string raw(count * sizeof(int16_t), '\0');
  for (size_t k = 0; k < count; ++k) {
    const int16_t q = quantized_[k / kNumNerLabels].weight[k % kNumNerLabels];
    std::memcpy(&raw[k * sizeof(int16_t)], &q, sizeof(q));
  }
  uLongf packed_size = compressBound(raw.size());
  std::string packed(packed_size, '\0');
  if (compress2(reinterpret_cast<Bytef*>(packed.data()), &packed_size,
                reinterpret_cast<const Bytef*>(raw.data()), raw.size(),
                9) != Z_OK) {
    return absl::InternalError("cannot compress the model");
  }
  packed.resize(packed_size);
  std::ofstream out(path, std::ios::binary);
  if (!out) return absl::UnavailableError(absl::StrCat("cannot write ", path));
  const uint32_t header[3] = {kHashBits, kNumNerLabels,
                              static_cast<uint32_t>(raw.size())};
  out.write(kMagic, sizeof(kMagic));
  out.write(reinterpret_cast<const char*>(header), sizeof(header));
  out.write(reinterpret_cast<const char*>(&scale), sizeof(scale));
  out.write(packed.data(), static_cast<std::streamsize>(packed.size()));
  return out ? absl::OkStatus()
             : absl::DataLossError(absl::StrCat("write to ", path, " failed"));
}

absl::StatusOr<std::unique_ptr<NerModel>> NerModel::Load(
    const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return absl::NotFoundError(absl::StrCat("cannot read tagger model ", path));
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string data = ss.str();
  const size_t header_size =
      sizeof(kMagic) + 3 * sizeof(uint32_t) + sizeof(float);
  if (data.size() < header_size ||
      std::memcmp(data.data(), kMagic, sizeof(kMagic)) != 0) {
    return absl::DataLossError(
        absl::StrCat(path, " is not an eventwire tagger model"));
  }
  uint32_t header[3];
  float scale;
  std::memcpy(header, data.data() + sizeof(kMagic), sizeof(header));
  std::memcpy(&scale, data.data() + sizeof(kMagic) + sizeof(header),
              sizeof(scale));
  if (header[0] != kHashBits || header[1] != kNumNerLabels ||
      header[2] !=
          static_cast<uint32_t>(kBuckets) * kNumNerLabels * sizeof(int16_t)) {
    return absl::FailedPreconditionError(absl::StrCat(
        path, " was trained with other settings (hash bits ", header[0],
        ", labels ", header[1], "); this build expects ", kHashBits, " and ",
        static_cast<int>(kNumNerLabels)));
  }
  std::string raw(header[2], '\0');
  uLongf raw_size = raw.size();
  if (uncompress(reinterpret_cast<Bytef*>(raw.data()), &raw_size,
                 reinterpret_cast<const Bytef*>(data.data() + header_size),
                 data.size() - header_size) != Z_OK ||
      raw_size != raw.size()) {
    return absl::DataLossError(absl::StrCat(path, " is corrupt"));
  }
  auto model = std::make_unique<NerModel>();
  model->scale_ = scale;
  model->quantized_.resize(kBuckets);
  for (size_t k = 0; k < raw.size() / sizeof(int16_t); ++k) {
    int16_t q;
    std::memcpy(&q, &raw[k * sizeof(int16_t)], sizeof(q));
    model->quantized_[k / kNumNerLabels].weight[k % kNumNerLabels] = q;
  }
  return model;
}

}  // namespace eventwire::tag
