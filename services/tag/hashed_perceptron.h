// A multi-class averaged perceptron over hashed sparse features: the
// classifier under the part-of-speech tagger and the dependency parser.
//
// A feature is a 64-bit hash (its template and values mixed); its low bits
// pick a row holding one weight per class. Training updates float weights
// and keeps the sums for averaging lazily (per row); Finish() replaces them
// by their averages quantized to 16 bits, which is what scoring reads and
// what is saved: half the memory of floats, so more rows stay in cache.
#ifndef EVENTWIRE_SERVICES_TAG_HASHED_PERCEPTRON_H_
#define EVENTWIRE_SERVICES_TAG_HASHED_PERCEPTRON_H_

#include <sys/mman.h>

#include <cstdint>
#include <cstdlib>
#include <new>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace eventwire::tag {

// Memory for the large weight tables, aligned to 2 MiB and marked for
// transparent huge pages: scoring reads rows scattered over tens of
// megabytes, and with 4 KiB pages most reads would also miss the TLB.
template <typename T>
struct HugePageAllocator {
  using value_type = T;
  HugePageAllocator() = default;
  template <typename U>
  HugePageAllocator(const HugePageAllocator<U>&) {}  // NOLINT: rebinding
  T* allocate(size_t n);
  void deallocate(T* p, size_t) { std::free(p); }
  template <typename U>
  bool operator==(const HugePageAllocator<U>&) const {
    return true;
  }
  template <typename U>
  bool operator!=(const HugePageAllocator<U>&) const {
    return false;
  }
};

template <typename T>
T* HugePageAllocator<T>::allocate(size_t n) {
  constexpr size_t kHugePage = size_t{2} << 20;
  const size_t bytes = n * sizeof(T);
  if (bytes < kHugePage) {
    void* p = std::malloc(bytes == 0 ? 1 : bytes);
    if (p == nullptr) throw std::bad_alloc();
    return static_cast<T*>(p);
  }
  const size_t rounded = (bytes + kHugePage - 1) / kHugePage * kHugePage;
  void* p = std::aligned_alloc(kHugePage, rounded);
  if (p == nullptr) throw std::bad_alloc();
  // Advice only: without transparent huge pages this does nothing.
  madvise(p, rounded, MADV_HUGEPAGE);
  return static_cast<T*>(p);
}

class HashedPerceptron {
 public:
  HashedPerceptron() = default;
  HashedPerceptron(int num_classes, int hash_bits);

  int num_classes() const { return num_classes_; }
  bool trained() const { return !quantized_.empty(); }

  // Class scores from the final (averaged) weights; `scores` has
  // num_classes() entries.
  void Score(const uint64_t* features, size_t n, float* scores) const;

  // Training: scores from the current weights, and one update moving
  // `truth` up and `guess` down on these features.
  void TrainingScore(const uint64_t* features, size_t n, float* scores) const;
  void Update(const uint64_t* features, size_t n, int truth, int guess);
  // Counts one training example (the unit of averaging).
  void Tick() { ++step_; }
  // Averages, quantizes and frees the training state.
  void Finish();

  // Appends the model (rows that are not all zero) to `out`.
  void Serialize(std::string* out) const;
  // Reads a model from the front of `in` and advances it.
  static absl::StatusOr<HashedPerceptron> Deserialize(std::string_view* in);

 private:
  size_t Row(uint64_t feature) const { return (feature & mask_) * width_; }
  void Flush(size_t row);

  int num_classes_ = 0;
  int width_ = 0;  // num_classes_ rounded up: aligned, vectorisable rows
  int hash_bits_ = 0;
  uint64_t mask_ = 0;
  // Training state.
  std::vector<float> weights_;
  std::vector<double> totals_;
  std::vector<uint32_t> stamps_;  // per row: the step of its last flush
  uint32_t step_ = 0;
  // After Finish or Deserialize.
  std::vector<int16_t, HugePageAllocator<int16_t>> quantized_;
  float scale_ = 1.0f;
};

}  // namespace eventwire::tag

#endif  // EVENTWIRE_SERVICES_TAG_HASHED_PERCEPTRON_H_
