#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "eventwire/dates.h"
#include "eventwire/text.h"
#include "eventwire/utf8.h"
#include "ner_features.h"
#include "tag_context.h"

namespace eventwire::tag {

// Needs spans; splits the words of an office or description off the front
// of a name ("Public Ombudsman Nadia Cruz", "Australian-born Assange"):
// capitalised common words before a given name the dictionary knows and
// words that are names only, or a compound adjective in "-born"/"-based".
void SplitLeadingDescriptions(TagContext& c) {
  const auto& words = c.words;
  // A capitalised word that is a name and no common word ("Cruz").
  const auto name_word = [&](int k) {
    return words[k].cap && words[k].alpha &&
           !c.lexicon.IsCommonWord(words[k].norm);
  };
  const auto all_names = [&](int from, int end) {
    for (int k = from; k < end; ++k) {
      if (!name_word(k)) return false;
    }
    return true;
  };
  // The span keeps the person from `from` on.
  const auto person_from = [](Span& s, int from) {
    s.first = from;
    s.type = v1::Entity::PERSON;
    s.country.clear();
    s.canonical.clear();
  };
  std::vector<Span> added;
  for (Span& s : c.spans) {
    if (s.type != v1::Entity::PERSON && s.type != v1::Entity::ORG) continue;
    const std::string& first = words[s.first].norm;
    if (s.end - s.first >= 2 && s.type == v1::Entity::PERSON &&
        (absl::EndsWith(first, " born") || absl::EndsWith(first, " based"))) {
      ++s.first;
      continue;
    }
    if (s.end - s.first < 3) continue;
    // A word in lower case is in no name but its particles: "Wikileaks
    // editor-in-chief Kristinn Hrafnsson" is an organisation, an office
    // and a person.
    int lower = -1;
    for (int k = s.first + 1; k + 2 <= s.end; ++k) {
      if (words[k].alpha && !words[k].cap && !Connectors().count(words[k].norm))
        lower = k;
    }
    if (lower >= 0) {
      if (s.end - lower - 1 > 3 || !all_names(lower + 1, s.end)) continue;
      if (IsTitleWord(words[lower].norm)) {
        added.push_back({lower, lower + 1, v1::Entity::TITLE, "", "", ""});
      }
      if (lower > s.first) {
        Span before = s;
        before.end = lower;
        added.push_back(before);
      }
      person_from(s, lower + 1);
      continue;
    }
    // The name: the last two or three words, each a name and no word,
    // opening with a name the dictionary knows; before it, capitalised
    // common words.
    for (int p = s.first + 1; p + 2 <= s.end && p + 3 >= s.end; ++p) {
      if (!c.lexicon.IsProperNoun(words[p].surface) || !all_names(p, s.end))
        continue;
      bool description = true;
      for (int k = s.first; k < p && description; ++k) {
        description = words[k].cap && c.lexicon.IsCommonWord(words[k].norm) &&
                      !c.lexicon.IsProperNoun(words[k].surface);
      }
      if (!description) continue;
      added.push_back({s.first, p, v1::Entity::TITLE, "", "", ""});
      person_from(s, p);
      break;
    }
  }
  if (added.empty()) return;
  c.spans.insert(c.spans.end(), added.begin(), added.end());
  std::stable_sort(
      c.spans.begin(), c.spans.end(),
      [](const Span& a, const Span& b) { return a.first < b.first; });
}

// Needs person spans; turns places and organisations that are surnames of
// people named here into people, and deferred words into people.
void ResolveSurnames(TagContext& c) {
  const auto& words = c.words;
  auto& spans = c.spans;
  const auto& deferred = c.deferred;
  // Pass 2: lone surnames and first names of people named in full.
  std::vector<std::string> person_parts;
  for (const Span& s : spans) {
    if (s.type != v1::Entity::PERSON) continue;
    person_parts.push_back(words[s.end - 1].norm);
  }
  // A lone word the model typed as a place or organisation that is the
  // surname of someone named in full here is that person ("Rubio" after
  // "Marco Rubio": one sense per document). So is a name of two or three
  // words, without organisation or place words, that ends in the name of
  // a person named elsewhere ("the Ukrainian president, Volodimyr
  // Zelensky," beside "President Zelensky"). Curated names stay.
  std::vector<std::string> surnames, person_last_words;
  for (const Span& s : spans) {
    if (s.type != v1::Entity::PERSON) continue;
    person_last_words.push_back(words[s.end - 1].norm);
    if (s.end - s.first >= 2) surnames.push_back(words[s.end - 1].norm);
  }
  for (Span& s : spans) {
    if ((s.type != v1::Entity::ORG && s.type != v1::Entity::LOC &&
         s.type != v1::Entity::GPE) ||
        c.gazetteer.Find(JoinNorms(words, s.first, s.end)) != nullptr) {
      continue;
    }
    if (s.end - s.first >= 2 && s.end - s.first <= 3) {
      bool plain = true;
      for (int k = s.first; k < s.end; ++k) {
        plain &= words[k].cap && !OrgCueWords().count(words[k].norm) &&
                 !PlaceCueWords().count(words[k].norm);
      }
      const std::string& last = words[s.end - 1].norm;
      if (plain && std::count(person_last_words.begin(),
                              person_last_words.end(), last) > 0) {
        s.type = v1::Entity::PERSON;
        s.country.clear();
        s.canonical.clear();
      }
      continue;
    }
    if (s.end - s.first != 1) continue;
    const std::string& word = words[s.first].norm;
    if (std::any_of(
            surnames.begin(), surnames.end(), [&](const std::string& surname) {
              return word == surname ||
                     (surname.size() >= 7 && SameSurname(word, surname));
            })) {
      s.type = v1::Entity::PERSON;
      s.country.clear();
      s.canonical.clear();
    }
  }
  for (int p : deferred) {
    for (const std::string& part : person_parts) {
      // Exact, or a transliteration of a long name (Zelensky / Zelenskyy).
      if (words[p].norm == part ||
          (part.size() >= 7 && SameSurname(words[p].norm, part))) {
        spans.push_back({p, p + 1, v1::Entity::PERSON, "", "", ""});
        break;
      }
    }
  }
}

}  // namespace eventwire::tag
