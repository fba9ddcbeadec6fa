#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
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
namespace {

// A word that may stand between a person and the words that give the
// person's country: articles, "of", titles, commas, possessives.
bool IsLinkingWord(const TagContext& c, int k) {
  const auto& words = c.words;
  const std::string& w = words[k].norm;
  static const auto* kLink = &WordList("person-linking-words");
  return kLink->count(w) > 0 || IsTitleWord(w) || words[k].surface == "," ||
         IsPossessive(words[k].surface);
}

// The country span si stands for, or "".
std::string CountryOfSpan(const TagContext& c, int si) {
  const auto& spans = c.spans;
  const Span& sp = spans[si];
  if ((sp.type == v1::Entity::NORP || sp.type == v1::Entity::GPE ||
       sp.type == v1::Entity::ORG) &&
      !sp.country.empty() && sp.country != "IGO" && sp.country != "NGO") {
    return sp.country;
  }
  return "";
}

// The country of the group noun that a "led by" / "headed by" phrase at
// `verb` attaches to: the nearest group noun before it in the sentence,
// and the country named just before that noun ("a Ukrainian delegation",
// "Russia's negotiating team").
std::string CountryOfLedGroup(const TagContext& c, int verb) {
  const auto& words = c.words;
  const auto& sentence_of = c.sentence_of;
  const auto& span_at = c.span_at;
  const auto linking_word = [&](int k) { return IsLinkingWord(c, k); };
  const auto country_of_span = [&](int si) { return CountryOfSpan(c, si); };
  static const auto* kGroupNouns = &WordList("led-group-nouns");
  for (int g = verb - 1;
       g >= 0 && verb - g <= 12 && sentence_of[g] == sentence_of[verb]; --g) {
    if (span_at[g] >= 0 || !kGroupNouns->count(words[g].norm)) continue;
    for (int k = g - 1;
         k >= 0 && g - k <= 4 && sentence_of[k] == sentence_of[g]; --k) {
      const int sk = span_at[k];
      if (sk >= 0) return country_of_span(sk);
      if (!linking_word(k) && words[k].norm != "negotiating" &&
          words[k].norm != "national") {
        return "";
      }
    }
    return "";
  }
  return "";
}

// The country of a group whose members a sentence lists before `person`:
// "On the Ukrainian side are the foreign minister, A, and B", "The
// Russian delegation includes A and B".
std::string CountryOfListedGroup(const TagContext& c, int person) {
  const auto& words = c.words;
  const auto& sentence_of = c.sentence_of;
  static const auto* kMembershipVerbs =
      new absl::flat_hash_set<std::string_view>{
          "are",      "were",     "is",        "was",       "include",
          "includes", "included", "comprises", "comprised", "comprise"};
  for (int v = person - 1;
       v >= 0 && person - v <= 30 && sentence_of[v] == sentence_of[person];
       --v) {
    if (!kMembershipVerbs->count(words[v].norm)) continue;
    // "On the Ukrainian side are ...": the group comes before the verb.
    return CountryOfLedGroup(c, v);
  }
  return "";
}

// The country the words around person span si give: titles and
// nationalities before it ("Ukrainian Foreign Minister Andrii Sybiha",
// "Putin's adviser"), "of Morocco" after it, an appositive (", Israel's
// prime minister"), a group it leads or belongs to; or "".
std::string CountryAroundPerson(const TagContext& c, size_t si) {
  const int n = c.n;
  const auto& words = c.words;
  const auto& sentence_of = c.sentence_of;
  const auto& spans = c.spans;
  const auto& span_at = c.span_at;
  const auto& span_entity = c.span_entity;
  const auto& entities = c.entities;
  const auto linking_word = [&](int k) { return IsLinkingWord(c, k); };
  const auto country_of_span = [&](int si) { return CountryOfSpan(c, si); };
  const auto country_of_led_group = [&](int verb) {
    return CountryOfLedGroup(c, verb);
  };
  const auto country_of_listed_group = [&](int person) {
    return CountryOfListedGroup(c, person);
  };
  const int first = spans[si].first;
  std::string country;
  // Left: the leftmost country in a chain of titles and linking words.
  int commas = 0;
  for (int k = first - 1;
       k >= 0 && first - k <= 10 && sentence_of[k] == sentence_of[first]; --k) {
    const int sk = span_at[k];
    if (sk >= 0 && spans[sk].type == v1::Entity::PERSON) {
      // "Putin's adviser": the adviser acts for Putin's country.
      if (k + 1 < first && (words[k + 1].norm == "s") && span_entity[sk] >= 0) {
        const std::string& c = entities[span_entity[sk]].entity.country();
        if (!c.empty()) country = c;
      }
      break;
    }
    if (sk >= 0) {
      // "held in Turkey, Rubio said": a place the sentence is set in
      // is no affiliation.
      const int before = spans[sk].first - 1;
      if (before >= 0 && IsLocativePreposition(words[before].norm)) break;
      if (std::string c = country_of_span(sk); !c.empty()) country = c;
      if (spans[sk].type == v1::Entity::DATE) break;
      k = spans[sk].first;  // skip the rest of the span
      continue;
    }
    if (words[k].surface == "," && ++commas > 1) break;
    if (country.empty() && words[k].norm == "by" && k > 0 &&
        IsLeadingVerb(words[k - 1].norm)) {
      // "a Ukrainian delegation ..., led by Defense Minister X": X acts
      // for the country of the group that X leads.
      country = country_of_led_group(k - 1);
      break;
    }
    if (!linking_word(k)) break;
  }
  // Right: "King Hassan of Morocco", "President Ortega of Nicaragua".
  if (country.empty()) {
    const int end = spans[si].end;
    if (end + 1 < n && words[end].norm == "of" && span_at[end + 1] >= 0 &&
        spans[span_at[end + 1]].type == v1::Entity::GPE) {
      country = country_of_span(span_at[end + 1]);
    }
  }
  // Right: an appositive ", the Russian foreign minister" / ", Israel's
  // prime minister".
  if (country.empty()) {
    const int end = spans[si].end;
    if (end + 2 < n && words[end].surface == ",") {
      for (int k = end + 1;
           k < n && k <= end + 5 && sentence_of[k] == sentence_of[end]; ++k) {
        const int sk = span_at[k];
        if (sk >= 0) {
          if (std::string c = country_of_span(sk); !c.empty()) {
            // Only when a title follows: an appositive, not a list.
            for (int t = spans[sk].end; t < n && t <= spans[sk].end + 3; ++t) {
              if (IsTitleWord(words[t].norm)) {
                country = c;
                break;
              }
            }
          }
          break;
        }
        if (!linking_word(k) || words[k].surface == ",") break;
      }
    }
  }
  if (country.empty()) country = country_of_listed_group(first);
  return country;
}

}  // namespace

