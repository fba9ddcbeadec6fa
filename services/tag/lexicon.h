// An English word list (Debian's wamerican, from SCOWL): which words are
// common words ("joke", "green") and which capitalised forms are proper
// nouns ("Aaron", "Alabama"). The name tagger uses both: a capitalised run of
// common words is rarely a person.
#ifndef EVENTWIRE_SERVICES_TAG_LEXICON_H_
#define EVENTWIRE_SERVICES_TAG_LEXICON_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"

namespace eventwire::tag {

class Lexicon {
 public:
  // One word per line; possessive forms ("Aaron's") are skipped.
  static absl::StatusOr<std::unique_ptr<Lexicon>> Load(const std::string& path);

  // `folded` as FoldForMatch gives it (the tokenizer's norm): "joke".
  bool IsCommonWord(std::string_view folded) const {
    return common_.contains(absl::string_view(folded.data(), folded.size()));
  }
  // As written: "Aaron", not "aaron".
  bool IsProperNoun(std::string_view word) const {
    return proper_.contains(absl::string_view(word.data(), word.size()));
  }
  size_t size() const { return common_.size() + proper_.size(); }

 private:
  // flat_hash_set<std::string> looks string views up without a copy (this
  // Abseil's string_view is its own type, hence the conversions above).
  absl::flat_hash_set<std::string> common_, proper_;
};

}  // namespace eventwire::tag

#endif  // EVENTWIRE_SERVICES_TAG_LEXICON_H_
