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

namespace eventwire::tag {
namespace {

using Type = v1::Entity::Type;

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

struct Word {
  std::string_view surface;
  std::string norm;
  bool cap = false;
  bool all_caps = false;
  bool alpha = false;
  bool sentence_start = false;
};

struct Span {
  int first = 0;
  int end = 0;  // exclusive
  Type type = v1::Entity::TYPE_UNSPECIFIED;
  std::string country;
  std::string canonical;  // gazetteer canonical name, if any
  std::string value;      // DATE / TIME
  // Typed from the shape of the words alone ("two to four capitalised words
  // are a person"): the statistical tagger overrules it.
  bool guess = false;
};

bool HasLetter(std::string_view s) {
  for (char c : s) {
    if (std::isalpha(static_cast<unsigned char>(c)) ||
        static_cast<unsigned char>(c) >= 0x80) {
      return true;
    }
  }
  return false;
}

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

// An entity as the passes build it.
struct EntityBuild {
  v1::Entity entity;
  std::vector<std::string> surfaces;
  std::string surname;     // PERSON
  std::string first_name;  // PERSON, when named in full
};

// What the passes of EntityTagger::Tag share: the document's words and
// sentences, the spans found so far, and the entities they become. Each pass
// says what it needs and what it adds.
struct TagContext {
  TagContext(v1::Document& d, const Gazetteer& g, const Lexicon& l,
             const NerModel* m, const ActorDirectory* a, const WordClusters* wc)
      : doc(d),
        text(d.text()),
        n(d.tokens_size()),
        gazetteer(g),
        lexicon(l),
        model(m),
        actors(a),
        clusters(wc) {}
  v1::Document& doc;
  const std::string& text;
  const int n;
  const Gazetteer& gazetteer;
  const Lexicon& lexicon;
  const NerModel* model;
  const ActorDirectory* actors;
  const WordClusters* clusters;

