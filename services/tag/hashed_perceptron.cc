#include "hashed_perceptron.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "binary_io.h"

namespace eventwire::tag {
namespace {

constexpr int kMaxHashBits = 26;

// Rows of four (three transitions: 8 bytes) or multiples of eight weights:
// aligned, and a whole number of vector additions.
int RowWidth(int num_classes) {
  return num_classes <= 4 ? 4 : (num_classes + 7) / 8 * 8;
}
constexpr int kMaxClasses = 1024;

}  // namespace

HashedPerceptron::HashedPerceptron(int num_classes, int hash_bits)
    : num_classes_(num_classes),
      width_(RowWidth(num_classes)),
      hash_bits_(hash_bits),
      mask_((uint64_t{1} << hash_bits) - 1) {
  const size_t rows = size_t{1} << hash_bits;
  weights_.assign(rows * width_, 0.0f);
  totals_.assign(rows * width_, 0.0);
  stamps_.assign(rows, 0);
}

namespace {

// Sums the rows of `features` with the row width known at compile time, so
// the inner loop is a few vector additions.
template <int kWidth>
void SumRows(const int16_t* table, const size_t* rows, size_t n,
             int32_t* sums) {
  int32_t acc[kWidth] = {};
  for (size_t f = 0; f < n; ++f) {
    const int16_t* row = table + rows[f];
    for (int c = 0; c < kWidth; ++c) acc[c] += row[c];
  }
  for (int c = 0; c < kWidth; ++c) sums[c] = acc[c];
}

}  // namespace

void HashedPerceptron::Score(const uint64_t* features, size_t n,
                             float* scores) const {
  // The rows are scattered over a table larger than the caches: ask for all
  // of them first, so that their cache misses overlap.
  constexpr size_t kMaxFeatures = 256;
  size_t rows[kMaxFeatures];
  n = std::min(n, kMaxFeatures);
  for (size_t f = 0; f < n; ++f) {
    rows[f] = Row(features[f]);
    __builtin_prefetch(quantized_.data() + rows[f]);
  }
  int32_t sums[kMaxClasses];
  const int16_t* table = quantized_.data();
  switch (width_) {
    case 4:
      SumRows<4>(table, rows, n, sums);
      break;
    case 8:
      SumRows<8>(table, rows, n, sums);
      break;
    case 24:
      SumRows<24>(table, rows, n, sums);
      break;
    case 56:
      SumRows<56>(table, rows, n, sums);
      break;
    case 64:
      SumRows<64>(table, rows, n, sums);
      break;
    default:
      std::fill(sums, sums + width_, 0);
      for (size_t f = 0; f < n; ++f) {
        const int16_t* row = table + rows[f];
        for (int c = 0; c < width_; ++c) sums[c] += row[c];
      }
  }
  for (int c = 0; c < num_classes_; ++c) scores[c] = sums[c] * scale_;
}

void HashedPerceptron::TrainingScore(const uint64_t* features, size_t n,
                                     float* scores) const {
  std::fill(scores, scores + num_classes_, 0.0f);
  for (size_t f = 0; f < n; ++f) {
    const float* row = weights_.data() + Row(features[f]);
    for (int c = 0; c < num_classes_; ++c) scores[c] += row[c];
  }
}

void HashedPerceptron::Flush(size_t row) {
  const size_t r = row / width_;
  const uint32_t elapsed = step_ - stamps_[r];
  if (elapsed == 0) return;
  for (int c = 0; c < num_classes_; ++c)
    totals_[row + c] += static_cast<double>(elapsed) * weights_[row + c];
  stamps_[r] = step_;
}

void HashedPerceptron::Update(const uint64_t* features, size_t n, int truth,
                              int guess) {
  if (truth == guess) return;
  for (size_t f = 0; f < n; ++f) {
    const size_t row = Row(features[f]);
    Flush(row);
    weights_[row + truth] += 1.0f;
    weights_[row + guess] -= 1.0f;
  }
}

void HashedPerceptron::Finish() {
  const size_t rows = stamps_.size();
  const double steps = std::max<uint32_t>(step_, 1);
  float max_abs = 0;
  std::vector<float> averaged(weights_.size(), 0.0f);
  for (size_t r = 0; r < rows; ++r) {
    Flush(r * width_);
    for (int c = 0; c < num_classes_; ++c) {
      const float a = static_cast<float>(totals_[r * width_ + c] / steps);
      averaged[r * width_ + c] = a;
      max_abs = std::max(max_abs, std::fabs(a));
    }
  }
  scale_ = max_abs > 0 ? max_abs / 32767.0f : 1.0f;
  quantized_.assign(averaged.size(), 0);
  for (size_t k = 0; k < averaged.size(); ++k)
    quantized_[k] = static_cast<int16_t>(std::lround(averaged[k] / scale_));
  weights_ = {};
  totals_ = {};
  stamps_ = {};
}

void HashedPerceptron::Serialize(std::string* out) const {
  const size_t rows = quantized_.size() / std::max(width_, 1);
  std::vector<uint32_t> used;
  for (size_t r = 0; r < rows; ++r) {
    const int16_t* row = quantized_.data() + r * width_;
    if (std::any_of(row, row + num_classes_, [](int16_t q) { return q != 0; }))
      used.push_back(static_cast<uint32_t>(r));
  }
  Append<uint32_t>(out, static_cast<uint32_t>(num_classes_));
  Append<uint32_t>(out, static_cast<uint32_t>(hash_bits_));
  Append<float>(out, scale_);
  Append<uint32_t>(out, static_cast<uint32_t>(used.size()));
  for (uint32_t r : used) Append<uint32_t>(out, r);
  // Class-major: each class's weights together compress better.
  for (int c = 0; c < num_classes_; ++c) {
    for (uint32_t r : used) Append<int16_t>(out, quantized_[r * width_ + c]);
  }
}

absl::StatusOr<HashedPerceptron> HashedPerceptron::Deserialize(
    std::string_view* in) {
  uint32_t num_classes, hash_bits, used;
  float scale;
  if (!Take(in, &num_classes) || !Take(in, &hash_bits) || !Take(in, &scale) ||
      !Take(in, &used)) {
    return absl::DataLossError("truncated classifier header");
  }
  if (num_classes == 0 || num_classes > kMaxClasses || hash_bits == 0 ||
      hash_bits > kMaxHashBits || !std::isfinite(scale) ||
      used > (1u << hash_bits)) {
    return absl::DataLossError(
        absl::StrCat("implausible classifier header (classes ", num_classes,
                     ", hash bits ", hash_bits, ", rows ", used, ")"));
  }
  if (in->size() < size_t{used} * (4 + 2 * num_classes))
    return absl::DataLossError("truncated classifier weights");
  HashedPerceptron model;
  model.num_classes_ = static_cast<int>(num_classes);
  model.width_ = RowWidth(model.num_classes_);
  model.hash_bits_ = static_cast<int>(hash_bits);
  model.mask_ = (uint64_t{1} << hash_bits) - 1;
  model.scale_ = scale;
  model.quantized_.assign((size_t{1} << hash_bits) * model.width_, 0);
  std::vector<uint32_t> rows(used);
  for (uint32_t& r : rows) {
    Take(in, &r);
    if (r >= (1u << hash_bits))
      return absl::DataLossError("classifier row out of range");
  }
  for (uint32_t c = 0; c < num_classes; ++c) {
    for (uint32_t r : rows) {
      int16_t q = 0;
      Take(in, &q);
      model.quantized_[size_t{r} * model.width_ + c] = q;
    }
  }
  return model;
}

}  // namespace eventwire::tag
