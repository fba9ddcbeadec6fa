#include "event_assembler.h"

#include <algorithm>
#include <deque>
#include <map>
#include <set>
#include <unordered_set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "eventwire/event_match.h"
#include "eventwire/word_list.h"
#include "quote_finder.h"

namespace eventwire::assemble {
namespace {

const WordSet& Determiners() {
  static const auto* kWords = &WordList("determiners");
  return *kWords;
}

const WordSet& Prepositions() {
  static const auto* kWords = &WordList("prepositions");
  return *kWords;
}

bool IsNegation(const std::string& norm) {
  // The tokenizer splits "didn't" into "did" "n't", which folds to "n t";
  // the suffix test covers contractions written otherwise.
  return norm == "not" || norm == "never" || norm == "no" || norm == "cannot" ||
         norm == "nor" || norm == "without" ||
         (norm.size() >= 3 && norm.compare(norm.size() - 3, 3, "n t") == 0);
}

// Acts that, announced on a condition, are threats.
bool IsCoerciveType(v1::Event::Type type) {
  return type == v1::Event::ASSAULT || type == v1::Event::COERCE ||
         type == v1::Event::SANCTION || type == v1::Event::MOBILIZE ||
         type == v1::Event::RETREAT || type == v1::Event::PROTEST ||
         type == v1::Event::REJECT;
}

bool IsFutureMarker(const std::string& norm) {
  // "wo" is "will" of "won't" ("wo" "n't").
  return norm == "will" || norm == "would" || norm == "ll" || norm == "wo" ||
         norm == "shall" || norm == "going" || norm == "plans" ||
         norm == "planned" || norm == "expected" || norm == "scheduled" ||
         norm == "intends" || norm == "set";
}

bool IsHypotheticalMarker(const std::string& norm) {
  return norm == "if" || norm == "could" || norm == "might" ||
         norm == "whether" || norm == "should" || norm == "unless";
}

bool IsClauseBoundary(std::string_view s) {
  return s == ";" || s == ":" || s == "\xE2\x80\x94" || s == "(" || s == ")";
}

// Nouns for groups that act for a state or a body when the text names no
// one: "police arrested", "protesters marched", "troops shelled".
const WordSet& GroupNouns() {
  static const auto* kWords = &WordList("group-nouns");
  return *kWords;
}

struct ActorRef {
  const v1::Entity* entity = nullptr;
  int token = -1;
};

}  // namespace

bool IsSymmetric(v1::Event::Type type) { return IsSymmetricType(type); }

namespace {

class SentenceEvents {
 public:
  SentenceEvents(const DocView& view, const TriggerLexicon& lexicon)
      : view_(view),
        lexicon_(lexicon),
        dominant_country_(DominantCountry(view)) {}

