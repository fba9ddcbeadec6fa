#include "tag_context.h"

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

namespace eventwire::tag {
namespace {

int EditDistance(const std::string& a, const std::string& b, int cap) {
  const size_t n = a.size(), m = b.size();
  if (static_cast<int>(n > m ? n - m : m - n) > cap) return cap + 1;
  std::vector<int> prev(m + 1), cur(m + 1);
  for (size_t j = 0; j <= m; ++j) prev[j] = static_cast<int>(j);
  for (size_t i = 1; i <= n; ++i) {
    cur[0] = static_cast<int>(i);
    for (size_t j = 1; j <= m; ++j) {
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1,
                         prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    }
    std::swap(prev, cur);
  }
  return prev[m];
}

}  // namespace

const WordSet& TitleWords() {
  static const auto* kWords = &WordList("title-words");
  return *kWords;
}

// Words that can never start a name: they are titles of address or nouns.
const absl::flat_hash_set<std::string_view>& HonorificWords() {
  static const auto* kWords = new absl::flat_hash_set<std::string_view>{
      "mr", "mrs", "ms", "dr", "sir", "dame", "lord", "lady", "prof"};
  return *kWords;
}

const absl::flat_hash_set<std::string_view>& RoyalTitleWords() {
  static const auto* kWords = new absl::flat_hash_set<std::string_view>{
      "king",  "queen", "prince", "princess", "emperor", "empress",
      "crown", "pope",  "sheikh", "emir",     "sultan"};
  return *kWords;
}

const WordSet& OrgCueWords() {
  static const auto* kWords = &WordList("organisation-words");
  return *kWords;
}

const WordSet& PlaceCueWords() {
  static const auto* kWords = &WordList("place-words");
  return *kWords;
}

// Function words that start sentences but never names.
const WordSet& StopWords() {
  static const auto* kWords = &WordList("sentence-start-function-words");
  return *kWords;
}

const WordSet& Connectors() {
  static const auto* kWords = &WordList("name-connectors");
  return *kWords;
}

const WordSet& SpeechVerbs() {
  static const auto* kWords = &WordList("person-subject-verbs");
  return *kWords;
}

bool HasLetter(std::string_view s) {
  for (char c : s) {
    if (std::isalpha(static_cast<unsigned char>(c)) ||
        static_cast<unsigned char>(c) >= 0x80) {
      return true;
    }
  }
  return false;
}

bool IsNameSuffix(std::string_view folded) {
  return folded == "jr" || folded == "sr" || folded == "ii" ||
         folded == "iii" || folded == "iv";
}

// Same surname in another transliteration (Zelensky / Zelenskyy / Zelenskiy).
bool SameSurname(const std::string& a, const std::string& b) {
  if (a == b) return true;
  if (a.size() < 5 || b.size() < 5 || a[0] != b[0]) return false;
  return EditDistance(a, b, 1) <= 1;
}

// Two full names of one person in different transliterations: the same
// first name and surnames at most two edits apart ("Vladimir Medinsky",
// "Vladimir Mediski").
bool SameFullName(const std::string& first_a, const std::string& last_a,
                  const std::string& first_b, const std::string& last_b) {
  if (first_a.empty() || first_b.empty()) return false;
  if (first_a != first_b && !SameSurname(first_a, first_b)) return false;
  if (last_a.size() < 6 || last_b.size() < 6 || last_a[0] != last_b[0])
    return false;
  return EditDistance(last_a, last_b, 2) <= 2;
}

std::string JoinNorms(const std::vector<Word>& words, int first, int end) {
  std::string out;
  for (int i = first; i < end; ++i) {
    if (words[i].norm.empty()) continue;
    if (!out.empty()) out += ' ';
    out += words[i].norm;
  }
  return out;
}

bool IsLocativePreposition(std::string_view folded) {
  return folded == "in" || folded == "at" || folded == "near" ||
         folded == "inside" || folded == "outside" || folded == "across" ||
         folded == "into" || folded == "to" || folded == "from";
}

// "Thursday", not "Thu" or "Sun" (a newspaper).
bool IsWeekdayName(const std::string& folded) {
  return folded.size() >= 6 && WeekdayFromName(folded) >= 0;
}

bool IsPossessive(std::string_view word) {
  return word == "'s" || word == "'S" || word == "\xE2\x80\x99s";
}

// "led by X", "headed by X": X leads the group the phrase attaches to.
bool IsLeadingVerb(const std::string& folded) {
  return folded == "led" || folded == "headed" || folded == "chaired" ||
         folded == "commanded";
}

// Whether word k is a year; any k, also one before the first word or after
// the last.
bool IsYearAt(const TagContext& c, int k) {
  const auto& words = c.words;
  return k >= 0 && k < c.n && words[k].norm.size() == 4 &&
         std::all_of(words[k].norm.begin(), words[k].norm.end(), ::isdigit) &&
         words[k].norm >= "1800" && words[k].norm <= "2199";
}

// The day of month word k gives ("18", "18th"), or 0; any k.
int DayAt(const TagContext& c, int k) {
  if (k < 0 || k >= c.n) return 0;

  const std::string& w = c.words[k].norm;
  std::string digits;
  for (char c : w) {
    if (std::isdigit(static_cast<unsigned char>(c)))
      digits += c;
    else
      break;
  }
  if (digits.empty() || digits.size() > 2) return 0;
  std::string suffix = w.substr(digits.size());
  if (!suffix.empty() && suffix != "st" && suffix != "nd" && suffix != "rd" &&
      suffix != "th")
    return 0;
  int d = std::stoi(digits);
  return d >= 1 && d <= 31 ? d : 0;
}

std::string SpanText(const TagContext& c, const Span& s) {
  return std::string(std::string_view(c.text).substr(
      c.doc.tokens(s.first).begin(),
      c.doc.tokens(s.end - 1).end() - c.doc.tokens(s.first).begin()));
}

// The entity of `key`, made with `type` and `name` when new.
int EntityFor(TagContext& c, const std::string& key, Type type,
              const std::string& name) {
  auto it = c.by_key.find(key);
  if (it != c.by_key.end()) return it->second;
  EntityBuild b;
  b.entity.set_id(absl::StrCat("e", c.entities.size() + 1));
  b.entity.set_type(type);
  b.entity.set_name(name);
  b.entity.set_canonical_key(key);
  c.entities.push_back(std::move(b));
  c.by_key[key] = static_cast<int>(c.entities.size()) - 1;
  return static_cast<int>(c.entities.size()) - 1;
}

// Needs tokens and sentences; adds words (surface, normal form, case), the
// lower-case vocabulary, each token's sentence and the headlines in
// capitals.
void PrepareWords(TagContext& c) {
  const int n = c.n;
  const std::string& text = c.text;
  v1::Document& doc = c.doc;
  c.words.resize(n);
  c.sentence_of.assign(n, 0);
  c.shouting.assign(n, false);
  auto& words = c.words;
  auto& lower_vocab = c.lower_vocab;
  auto& sentence_of = c.sentence_of;
  auto& shouting = c.shouting;
  for (int i = 0; i < n; ++i) {
    const v1::Token& t = doc.tokens(i);
    Word& w = words[i];
    w.surface = std::string_view(text).substr(t.begin(), t.end() - t.begin());
    w.norm = t.norm();
    w.alpha = HasLetter(w.surface);
    w.cap = w.alpha && StartsUpper(w.surface);
    w.all_caps = w.alpha && IsAllCaps(w.surface);
    if (w.alpha && !w.cap) lower_vocab.insert(w.norm);
  }
  for (int si = 0; si < doc.sentences_size(); ++si) {
    const v1::Sentence& s = doc.sentences(si);
    for (uint32_t k = s.first_token();
         k < s.first_token() + s.token_count() && k < static_cast<uint32_t>(n);
         ++k) {
      sentence_of[k] = si;
    }
  }
  for (const v1::Sentence& s : doc.sentences()) {
    int i = s.first_token();
    // Skip opening quotes and brackets.
    while (i < n && i < static_cast<int>(s.first_token() + s.token_count()) &&
           !words[i].alpha) {
      ++i;
    }
    if (i < n) words[i].sentence_start = true;
  }

  // Headlines in capitals ("TALKS COLLAPSE IN GENEVA") say nothing through
  // case: there only gazetteer names count, and the model decides the rest.
  for (const v1::Sentence& s : doc.sentences()) {
    const int b = s.first_token(), e = std::min<int>(n, b + s.token_count());
    int alpha = 0, caps = 0;
    for (int k = b; k < e; ++k) {
      alpha += words[k].alpha;
      caps += words[k].all_caps;
    }
    if (alpha >= 3 && caps * 10 >= alpha * 7) {
      for (int k = b; k < e; ++k) shouting[k] = true;
    }
  }
}

}  // namespace eventwire::tag