  std::vector<Word> words;
  // Views into words[i].norm, which stay put: `words` is never resized.
  absl::flat_hash_set<std::string_view> lower_vocab;
  std::vector<int> sentence_of;
  // Tokens of headlines in capitals.
  std::vector<bool> shouting;
  std::vector<Span> spans;
  // Single capitalised words to decide once all names are known.
  std::vector<int> deferred;
  // Tokens a name, date or time holds (the date pass).
  std::vector<bool> covered;
  std::vector<EntityBuild> entities;
  std::map<std::string, int> by_key;
  // Per span, its entity (-1: none); per token, its span (-1: none).
  std::vector<int> span_entity, span_at;
};

// The longest gazetteer name that words [from, end) begin.
template <typename Accept>
const GazetteerEntry* LongestName(const TagContext& c, int from, int end,
                                  Accept accept, int* length) {
  return c.gazetteer.LongestMatch(
      end - from,
      [&](int k) { return std::string_view(c.words[from + k].norm); }, accept,
      length);
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

// A clock time at word k ("08:35", "10 a.m.", "3pm", "noon", "midnight"):
// adds its span and returns where it ends, or 0.
int MatchClockTime(TagContext& c, int k) {
  const int n = c.n;
  const auto& words = c.words;
  const v1::Document& doc = c.doc;
  auto& spans = c.spans;
  auto& covered = c.covered;
  const std::string& w = words[k].norm;
  const bool hour =
      !w.empty() && w.size() <= 2 && std::all_of(w.begin(), w.end(), ::isdigit);
  // "08" ":" "35" (the tokenizer splits at the colon).
  const bool clock = hour && k + 2 < n && words[k + 1].surface == ":" &&
                     words[k + 2].norm.size() == 2 &&
                     std::all_of(words[k + 2].norm.begin(),
                                 words[k + 2].norm.end(), ::isdigit) &&
                     doc.tokens(k + 1).begin() == doc.tokens(k).end();
  const auto meridiem = [&](int j) {
    return j < n && (words[j].norm == "a m" || words[j].norm == "p m" ||
                     words[j].norm == "am" || words[j].norm == "pm");
  };
  const bool glued =
      w.size() >= 3 && w.size() <= 4 &&
      (w.substr(w.size() - 2) == "am" || w.substr(w.size() - 2) == "pm") &&
      std::isdigit(static_cast<unsigned char>(w[0]));
  if (clock || (hour && meridiem(k + 1)) || glued || w == "noon" ||
      w == "midnight") {
    int end = clock ? k + 3 : k + 1;
    if ((clock || hour) && meridiem(end)) end += 1;
    if (clock || glued || end > k + 1 || w == "noon" || w == "midnight") {
      // The value: 24-hour HH:MM.
      int hh = -1, mm = 0;
      if (w == "noon") hh = 12;
      if (w == "midnight") hh = 0;
      if (hour || glued) hh = std::atoi(w.c_str());
      if (clock) mm = std::atoi(words[k + 2].norm.c_str());
      const std::string& last = words[end - 1].norm;
      const bool pm = last == "p m" || last == "pm" ||
                      (glued && w.substr(w.size() - 2) == "pm");
      const bool am = last == "a m" || last == "am" ||
                      (glued && w.substr(w.size() - 2) == "am");
      if (pm && hh >= 1 && hh < 12) hh += 12;
      if (am && hh == 12) hh = 0;
      std::string value;
      if (hh >= 0 && hh < 24 && mm >= 0 && mm < 60) {
        value = absl::StrFormat("%02d:%02d", hh, mm);
      }
      spans.push_back({k, end, v1::Entity::TIME, "", "", value});
      for (int t = k; t < end; ++t) covered[t] = true;
      return end;
    }
  }
  return 0;
}

// Dates and times: "18 February 2025", "February 18", weekdays, relative
// days, clock times. Needs words, spans and the publication date; adds
// spans.
void FindDates(TagContext& c) {
  const int n = c.n;
  const auto& words = c.words;
  const v1::Document& doc = c.doc;
  auto& spans = c.spans;
  // Dates: "18 February 2025", "February 18", weekdays, relative days.
  std::optional<CivilDate> published;
  if (auto d = ParseIsoDate(doc.metadata().published_at()); d && d->day) {
    published = d;
  }
  c.covered.assign(n, false);
  auto& covered = c.covered;
  for (const Span& s : spans) {
    for (int k = s.first; k < s.end; ++k) covered[k] = true;
  }
  const auto is_year = [&](int k) { return IsYearAt(c, k); };
  const auto day_of = [&](int k) { return DayAt(c, k); };
  for (int k = 0; k < n; ++k) {
    if (covered[k]) continue;
    int month = words[k].cap ? MonthFromName(words[k].norm) : 0;
    if (month && words[k].norm == "may" &&
        !(day_of(k + 1) || day_of(k - 1) || is_year(k + 1))) {
      month = 0;
    }
    if (month) {
      int first = k, end = k + 1;
      CivilDate d{0, month, 0};
      if (k > 0 && day_of(k - 1) && !covered[k - 1]) {
        d.day = day_of(k - 1);
        first = k - 1;
      } else if (day_of(k + 1)) {
        d.day = day_of(k + 1);
        end = k + 2;
      }
      int y = end;
      if (y < n && words[y].surface == ",") ++y;
      if (is_year(y)) {
        d.year = std::stoi(words[y].norm);
        end = y + 1;
      } else if (published) {
        d.year = published->year;
        // "December" read in January is last year's.
        if (month > published->month + 1) --d.year;
      }
      if (d.day && d.year && !IsValidDay(d.year, d.month, d.day)) d.day = 0;
      Span s{first, end, v1::Entity::DATE,
             "",    "",  d.year ? FormatIsoDate(d) : ""};
      spans.push_back(s);
      for (int c = first; c < end; ++c) covered[c] = true;
      k = end - 1;
      continue;
    }
    int weekday = words[k].cap ? WeekdayFromName(words[k].norm) : -1;
    if (weekday >= 0 && words[k].norm.size() > 3) {
      std::string value;
      if (published) {
        // The most recent such day before the publication date; "on
        // Friday" in a Friday article is that day.
        int back = (WeekdayOf(*published) - weekday + 7) % 7;
        value = FormatIsoDate(AddDays(*published, -back));
      }
      spans.push_back({k, k + 1, v1::Entity::DATE, "", "", value});
      covered[k] = true;
      continue;
    }
    const std::string& w = words[k].norm;
    if (int end = MatchClockTime(c, k)) {
      k = end - 1;
      continue;
    }
    if (w == "yesterday" || w == "today" || w == "tomorrow") {
      std::string value;
      if (published) {
        value = FormatIsoDate(AddDays(*published, w == "yesterday" ? -1
                                                  : w == "today"   ? 0
                                                                   : 1));
      }
      spans.push_back({k, k + 1, v1::Entity::DATE, "", "", value});
      covered[k] = true;
      continue;
    }
    if (is_year(k) && k > 0 &&
        (words[k - 1].norm == "in" || words[k - 1].norm == "since" ||
         words[k - 1].norm == "of" || words[k - 1].norm == "until")) {
      spans.push_back({k, k + 1, v1::Entity::DATE, "", "", words[k].norm});
      covered[k] = true;
    }
  }
}

// Needs spans; adds one entity per real-world entity (surnames join full
// names, acronyms their expansions, a country's names its entity) and each
// span's entity.
void BuildEntities(TagContext& c) {
  const auto& words = c.words;
  auto& spans = c.spans;
  std::sort(spans.begin(), spans.end(),
            [](const Span& x, const Span& y) { return x.first < y.first; });

  // Entities: one per real-world entity.
  auto& entities = c.entities;
  c.span_entity.assign(spans.size(), -1);
  auto& span_entity = c.span_entity;
  const auto span_text = [&](const Span& s) { return SpanText(c, s); };
  const auto entity_for = [&](const std::string& key, Type type,
                              const std::string& name) {
    return EntityFor(c, key, type, name);
  };
  for (size_t si = 0; si < spans.size(); ++si) {
    const Span& s = spans[si];
    std::string surface = span_text(s);
    int idx = -1;
    switch (s.type) {
      case v1::Entity::PERSON: {
        std::string surname = words[s.end - 1].norm;
        const std::string surname_first =
            s.end - s.first > 1 ? words[s.first].norm : "";
        for (size_t e = 0; e < entities.size(); ++e) {
          if (entities[e].entity.type() == v1::Entity::PERSON &&
              (SameSurname(entities[e].surname, surname) ||
               (s.end - s.first > 1 &&
                SameFullName(entities[e].first_name, entities[e].surname,
                             surname_first, surname)) ||
               (s.end - s.first == 1 && entities[e].surfaces.size() &&
                FoldForMatch(entities[e].entity.name())
                        .rfind(surname + " ", 0) == 0))) {
            idx = static_cast<int>(e);
            break;
          }
        }
        if (idx < 0) {
          idx = entity_for(absl::StrCat("person:", Slug(surface), "#", si),
                           v1::Entity::PERSON, surface);
          entities[idx].surname = surname;
        }
        if (entities[idx].first_name.empty())
          entities[idx].first_name = surname_first;
        // The fullest form names the person.
        if (s.end - s.first > 1 &&
            surface.size() > entities[idx].entity.name().size()) {
          entities[idx].entity.set_name(surface);
        }
        break;
      }
      case v1::Entity::NORP: {
        if (!s.country.empty()) {
          std::string country = c.gazetteer.CountryName(s.country);
          if (country.empty()) country = s.canonical;
          idx = entity_for(absl::StrCat("gpe:", s.country), v1::Entity::GPE,
                           country);
          entities[idx].entity.set_country(s.country);
        } else {
          idx = entity_for(absl::StrCat("norp:", Slug(s.canonical)),
                           v1::Entity::LOC, s.canonical);
        }
        break;
      }
      case v1::Entity::GPE:
      case v1::Entity::LOC:
      case v1::Entity::ORG: {
        // Acronyms join an expansion named earlier ("IAEA").
        if (s.type == v1::Entity::ORG && s.end - s.first == 1 &&
            words[s.first].all_caps) {
          for (size_t e = 0; e < entities.size() && idx < 0; ++e) {
            if (entities[e].entity.type() != v1::Entity::ORG) continue;
            std::string initials;
            for (const std::string& part :
                 std::vector<std::string>(absl::StrSplit(
                     FoldForMatch(entities[e].entity.name()), ' '))) {
              if (!part.empty() && !Connectors().count(part))
                initials += part[0];
            }
            if (initials.size() >= 2 && initials == words[s.first].norm)
              idx = static_cast<int>(e);
          }
          if (idx >= 0) break;
        }
        if (!s.canonical.empty()) {
          // A country's own names share the country's entity.
          bool is_country = s.type == v1::Entity::GPE && !s.country.empty() &&
                            c.gazetteer.CountryName(s.country) == s.canonical;
          const char* prefix = s.type == v1::Entity::GPE   ? "gpe:"
                               : s.type == v1::Entity::LOC ? "loc:"
                                                           : "org:";
          std::string key = is_country
                                ? absl::StrCat("gpe:", s.country)
                                : absl::StrCat(prefix, Slug(s.canonical));
          idx = entity_for(key, s.type, s.canonical);
          entities[idx].entity.set_country(s.country);
        } else {
          idx = entity_for(
              absl::StrCat(s.type == v1::Entity::ORG ? "org:" : "loc:",
                           Slug(surface)),
              s.type, surface);
          // "Central Bank of Nigeria", "Russian Defence Ministry".
          if (!s.country.empty() && entities[idx].entity.country().empty())
            entities[idx].entity.set_country(s.country);
        }
        break;
      }
      case v1::Entity::DATE:
      case v1::Entity::TIME: {
        std::string key =
            absl::StrCat("date:", s.value.empty() ? Slug(surface) : s.value);
        idx = entity_for(key, s.type, surface);
        entities[idx].entity.set_value(s.value);
        break;
      }
      default:
        break;  // TITLE: a mention without an entity
    }
    span_entity[si] = idx;
    if (idx >= 0) {
      auto& surfaces = entities[idx].surfaces;
      if (std::find(surfaces.begin(), surfaces.end(), surface) ==
          surfaces.end()) {
        surfaces.push_back(surface);
      }
    }
  }
}

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
  static const auto* kGroupNouns = new absl::flat_hash_set<std::string_view>{
      "delegation", "delegations", "team",        "teams",  "mission",
      "government", "cabinet",     "coalition",   "forces", "army",
      "navy",       "contingent",  "negotiators", "side"};
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
    for (size_t si = 0; si < spans.size(); ++si) {
      if (spans[si].type != v1::Entity::PERSON || span_entity[si] < 0) continue;
      const int before = spans[si].first - 1;
      if (before >= 0 && span_at[before] >= 0 &&
          spans[span_at[before]].type == v1::Entity::TITLE) {
        titled[span_entity[si]] = true;
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
      if (!country.empty()) e.entity.set_country(std::string(country));
    }
  }
}

// Writes the spans as mentions and the entities into the document.
void WriteMentionsAndEntities(TagContext& c) {
  v1::Document& doc = c.doc;
  const auto& spans = c.spans;
  auto& entities = c.entities;
  const auto& span_entity = c.span_entity;
  const auto span_text = [&](const Span& s) { return SpanText(c, s); };
  doc.clear_mentions();
  doc.clear_entities();
  for (size_t si = 0; si < spans.size(); ++si) {
    const Span& s = spans[si];
    v1::Mention* m = doc.add_mentions();
    m->set_begin(doc.tokens(s.first).begin());
    m->set_end(doc.tokens(s.end - 1).end());
    m->set_type(s.type);
    m->set_text(span_text(s));
    if (span_entity[si] >= 0) {
      m->set_entity_id(entities[span_entity[si]].entity.id());
    }
  }
  for (EntityBuild& b : entities) {
    v1::Entity& e = b.entity;
    if (e.type() == v1::Entity::PERSON)
      e.set_canonical_key(PersonKey(e.name()));
    for (const std::string& s : b.surfaces) {
      if (s != e.name()) e.add_aliases(s);
    }
    *doc.add_entities() = std::move(e);
  }
}

}  // namespace

std::string PersonKey(std::string_view name) {
  // Consonant skeletons of each word (first letter kept, later vowels and
  // y/h/w dropped, doubled letters merged): the spellings of one name in
  // different transliterations meet (Zelensky, Zelenskyy, Zelenskiy ->
  // zlnsk; Sergei, Sergey -> srg).
  std::string key = "person:";
  bool first_word = true;
  for (const std::string& word :
       std::vector<std::string>(absl::StrSplit(FoldForMatch(name), ' '))) {
    if (word.empty()) continue;
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
  ResolveSurnames(c);
  AttachCountriesToGroups(c);
  FindDates(c);
  BuildEntities(c);
  AssignPersonCountries(c);
  if (c.actors != nullptr) AddKnownCountries(c);
  WriteMentionsAndEntities(c);
}

}  // namespace eventwire::tag
