#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

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

// Decides what the chunk of a capitalised run from p to before q (the next
// gazetteer name or title, in the run ending at b) names: an organisation,
// a city, a place, an acronym, a person, or nothing yet (a single word,
// deferred). Needs words; adds spans. Returns where the run goes on.
int ClassifyChunk(TagContext& c, int p, int q, int b, bool after_title) {
  const int n = c.n;
  const auto& words = c.words;
  const auto& lower_vocab = c.lower_vocab;
  auto& spans = c.spans;
  auto& deferred = c.deferred;
  const auto longest_name = [&](int from, int end, auto accept, int* length) {
    return LongestName(c, from, end, accept, length);
  };
  // Organisation words extend the chunk over places ("Bank of England").
  int e = q;
  while (e > p && Connectors().count(words[e - 1].norm)) --e;
  Type type = v1::Entity::TYPE_UNSPECIFIED;
  bool guess = false;
  const int len = e - p;
  bool followed_by_speech = e < n && SpeechVerbs().count(words[e].norm) &&
                            words[e].norm != "has" && words[e].norm != "had" &&
                            words[e].norm != "was" && words[e].norm != "is" &&
                            words[e].norm != "will" && words[e].norm != "would";
  // A city by name: a single word only after "in", "at" or "near" and
  // only a large city (many surnames are also town names: Rubio,
  // Lincoln).
  const Gazetteer::City* city = nullptr;
  if (e - p > 1) {
    city = c.gazetteer.FindCity(JoinNorms(words, p, e));
  } else if (p > 0 && (words[p - 1].norm == "in" || words[p - 1].norm == "at" ||
                       words[p - 1].norm == "near")) {
    city = c.gazetteer.FindCity(words[p].norm);
    if (city != nullptr && city->population < 100000) city = nullptr;
  }
  bool org = false, place = false;
  for (int k = p; k < e; ++k) {
    const std::string& w = words[k].norm;
    // "Atlantic City" is the city; "Manchester City" the club.
    if (w == "city" && city != nullptr) continue;
    // An organisation word leads its name before "of" ("Department of
    // Public Safety", "University of Texas"), unless it names a state.
    const bool leads = k == p && k + 1 < e && words[k + 1].norm == "of" &&
                       w != "city" && w != "republic" && w != "kingdom";
    if (OrgCueWords().count(w) && (k > p || leads)) org = true;
    if (PlaceCueWords().count(w) && k > p) place = true;
  }
  if (org) {
    type = v1::Entity::ORG;
  } else if (city != nullptr && !after_title) {
    spans.push_back({p, e, v1::Entity::GPE, city->country, city->name, ""});
    return q;
  } else if (place) {
    type = v1::Entity::LOC;
  } else if (len == 1 && words[p].all_caps && words[p].surface.size() <= 6 &&
             !c.lexicon.IsCommonWord(words[p].norm)) {
    // An acronym, not a word in capitals ("FREE", "OK").
    type = v1::Entity::ORG;
  } else if (after_title && len <= 4) {
    type = v1::Entity::PERSON;
  } else if (len >= 2 && len <= 4) {
    bool namelike = true, has_name_word = false;
    for (int k = p; k < e; ++k) {
      if (Connectors().count(words[k].norm)) continue;
      if (!words[k].cap || lower_vocab.count(words[k].norm)) namelike = false;
      has_name_word |= !c.lexicon.IsCommonWord(words[k].norm) ||
                       c.lexicon.IsProperNoun(words[k].surface);
    }
    // Common words only ("Killing Joke", "Good Day") are no name.
    namelike &= has_name_word;
    if (namelike) {
      type = v1::Entity::PERSON;
      // After a title in lower case ("his aide Rafael Duarte"), before
      // a speech verb or "who", or from a name the dictionary knows
      // ("Maria", not "Killing"), it is no guess.
      const int after = e < n && words[e].surface == "," ? e + 1 : e;
      guess =
          !((p > 0 && !words[p - 1].cap && IsTitleWord(words[p - 1].norm)) ||
            followed_by_speech || (after < n && words[after].norm == "who") ||
            c.lexicon.IsProperNoun(words[p].surface));
    }
  } else if (len == 1 && followed_by_speech &&
             !lower_vocab.count(words[p].norm) &&
             !StopWords().count(words[p].norm)) {
    type = v1::Entity::PERSON;
  }
  // "Central Bank of Nigeria", "Ministry of Defence of Ukraine": an
  // organisation "of" a country is one name, and that country's.
  if (type == v1::Entity::ORG && e + 1 == q && q < b && words[e].norm == "of") {
    int place_len = 0;
    const GazetteerEntry* place = longest_name(
        q, b, [](const GazetteerEntry& g) { return g.type == v1::Entity::GPE; },
        &place_len);
    if (place != nullptr) {
      spans.push_back({p, q + place_len, type, place->country, "", ""});
      return q + place_len;
    }
  }
  if (type != v1::Entity::TYPE_UNSPECIFIED) {
    spans.push_back({p, e, type, "", "", ""});
    spans.back().guess = guess;
  } else if (len == 1) {
    deferred.push_back(p);
  }
  return q;
}

