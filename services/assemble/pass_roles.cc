// Pass: the event's source and target from the actors around its trigger.
#include <algorithm>
#include <cctype>

#include "event_assembler.h"
#include "quote_finder.h"
#include "sentence_events.h"

namespace eventwire::assemble {

bool SentenceEvents::IsLightVerb(const std::string& word) {
  static const auto* kVerbs = &WordList("light-verbs");
  return kVerbs->count(word) > 0;
}

bool SentenceEvents::PrecededByPreposition(int t, int lo) const {
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
    // "On Thursday Zelensky accused": the date is the preposition's object.
    const int m = view_.MentionAt(k);
    if (m >= 0 && m != view_.MentionAt(t) &&
        (view_.doc().mentions(m).type() == v1::Entity::DATE ||
         view_.doc().mentions(m).type() == v1::Entity::TIME)) {
      return false;
    }
    if (!Determiners().count(w) && m < 0) return false;
  }
  return false;
}

// Offices and bodies that act for what follows their "of".
bool SentenceEvents::IsOfficeNoun(const std::string& word) {
  static const auto* kWords = &WordList("office-nouns");
  return kWords->count(word) > 0;
}

bool SentenceEvents::IsPartitive(const std::string& word) {
  static const auto* kWords = &WordList("partitive-nouns");
  return kWords->count(word) > 0 ||
         (!word.empty() && std::isdigit(static_cast<unsigned char>(word[0])));
}

