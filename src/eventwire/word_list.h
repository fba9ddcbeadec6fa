// Word lists the stages' rules use (titles, organisation words, speech
// verbs, ...), one concept a file in resources/words/NAME.txt: one entry a
// line, '#' starts a comment, blank lines are skipped. Kept out of the code
// so that a list can be read, reviewed and extended as data.
#ifndef EVENTWIRE_SRC_EVENTWIRE_WORD_LIST_H_
#define EVENTWIRE_SRC_EVENTWIRE_WORD_LIST_H_

#include <string>
#include <string_view>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace eventwire {

// A set of words, looked up with std::string, std::string_view or const
// char* (this Abseil's string_view is not std::string_view, so the set
// converts).
class WordSet {
 public:
  bool contains(std::string_view word) const {
    return words_.contains(absl::string_view(word.data(), word.size()));
  }
  size_t count(std::string_view word) const { return contains(word) ? 1 : 0; }
  void insert(std::string word) { words_.insert(std::move(word)); }
  size_t size() const { return words_.size(); }

 private:
  absl::flat_hash_set<std::string> words_;
};

// Loads every list in `resource_dir`/words into the process's lists, unless
// a list of that name is loaded already (the lists are process-wide: the
// first folder a stage is created with gives them). A stage's Create calls
// it, so that a missing or unreadable folder fails at start, naming it.
absl::Status LoadWordLists(const std::string& resource_dir);

// The list NAME. Loads the lists from ResourceDir() if none is loaded yet;
// a list that does not exist ends the program naming its file (an
// installation without resources/words: LoadWordLists at start says so
// first). Thread-safe; the set never changes once returned.
const WordSet& WordList(absl::string_view name);

}  // namespace eventwire

#endif  // EVENTWIRE_SRC_EVENTWIRE_WORD_LIST_H_
