// The passes of the tag stage's names and entities (EntityTagger::Tag) and
// what they share: the document's words and sentences, the spans found so
// far, and the entities they become. Each pass is a function over a
// TagContext in a file of its own (pass_*.cc), saying what it needs and what
// it adds; EntityTagger::Tag runs them in order.
#ifndef EVENTWIRE_SERVICES_TAG_TAG_CONTEXT_H_
#define EVENTWIRE_SERVICES_TAG_TAG_CONTEXT_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "actors.h"
#include "entity_tagger.h"
#include "eventwire/v1/document.pb.h"
#include "eventwire/word_list.h"
#include "gazetteer.h"
#include "lexicon.h"
#include "ner_model.h"
#include "word_clusters.h"

namespace eventwire::tag {

using Type = v1::Entity::Type;

// The rules' word lists (resources/words).

const WordSet& TitleWords();

// Words that can never start a name: they are titles of address or nouns.
const absl::flat_hash_set<std::string_view>& HonorificWords();
// Royal and religious titles, which precede given names ("Prince Harry",
// "King Abdullah", "Pope Francis").
const absl::flat_hash_set<std::string_view>& RoyalTitleWords();

const WordSet& OrgCueWords();

const WordSet& PlaceCueWords();

// Function words that start sentences but never names.
const WordSet& StopWords();

const WordSet& Connectors();

const WordSet& SpeechVerbs();

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

bool HasLetter(std::string_view s);

// "jr", "sr", "ii", "iii", "iv" (folded): a generational suffix after a
// name, not a surname.
bool IsNameSuffix(std::string_view folded);
// Same surname in another transliteration (Zelensky / Zelenskyy / Zelenskiy).
bool SameSurname(const std::string& a, const std::string& b);

// Two full names of one person in different transliterations: the same
// first name and surnames at most two edits apart ("Vladimir Medinsky",
// "Vladimir Mediski").
bool SameFullName(const std::string& first_a, const std::string& last_a,
                  const std::string& first_b, const std::string& last_b);

std::string JoinNorms(const std::vector<Word>& words, int first, int end);

bool IsLocativePreposition(std::string_view folded);

// "Thursday", not "Thu" or "Sun" (a newspaper).
bool IsWeekdayName(const std::string& folded);

bool IsPossessive(std::string_view word);

// "led by X", "headed by X": X leads the group the phrase attaches to.
bool IsLeadingVerb(const std::string& folded);

// Whether word k is a year; any k, also one before the first word or after
// the last.
bool IsYearAt(const TagContext& c, int k);

// The day of month word k gives ("18", "18th"), or 0; any k.
int DayAt(const TagContext& c, int k);

std::string SpanText(const TagContext& c, const Span& s);

// The entity of `key`, made with `type` and `name` when new.
int EntityFor(TagContext& c, const std::string& key, Type type,
              const std::string& name);

// The passes, in the order EntityTagger::Tag runs them.

// Needs tokens and sentences; adds words (surface, normal form, case), the
// lower-case vocabulary, each token's sentence and the headlines in
// capitals.
void PrepareWords(TagContext& c);

// Pass 1: capitalised runs, split by gazetteer names and titles (in
// headlines in capitals, gazetteer names only). Needs words; adds spans and
// deferred single words.
void FindCapitalisedRuns(TagContext& c);

// The statistical tagger adds the names the rules did not find. Needs
// words, spans and deferred words; replaces spans, keeps the deferred words
// no name holds.
void AddModelNames(TagContext& c);

// Needs spans; splits an office or description off the front of a name.
void SplitLeadingDescriptions(TagContext& c);

// Needs person spans; turns places and organisations that are surnames of
// people named here into people, and deferred words into people.
void ResolveSurnames(TagContext& c);

// Needs spans; gives organisations named after a country that country,
// joins "Bosnian Serbs" into one span, and gives "ethnic" peoples the
// country they live in.
void AttachCountriesToGroups(TagContext& c);

// Dates and times: "18 February 2025", "February 18", weekdays, relative
// days, clock times. Needs words, spans and the publication date; adds
// spans.
void FindDates(TagContext& c);

// Needs spans; adds one entity per real-world entity (surnames join full
// names, acronyms their expansions, a country's names its entity) and each
// span's entity.
void BuildEntities(TagContext& c);

// A person's country from the words around the name; each mention votes,
// the entity takes the country most mentions give. Needs spans and
// entities; sets the countries of people.
void AssignPersonCountries(TagContext& c);

// Needs person entities without a country; takes the one the actor
// dictionary knows.
void AddKnownCountries(TagContext& c);

// Writes the spans as mentions and the entities into the document.
void WriteMentionsAndEntities(TagContext& c);

}  // namespace eventwire::tag

#endif  // EVENTWIRE_SERVICES_TAG_TAG_CONTEXT_H_
