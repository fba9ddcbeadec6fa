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

// Merges the names the model tagged (`labels`) into the rules' spans
// (`kept`, `held`: per token the kept span holding it): the model's reading
// replaces guesses it overlaps, a longer organisation or place name wins
// over a gazetteer name inside it. Marks the spans that give way in `drop`.
void MergeModelSpans(TagContext& c, const std::vector<uint8_t>& labels,
                     std::vector<Span>& kept, std::vector<int>& held,
                     std::vector<bool>& drop) {
  const int n = c.n;
  const auto& words = c.words;
  for (int i = 0; i < n;) {
    const int type = NerType(labels[i]);
    if (type == 0) {
      ++i;
      continue;
    }
    int e = i + 1;
    while (e < n && labels[e] == labels[i] + (labels[i] % 2 == 1 ? 1 : 0) &&
           labels[e] % 2 == 0 && labels[e] != 0) {
      ++e;
    }
    int b = i;
    i = e;
    // Titles and nationalities in front of a name are not part of it.
    while (b < e && held[b] >= 0 &&
           (kept[held[b]].type == v1::Entity::TITLE ||
            kept[held[b]].type == v1::Entity::NORP || type == 1)) {
      b = kept[held[b]].end;
    }
    // A lowercase function word starts no name: in "the foreign minister
    // of Peru" the name is "Peru" (which the gazetteer then types).
    while (b < e && !words[b].cap && StopWords().count(words[b].norm)) ++b;
    // Weekdays around a name are dates ("Yasser Arafat Wednesday").
    while (b < e && IsWeekdayName(words[b].norm)) ++b;
    while (e > b && IsWeekdayName(words[e - 1].norm)) --e;
    // Trailing punctuation, connectors ("Farr of") and possessives are
    // not names.
    while (e > b &&
           (!words[e - 1].alpha || IsPossessive(words[e - 1].surface) ||
            (!words[e - 1].cap && Connectors().count(words[e - 1].norm)))) {
      --e;
    }
    // "The United States", "the Security Council": the article is not
    // part of the name.
    if (e - b > 1 && words[b].norm == "the") ++b;
    if (b >= e) continue;
    // Pronouns and function words are not names ("I" at a sentence start).
    if (e - b == 1 && (StopWords().count(words[b].norm) ||
                       words[b].norm == "i" || !words[b].cap)) {
      continue;
    }
    bool overlaps = false, covers = true, only_guesses = true;
    for (int k = b; k < e; ++k) {
      if (held[k] >= 0) {
        overlaps = true;
        only_guesses &= kept[held[k]].guess;
      }
    }
    // The model's reading replaces the rules' guesses it overlaps.
    if (overlaps && only_guesses) {
      for (int k = b; k < e; ++k) {
        if (held[k] < 0) continue;
        const int g = held[k];
        drop[g] = true;
        for (int m = kept[g].first; m < kept[g].end; ++m) held[m] = -1;
      }
      overlaps = false;
    }
    // A longer organisation or place name that contains a gazetteer name
    // ("Bank of England") wins over it; otherwise the gazetteer does.
    if (overlaps) {
      for (int k = b; k < e; ++k) {
        if (held[k] >= 0 && (kept[held[k]].first < b || kept[held[k]].end > e ||
                             kept[held[k]].type == v1::Entity::TITLE)) {
          covers = false;
        }
      }
      // Longer by a name word: a common word capitalised only because it
      // starts the sentence ("Ethnic Hungarians") does not count.
      bool longer = false;
      for (int k = b; k < e; ++k) {
        longer |= held[k] < 0 && words[k].alpha &&
                  !(words[k].sentence_start &&
                    c.lexicon.IsCommonWord(words[k].norm) &&
                    !c.lexicon.IsProperNoun(words[k].surface));
      }
      if (!covers || !longer || type == 1) continue;
      for (int k = b; k < e; ++k) {
        if (held[k] >= 0) drop[held[k]] = true;
      }
    }
    if (type == 3 && !overlaps) {
      if (const GazetteerEntry* g = c.gazetteer.Find(JoinNorms(words, b, e))) {
        kept.push_back({b, e, g->type, g->country, g->canonical, ""});
        drop.push_back(false);
        continue;
      }
    }
    const v1::Entity::Type t = type == 1   ? v1::Entity::PERSON
                               : type == 2 ? v1::Entity::ORG
                                           : v1::Entity::LOC;
    // A place that is a known city is a GPE with its country.
    if (t == v1::Entity::LOC) {
      if (const Gazetteer::City* city =
              c.gazetteer.FindCity(JoinNorms(words, b, e))) {
        kept.push_back({b, e, v1::Entity::GPE, city->country, city->name, ""});
        drop.push_back(false);
        continue;
      }
    }
    kept.push_back({b, e, t, "", "", ""});
    drop.push_back(false);
  }
}

}  // namespace

// The statistical tagger adds the names the rules did not find. Needs
// words, spans and deferred words; replaces spans, keeps the deferred words
// no name holds.
void AddModelNames(TagContext& c) {
  const int n = c.n;
  const auto& words = c.words;
  v1::Document& doc = c.doc;
  auto& spans = c.spans;
  auto& deferred = c.deferred;
  std::vector<std::string_view> surfaces(n), norms(n);
  std::vector<bool> starts(n, false);
  std::vector<std::pair<size_t, size_t>> ranges;
  for (int i = 0; i < n; ++i) {
    surfaces[i] = words[i].surface;
    norms[i] = words[i].norm;
  }
  for (const v1::Sentence& s : doc.sentences()) {
    const size_t b = s.first_token(),
                 e = std::min<size_t>(b + s.token_count(), n);
    if (b >= e) continue;
    starts[b] = true;
    ranges.push_back({b, e});
  }
  std::vector<NerToken> ner_tokens = PrepareNerTokens(
      surfaces, norms, starts, c.gazetteer, c.lexicon, c.clusters);
  std::vector<uint8_t> labels;
  TagDocument(*c.model, ner_tokens, ranges, &labels);
  // Keep the reliable rule spans; mark the tokens they hold.
  std::vector<Span> kept;
  std::vector<int> held(n, -1);
  for (const Span& s : spans) {
    // Rule spans stay; the model adds the names they missed.
    for (int k = s.first; k < s.end; ++k)
      held[k] = static_cast<int>(kept.size());
    kept.push_back(s);
  }
  std::vector<bool> drop(kept.size(), false);
  MergeModelSpans(c, labels, kept, held, drop);
  spans.clear();
  for (size_t k = 0; k < kept.size(); ++k) {
    if (drop[k]) continue;
    // A guess the model sees no name in at all is dropped ("Killing
    // Joke", "Peninsula Hotel" look like people by shape alone).
    if (kept[k].guess && std::all_of(labels.begin() + kept[k].first,
                                     labels.begin() + kept[k].end,
                                     [](uint8_t l) { return l == kOutside; })) {
      continue;
    }
    spans.push_back(kept[k]);
  }
  // Single words the rules left undecided, and the model tagged, are names.
  std::vector<int> still;
  std::vector<bool> in_span(n, false);
  for (const Span& s : spans) {
    for (int k = s.first; k < s.end; ++k) in_span[k] = true;
  }
  for (int p : deferred) {
    if (!in_span[p]) still.push_back(p);
  }
  deferred = std::move(still);
}

}  // namespace eventwire::tag
