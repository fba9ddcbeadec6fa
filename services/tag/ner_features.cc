#include "ner_features.h"

#include <algorithm>
#include <array>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "entity_tagger.h"
#include "eventwire/text.h"
#include "syntax_features.h"

namespace eventwire::tag {
namespace {

int GazetteerType(v1::Entity::Type type) {
  switch (type) {
    case v1::Entity::GPE:
      return 0;
    case v1::Entity::LOC:
      return 1;
    case v1::Entity::ORG:
      return 2;
    case v1::Entity::NORP:
      return 3;
    default:
      return -1;
  }
}

}  // namespace

std::vector<NerToken> PrepareNerTokens(
    const std::vector<std::string_view>& words,
    const std::vector<bool>& sentence_start, const Gazetteer& gazetteer,
    const Lexicon& lexicon, const WordClusters* clusters) {
  std::vector<std::string> storage(words.size());
  std::vector<std::string_view> folded(words.size());
  for (size_t i = 0; i < words.size(); ++i) {
    storage[i] = FoldForMatch(words[i]);
    folded[i] = storage[i];
  }
  return PrepareNerTokens(words, folded, sentence_start, gazetteer, lexicon,
                          clusters);
}

std::vector<NerToken> PrepareNerTokens(
    const std::vector<std::string_view>& words,
    const std::vector<std::string_view>& folded,
    const std::vector<bool>& sentence_start, const Gazetteer& gazetteer,
    const Lexicon& lexicon, const WordClusters* clusters) {
  const size_t n = words.size();
  std::vector<NerToken> tokens;
  tokens.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    tokens.push_back(MakeNerToken(words[i]));
    tokens.back().sentence_start =
        i < sentence_start.size() && sentence_start[i];
    NerToken& t = tokens.back();
    if (lexicon.IsCommonWord(folded[i])) t.lexicon |= kCommonWord;
    if ((t.flags & kCapitalised) && lexicon.IsProperNoun(words[i]))
      t.lexicon |= kProperNoun;
    if (clusters != nullptr) {
      const WordClusters::Classes classes =
          clusters->Find(NormalForm(words[i]));
      for (size_t level = 0; level < WordClusters::kLevels; ++level)
        t.cluster[level] = classes[level];
    }
  }
  for (size_t i = 1; i < n; ++i) {
    tokens[i].after_title = IsTitleWord(folded[i - 1]);
  }
  std::unordered_set<uint64_t> lowercase;
  for (const NerToken& t : tokens) {
    if (t.flags & kAllLower) lowercase.insert(t.lower_hash);
  }
  for (NerToken& t : tokens) {
    if ((t.flags & kCapitalised) && lowercase.count(t.lower_hash))
      t.flags |= kSeenLowercase;
  }
  // Gazetteer: the longest name starting at each capitalised token.
  std::string key;
  for (size_t i = 0; i < n;) {
    if (!(tokens[i].flags & kCapitalised)) {
      ++i;
      continue;
    }
    // Forward: extend while the words so far begin some name.
    int length = 0;
    const GazetteerEntry* entry = gazetteer.LongestMatch(
        static_cast<int>(n - i), [&](int k) { return folded[i + k]; },
        [&](const GazetteerEntry& e) {
          return !e.all_caps || (tokens[i].flags & kAllCaps);
        },
        &length);
    const size_t best = static_cast<size_t>(length);
    if (!entry || GazetteerType(entry->type) < 0) {
      ++i;
      continue;
    }
    const int type = GazetteerType(entry->type);
    for (size_t k = i; k < i + best; ++k)
      tokens[k].gazetteer = GazetteerFeature(type, k > i);
    i += best;
  }
  // Cities (GeoNames) where the curated gazetteer says nothing.
  for (size_t i = 0; i < n;) {
    if (!(tokens[i].flags & kCapitalised) || tokens[i].gazetteer != 0) {
      ++i;
      continue;
    }
    size_t best = 0;
    key.clear();
    for (size_t len = 1; i + len <= n && tokens[i + len - 1].gazetteer == 0;
         ++len) {
      const std::string_view f = folded[i + len - 1];
      if (!f.empty()) {
        if (!key.empty()) key += ' ';
        key += f;
      }
      if (gazetteer.FindCity(key)) best = len;
      if (!gazetteer.IsCityPrefix(key)) break;
    }
    if (best == 0) {
      ++i;
      continue;
    }
    for (size_t k = i; k < i + best; ++k)
      tokens[k].gazetteer = GazetteerFeature(4, k > i);
    i += best;
  }
  return tokens;
}

void SetDocumentTypes(std::vector<NerToken>& tokens,
                      const std::vector<uint8_t>& labels) {
  // Counts of each type per word (capitalised occurrences only).
  std::unordered_map<uint64_t, std::array<int, 4>> counts;
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (!(tokens[i].flags & kCapitalised)) continue;
    counts[tokens[i].lower_hash][NerType(labels[i])]++;
  }
  for (size_t i = 0; i < tokens.size(); ++i) {
    tokens[i].document_type = 0;
    if (!(tokens[i].flags & kCapitalised)) continue;
    std::array<int, 4> c = counts[tokens[i].lower_hash];
    c[NerType(labels[i])]--;  // not the token itself
    int best = 0, best_count = 0;
    for (int t = 1; t < 4; ++t) {
      if (c[t] > best_count) {
        best = t;
        best_count = c[t];
      }
    }
    // Only when the other occurrences lean to a type.
    if (best_count > 0 && best_count * 2 > c[0])
      tokens[i].document_type = static_cast<uint8_t>(best);
  }
}

void TagDocument(const NerModel& model, std::vector<NerToken>& tokens,
                 const std::vector<std::pair<size_t, size_t>>& sentences,
                 std::vector<uint8_t>* labels) {
  labels->assign(tokens.size(), kOutside);
  for (int pass = 0; pass < 2; ++pass) {
    if (pass == 1) SetDocumentTypes(tokens, *labels);
    for (const auto& [b, e] : sentences) {
      if (pass == 1) {
        // The second pass re-tags only sentences where the rest of the
        // document disagrees with the first pass about some word.
        bool disagrees = false;
        for (size_t k = b; k < e && !disagrees; ++k) {
          disagrees = tokens[k].document_type != 0 &&
                      tokens[k].document_type != NerType((*labels)[k]);
        }
        if (!disagrees) continue;
      }
      model.Tag(tokens.data() + b, e - b, labels->data() + b);
    }
  }
}

}  // namespace eventwire::tag