// The event's source: both parties after "between", a light verb's
// subject, a possessive before a noun, the agent after "by", the subject,
// the speaker of a quote, a group noun. May also set the target (the
// recipient of a light verb, the subject of a passive). True when the
// source is tied to the trigger by one of the first four or a possessive
// pronoun; false when it is only the nearest actor around it, or none.
bool SentenceEvents::FindSource(const Trigger& trig, const Frame& f,
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
  // Whether a support verb or a possessive pronoun ties the noun to a
  // subject found further on ("Gunmen carried out an attack", "Kenya
  // reiterated its demand").
  bool tied_to_subject = false;
  // A noun after a light verb ("the EU gave Ivory Coast $5 million of aid",
  // "Israel launched an attack on ..."): the verb's subject is the source,
  // an actor between verb and noun the recipient.
  if (source.empty() && trig.noun) {
    for (int v = ts - 1; v >= left_lo && v >= ts - 8; --v) {
      if (!IsLightVerb(view_.Norm(v))) continue;
      tied_to_subject = true;
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
      if (view_.doc().tokens(k).upos() == "PRON") tied_to_subject = true;
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
  if (!source.empty()) return true;
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
  // Inside a quotation the speaker acts when the verb's subject is "I" or
  // "we", or the parse gives it none; not when it names someone else
  // ("security forces who kill protesters").
  if (source.empty() && speaker && !SubjectIsSomeoneElse(trig, f))
    source.push_back(speaker);
  if (source.empty() && !quoted) {
    // "Police arrested ...", "Seven opposition parties in Nepal have
    // organized a strike": the nearest group noun before the trigger that
    // is no prepositional object.
    for (int k = ts - 1; k >= left_lo && k >= ts - 8 && source.empty(); --k) {
      if (PrecededByPreposition(k, left_lo)) continue;
      if (const v1::Entity* g = GroupActor(k, lo, hi)) source.push_back(g);
    }
  }
  return tied_to_subject;
}

// Whether the subject of `v` has a pronoun for its possessor ("their
// forces", "his lawyer") or, unless `possessor_only`, is one ("he").
bool SentenceEvents::SubjectHasPronoun(int v, bool possessor_only) const {
  for (int d : view_.Dependents(v)) {
    if (view_.Deprel(d) != "nsubj") continue;
    if (!possessor_only && view_.doc().tokens(d).upos() == "PRON") return true;
    for (int p : view_.Dependents(d)) {
      if (view_.Deprel(p) == "nmod:poss" &&
          view_.doc().tokens(p).upos() == "PRON") {
        return true;
      }
    }
  }
  return false;
}

// Who reports the clause the trigger is in: the subject of the speech verb
// above it. None when the reported clause's subject is or has a pronoun
// ("Trump said he would raise tariffs", "the Serbs said their forces had
// completed their withdrawal": the reporter's own act), when the noun is
// what the speech verb says ("reiterated its demand"), or when the
// reporter is named through the actor ("his lawyer said").
std::vector<const v1::Entity*> SentenceEvents::ReportersOf(
    const Frame& f) const {
  std::vector<const v1::Entity*> reporters;
  if (!view_.HasParse(f.ts)) return reporters;
  int t = TriggerHead(f.ts, f.te);
  for (int steps = 0; steps < 6; ++steps) {
    const int up = view_.Head(t);
    if (up < 0 || up == t) break;
    if (IsSpeechVerb(view_.Norm(up))) {
      if (view_.Deprel(t) != "obj" && !SubjectHasPronoun(up, true))
        VerbSubject(up, 0, reporters);
      break;
    }
    if (SubjectHasPronoun(up, false)) break;
    t = up;
  }
  return reporters;
}

// The subject token of a verb trigger's head; -1 when there is none or the
// trigger is a noun.
int SentenceEvents::TriggerSubject(const Trigger& trig, const Frame& f) const {
  if (trig.noun || !view_.HasParse(f.ts)) return -1;
  for (int d : view_.Dependents(TriggerHead(f.ts, f.te))) {
    const std::string& rel = view_.Deprel(d);
    if (rel == "nsubj" || rel == "nsubj:pass") return d;
  }
  return -1;
}

bool SentenceEvents::SubjectIsSomeoneElse(const Trigger& trig,
                                          const Frame& f) const {
  if (trig.noun || !view_.HasParse(f.ts)) return false;
  const int subject = TriggerSubject(trig, f);
  if (subject >= 0) return !IsFirstPerson(view_.Norm(subject));
  // A relative clause's subject is the noun it describes.
  return view_.Deprel(TriggerHead(f.ts, f.te)).rfind("acl", 0) == 0;
}

bool SentenceEvents::SubjectIsFirstPerson(const Trigger& trig,
                                          const Frame& f) const {
  const int subject = TriggerSubject(trig, f);
  return subject >= 0 && IsFirstPerson(view_.Norm(subject));
}

// The event's target: the object after the trigger's preposition or a
// verb's direct object, a complement's object, a group noun after the
// verb.
void SentenceEvents::FindTarget(const Trigger& trig, const Frame& f,
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
      if (by_at >= 0 && k > by_at) break;  // the agent, not the target
      if (const v1::Entity* g = GroupActor(k, lo, hi)) {
        if (std::find(source.begin(), source.end(), g) == source.end())
          target.push_back(g);
      }
    }
  }
}

void RemoveParties(std::vector<const v1::Entity*>& from,
                   const std::vector<const v1::Entity*>& parties) {
  from.erase(std::remove_if(from.begin(), from.end(),
                            [&](const v1::Entity* e) {
                              return std::find(parties.begin(), parties.end(),
                                               e) != parties.end();
                            }),
             from.end());
}

// Parties named together meet each other; no self-directed targets, nor
// the source's own state beside others. False when the event is not
// coded (no actor; a meeting noun without parties).
bool SentenceEvents::SettleRoles(const Trigger& trig,
                                 std::vector<const v1::Entity*>& source,
                                 std::vector<const v1::Entity*>& target,
                                 bool agentless) const {
  // Meetings between parties named together: "Russia and Ukraine met".
  if (target.empty() && source.size() >= 2 && IsSymmetric(trig.type)) {
    target.push_back(source.back());
    source.pop_back();
  }
  // An act without an actor is not coded, unless the sentence leaves the
  // actor unsaid.
  if (source.empty() && (!agentless || target.empty())) return false;
  // A meeting or agreement noun names both parties ("talks with Russia");
  // "peace talks" alone is a topic, not an event.
  if (trig.noun && target.empty() && IsSymmetric(trig.type)) return false;
  // Self-directed events are noise.
  RemoveParties(target, source);
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

}  // namespace eventwire::assemble
