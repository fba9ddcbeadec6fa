#include "word_clusters.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "eventwire/file.h"
#include "eventwire/tsv.h"
#include "syntax_features.h"

namespace eventwire::tag {

absl::StatusOr<std::unique_ptr<WordClusters>> WordClusters::Load(
    const std::string& path) {
  auto bytes = ReadFile(path, "word clusters");
  if (!bytes.ok()) return bytes.status();
  auto clusters = std::make_unique<WordClusters>();
  clusters->fingerprint_ = HashString(*bytes);
  absl::Status read = ReadTsv(
      path, 1 + kLevels, "word and three classes",
      [&](const std::vector<std::string>& fields) -> absl::Status {
        Classes classes;
        for (size_t level = 0; level < kLevels; ++level) {
          uint32_t c;
          if (!absl::SimpleAtoi(fields[1 + level], &c) || c >= 65535)
            return absl::InvalidArgumentError("a class is not a number");
          classes[level] = static_cast<uint16_t>(c + 1);
        }
        clusters->classes_[fields[0]] = classes;
        return absl::OkStatus();
      });
  if (!read.ok()) return read;
  if (clusters->classes_.empty())
    return absl::InvalidArgumentError(absl::StrCat("no words in ", path));
  return clusters;
}

}  // namespace eventwire::tag
