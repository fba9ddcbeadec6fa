// Word classes learnt from unlabelled text (tools/train-clusters,
// resources/word-clusters.tsv), at a few granularities: words that occur in
// like contexts share a class, so the tagger and parser generalise from the
// words their treebanks have to words they lack ("Tuesday" -> "Thursday").
#ifndef EVENTWIRE_SERVICES_TAG_WORD_CLUSTERS_H_
#define EVENTWIRE_SERVICES_TAG_WORD_CLUSTERS_H_

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"

namespace eventwire::tag {

class WordClusters {
 public:
  static constexpr size_t kLevels = 3;
  using Classes = std::array<uint16_t, kLevels>;  // class + 1; 0 unknown

  // Lines "word<TAB>class<TAB>class<TAB>class"; errors name file and line.
  static absl::StatusOr<std::unique_ptr<WordClusters>> Load(
      const std::string& path);

  // `normal` as NormalForm gives it; all zero for a word not clustered.
  Classes Find(std::string_view normal) const {
    auto it = classes_.find(absl::string_view(normal.data(), normal.size()));
    return it == classes_.end() ? Classes{} : it->second;
  }
  size_t size() const { return classes_.size(); }
  // A checksum of the file's contents: a syntax model records the clusters
  // it was trained with.
  uint64_t fingerprint() const { return fingerprint_; }

 private:
  absl::flat_hash_map<std::string, Classes> classes_;
  uint64_t fingerprint_ = 0;
};

}  // namespace eventwire::tag

#endif  // EVENTWIRE_SERVICES_TAG_WORD_CLUSTERS_H_