  // The country the document is mostly about: the one its places and
  // nationalities name most often.
  static std::string DominantCountry(const DocView& view) {
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
  const v1::Entity* GroupActor(int t, int lo, int hi) const {
    const std::string& w = view_.Norm(t);
    if (!GroupNouns().count(w) || view_.InQuote(t) || view_.MentionAt(t) >= 0)
      return nullptr;
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
    groups_.emplace_back();
    v1::Entity& e = groups_.back();
    e.set_id("");
    e.set_name(std::string(view_.Surface(t)));
    e.set_type(v1::Entity::ORG);
    e.set_country(country);
    e.set_canonical_key(absl::StrCat("group:", w, ":", country));
    return &e;
  }

  // The trigger that matches at `t`, and its length in tokens.
  const Trigger* MatchAt(int t, int end, int* length) const {
    const std::vector<std::string> lemmas = LemmaCandidates(view_.Norm(t));
    const Trigger* best = nullptr;
    int best_len = 0;
    for (const std::string& lemma : lemmas) {
      const std::vector<Trigger>* list = lexicon_.StartingWith(lemma);
      if (!list) continue;
      for (const Trigger& trig : *list) {
        int len = static_cast<int>(trig.lemmas.size());
        if (len <= best_len || t + len > end) continue;
        bool ok = true;
        for (int k = 1; k < len && ok; ++k) {
          std::vector<std::string> c = LemmaCandidates(view_.Norm(t + k));
          ok = std::find(c.begin(), c.end(), trig.lemmas[k]) != c.end();
        }
        if (!ok) continue;
        if (!KindFits(trig, t)) continue;
        best = &trig;
        best_len = len;
      }
    }
    *length = best_len;
    return best;
  }

  // Nouns follow determiners and possessives; verbs follow subjects.
  bool KindFits(const Trigger& trig, int t) const {
    const std::string& word = view_.Norm(t);
    const std::string prev = t > 0 ? view_.Norm(t - 1) : "";
    const bool after_determiner =
        Determiners().count(prev) > 0 ||
        (t > 0 && (view_.Surface(t - 1) == "'s" ||
                   view_.Surface(t - 1) == "\xE2\x80\x99s"));
    const bool past =
        word.size() > 3 && word.compare(word.size() - 2, 2, "ed") == 0;
    if (trig.noun) {
      // "a unilateral ceasefire", "a day-old blockade": a determiner before
      // lower-case modifiers counts too.
      bool modified = false;
      for (int k = t - 1; k >= 0 && k >= t - 3 && !after_determiner; --k) {
        if (Determiners().count(view_.Norm(k))) {
          modified = k < t - 1;
          break;
        }
        const std::string_view surface = view_.Surface(k);
        if (surface.empty() || view_.MentionAt(k) >= 0 ||
            !(std::islower(static_cast<unsigned char>(surface[0])) ||
              std::isdigit(static_cast<unsigned char>(surface[0]))) ||
            IsClauseBoundary(surface)) {
          break;
        }
      }
      return !past && (after_determiner || modified || trig.lemmas.size() > 1 ||
                       (t + 1 < view_.token_count() &&
                        Prepositions().count(view_.Norm(t + 1))));
    }
    if (after_determiner && !past) return false;
    // "the occupied West Bank", "the disputed Kashmir region": a participle
    // before a name is an adjective.
    if (after_determiner && past && t + 1 < view_.token_count() &&
        view_.MentionAt(t + 1) >= 0) {
      return false;
    }
    // "to talk" is a verb; "talks" after a name is a verb too.
    return true;
  }

  const v1::Entity* ActorEntityAt(int t) const {
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
  bool IsModifierOfPerson(int m) const {
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
  std::vector<ActorRef> ActorsIn(int from, int to, bool allow_quoted) const {
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
  const v1::Entity* SpeakerOf(int t) const {
    const uint32_t begin = view_.doc().tokens(t).begin();
    for (const v1::Quote& q : view_.doc().quotes()) {
      if (q.span().begin() <= begin && begin < q.span().end()) {
        return view_.EntityById(q.speaker().entity_id());
      }
    }
    return nullptr;
  }

  // A place named after "in" or "at" (a city, region or country where
  // something happens).
  bool IsPlacePhrase(int t) const {
    int m = view_.MentionAt(t);
    if (m < 0 || t == 0) return false;
    auto type = view_.doc().mentions(m).type();
    if (type != v1::Entity::GPE && type != v1::Entity::LOC) return false;
    const std::string& prev = view_.Norm(t - 1);
    return prev == "in" || prev == "at";
  }

  // "Pakistan, a key U.S. ally, has refused": an actor between two commas
  // right after another actor describes that one and is not the subject.
  bool InAppositive(int t, int lo, int trigger) const {
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

  // A noun trigger governed by "following", "after", "since", "amid",
  // "despite", "in response to", "in retaliation for", "in the wake of".
  bool DatedWithin(int from, int hi) const {
    for (int k = from; k < hi && k < from + 8; ++k) {
      const int m = view_.MentionAt(k);
      if (m >= 0 && view_.doc().mentions(m).type() == v1::Entity::DATE)
        return true;
    }
    return false;
  }

  bool IsBackgroundNoun(int t, int lo) const {
    static const auto* kCues = new std::unordered_set<std::string>{
        "following", "after", "since", "amid", "despite", "wake", "retaliation",
        "response", "aftermath",
        // "to stop the massacre", "end the war": an act aimed at, not one
        // that happened.
        "stop", "end", "ending", "prevent", "preventing", "halt", "avert",
        "averting", "avoid"};
    for (int k = t - 1; k >= lo && k >= t - 5; --k) {
      const std::string& w = view_.Norm(k);
      if (kCues->count(w)) return true;
      // Over determiners, names, possessives and modifiers ("the Russian",
      // "last week's", "the two-day").
      const std::string_view surface = view_.Surface(k);
      const bool modifier =
          !surface.empty() &&
          std::islower(static_cast<unsigned char>(surface[0])) &&
          !Prepositions().count(w);
      if (!Determiners().count(w) && view_.MentionAt(k) < 0 && !modifier &&
          w != "s" && w != "of" && w != "for" && w != "to") {
        return false;
      }
    }
    return false;
  }

  static bool IsLightVerb(const std::string& word) {
    static const auto* kVerbs = &WordList("light-verbs");
    return kVerbs->count(word) > 0;
  }

  bool PrecededByPreposition(int t, int lo) const {
    for (int k = t - 1; k >= lo && k >= t - 3; --k) {
      const std::string& w = view_.Norm(k);
      // "Thousands of Kurds demonstrated": a partitive "of" leaves the
      // subject a subject; so does the "of" after an office or a body ("the
      // president of Kenya met", "the government of Pakistan said"): the
      // country acts through it.
      if (w == "of" && k > lo &&
          (IsPartitive(view_.Norm(k - 1)) || IsOfficeNoun(view_.Norm(k - 1))))
        return false;
      if (Prepositions().count(w)) return w != "by";
      if (!Determiners().count(w) && view_.MentionAt(k) < 0) return false;
    }
    return false;
  }

  // Offices and bodies that act for what follows their "of".
  static bool IsOfficeNoun(const std::string& word) {
    static const auto* kWords = &WordList("office-nouns");
    return kWords->count(word) > 0;
  }

  static bool IsPartitive(const std::string& word) {
    static const auto* kWords = &WordList("partitive-nouns");
    return kWords->count(word) > 0 ||
           (!word.empty() && std::isdigit(static_cast<unsigned char>(word[0])));
  }

  void Run(int s_index, std::vector<v1::Event>& events) const {
    const v1::Sentence& sent = view_.doc().sentences(s_index);
    const int lo = sent.first_token();
    const int hi = lo + sent.token_count();
    int t = lo;
    int previous_trigger_end = -1;  // of this sentence's last event
    while (t < hi) {
      int len = 0;
      const Trigger* trig = MatchAt(t, hi, &len);
      if (!trig) {
        ++t;
        continue;
      }
      // Words inside a name are not triggers ("Peace Council").
      if (view_.MentionAt(t) >= 0) {
        ++t;
        continue;
      }
      // "staged demonstrations to demand reforms", "met on Monday to
      // discuss ...": an infinitive of purpose after an event in the same
      // clause says what that event was for, not another event.
      if (!trig->noun && t > lo && view_.Norm(t - 1) == "to" &&
          previous_trigger_end >= 0 && t - previous_trigger_end <= 12) {
        bool same_clause = true;
        for (int k = previous_trigger_end; k < t; ++k) {
          same_clause &=
              !IsClauseBoundary(view_.Surface(k)) && view_.Surface(k) != ",";
        }
        if (same_clause) {
          t += len;
          continue;
        }
      }
      // "following the attack", "in retaliation for the raid": a noun after
      // these is the background of the sentence's event, reported where the
      // text tells it; unless dated here ("after Russia's invasion of
      // Ukraine on 24 February 2022"), when it is the record of that event.
      if (trig->noun && IsBackgroundNoun(t, lo) && !DatedWithin(t + len, hi)) {
        t += len;
        continue;
      }
      // "admitted that the delegation was not at the level": admitting a
      // fact is a statement; CONCEDE is yielding ("admitted responsibility").
      if (trig->type == v1::Event::CONCEDE && !trig->noun && t + len < hi &&
          view_.Norm(t + len) == "that") {
        t += len;
        continue;
      }
      BuildEvent(*trig, t, t + len, lo, hi, events);
      t += len;
      previous_trigger_end = t;
      // "agreed to hold talks", "refused to meet", "called for an end to the
      // war": the complement is part of this event, not one of its own.
      if (trig->type == v1::Event::AGREE || trig->type == v1::Event::REQUEST ||
          trig->type == v1::Event::REJECT ||
          trig->type == v1::Event::THREATEN) {
        t = std::min(hi, t + 4);
      }
    }
  }

  // One trigger's surroundings: its tokens [ts, te) in the sentence
  // [lo, hi), the clause around it, how far left and right its actors may
  // be, the actors there, a passive's "by", and the quote it sits in.
  struct Frame {
    int ts, te, lo, hi;
    int clause_lo, clause_hi, left_lo, right_hi;
    int by_at;
    bool quoted;
    const v1::Entity* speaker;
    std::vector<ActorRef> left, right;
  };

  // Modality from the words before the trigger at ts.
  v1::Event::Modality ModalityBefore(int ts, int lo) const {
    v1::Event::Modality modality = v1::Event::ASSERTED;
    for (int k = std::max(lo, ts - 4); k < ts; ++k) {
      const std::string& w = view_.Norm(k);
      if (IsNegation(w)) {
        modality = v1::Event::NEGATED;
      }
    }
    for (int k = std::max(lo, ts - 6);
         k < ts && modality == v1::Event::ASSERTED; ++k) {
      const std::string& w = view_.Norm(k);
      if (IsHypotheticalMarker(w)) modality = v1::Event::HYPOTHETICAL;
    }
    for (int k = std::max(lo, ts - 3);
         k < ts && modality == v1::Event::ASSERTED; ++k) {
      if (IsFutureMarker(view_.Norm(k))) modality = v1::Event::FUTURE;
    }
    return modality;
  }

  Frame FrameOf(int ts, int te, int lo, int hi, bool noun) const {
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
    right.erase(std::remove_if(
                    right.begin(), right.end(),
                    [&](const ActorRef& r) { return IsPlacePhrase(r.token); }),
                right.end());
    left.erase(std::remove_if(
                   left.begin(), left.end(),
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

  // The event's source: both parties after "between", a light verb's
  // subject, a possessive before a noun, the agent after "by", the subject,
  // the speaker of a quote, a group noun. May also set the target (the
  // recipient of a light verb, the subject of a passive).
  void FindSource(const Trigger& trig, const Frame& f,
                  std::vector<const v1::Entity*>& source,
                  std::vector<const v1::Entity*>& target) const {
    const int ts = f.ts;
    const int te = f.te;
    const int lo = f.lo;
    const int hi = f.hi;
    const int left_lo = f.left_lo;
    const int right_hi = f.right_hi;
    const int by_at = f.by_at;
    const bool quoted = f.quoted;
    const v1::Entity* speaker = f.speaker;
    const std::vector<ActorRef>& left = f.left;
    const std::vector<ActorRef>& right = f.right;
    // "talks between Russia and Ukraine": both parties after the noun.
    if (te < right_hi && view_.Norm(te) == "between" && right.size() >= 2) {
      source.push_back(right[0].entity);
      target.push_back(right[1].entity);
    }
    // A noun after a light verb ("the EU gave Ivory Coast $5 million of aid",
    // "Israel launched an attack on ..."): the verb's subject is the source,
    // an actor between verb and noun the recipient.
    if (source.empty() && trig.noun) {
      for (int v = ts - 1; v >= left_lo && v >= ts - 8; --v) {
        if (!IsLightVerb(view_.Norm(v))) continue;
        std::vector<ActorRef> between = ActorsIn(v + 1, ts, quoted);
        for (auto it = left.rbegin(); it != left.rend(); ++it) {
          if (it->token >= v || PrecededByPreposition(it->token, left_lo) ||
              InAppositive(it->token, left_lo, v)) {
            continue;
          }
          source.push_back(it->entity);
          break;
        }
        // Only verbs that take a recipient ("gave Ivory Coast aid"); what
        // is sent or launched is no target ("sending a delegation to").
        const std::string& verb = view_.Norm(v);
        const bool dative = verb.rfind("giv", 0) == 0 || verb == "gave" ||
                            verb.rfind("grant", 0) == 0 ||
                            verb.rfind("offer", 0) == 0;
        const int recipient =
            between.empty() ? -1 : view_.MentionAt(between.front().token);
        if (dative && !source.empty() && recipient >= 0 && target.empty() &&
            view_.doc().mentions(recipient).type() != v1::Entity::NORP) {
          target.push_back(between.front().entity);
        }
        break;
      }
    }
    if (source.empty() && trig.noun) {
      // "Russia's invasion of Ukraine", "the Russian invasion", "his meeting".
      for (int k = ts - 1; k >= left_lo && k >= ts - 4; --k) {
        if (const v1::Entity* e = ActorEntityAt(k)) {
          source.push_back(e);
          break;
        }
        if (!Determiners().count(view_.Norm(k)) && view_.Surface(k) != "'s" &&
            view_.Surface(k) != "\xE2\x80\x99s" && view_.Norm(k) != "s") {
          break;
        }
      }
    }
    if (source.empty() && by_at >= 0) {
      std::vector<ActorRef> agents =
          ActorsIn(by_at + 1, std::min(right_hi, by_at + 6), quoted);
      if (!agents.empty()) source.push_back(agents[0].entity);
      if (!left.empty() && !trig.noun) target.push_back(left.back().entity);
    }
    if (source.empty()) {
      // The subject: the nearest actor on the left that is not the object of
      // a preposition.
      for (auto it = left.rbegin(); it != left.rend(); ++it) {
        if (PrecededByPreposition(it->token, left_lo)) continue;
        if (InAppositive(it->token, left_lo, ts)) continue;
        source.push_back(it->entity);
        // "Russia and Ukraine met": a compound subject.
        auto next = std::next(it);
        if (next != left.rend() && it->token - next->token <= 4) {
          bool joined = false;
          for (int k = next->token + 1; k < it->token; ++k) {
            if (view_.Norm(k) == "and") joined = true;
          }
          if (joined) source.push_back(next->entity);
        }
        break;
      }
    }
    if (source.empty() && speaker) source.push_back(speaker);
    if (source.empty() && !quoted) {
      // "Police arrested ...", "Seven opposition parties in Nepal have
      // organized a strike": the nearest group noun before the trigger that
      // is no prepositional object.
      for (int k = ts - 1; k >= left_lo && k >= ts - 8 && source.empty(); --k) {
        if (PrecededByPreposition(k, left_lo)) continue;
        if (const v1::Entity* g = GroupActor(k, lo, hi)) source.push_back(g);
      }
    }
  }

  // The event's target: the object after the trigger's preposition or a
  // verb's direct object, a complement's object, a group noun after the
  // verb.
  void FindTarget(const Trigger& trig, const Frame& f,
                  const std::vector<const v1::Entity*>& source,
                  std::vector<const v1::Entity*>& target) const {
    const int te = f.te;
    const int lo = f.lo;
    const int hi = f.hi;
    const int right_hi = f.right_hi;
    const int by_at = f.by_at;
    const bool quoted = f.quoted;
    const std::vector<ActorRef>& right = f.right;
    if (target.empty()) {
      int start = -1;
      for (size_t i = 0; i < right.size() && start < 0; ++i) {
        for (int k = right[i].token - 1; k >= te && k >= right[i].token - 4;
             --k) {
          const std::string& w = view_.Norm(k);
          if ((!trig.target_preposition.empty() &&
               w == trig.target_preposition) ||
              (trig.noun && Prepositions().count(w) && w != "by" &&
               w != "from")) {
            start = static_cast<int>(i);
            break;
          }
        }
      }
      // Verbs take a direct object; nouns need a preposition ("talks with").
      if (start < 0 && !trig.noun && !right.empty() && right[0].token - te <= 4)
        start = 0;
      // A verb with a "to" complement acts on the complement's object:
      // "threatened to break off relations with Congo", "agreed to provide
      // aid for Romania", "refused to send troops to Iraq".
      const bool complement = trig.lemmas.back() == "to" ||
                              (te + 1 < right_hi && view_.Norm(te) == "to" &&
                               view_.MentionAt(te + 1) < 0);
      if (start < 0 && !trig.noun && complement) {
        for (size_t i = 0; i < right.size() && start < 0; ++i) {
          if (right[i].token - te > 10) break;
          for (int k = right[i].token - 1; k >= te && k >= right[i].token - 4;
               --k) {
            const std::string& w = view_.Norm(k);
            if (w == "with" || w == "to" || w == "against" || w == "on" ||
                w == "for" || w == "into" || w == "toward" || w == "towards") {
              start = static_cast<int>(i);
              break;
            }
          }
        }
      }
      for (size_t i = start < 0 ? right.size() : start; i < right.size(); ++i) {
        if (by_at >= 0 && right[i].token > by_at) break;
        if (std::find(source.begin(), source.end(), right[i].entity) !=
            source.end())
          continue;
        target.push_back(right[i].entity);
        // "with Ukraine and Turkey"
        if (i + 1 < right.size() && right[i + 1].token - right[i].token <= 4) {
          bool joined = false;
          for (int k = right[i].token + 1; k < right[i + 1].token; ++k) {
            if (view_.Norm(k) == "and") joined = true;
          }
          if (joined) target.push_back(right[i + 1].entity);
        }
        break;
      }
    }
    if (target.empty() && !trig.noun && !quoted) {
      // "... arrested 12 demonstrators": a group noun right after the verb.
      for (int k = te; k < right_hi && k <= te + 4 && target.empty(); ++k) {
        if (const v1::Entity* g = GroupActor(k, lo, hi)) {
          if (std::find(source.begin(), source.end(), g) == source.end())
            target.push_back(g);
        }
      }
    }
  }

  // Parties named together meet each other; no self-directed targets, nor
  // the source's own state beside others. False when the event is not
  // coded (no actor; a meeting noun without parties).
  bool SettleRoles(const Trigger& trig, std::vector<const v1::Entity*>& source,
                   std::vector<const v1::Entity*>& target) const {
    // Meetings between parties named together: "Russia and Ukraine met".
    if (target.empty() && source.size() >= 2 && IsSymmetric(trig.type)) {
      target.push_back(source.back());
      source.pop_back();
    }
    if (source.empty()) return false;  // an act without an actor is not coded
    // A meeting or agreement noun names both parties ("talks with Russia");
    // "peace talks" alone is a topic, not an event.
    if (trig.noun && target.empty() && IsSymmetric(trig.type)) return false;
    // Self-directed events are noise.
    target.erase(std::remove_if(target.begin(), target.end(),
                                [&](const v1::Entity* e) {
                                  return std::find(source.begin(), source.end(),
                                                   e) != source.end();
                                }),
                 target.end());
    // Beside other targets, the state the source itself acts for is not a
    // target ("Rubio ... the United States and Israel").
    if (target.size() > 1) {
      target.erase(std::remove_if(target.begin(), target.end(),
                                  [&](const v1::Entity* e) {
                                    if (e->type() != v1::Entity::GPE ||
                                        e->country().empty())
                                      return false;
                                    for (const v1::Entity* s : source) {
                                      if (s->country() == e->country())
                                        return true;
                                    }
                                    return false;
                                  }),
                   target.end());
    }
    return true;
  }

  // The event's date (the nearest in the sentence) and place ("in", "at").
  void SetDateAndPlace(const Trigger& trig, const Frame& f,
                       const std::vector<const v1::Entity*>& source,
                       const std::vector<const v1::Entity*>& target,
                       v1::Event& ev) const {
    const int ts = f.ts;
    const int te = f.te;
    const int lo = f.lo;
    const int hi = f.hi;
    // Date: the nearest DATE mention in the sentence.
    int best_distance = 1 << 30;
    for (int k = lo; k < hi; ++k) {
      int m = view_.MentionAt(k);
      if (m < 0 || view_.doc().mentions(m).type() != v1::Entity::DATE) continue;
      const v1::Entity* e = view_.EntityOf(m);
      if (!e || e->value().empty()) continue;
      // "since 2022", "until March": a bound, not the event's date.
      const std::string& before = k > lo ? view_.Norm(k - 1) : "";
      if (before == "since" || before == "until" || before == "till" ||
          before == "through") {
        continue;
      }
      int d = k < ts ? ts - k : k - te;
      if (d < best_distance) {
        best_distance = d;
        ev.set_date(e->value());
      }
      k = std::max(k, view_.MentionEnd(m) - 1);
    }
    // Place: a GPE or LOC after "in" or "at" in the sentence.
    for (int k = lo + 1; k < hi; ++k) {
      int m = view_.MentionAt(k);
      if (m < 0 || view_.MentionFirst(m) != k) continue;
      auto type = view_.doc().mentions(m).type();
      if (type != v1::Entity::GPE && type != v1::Entity::LOC) continue;
      const std::string& prev = view_.Norm(k - 1);
      if (prev != "in" && prev != "at") continue;
      const v1::Entity* e = view_.EntityOf(m);
      if (!e) continue;
      if (std::find(target.begin(), target.end(), e) != target.end()) continue;
      if (std::find(source.begin(), source.end(), e) != source.end()) continue;
      *ev.mutable_location() = view_.ActorFor(*e);
      // A visit without a named host is to the place's state ("arrived in
      // Amman on a visit": Jordan), unless that is the visitor's own.
      if (ev.target().empty() && trig.type == v1::Event::CONSULT &&
          trig.mode == "visit" && !e->country().empty() &&
          std::none_of(source.begin(), source.end(), [&](const v1::Entity* s) {
            return s->country() == e->country();
          })) {
        *ev.add_target() = view_.ActorFor(*e);
      }
      break;
    }
  }

  void BuildEvent(const Trigger& trig, int ts, int te, int lo, int hi,
                  std::vector<v1::Event>& events) const {
    const v1::Event::Modality modality = ModalityBefore(ts, lo);
    if (modality == v1::Event::NEGATED || modality == v1::Event::HYPOTHETICAL) {
      return;  // not events that happened
    }
    const Frame f = FrameOf(ts, te, lo, hi, trig.noun);
    const bool quoted = f.quoted;
    const int clause_hi = f.clause_hi;
    std::vector<const v1::Entity*> source, target;
    FindSource(trig, f, source, target);
    FindTarget(trig, f, source, target);
    if (!SettleRoles(trig, source, target)) return;

    v1::Event ev;
    ev.set_type(trig.type);
    ev.set_mode(trig.mode);
    ev.set_modality(modality);
    // A coercive act announced for the future on a condition ("will
    // withdraw its troops unless ...", "would impose sanctions if ...") is a
    // threat, made now (PLOVER: THREATEN includes ultimatums).
    if (modality == v1::Event::FUTURE && IsCoerciveType(trig.type)) {
      for (int k = te; k < clause_hi + 8 && k < hi; ++k) {
        if (view_.Norm(k) == "unless" || view_.Norm(k) == "if") {
          ev.set_type(v1::Event::THREATEN);
          ev.set_modality(v1::Event::ASSERTED);
          break;
        }
      }
    }
    for (const v1::Entity* e : source) *ev.add_source() = view_.ActorFor(*e);
    for (const v1::Entity* e : target) *ev.add_target() = view_.ActorFor(*e);
    ev.set_trigger(absl::StrJoin(trig.lemmas, " "));
    SetDateAndPlace(trig, f, source, target, ev);
    const auto& sentence = view_.doc().sentences(view_.SentenceOf(ts));
    ev.mutable_evidence()->set_begin(sentence.begin());
    ev.mutable_evidence()->set_end(sentence.end());
    *ev.add_evidence_spans() = ev.evidence();
    ev.set_evidence_text(view_.doc().text().substr(
        sentence.begin(), sentence.end() - sentence.begin()));
    float confidence = trig.noun ? 0.45f : 0.55f;
    if (!target.empty()) confidence += 0.2f;
    if (!ev.date().empty()) confidence += 0.1f;
    if (quoted) confidence -= 0.15f;
    ev.set_confidence(confidence);
    events.push_back(std::move(ev));
  }

 private:
  const DocView& view_;
  const TriggerLexicon& lexicon_;
  const std::string dominant_country_;
  mutable std::deque<v1::Entity>
      groups_;  // actors for group nouns; pointers stay valid
};

}  // namespace

void EventAssembler::Assemble(const DocView& view, v1::Document& doc) const {
  SentenceEvents finder(view, lexicon_);
  std::vector<v1::Event> events;
  for (int s = 0; s < doc.sentences_size(); ++s) finder.Run(s, events);

  // One real-world event once per document: mentions that match merge.
  MatchOptions options;
  options.same_document = true;
  std::vector<v1::Event> merged;
  for (v1::Event& ev : events) {
    int best = -1, best_score = 0;
    for (size_t i = 0; i < merged.size(); ++i) {
      int score = EventMatchScore(ev, merged[i], options);
      if (score > best_score) {
        best_score = score;
        best = static_cast<int>(i);
      }
    }
    if (best < 0) {
      merged.push_back(std::move(ev));
      continue;
    }
    v1::Event& kept = merged[best];
    *kept.add_evidence_spans() = ev.evidence();
    if (kept.date().empty()) kept.set_date(ev.date());
    if (!kept.has_location() && ev.has_location())
      *kept.mutable_location() = ev.location();
    if (kept.target_size() == 0 && ev.target_size() > 0)
      *kept.mutable_target() = ev.target();
    kept.set_confidence(std::min(0.95f, kept.confidence() + 0.05f));
  }
  for (size_t i = 0; i < merged.size(); ++i) {
    merged[i].set_id(absl::StrCat("ev", i + 1));
    *doc.add_events() = std::move(merged[i]);
  }
}

}  // namespace eventwire::assemble
