#include "entity_tagger.h"

#include <algorithm>
#include <map>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "eventwire/dates.h"
#include "eventwire/text.h"
#include "eventwire/utf8.h"
#include "eventwire/word_list.h"
#include "ner_features.h"
#include "tag_context.h"

namespace eventwire::tag {

std::string PersonKey(std::string_view name) {
  // Consonant skeletons of each word (first letter kept, later vowels and
  // y/h/w dropped, doubled letters merged): the spellings of one name in
  // different transliterations meet (Zelensky, Zelenskyy, Zelenskiy ->
  // zlnsk; Sergei, Sergey -> srg).
  // Middle initials and generational suffixes are left out, so that
  // "Patrick W. Carlineo Jr." and "Patrick Carlineo" meet.
  std::vector<std::string> words;
  for (std::string& word :
       std::vector<std::string>(absl::StrSplit(FoldForMatch(name), ' '))) {
    if (!word.empty()) words.push_back(std::move(word));
  }
  std::vector<std::string> kept;
  for (size_t i = 0; i < words.size(); ++i) {
    const bool initial = words[i].size() == 1 && i > 0 && i + 1 < words.size();
    if (initial || (i > 0 && IsNameSuffix(words[i]))) continue;
    kept.push_back(words[i]);
  }
  if (kept.empty()) kept = words;
  std::string key = "person:";
  bool first_word = true;
  for (const std::string& word : kept) {
    // Whole code points: names in other scripts keep every character.
    std::string skeleton;
    char32_t last = 0;
    for (size_t i = 0; i < word.size();) {
      const size_t start = i;
      const char32_t cp = ValidUtf8SequenceLength(word, i) ? DecodeUtf8(word, i)
                                                           : (++i, 0xFFFD);
      if (start > 0 && cp < 0x80 &&
          std::string_view("aeiouyhw").find(static_cast<char>(cp)) !=
              std::string_view::npos) {
        continue;
      }
      if (cp == last) continue;
      AppendUtf8(cp, skeleton);
      last = cp;
    }
    if (!first_word) key += '-';
    key += skeleton;
    first_word = false;
  }
  return key;
}

bool IsTitleWord(std::string_view folded) {
  if (TitleWords().count(folded) > 0) return true;
  // "Vice-President" folds to "vice president": every part a title word.
  if (folded.find(' ') == std::string_view::npos) return false;
  size_t start = 0;
  while (start <= folded.size()) {
    size_t space = folded.find(' ', start);
    if (space == std::string_view::npos) space = folded.size();
    if (!TitleWords().count(folded.substr(start, space - start))) return false;
    start = space + 1;
  }
  return true;
}

void EntityTagger::Tag(v1::Document& doc) const {
  TagContext c(doc, gazetteer_, lexicon_, model_, actors_, clusters_);
  PrepareWords(c);
  FindCapitalisedRuns(c);
  if (c.model != nullptr) AddModelNames(c);
  SplitLeadingDescriptions(c);
  ResolveSurnames(c);
  AttachCountriesToGroups(c);
  FindDates(c);
  BuildEntities(c);
  AssignPersonCountries(c);
  if (c.actors != nullptr) AddKnownCountries(c);
  WriteMentionsAndEntities(c);
}

}  // namespace eventwire::tag