// A person's country from the words around the name; each mention votes,
// the entity takes the country most mentions give. Needs spans and
// entities; sets the countries of people.
void AssignPersonCountries(TagContext& c) {
  const int n = c.n;
  const auto& spans = c.spans;
  auto& entities = c.entities;
  const auto& span_entity = c.span_entity;
  c.span_at.assign(n, -1);
  auto& span_at = c.span_at;
  // A person's country from the words around the name: "Ukrainian Foreign
  // Minister Andrii Sybiha", "the U.S. ambassador to Turkey, Tom Barrack",
  // "Russia's Sergei Lavrov", "Kremlin spokesman Dmitry Peskov", "Putin's
  // adviser Yuri Ushakov", "Benjamin Netanyahu, Israel's prime minister".
  // Each mention votes; the entity takes the country most mentions give.
  for (size_t si = 0; si < spans.size(); ++si) {
    for (int k = spans[si].first; k < spans[si].end; ++k)
      span_at[k] = static_cast<int>(si);
  }
  // Two rounds: the second lets "Putin's adviser" follow Putin's country.
  for (int round = 0; round < 2; ++round) {
    // entity -> (country, count) in the order first seen: a tie goes to the
    // country named first (the full title usually comes first).
    std::map<int, std::vector<std::pair<std::string, int>>> votes;
    for (size_t si = 0; si < spans.size(); ++si) {
      if (spans[si].type != v1::Entity::PERSON || span_entity[si] < 0) continue;
      if (round == 1 && !entities[span_entity[si]].entity.country().empty())
        continue;
      const std::string country = CountryAroundPerson(c, si);
      if (!country.empty()) {
        auto& counts = votes[span_entity[si]];
        auto it = std::find_if(
            counts.begin(), counts.end(),
            [&](const auto& vote) { return vote.first == country; });
        if (it == counts.end()) {
          counts.push_back({country, 1});
        } else {
          ++it->second;
        }
      }
    }
    for (auto& [entity, counts] : votes) {
      std::string best;
      int best_count = 0;
      for (const auto& [country, count] : counts) {
        if (count > best_count) {
          best = country;
          best_count = count;
        }
      }
      entities[entity].entity.set_country(best);
    }
  }
}

