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

  // Any case: "Joke" and "joke" are common words.
  bool IsCommonWord(std::string_view word) const;
  // As written: "Aaron", not "aaron".
  bool IsProperNoun(std::string_view word) const;
  // The same by the hashes NerToken carries (lower_hash, word_hash): the
  // tagger looks every token up, so no string is hashed twice.
  bool IsCommonWordHash(uint64_t lower_hash) const {
    return common_.contains(lower_hash);
  }
  bool IsProperNounHash(uint64_t word_hash) const {
    return proper_.contains(word_hash);
  }
  size_t size() const { return common_.size() + proper_.size(); }

 private:
  absl::flat_hash_set<uint64_t> common_, proper_;
};

}  // namespace eventwire::tag

#endif  // EVENTWIRE_SERVICES_TAG_LEXICON_H_
