// The lookups the passes share: actors, speakers, places, a trigger's frame.
#include <algorithm>
#include <map>

#include "absl/strings/str_cat.h"
#include "quote_finder.h"
#include "sentence_events.h"

namespace eventwire::assemble {

namespace {

// Nouns for groups that act for a state or a body when the text names no
// one: "police arrested", "protesters marched", "troops shelled".
const WordSet& GroupNouns() {
  static const auto* kWords = &WordList("group-nouns");
  return *kWords;
}

const WordSet& PoliceGroupNouns() {
  static const auto* kWords = &WordList("police-group-nouns");
  return *kWords;
}

}  // namespace

const WordSet& Determiners() {
  static const auto* kWords = &WordList("determiners");
  return *kWords;
}

const WordSet& Prepositions() {
  static const auto* kWords = &WordList("prepositions");
  return *kWords;
}

bool IsClauseBoundary(std::string_view s) {
  return s == ";" || s == ":" || s == "\xE2\x80\x94" || s == "(" || s == ")";
}

// The country the document is mostly about: the one its places and
// nationalities name most often.
std::string SentenceEvents::DominantCountry(const DocView& view) {
  std::map<std::string, int> counts;
  for (int m = 0; m < view.doc().mentions_size(); ++m) {
    const auto type = view.doc().mentions(m).type();
    if (type != v1::Entity::GPE && type != v1::Entity::NORP) continue;
    const v1::Entity* e = view.EntityOf(m);
    if (e && !e->country().empty() && e->country() != "IGO" &&
        e->country() != "NGO") {
      ++counts[e->country()];
    }
  }
  std::string best;
  int best_count = 0;
  for (const auto& [c, k] : counts) {
    if (k > best_count) {
      best = c;
      best_count = k;
    }
  }
  return best;
}

// A group noun at token t ("police") as an actor: the state it acts for is
// a nationality or place right before it ("Kenyan police" is already a
// nationality actor), the place the sentence names, or the country the
// document is about.
const v1::Entity* SentenceEvents::GroupActor(int t, int lo, int hi,
                                             bool allow_quoted) const {
  const std::string& w = view_.Norm(t);
  if (!GroupNouns().count(w) || (view_.InQuote(t) && !allow_quoted) ||
      view_.MentionAt(t) >= 0)
    return nullptr;
  if (const v1::Entity* body = BodyNamedBefore(w, t)) return body;
  std::string country;
  for (int k = lo; k < hi && country.empty(); ++k) {
    int m = view_.MentionAt(k);
    if (m < 0 || view_.doc().mentions(m).type() != v1::Entity::GPE) continue;
    if (k == 0 || (view_.Norm(k - 1) != "in" && view_.Norm(k - 1) != "at"))
      continue;
    if (const v1::Entity* e = view_.EntityOf(m)) country = e->country();
  }
  if (country.empty()) country = dominant_country_;
  if (country.empty()) return nullptr;
  return GroupOf(view_.Surface(t), w, country);
}

// The government of `country` as a group actor ("group:government:CODE");
// null for a state the document does not name.
const v1::Entity* SentenceEvents::GovernmentOf(
    const std::string& country) const {
  if (!view_.NamesState(country)) return nullptr;
  return GroupOf("government", "government", country);
}

// An unnamed group acting for `country`: its word as the text has it, and
// its key ("group:WORD:CODE").
const v1::Entity* SentenceEvents::GroupOf(std::string_view surface,
                                          const std::string& word,
                                          const std::string& country) const {
  groups_.emplace_back();
  v1::Entity& e = groups_.back();
  e.set_id("");
  e.set_name(std::string(surface));
  e.set_type(v1::Entity::ORG);
  e.set_country(country);
  e.set_canonical_key(absl::StrCat("group:", word, ":", country));
  return &e;
}

// The organisation named last before token t whose name has the group
// noun's word ("the Supreme Court ... the court ruled") or, for a police
// noun, "police" ("the Columbus Police Department ... Officers arrested"):
// the group is that body. Null when none is named.
const v1::Entity* SentenceEvents::BodyNamedBefore(const std::string& noun,
                                                  int t) const {
  // The noun's own word, singular or not ("militias": "Militia").
  const std::vector<std::string> words =
      PoliceGroupNouns().count(noun) ? std::vector<std::string>{"police"}
                                     : LemmaCandidates(noun);
  // A name, not the word alone ("Regime" taken for a name).
  const int m = view_.LastOrgNameWithWordBefore(words, t);
  return m < 0 ? nullptr : view_.EntityOf(m);
}

const v1::Entity* SentenceEvents::ActorEntityAt(int t) const {
  int m = view_.MentionAt(t);
  if (m >= 0) {
    if (!view_.IsActorMention(m)) return nullptr;
    return view_.EntityOf(m);
  }
  const std::string& w = view_.Norm(t);
  if (w == "he" || w == "she" || w == "his" || w == "her") {
    return ReferentAt(view_, t);
  }
  if (view_.InQuote(t) &&
      (w == "i" || w == "we" || w == "our" || w == "us" || w == "my")) {
    return SpeakerOf(t);
  }
  return nullptr;
}

// A NORP, GPE or ORG directly before a (titled) person describes that
// person ("Russian Foreign Minister Sergei Lavrov"): not an actor itself.
bool SentenceEvents::IsModifierOfPerson(int m) const {
  const v1::Mention& mention = view_.doc().mentions(m);
  if (mention.type() == v1::Entity::PERSON) return false;
  int t = view_.MentionEnd(m);
  if (t < 0) return false;
  while (t < view_.token_count()) {
    int next = view_.MentionAt(t);
    const std::string_view s = view_.Surface(t);
    if (next >= 0 && view_.doc().mentions(next).type() == v1::Entity::TITLE) {
      t = view_.MentionEnd(next);
      if (t < 0) return false;
      continue;
    }
    if (s == "'s" || s == "\xE2\x80\x99s") {
      ++t;
      continue;
    }
    return next >= 0 &&
           view_.doc().mentions(next).type() == v1::Entity::PERSON &&
           t > view_.MentionEnd(m);
  }
  return false;
}

// Actors in [from, to) in order, one per mention.
std::vector<ActorRef> SentenceEvents::ActorsIn(int from, int to,
                                               bool allow_quoted) const {
  std::vector<ActorRef> out;
  int t = from;
  while (t < to) {
    if (!allow_quoted && view_.InQuote(t)) {
      ++t;
      continue;
    }
    int m = view_.MentionAt(t);
    if (m >= 0 && view_.MentionEnd(m) > t) {
      if (view_.IsActorMention(m) && !IsModifierOfPerson(m)) {
        out.push_back({view_.EntityOf(m), t});
      }
      t = std::max(t + 1, view_.MentionEnd(m));
      continue;
    }
    if (const v1::Entity* e = ActorEntityAt(t)) out.push_back({e, t});
    ++t;
  }
  return out;
}

// The speaker of the quotation around token t.
const v1::Entity* SentenceEvents::SpeakerOf(int t) const {
  const uint32_t begin = view_.doc().tokens(t).begin();
  for (const v1::Quote& q : view_.doc().quotes()) {
    if (q.span().begin() <= begin && begin < q.span().end()) {
      return view_.EntityById(q.speaker().entity_id());
    }
  }
  return nullptr;
}

// Whether "in" or "at", with or without "the", comes right before token
// `t` ("in Kabul", "at the Manhattan jail", "in the West Bank").
bool SentenceEvents::AfterInOrAt(int t) const {
  if (t < 1) return false;
  int p = t - 1;
  if (view_.Norm(p) == "the" && p >= 1) --p;
  const std::string& word = view_.Norm(p);
  return word == "in" || word == "at";
}

// A place named after "in" or "at" (a city, region or country where
// something happens), or after a verb's "from" (whence it came).
bool SentenceEvents::IsPlacePhrase(int t) const {
  int m = view_.MentionAt(t);
  if (m < 0 || t == 0) return false;
  auto type = view_.doc().mentions(m).type();
  if (type != v1::Entity::GPE && type != v1::Entity::LOC) return false;
  if (AfterInOrAt(t)) return true;
  const std::string& prev = view_.Norm(t - 1);
  // "deported from Arizona", "phoning in from London": whence an act came,
  // said of the verb; "delegations from Russia" names who.
  if (prev != "from" || !view_.HasParse(t)) return false;
  const int end = view_.MentionEnd(m);
  for (int k = t; k < end; ++k) {
    const int h = view_.Head(k);
    if (h < t || h >= end) return IsRelation(view_.Deprel(k), "obl");
  }
  return false;
}

// "Pakistan, a key U.S. ally, has refused": an actor between two commas
// right after another actor describes that one and is not the subject.
bool SentenceEvents::InAppositive(int t, int lo, int trigger) const {
  int before = -1, after = -1;
  for (int k = t - 1; k >= lo && k >= t - 8; --k) {
    if (view_.Surface(k) == ",") {
      before = k;
      break;
    }
  }
  for (int k = t + 1; k < trigger && k <= t + 8; ++k) {
    if (view_.Surface(k) == ",") {
      after = k;
      break;
    }
  }
  if (before <= lo || after < 0) return false;
  const int m = view_.MentionAt(before - 1);
  return m >= 0 && view_.IsActorMention(m);
}

SentenceEvents::Frame SentenceEvents::FrameOf(int ts, int te, int lo, int hi,
                                              bool noun) const {
  const bool quoted = view_.InQuote(ts);
  // Clause limits around the trigger.
  int clause_lo = lo, clause_hi = hi;
  for (int k = ts - 1; k >= lo; --k) {
    // A parenthesis closed before the trigger is an aside inside the
    // clause ("The Asia-Pacific Economic Cooperation (APEC) forum has
    // agreed"): the clause goes on before it.
    if (view_.Surface(k) == ")" && !view_.InQuote(k)) {
      int open = k - 1;
      while (open >= lo && view_.Surface(open) != "(") --open;
      if (open >= lo) {
        k = open;
        continue;
      }
    }
    if (IsClauseBoundary(view_.Surface(k)) && !view_.InQuote(k)) {
      clause_lo = k + 1;
      break;
    }
  }
  for (int k = te; k < hi; ++k) {
    if (IsClauseBoundary(view_.Surface(k)) && !view_.InQuote(k)) {
      clause_hi = k;
      break;
    }
  }

  // Inside a quotation the actors are those quoted before the trigger, and
  // "I" and "we" are the speaker.
  int quote_lo = clause_lo, quote_hi = clause_hi;
  const v1::Entity* speaker = quoted ? SpeakerOf(ts) : nullptr;
  if (quoted) {
    while (quote_lo < ts && !view_.InQuote(quote_lo)) ++quote_lo;
    for (int k = ts; k < clause_hi; ++k) {
      if (!view_.InQuote(k)) {
        quote_hi = k;
        break;
      }
    }
  }
  const int left_lo = quoted ? quote_lo : clause_lo;
  const int right_hi = quoted ? quote_hi : clause_hi;
  // Passive voice or a noun with "by": "was attacked by X".
  int by_at = -1;
  for (int k = te; k < right_hi && k < te + 3; ++k) {
    if (view_.Norm(k) == "by" || (noun && view_.Norm(k) == "from")) by_at = k;
  }
  std::vector<ActorRef> right =
      ActorsIn(te, std::min(right_hi, te + 14), quoted);
  std::vector<ActorRef> left = ActorsIn(left_lo, ts, quoted);
  // Places after "in" and "at" are where, not whom.
  right.erase(
      std::remove_if(right.begin(), right.end(),
                     [&](const ActorRef& r) { return IsPlacePhrase(r.token); }),
      right.end());
  left.erase(
      std::remove_if(left.begin(), left.end(),
                     [&](const ActorRef& r) { return IsPlacePhrase(r.token); }),
      left.end());
  return Frame{ts,
               te,
               lo,
               hi,
               clause_lo,
               clause_hi,
               left_lo,
               right_hi,
               by_at,
               quoted,
               speaker,
               std::move(left),
               std::move(right)};
}

}  // namespace eventwire::assemble