// Needs person entities without a country; takes the one the actor
// dictionary knows.
void AddKnownCountries(TagContext& c) {
  const auto& spans = c.spans;
  auto& entities = c.entities;
  const auto& span_entity = c.span_entity;
  const auto& span_at = c.span_at;
  // World knowledge last: people the text gives no country ("President
  // Putin said") take the one the actor dictionary knows. A lone surname
  // counts only when it is no common word and no other country's people
  // share it, or when the dictionary lists it bare itself. After a title
  // ("President Bush") a surname that is also a word is a name all the same.
  if (c.actors != nullptr) {
    std::vector<bool> titled(entities.size(), false);
    // After an office's title, not an honorific or a royal one: those come
    // before given names ("Mr Goldsmith", "Prince Harry"), which office
    // holders share with everyone else.
    std::vector<std::string> office_title(entities.size());
    absl::flat_hash_set<std::string> named_countries;
    for (size_t si = 0; si < spans.size(); ++si) {
      const std::string country = CountryOfSpan(c, static_cast<int>(si));
      if (!country.empty()) named_countries.insert(country);
      if (spans[si].type != v1::Entity::PERSON || span_entity[si] < 0) continue;
      const int before = spans[si].first - 1;
      if (before >= 0 && span_at[before] >= 0 &&
          spans[span_at[before]].type == v1::Entity::TITLE) {
        titled[span_entity[si]] = true;
        const Span& title = spans[span_at[before]];
        for (int k = title.first; k < title.end; ++k) {
          const std::string& w = c.words[k].norm;
          if (w.size() > 2 && !HonorificWords().count(w) &&
              !RoyalTitleWords().count(w)) {
            office_title[span_entity[si]] = w;
          }
        }
      }
    }
    for (size_t ei = 0; ei < entities.size(); ++ei) {
      auto& e = entities[ei];
      if (e.entity.type() != v1::Entity::PERSON || !e.entity.country().empty())
        continue;
      const std::string name = FoldForMatch(e.entity.name());
      std::string_view country = c.actors->Find(name);
      if (country.empty() && name.find(' ') == std::string::npos &&
          name.size() >= 4 && (titled[ei] || !c.lexicon.IsCommonWord(name))) {
        country = c.actors->FindBySurname(name);
      }
      // An office holder by surname after his office's title ("President
      // Macron"), or in full after a title or in a text that names the
      // country ("Emmanuel Macron ... France"): the singer Andy Williams is
      // no minister of Grenada.
      if (country.empty() && name.find(' ') == std::string::npos) {
        country = c.actors->FindOfficeHolderBySurname(name, office_title[ei]);
      } else if (country.empty()) {
        const std::string_view office = c.actors->FindOfficeHolder(name);
        if (!office_title[ei].empty() ||
            named_countries.count(std::string(office)) > 0) {
          country = office;
        }
      }
      if (!country.empty()) e.entity.set_country(std::string(country));
    }
    // "President Trump" is the office holder the file names in full, so
    // that every article's "Trump" is one person in the feed.
    for (size_t ei = 0; ei < entities.size(); ++ei) {
      auto& e = entities[ei];
      if (e.entity.type() != v1::Entity::PERSON) continue;
      const std::string name = FoldForMatch(e.entity.name());
      if (name.find(' ') != std::string::npos) continue;
      const std::string_view country =
          c.actors->FindOfficeHolderBySurname(name, office_title[ei]);
      const std::string_view full = c.actors->OfficeHolderFullName(name);
      if (country.empty() || full.empty() ||
          (!e.entity.country().empty() && e.entity.country() != country)) {
        continue;
      }
      e.entity.set_country(std::string(country));
      e.entity.set_name(std::string(full));
    }
  }
}

}  // namespace eventwire::tag
