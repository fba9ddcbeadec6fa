// Pass: which words of a sentence are event triggers, and which are not
// (inside a name, a purpose, a background noun, an admitted fact).
#include <algorithm>
#include <cctype>
#include <string>
#include <unordered_set>

#include "sentence_events.h"

namespace eventwire::assemble {

// The trigger that matches at `t`, and its length in tokens.
const Trigger* SentenceEvents::MatchAt(int t, int end, int* length,
                                       int* apart) const {
  const std::vector<std::string> lemmas = LemmaCandidates(view_.Norm(t));
  const Trigger* best = nullptr;
  int best_len = 0;   // tokens the match covers
  int best_rank = 0;  // lemmas it matched; the longer phrase wins
  // Of two frames found apart, the nearer phrase: "fired rockets at
  // Uganda on Monday" is fired at.
  int best_phrase = end;
  // The nouns heading the verb's objects and their possible lemmas, found
  // once: a common verb has hundreds of dictionary patterns.
  std::vector<std::pair<int, std::vector<std::string>>> objects;
  bool objects_found = false;
  const auto object_headed_by = [&](const std::string& noun) {
    if (!objects_found) {
      objects_found = true;
      if (view_.HasParse(t)) {
        for (int d : view_.Dependents(t)) {
          if (d <= t || d >= end || view_.Deprel(d) != "obj") continue;
          const std::string& upos = view_.doc().tokens(d).upos();
          if (!upos.empty() && upos != "NOUN") continue;
          objects.emplace_back(d, LemmaCandidates(view_.Norm(d)));
        }
      }
    }
    for (const auto& [d, candidates] : objects) {
      if (std::find(candidates.begin(), candidates.end(), noun) !=
          candidates.end())
        return d;
    }
    return -1;
  };
  for (const std::string& lemma : lemmas) {
    const std::vector<Trigger>* list = lexicon_.StartingWith(lemma);
    if (!list) continue;
    for (const Trigger& trig : *list) {
      const int len = static_cast<int>(trig.lemmas.size());
      if (len < best_rank) continue;
      bool ok = t + len <= end && !trig.object_noun;
      for (int k = 1; k < len && ok; ++k) {
        std::vector<std::string> c = LemmaCandidates(view_.Norm(t + k));
        ok = std::find(c.begin(), c.end(), trig.lemmas[k]) != c.end();
      }
      // A verb and the preposition of its frame, apart in the text but
      // joined in the parse: "fired two artillery shells at Seoul".
      const int phrase = ok                 ? t + 1
                         : trig.object_noun ? object_headed_by(trig.lemmas[1])
                                            : FramePhrase(trig, t, end);
      if (phrase < 0) continue;
      // A dictionary pattern codes what a clause asserts, not what someone
      // aims at, hopes for or is said to conspire in ("to reach an
      // agreement", "committed to ending the war", "opening an
      // investigation").
      if (trig.object_noun && !IsFiniteVerb(t)) continue;
      if (len == best_rank && phrase >= best_phrase) continue;
      const int span = ok ? len : 1;
      if (!KindFits(trig, t) || !PosFits(trig, t, span)) continue;
      best = &trig;
      best_rank = len;
      best_len = span;
      best_phrase = phrase;
    }
  }
  *length = best_len;
  if (apart) {
    *apart = best && best_len < static_cast<int>(best->lemmas.size())
                 ? best_phrase
                 : -1;
  }
  return best;
}

// For a two-word verb trigger whose second word the verb at `t` governs
// later in the sentence, the phrase that holds it; else -1: "VERB PREP"
// when the verb has that preposition's phrase, "VERB NOUN" when the noun
// heads its object ("dropped its investigation", "imposed new sanctions").
int SentenceEvents::FramePhrase(const Trigger& trig, int t, int end) const {
  if (trig.noun || trig.lemmas.size() != 2 || !view_.HasParse(t)) return -1;
  const std::string& second = trig.lemmas[1];
  if (Prepositions().count(second)) {
    const int phrase = PhraseWithPreposition(t, second);
    return phrase > t && phrase < end ? phrase : -1;
  }
  for (int d : view_.Dependents(t)) {
    if (d <= t || d >= end || view_.Deprel(d) != "obj") continue;
    // A noun: "told visiting officials" has no visit.
    const std::string& upos = view_.doc().tokens(d).upos();
    if (!upos.empty() && upos != "NOUN") continue;
    const std::vector<std::string> c = LemmaCandidates(view_.Norm(d));
    if (std::find(c.begin(), c.end(), second) != c.end()) return d;
  }
  return -1;
}

// Whether the verb at `t` heads a finite clause: not an infinitive ("to
// open", "to reach") or a bare gerund ("opening", "ending"); "is opening"
// and "has opened" are finite.
bool SentenceEvents::IsFiniteVerb(int t) const {
  if (t > 0 && view_.Norm(t - 1) == "to") return false;
  bool auxiliary = false;
  if (view_.HasParse(t)) {
    for (int d : view_.Dependents(t)) {
      const std::string& rel = view_.Deprel(d);
      if (rel == "mark" && view_.Norm(d) == "to") return false;
      if (rel == "aux" || rel == "aux:pass") auxiliary = true;
    }
  }
  const std::string& word = view_.Norm(t);
  const bool gerund =
      word.size() > 4 && word.compare(word.size() - 3, 3, "ing") == 0;
  return !gerund || auxiliary;
}

// Nouns follow determiners and possessives; verbs follow subjects.
bool SentenceEvents::KindFits(const Trigger& trig, int t) const {
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
    // "Chilean protests", "Hong Kong protests", "US sanctions": an actor
    // before the noun, as a possessive would be.
    const int before = t > 0 ? view_.MentionAt(t - 1) : -1;
    const bool after_actor = before >= 0 && view_.IsActorMention(before);
    return !past && (after_determiner || modified || after_actor ||
                     trig.lemmas.size() > 1 ||
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

// The tagger's part of speech agrees with the trigger's kind: a verb
// trigger has a verb ("striking" as an adjective, "yields" as a noun are
// not acts), a noun trigger a noun. Untagged text passes.
bool SentenceEvents::PosFits(const Trigger& trig, int t, int len) const {
  bool tagged = false;
  for (int k = t; k < t + len; ++k) {
    const std::string& upos = view_.doc().tokens(k).upos();
    if (upos.empty()) continue;
    tagged = true;
    if (trig.noun ? (upos == "NOUN" || upos == "PROPN")
                  : (upos == "VERB" || upos == "AUX")) {
      return true;
    }
  }
  return !tagged;
}

// A noun trigger governed by "following", "after", "since", "amid",
// "despite", "in response to", "in retaliation for", "in the wake of".
bool SentenceEvents::DatedWithin(int from, int hi) const {
  for (int k = from; k < hi && k < from + 8; ++k) {
    const int m = view_.MentionAt(k);
    if (m >= 0 && view_.doc().mentions(m).type() == v1::Entity::DATE)
      return true;
  }
  return false;
}

bool SentenceEvents::IsBackgroundNoun(int t, int lo) const {
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

// Whether the trigger at `t` acts on something published (its object, or
// a noun trigger's "of" phrase, is a word of resources/words/
// published-things.txt: "material", "report", "video").
bool SentenceEvents::ActsOnPublishedThing(int t) const {
  if (!view_.HasParse(t)) return false;
  static const auto* kThings = &WordList("published-things");
  for (int d : view_.Dependents(t)) {
    const std::string& rel = view_.Deprel(d);
    const bool object =
        rel == "obj" || rel == "nsubj:pass" ||
        ((rel == "nmod" || rel.rfind("nmod:", 0) == 0) && CaseOf(d) == "of");
    if (!object) continue;
    for (const std::string& lemma : LemmaCandidates(view_.Norm(d))) {
      if (kThings->count(lemma)) return true;
    }
  }
  return false;
}

// Whether the noun at `t` is the object (or the "of" phrase of the object)
// of a verb of avoiding, resisting or blocking
// (resources/words/avoidance-verbs.txt).
bool SentenceEvents::IsAvoidedNoun(int t) const {
  if (!view_.HasParse(t)) return false;
  // "blocking the delivery of aid": the "of" phrase of the object.
  if (IsRelation(view_.Deprel(t), "nmod") && CaseOf(t) == "of" &&
      view_.Head(t) != t) {
    t = view_.Head(t);
  }
  if (view_.Deprel(t) != "obj") return false;
  static const auto* kVerbs = &WordList("avoidance-verbs");
  for (const std::string& lemma : LemmaCandidates(view_.Norm(view_.Head(t)))) {
    if (kVerbs->count(lemma)) return true;
  }
  return false;
}

// "consults", "attacks": a verb form of the simple present's third person
// ("discuss", "focus", "this" are not).
static bool IsPresentSingular(const std::string& form) {
  return form.size() > 3 && form.back() == 's' &&
         form[form.size() - 2] != 's' && form[form.size() - 2] != 'u' &&
         form[form.size() - 2] != 'i';
}

// Whether the verb at `v` has a finite clause for complement: one with an
// auxiliary or copula, or a verb marked for tense or person ("said he
// was", "suggesting he had been murdered", "suggests it knows").
bool SentenceEvents::AssertsAFact(int v) const {
  if (!view_.HasParse(v)) return false;
  for (int c : view_.Dependents(v)) {
    if (c < v) continue;
    // A clause: a complement, or whatever the parser called a phrase that
    // has a subject of its own ("that Uganda was behind ...").
    bool clause = view_.Deprel(c) == "ccomp", finite = false;
    for (int d : view_.Dependents(c)) {
      const std::string& rel = view_.Deprel(d);
      if (rel == "nsubj" || rel == "nsubj:pass") clause = true;
      if (rel == "aux" || rel == "aux:pass" || rel == "cop") finite = true;
    }
    if (!clause) continue;
    if (finite) return true;
    const std::string& form = view_.Norm(c);
    const bool tensed =
        form.size() > 3 && (form.compare(form.size() - 2, 2, "ed") == 0 ||
                            IsPresentSingular(form));
    return tensed || form == "is" || form == "was" || form == "are" ||
           form == "were" || form == "has" || form == "had";
  }
  return false;
}

// Whether an auxiliary marked for tense or mood follows within the clause
// after `from` ("suggested the reason residents are refusing", "suggesting
// he might leave"), for when the parser hung that clause elsewhere; not
// the mandative "should" or bare "be" of a proposal ("that talks be held").
bool SentenceEvents::FiniteAuxiliaryFollows(int from, int hi) const {
  for (int k = from; k < hi && k < from + 10; ++k) {
    const std::string& w = view_.Norm(k);
    if (view_.doc().tokens(k).upos() == "PUNCT" ||
        IsClauseBoundary(view_.Surface(k)))
      break;
    if (view_.doc().tokens(k).upos() != "AUX") continue;
    if (w == "should" || w == "shall" || w == "be") continue;
    return true;
  }
  return false;
}

// Whether the verb at `v` has a clause for complement ("demonstrates
// that ...").
bool SentenceEvents::HasClauseComplement(int v) const {
  if (!view_.HasParse(v)) return false;
  for (int c : view_.Dependents(v)) {
    if (c > v && view_.Deprel(c) == "ccomp") return true;
  }
  return false;
}

bool SentenceEvents::WarnsSomeone(int v, int hi) const {
  if (view_.HasParse(v)) {
    for (int d : view_.Dependents(v)) {
      const std::string& rel = view_.Deprel(d);
      if ((rel == "obj" || rel == "iobj") && PhraseActor(d) != nullptr)
        return true;
    }
  }
  for (int k = v + 1; k < hi && k <= v + 30; ++k) {
    const std::string& w = view_.Norm(k);
    if (w == "if" || w == "unless") return true;
  }
  return false;
}

void SentenceEvents::Run(int s_index, std::vector<v1::Event>& events) const {
  const v1::Sentence& sent = view_.doc().sentences(s_index);
  const int lo = sent.first_token();
  const int hi = lo + sent.token_count();
  int t = lo;
  int previous_trigger_end = -1;  // of this sentence's last event
  // The nouns of "VERB NOUN" triggers matched apart ("dropped an
  // investigation"): part of that event, not events of their own.
  std::vector<int> taken;
  while (t < hi) {
    int len = 0, apart = -1;
    const Trigger* trig = MatchAt(t, hi, &len, &apart);
    if (!trig || std::find(taken.begin(), taken.end(), t) != taken.end()) {
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
    // "the release of classified material", "released the report": what is
    // released is published, not set free.
    if (trig->type == v1::Event::RETREAT && ActsOnPublishedThing(t)) {
      t += len;
      continue;
    }
    // "has avoided extradition", "is battling extradition", "avoided
    // criticism of teachers": an act someone escapes or resists has not
    // happened.
    if (trig->noun && IsAvoidedNoun(t)) {
      t += len;
      continue;
    }
    // "following the attack", "in retaliation for the raid": a noun after
    // these is the background of the sentence's event, reported where the
    // text tells it; unless dated here ("after Russia's invasion of
    // Ukraine on 24 February 2022"), when it is the record of that event.
    if (trig->noun && IsBackgroundNoun(t, lo) && !DatedWithin(t + len, hi)) {
      t += len;
      continue;
    }
    // "admitted that the delegation was not at the level", "admitted it
    // had a programme": admitting a fact is a statement; CONCEDE is
    // yielding ("admitted responsibility").
    if (trig->type == v1::Event::CONCEDE && !trig->noun &&
        ((t + len < hi && view_.Norm(t + len) == "that") || AssertsAFact(t))) {
      t += len;
      continue;
    }
    // "suggested that he might leave": proposing states a fact when its
    // clause is finite; a proposal's clause is bare ("suggested that
    // Beijing resume buying").
    if (trig->type == v1::Event::AGREE && !trig->noun &&
        trig->lemmas.front() == "suggest" &&
        (AssertsAFact(t) || FiniteAuxiliaryFollows(t + len, hi))) {
      t += len;
      continue;
    }
    // "Scissors, who consults with administration officials, said": a
    // relative clause in the simple present tells what someone habitually
    // does or is, not an act of the news.
    if (!trig->noun && view_.HasParse(t) &&
        view_.Deprel(TriggerHead(t, t + len)) == "acl:relcl" &&
        IsPresentSingular(view_.Norm(TriggerHead(t, t + len)))) {
      t += len;
      continue;
    }
    // "recognize that such concessions would be a mistake": endorsing a
    // fact is an opinion; support is given to a party or a course.
    if (trig->type == v1::Event::SUPPORT && !trig->noun &&
        ((t + len < hi && view_.Norm(t + len) == "that" &&
          view_.doc().tokens(t + len).upos() == "SCONJ") ||
         AssertsAFact(t))) {
      t += len;
      continue;
    }
    // "the case demonstrates that ...", "as demonstrated by his
    // departure": a protest verb with a clause for complement, or in the
    // passive, shows or argues; people protest, nothing is protested by.
    if (trig->type == v1::Event::PROTEST && !trig->noun &&
        (HasClauseComplement(t) || IsPassive(t) || HasAgentPhrase(t))) {
      t += len;
      continue;
    }
    // A warning threatens when it is given to a party ("warned Uganda
    // against") or on a condition ("warned that it would act if ...");
    // otherwise it forecasts ("the IMF warned that the deficit was too
    // large").
    if (trig->type == v1::Event::THREATEN && trig->lemmas.front() == "warn" &&
        !WarnsSomeone(t, hi)) {
      t += len;
      continue;
    }
    // A promise of action against someone is a threat ("pledged to take
    // decisive action against them", "vowed to retaliate against").
    Trigger threat;
    if (trig->type == v1::Event::AGREE && !trig->noun &&
        (trig->lemmas.front() == "promise" ||
         trig->lemmas.front() == "pledge" || trig->lemmas.front() == "vow")) {
      for (int k = t + len; k < hi && k < t + len + 12; ++k) {
        if (IsClauseBoundary(view_.Surface(k))) break;
        if (view_.Norm(k) == "against") {
          threat = *trig;
          threat.type = v1::Event::THREATEN;
          threat.target_preposition = "against";
          trig = &threat;
          break;
        }
      }
    }
    BuildEvent(*trig, t, t + len, lo, hi, events);
    if (apart > t && !trig->object_noun &&
        !Prepositions().count(trig->lemmas.back()))
      taken.push_back(apart);
    t += len;
    previous_trigger_end = t;
    // "agreed to hold talks", "refused to meet", "called for an end to the
    // war": the complement is part of this event, not one of its own.
    if (trig->type == v1::Event::AGREE || trig->type == v1::Event::REQUEST ||
        trig->type == v1::Event::REJECT || trig->type == v1::Event::THREATEN) {
      t = std::min(hi, t + 4);
    }
  }
  ModalDemands(lo, hi, events);
  WantDemands(lo, hi, events);
  EvaluativeAccusations(lo, hi, events);
}

}  // namespace eventwire::assemble