// Splits the capitalised run [a, b) at gazetteer names and titles into
// names. Needs words; adds spans.
void SplitRun(TagContext& c, int a, int b) {
  const auto& words = c.words;
  auto& spans = c.spans;
  const auto longest_name = [&](int from, int end, auto accept, int* length) {
    return LongestName(c, from, end, accept, length);
  };
  int p = a;
  bool after_title = false;
  while (p < b) {
    if (Connectors().count(words[p].norm) && !words[p].cap) {
      ++p;
      continue;
    }
    // Gazetteer: longest match starting here ("WHO" only in capitals).
    int best_len = 0;
    const GazetteerEntry* best = longest_name(
        p, b,
        [&](const GazetteerEntry& e) {
          return !(e.all_caps && !words[p].all_caps);
        },
        &best_len);
    // A state's name next to other capitalised words is part of another
    // name ("Victoria Beckham", "Simón Bolívar", "Kansas City Chiefs").
    if (best != nullptr && best->subdivision &&
        ((p + best_len < b && words[p + best_len].cap) ||
         (p > a && words[p - 1].cap && !IsTitleWord(words[p - 1].norm)))) {
      best = nullptr;
      best_len = 0;
    }
    if (best != nullptr) {
      // A place followed by an organisation word is part of that
      // organisation's name ("Bank of England" is handled by the run;
      // "Ukraine Defence Ministry" stays a place plus a title).
      spans.push_back(
          {p, p + best_len, best->type, best->country, best->canonical, ""});
      p += best_len;
      after_title = false;
      continue;
    }
    // "International Atomic Energy Agency", "National Security Council":
    // title words inside a name that ends in an organisation word.
    // ("Atlantic City" is a city, not such a name.)
    if (b - p >= 2 && OrgCueWords().count(words[b - 1].norm) &&
        !IsTitleWord(words[b - 1].norm) &&
        !(words[b - 1].norm == "city" &&
          c.gazetteer.FindCity(JoinNorms(words, p, b)) != nullptr)) {
      bool clean = true;
      for (int k = p; k < b; ++k)
        clean &= c.gazetteer.Find(words[k].norm) == nullptr;
      if (clean) {
        spans.push_back({p, b, v1::Entity::ORG, "", "", ""});
        p = b;
        after_title = false;
        continue;
      }
    }
    if (IsTitleWord(words[p].norm)) {
      int q = p + 1;
      while (q < b && (IsTitleWord(words[q].norm) ||
                       (words[q].norm == "of" && q + 1 < b &&
                        IsTitleWord(words[q + 1].norm)))) {
        ++q;
      }
      if (!HonorificWords().count(words[p].norm) || q - p > 1) {
        spans.push_back({p, q, v1::Entity::TITLE, "", "", ""});
      }
      p = q;
      after_title = true;
      continue;
    }
    // A chunk up to the next gazetteer name or title word.
    int q = p + 1;
    while (q < b && !IsTitleWord(words[q].norm)) {
      const GazetteerEntry* known = c.gazetteer.Find(words[q].norm);
      if (known != nullptr && !known->subdivision) break;
      ++q;
    }
    p = ClassifyChunk(c, p, q, b, after_title);
    after_title = false;
  }
}

}  // namespace

// Pass 1: capitalised runs, split by gazetteer names and titles (in
// headlines in capitals, gazetteer names only). Needs words; adds spans and
// deferred single words.
void FindCapitalisedRuns(TagContext& c) {
  const int n = c.n;
  const auto& words = c.words;
  const auto& lower_vocab = c.lower_vocab;
  const auto& sentence_of = c.sentence_of;
  const auto& shouting = c.shouting;
  auto& spans = c.spans;
  const auto longest_name = [&](int from, int end, auto accept, int* length) {
    return LongestName(c, from, end, accept, length);
  };
  int i = 0;
  while (i < n) {
    if (shouting[i]) {
      // Only gazetteer names, longest first.
      int shouted = 0;
      while (i + shouted < n && shouting[i + shouted]) ++shouted;
      int best_len = 0;
      const GazetteerEntry* best = longest_name(
          i, i + shouted, [](const GazetteerEntry&) { return true; },
          &best_len);
      if (best != nullptr && words[i].alpha) {
        spans.push_back(
            {i, i + best_len, best->type, best->country, best->canonical, ""});
        i += best_len;
      } else {
        ++i;
      }
      continue;
    }
    if (!words[i].cap && !(words[i].all_caps)) {
      ++i;
      continue;
    }
    // A run stays in its sentence and stops at a weekday ("On Thursday
    // Zelensky said").
    const auto joins = [&](int k) {
      return sentence_of[k] == sentence_of[i] && !IsWeekdayName(words[k].norm);
    };
    int a = i, b = i + 1;
    if (IsWeekdayName(words[i].norm)) {
      ++i;
      continue;
    }
    while (b < n && joins(b)) {
      if (words[b].cap || words[b].all_caps) {
        ++b;
        continue;
      }
      if (Connectors().count(words[b].norm) && b + 2 < n && joins(b + 1) &&
          (words[b + 1].cap) && words[b].surface != "and") {
        b += 2;
        continue;
      }
      break;
    }
    i = b;
    // Sentence-initial function words are not part of names.
    while (
        a < b && words[a].sentence_start &&
        (StopWords().count(words[a].norm) ||
         (lower_vocab.count(words[a].norm) &&
          !c.gazetteer.Find(words[a].norm) && !IsTitleWord(words[a].norm)))) {
      ++a;
    }
    SplitRun(c, a, b);
  }
}

}  // namespace eventwire::tag
