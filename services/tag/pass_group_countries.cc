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

// Needs spans; gives organisations named after a country that country,
// joins "Bosnian Serbs" into one span, and gives "ethnic" peoples the
// country they live in.
void AttachCountriesToGroups(TagContext& c) {
  const auto& words = c.words;
  const auto& sentence_of = c.sentence_of;
  auto& spans = c.spans;
  const auto longest_name = [&](int from, int end, auto accept, int* length) {
    return LongestName(c, from, end, accept, length);
  };
  // An organisation named after a country or an intergovernmental body
  // belongs to it: "Russian Defence Ministry", "United Nations Emergency
  // Relief Coordinator", "Central Bank of Nigeria".
  for (Span& s : spans) {
    if (s.type != v1::Entity::ORG || !s.country.empty()) continue;
    for (int k = s.first; k < s.end; ++k) {
      if (k > s.first && words[k - 1].norm != "of" &&
          words[k - 1].norm != "for")
        continue;
      int best_len = 0;
      const GazetteerEntry* best = longest_name(
          k, s.end,
          [](const GazetteerEntry& e) {
            return !e.country.empty() &&
                   (e.type == v1::Entity::GPE || e.type == v1::Entity::NORP ||
                    e.country == "IGO");
          },
          &best_len);
      if (best != nullptr) {
        s.country = best->country;
        break;
      }
    }
  }

  // "Bosnian Serbs", "Iraqi Kurds": a people within another state belongs,
  // as an actor, to the state named first. One span, that state's.
  std::sort(spans.begin(), spans.end(),
            [](const Span& a, const Span& b) { return a.first < b.first; });
  for (size_t k = 0; k + 1 < spans.size(); ++k) {
    Span& a = spans[k];
    const Span& b = spans[k + 1];
    if (a.type == v1::Entity::NORP && b.type == v1::Entity::NORP &&
        a.end == b.first && !a.country.empty() && b.end - b.first == 1 &&
        words[b.first].norm.back() == 's') {
      a.end = b.end;
      spans.erase(spans.begin() + k + 1);
    }
  }
  // "ethnic Albanians" are a minority of the state they live in: their own
  // state is not theirs; the place the sentence names is ("ethnic
  // Albanians demonstrated in Serbia").
  for (Span& s : spans) {
    if (s.type != v1::Entity::NORP || s.first == 0 ||
        words[s.first - 1].norm != "ethnic") {
      continue;
    }
    s.country.clear();
    for (const Span& place : spans) {
      if (place.type == v1::Entity::GPE && place.first > 0 &&
          sentence_of[place.first] == sentence_of[s.first] &&
          words[place.first - 1].norm == "in" && !place.country.empty()) {
        s.country = place.country;
        break;
      }
    }
  }
}

}  // namespace eventwire::tag
