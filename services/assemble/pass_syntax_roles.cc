// Pass: the event's source and target read off the dependency parse (the
// subject or a passive's agent acts; the object, a passive's subject or the
// complement of the frame's preposition undergoes). Where the parse names
// no actor for a role, the window rules of pass_roles.cc decide it.
#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <map>
#include <string_view>

#include "absl/strings/match.h"
#include "eventwire/text.h"
#include "sentence_events.h"

namespace eventwire::assemble {

bool IsRelation(const std::string& deprel, std::string_view base) {
  return deprel.size() >= base.size() &&
         std::string_view(deprel).substr(0, base.size()) == base &&
         (deprel.size() == base.size() || deprel[base.size()] == ':');
}

namespace {

// How many phrases below a verb's object its target may sit.
constexpr int kObjectPhraseDepth = 1;

// Prepositions that introduce whom an act is aimed at.
bool IsTargetCase(const std::string& word) {
  return word == "with" || word == "to" || word == "against" || word == "on" ||
         word == "into" || word == "toward" || word == "towards" ||
         word == "for";
}

bool IsRelativePronoun(const std::string& word) {
  return word == "who" || word == "which" || word == "that" || word == "whom";
}

void AddUnique(const v1::Entity* e, std::vector<const v1::Entity*>& out) {
  if (e && std::find(out.begin(), out.end(), e) == out.end()) out.push_back(e);
}

}  // namespace

// The token of a trigger phrase that the rest of the sentence hangs from.
int SentenceEvents::TriggerHead(int ts, int te) const {
  for (int k = ts; k < te; ++k) {
    const int h = view_.Head(k);
    if (h == k || h < ts || h >= te) return k;
  }
  return ts;
}

// The preposition (case marker) of a nominal, or "".
const std::string& SentenceEvents::CaseOf(int t) const {
  static const std::string kNone;
  for (int d : view_.Dependents(t)) {
    if (view_.Deprel(d) == "case") return view_.Norm(d);
  }
  return kNone;
}

// Whether a subordinator introduces the clause at `v` ("after meeting").
bool SentenceEvents::HasAnyMarker(int v) const {
  for (int d : view_.Dependents(v)) {
    if (view_.Deprel(d) == "mark") return true;
  }
  return false;
}

// The preposition of a phrase, also where the parser hung it on a title
// or name before the head ("by US Secretary of State Mike Pompeo").
const std::string& SentenceEvents::PhraseCase(int t) const {
  const std::string& own = CaseOf(t);
  if (!own.empty()) return own;
  for (int d : view_.Dependents(t)) {
    const std::string& rel = view_.Deprel(d);
    if (d < t && (rel == "nmod:desc" || rel == "compound")) {
      const std::string& modifier = CaseOf(d);
      if (!modifier.empty()) return modifier;
    }
  }
  return own;
}

// The phrase that `preposition` introduces under the verb at `v`: its
// oblique, or one the parser hung on the verb's object or another of its
// phrases instead ("fired round after round of teargas at protesters");
// -1 when there is none.
int SentenceEvents::PhraseWithPreposition(
    int v, const std::string& preposition) const {
  for (int d : view_.Dependents(v)) {
    const std::string& rel = view_.Deprel(d);
    if (IsRelation(rel, "obl") && rel != "obl:agent" &&
        CaseOf(d) == preposition) {
      return d;
    }
  }
  for (int d : view_.Dependents(v)) {
    const std::string& rel = view_.Deprel(d);
    if (rel != "obj" && !IsRelation(rel, "obl")) continue;
    std::vector<int> nominals = {d};
    for (int depth = 0; depth < 3 && !nominals.empty(); ++depth) {
      std::vector<int> next;
      for (int n : nominals) {
        for (int c : view_.Dependents(n)) {
          if (!IsRelation(view_.Deprel(c), "nmod")) continue;
          if (CaseOf(c) == preposition) return c;
          next.push_back(c);
        }
      }
      nominals = std::move(next);
    }
  }
  return -1;
}

// The actor a nominal headed at `head` stands for: a name or pronoun, a
// body or office named by its modifier ("China's ambassador", "the Chinese
// government", "Hong Kong police", "the government of Pakistan"), a name in
// apposition, or a group noun.
// A dateline opening the sentence ("HANOI, Vietnam (AP) —") tells where
// the report was filed; the parser may still hang it on the verb.
bool SentenceEvents::InDateline(int t) const {
  const v1::Sentence& sent = view_.doc().sentences(view_.SentenceOf(t));
  const int lo = static_cast<int>(sent.first_token());
  const int hi = lo + static_cast<int>(sent.token_count());
  std::vector<std::string_view> words;
  for (int k = lo; k < hi && k <= lo + 15; ++k)
    words.push_back(view_.Surface(k));
  return t < lo + static_cast<int>(DatelineLength(words));
}

const v1::Entity* SentenceEvents::PhraseActor(int head, bool framed,
                                              int* found_at) const {
  if (found_at) *found_at = head;
  if (InDateline(head)) return nullptr;
  const int m = view_.MentionAt(head);
  if (m >= 0 && view_.IsActorMention(m)) {
    if (!framed && IsPlacePhrase(view_.MentionFirst(m))) return nullptr;
    return view_.EntityOf(m);
  }
  if (const v1::Entity* e = ActorEntityAt(head)) return e;
  // "a New York man": a person from the place, coded by its country.
  if (const v1::Entity* person = PersonFromPlace(head)) return person;
  // Names inside the phrase, over its modifiers (not its clauses or other
  // prepositional phrases): a name in apposition or after a title first
  // ("prime minister Andreas Papandreou"), then a possessive ("China's
  // ambassador"), a name or nationality before the noun ("the U.N. war
  // crimes court", "the Chinese government"), the "of" of an office ("the
  // government of Pakistan").
  const v1::Entity* best = nullptr;
  int best_rank = 0;
  std::vector<int> frontier = {head};
  for (int depth = 0; depth < 3 && !frontier.empty(); ++depth) {
    std::vector<int> next;
    for (int node : frontier) {
      for (int d : view_.Dependents(node)) {
        const std::string& rel = view_.Deprel(d);
        int rank = 0;
        if (rel == "appos" || rel == "flat" || rel == "nmod:desc") {
          rank = 5;
        } else if (rel == "nmod:poss") {
          rank = 4;
        } else if (rel == "compound") {
          rank = 3;
        } else if (IsRelation(rel, "nmod") && CaseOf(d) == "of" &&
                   IsOfficeNoun(view_.Norm(node))) {
          rank = 2;
        } else if (rel == "amod") {
          rank = 1;
        }
        if (rank == 0) continue;
        next.push_back(d);
        if (rank <= best_rank || InDateline(d)) continue;
        const int md = view_.MentionAt(d);
        const v1::Entity* e = nullptr;
        if (md >= 0 && view_.IsActorMention(md)) {
          e = view_.EntityOf(md);
        } else if (rel == "nmod:poss") {
          e = ActorEntityAt(d);
          if (!e) e = DefiniteBodyAt(d);
        }
        if (e) {
          best = e;
          best_rank = rank;
          if (found_at) *found_at = d;
        }
      }
    }
    frontier = std::move(next);
  }
  if (best) return best;
  return GroupActor(head, 0, view_.token_count());
}

const v1::Entity* SentenceEvents::DefiniteBodyAt(int t) const {
  if (view_.MentionAt(t) >= 0 || view_.doc().tokens(t).upos() != "NOUN")
    return nullptr;
  bool definite = false;
  for (int d : view_.Dependents(t))
    definite |= view_.Deprel(d) == "det" && view_.Norm(d) == "the";
  if (!definite) return nullptr;
  // Of the organisations so named before it, the one named most often (the
  // story's own, not the last one mentioned in passing).
  std::map<const v1::Entity*, int> named;
  const v1::Entity* best = nullptr;
  for (int m = 0; m < view_.doc().mentions_size(); ++m) {
    const int first = view_.MentionFirst(m);
    if (first < 0 || first >= t) continue;
    if (view_.doc().mentions(m).type() != v1::Entity::ORG) continue;
    const v1::Entity* e = view_.EntityOf(m);
    if (!e) continue;
    const int count = ++named[e];
    const int last = view_.MentionEnd(m) - 1;
    const bool headed = last >= first && view_.Norm(last) == view_.Norm(t);
    if (headed && (!best || count > named[best])) best = e;
  }
  return best;
}

// An unnamed person a place or nationality before the noun describes ("a
// New York man", "an Iraqi woman") as a group actor of that place's
// country (resources/words/person-nouns.txt); null otherwise.
const v1::Entity* SentenceEvents::PersonFromPlace(int head) const {
  static const auto* kNouns = &WordList("person-nouns");
  if (!kNouns->count(view_.Norm(head))) return nullptr;
  for (int d : view_.Dependents(head)) {
    const std::string& rel = view_.Deprel(d);
    if (d > head || (rel != "compound" && rel != "amod")) continue;
    const int m = view_.MentionAt(d);
    if (m < 0) continue;
    const auto type = view_.doc().mentions(m).type();
    if (type != v1::Entity::GPE && type != v1::Entity::NORP) continue;
    const v1::Entity* place = view_.EntityOf(m);
    if (!place || place->country().empty()) continue;
    return GroupOf(view_.Surface(head), view_.Norm(head), place->country());
  }
  return nullptr;
}

// The actors of a nominal and of the nominals coordinated with it ("the UK
// and the US").
void SentenceEvents::PhraseActors(int head, std::vector<const v1::Entity*>& out,
                                  bool framed) const {
  int at = head;
  AddUnique(PhraseActor(head, framed, &at), out);
  for (int d : view_.Dependents(head)) {
    if (view_.Deprel(d) == "conj") AddUnique(PhraseActor(d, framed), out);
  }
  // "the foreign ministers of Kenya and Uganda": the names coordinated
  // with the modifier that named the actor.
  if (at != head && out.size() == 1) {
    for (int d : view_.Dependents(at)) {
      if (view_.Deprel(d) == "conj") AddUnique(PhraseActor(d, framed), out);
    }
  }
}

// Who does what the verb at `v` says: its subject or a passive's agent;
// for a verb without its own subject, the controller of an infinitive
// ("Russia agreed to withdraw", "urged China to release"), the subject of
// the verb it is coordinated with, the noun a relative clause or a
// participle describes.
void SentenceEvents::VerbSubject(int v, int depth,
                                 std::vector<const v1::Entity*>& out) const {
  // One subject: the parser may give a clause two ("European Community
  // foreign ministers"); the nearest one before the verb that names an
  // actor is its subject, else the nearest group.
  std::vector<int> subjects;
  bool has_subject = false;
  // A passive subject the parser gave a verb that cannot be passive is
  // its subject ("Kenya is balking").
  const bool passive = IsPassive(v);
  for (int d : view_.Dependents(v)) {
    const std::string& rel = view_.Deprel(d);
    if (rel == "nsubj" || rel == "obl:agent" ||
        (rel == "nsubj:pass" && !passive)) {
      has_subject = true;
      subjects.push_back(d);
    }
    if (rel == "nsubj:pass" || rel == "expl") has_subject = true;
  }
  std::sort(subjects.begin(), subjects.end(), [v](int a, int b) {
    if ((a < v) != (b < v)) return a < v;
    return std::abs(a - v) < std::abs(b - v);
  });
  int subject = subjects.empty() ? -1 : subjects.front();
  for (int d : subjects) {
    const v1::Entity* e = PhraseActor(d);
    if (e && !e->id().empty()) {
      subject = d;
      break;
    }
  }
  // "police, who fired": a relative pronoun stands for the noun its clause
  // describes, or, where the parser lost the clause, the noun before it.
  if (subject >= 0 && IsRelativePronoun(view_.Norm(subject))) {
    int antecedent = -1;
    if (IsRelation(view_.Deprel(v), "acl")) {
      antecedent = view_.Head(v);
    } else if (subject > 0) {
      antecedent =
          view_.Surface(subject - 1) == "," ? subject - 2 : subject - 1;
    }
    if (antecedent >= 0) PhraseActors(antecedent, out);
    return;
  }
  if (subject >= 0) PhraseActors(subject, out);
  if (has_subject || depth > 3) return;
  const int h = view_.Head(v);
  if (h < 0 || h == v) return;
  const std::string& rel = view_.Deprel(v);
  if (rel == "xcomp") {
    for (int d : view_.Dependents(h)) {
      if (view_.Deprel(d) == "obj") {
        const size_t before = out.size();
        PhraseActors(d, out);
        if (out.size() > before) return;
      }
    }
    VerbSubject(h, depth + 1, out);
  } else if (rel == "conj") {
    VerbSubject(h, depth + 1, out);
  } else if (rel == "advcl" && absl::EndsWith(view_.Norm(v), "ing") &&
             !HasAnyMarker(v)) {
    // "He toured Asia, threatening them with tariffs": a participle
    // adjunct is done by its clause's subject.
    VerbSubject(h, depth + 1, out);
  } else if (rel == "acl:relcl" ||
             (rel == "acl" && absl::EndsWith(view_.Norm(v), "ing"))) {
    PhraseActors(h, out);
  }
}

// Whom the verb at `v` acts on: its object, a passive's subject, the
// complement of the frame's preposition; through an infinitive it governs
// ("threatened to impose sanctions on Russia").
void SentenceEvents::VerbObject(const Trigger& trig, int v, int depth,
                                const std::vector<const v1::Entity*>& acting,
                                std::vector<const v1::Entity*>& out) const {
  // The preposition the trigger's frame names comes first ("extradited
  // the militant to Britain"), then the object, then other prepositions
  // of direction.
  if (!trig.target_preposition.empty()) {
    const int framed = PhraseWithPreposition(v, trig.target_preposition);
    // A visit's place is where it went, and its state the host, which
    // the window pass decides.
    if (framed >= 0) PhraseActors(framed, out, trig.mode != "visit");
    RemoveParties(out, acting);
    if (!out.empty()) return;
  }
  for (int pass = 1; pass < 3 && out.empty(); ++pass) {
    for (int d : view_.Dependents(v)) {
      const std::string& rel = view_.Deprel(d);
      if (pass == 1 && (rel == "obj" || rel == "iobj" || rel == "nsubj:pass")) {
        PhraseActors(d, out);
        RemoveParties(out, acting);
        // "imposed sanctions on Russia", "demanded the withdrawal of
        // Serbian forces", "rejected Assange's attempt": whom the object
        // belongs to or is aimed at.
        if (out.empty()) ObjectPhraseParties(d, 0, acting, out);
      } else if (pass == 2 && IsRelation(rel, "obl") && rel != "obl:agent" &&
                 IsTargetCase(CaseOf(d))) {
        PhraseActors(d, out);
        RemoveParties(out, acting);
        if (out.empty()) ObjectPhraseParties(d, 0, acting, out);
      }
      if (!out.empty()) return;
    }
  }
  if (depth > 2) return;
  for (int d : view_.Dependents(v)) {
    if (view_.Deprel(d) == "xcomp") VerbObject(trig, d, depth + 1, acting, out);
    if (!out.empty()) return;
  }
}

// Whom an object that names no party belongs to or is aimed at: its
// possessive, "of" or directed phrase, a level or two down ("dropped its
// investigation into an allegation against Assange"); the source's own
// possessive does not count.
void SentenceEvents::ObjectPhraseParties(
    int n, int depth, const std::vector<const v1::Entity*>& acting,
    std::vector<const v1::Entity*>& out) const {
  for (int d : view_.Dependents(n)) {
    const std::string& rel = view_.Deprel(d);
    // "condemned the move announced by Pompeo": whose act it was.
    if (IsRelation(rel, "acl")) {
      for (int a : view_.Dependents(d)) {
        if (view_.Deprel(a) == "obl:agent" ||
            (IsRelation(view_.Deprel(a), "obl") && PhraseCase(a) == "by")) {
          PhraseActors(a, out);
        }
      }
      RemoveParties(out, acting);
      if (!out.empty()) return;
      continue;
    }
    if (rel != "nmod:poss" &&
        !(IsRelation(rel, "nmod") &&
          (CaseOf(d) == "of" || IsTargetCase(CaseOf(d))))) {
      continue;
    }
    PhraseActors(d, out);
    RemoveParties(out, acting);
    if (!out.empty()) return;
    if (depth < kObjectPhraseDepth)
      ObjectPhraseParties(d, depth + 1, acting, out);
    if (!out.empty()) return;
  }
}

// A nominal event's parties: a possessive, a nationality or name before it,
// "by" for the source; "of", "on", "against", "with" for the target; both
// after "between". Under a light verb ("launched an attack on", "held talks
// with") the verb's subject and prepositions count.
void SentenceEvents::NounRoles(const Trigger& trig, int n,
                               std::vector<const v1::Entity*>& source,
                               std::vector<const v1::Entity*>& target) const {
  for (int d : view_.Dependents(n)) {
    const std::string& rel = view_.Deprel(d);
    if (rel == "nmod:poss" || rel == "amod" || rel == "compound") {
      const int md = view_.MentionAt(d);
      if (md >= 0 && view_.IsActorMention(md))
        AddUnique(view_.EntityOf(md), source);
      else if (rel == "nmod:poss")
        AddUnique(ActorEntityAt(d), source);
    } else if (IsRelation(rel, "nmod")) {
      const std::string& c = PhraseCase(d);
      if (c == "by") {
        PhraseActors(d, source);
        // "the attack by Kenya on Uganda": the parser may hang the target
        // on the agent.
        for (int a : view_.Dependents(d)) {
          if (target.empty() && IsRelation(view_.Deprel(a), "nmod") &&
              (CaseOf(a) == trig.target_preposition ||
               IsTargetCase(CaseOf(a)))) {
            PhraseActors(a, target);
          }
        }
      } else if (c == "between") {
        std::vector<const v1::Entity*> parties;
        PhraseActors(d, parties);
        if (parties.size() >= 2) {
          AddUnique(parties[0], source);
          for (size_t i = 1; i < parties.size(); ++i)
            AddUnique(parties[i], target);
        }
      } else if (c == "of" || c == trig.target_preposition || IsTargetCase(c)) {
        if (target.empty()) PhraseActors(d, target);
      }
    }
  }
  const int h = view_.Head(n);
  if (h < 0 || h == n || view_.Deprel(n) != "obj" ||
      !IsLightVerb(view_.Norm(h))) {
    return;
  }
  if (source.empty()) VerbSubject(h, 0, source);
  if (target.empty()) {
    for (int d : view_.Dependents(h)) {
      const std::string& rel = view_.Deprel(d);
      if ((rel == "iobj" || (IsRelation(rel, "obl") && rel != "obl:agent" &&
                             IsTargetCase(CaseOf(d))))) {
        PhraseActors(d, target);
      }
    }
  }
}

// A verb trigger in the passive whose "by" phrase, if any, names no actor
// ("were killed by an improvised explosive device").
bool SentenceEvents::AgentlessPassive(
    const Trigger& trig, const Frame& f,
    const std::vector<const v1::Entity*>& parsed_source) const {
  if (trig.noun || !view_.HasParse(f.ts)) return false;
  return parsed_source.empty() && IsPassive(TriggerHead(f.ts, f.te));
}

// Whether a nominal trigger names an event of its own rather than the
// theme or circumstance of another word: not as a modifier ("the
// extradition bill"), and in a verb's prepositional phrase only with
// parties of its own ("faced investigations for", "in an investigation
// of" are not events; "after Kenya's invasion of Uganda" is). Decided on
// the development set: a noun as object or under a noun cost more events
// than it saved.
bool SentenceEvents::NominalEventStandsAlone(
    const Frame& f, const std::vector<const v1::Entity*>& source,
    const std::vector<const v1::Entity*>& target) const {
  if (!view_.HasParse(f.ts)) return true;
  const int n = TriggerHead(f.ts, f.te);
  const std::string& rel = view_.Deprel(n);
  if (IsRelation(rel, "compound")) return false;
  // "the battles are an existential threat to the regime": a noun said of
  // a subject characterises it ("is at a summit" says where it is).
  if (CaseOf(n).empty()) {
    for (int d : view_.Dependents(n)) {
      if (view_.Deprel(d) == "cop") return false;
    }
  }
  if (!source.empty() || !target.empty()) return true;
  return !IsRelation(rel, "obl");
}

// Whether the verb at `v` is passive; the parser may label a passive's
// subject nsubj, so its auxiliary counts too.
bool SentenceEvents::IsPassive(int v) const {
  // A present participle is never passive ("Beijing is balking"; in "is
  // being held" the passive verb is "held").
  const std::string& form = view_.Norm(v);
  if (form.size() > 4 && form.compare(form.size() - 3, 3, "ing") == 0)
    return false;
  for (int d : view_.Dependents(v)) {
    const std::string& rel = view_.Deprel(d);
    // A dateline the parser hung on the verb says nothing of its voice.
    if (rel == "aux:pass" || (rel == "nsubj:pass" && !InDateline(d))) {
      return true;
    }
  }
  // "was convicted and sentenced": a participle joined right after a
  // passive verb, with no subject, auxiliary or object of its own, shares
  // its voice ("caused by gunfire and called on the government", further
  // on, is the parser's misplaced clause, not a second passive).
  if (view_.Deprel(v) == "conj" && view_.Head(v) != v &&
      v - view_.Head(v) <= 2 && form.size() > 3 &&
      form.compare(form.size() - 2, 2, "ed") == 0) {
    for (int d : view_.Dependents(v)) {
      const std::string& rel = view_.Deprel(d);
      if (IsRelation(rel, "nsubj") || rel == "aux" || rel == "obj")
        return false;
    }
    return IsPassive(view_.Head(v));
  }
  return false;
}

// Whether the verb at `v` has a "by" phrase of a noun, as a passive's
// agent ("as demonstrated by his departure"; not "by marching").
bool SentenceEvents::HasAgentPhrase(int v) const {
  if (!view_.HasParse(v)) return false;
  for (int d : view_.Dependents(v)) {
    const std::string& rel = view_.Deprel(d);
    const std::string& pos = view_.doc().tokens(d).upos();
    if ((rel == "obl:agent" ||
         (IsRelation(rel, "obl") && PhraseCase(d) == "by")) &&
        (pos == "NOUN" || pos == "PROPN" || pos == "PRON")) {
      return true;
    }
  }
  return false;
}

// A passive's parties: its "by" phrase acts; its subject, or the subject
// it shares with the verb it depends on ("150 Indians returned after being
// deported", "the man arrested on Monday"), is acted on.
void SentenceEvents::PassiveRoles(
    int v, std::vector<const v1::Entity*>& source,
    std::vector<const v1::Entity*>& target) const {
  // The nearest subject (a dateline may hang another on the verb).
  int patient = -1;
  for (int d : view_.Dependents(v)) {
    const std::string& rel = view_.Deprel(d);
    if (rel == "obl:agent" ||
        (IsRelation(rel, "obl") && PhraseCase(d) == "by")) {
      PhraseActors(d, source);
    } else if ((rel == "nsubj" || rel == "nsubj:pass") && !InDateline(d) &&
               (patient < 0 || std::abs(d - v) < std::abs(patient - v))) {
      patient = d;
    }
  }
  if (patient >= 0) {
    if (!IsRelativePronoun(view_.Norm(patient))) {
      PhraseActors(patient, target);
      return;
    }
    VerbSubject(v, 0, target);  // the noun the relative pronoun stands for
    return;
  }
  const int h = view_.Head(v);
  if (h < 0 || h == v) return;
  const std::string& rel = view_.Deprel(v);
  if (rel == "acl" || rel == "acl:relcl") {
    PhraseActors(h, target);
  } else if (rel == "advcl" || rel == "conj" || rel == "xcomp") {
    VerbSubject(h, 1, target);
  }
}

void SentenceEvents::RolesFromParse(
    const Trigger& trig, const Frame& f, std::vector<const v1::Entity*>& source,
    std::vector<const v1::Entity*>& target) const {
  if (!view_.HasParse(f.ts)) return;
  const int head = TriggerHead(f.ts, f.te);
  if (trig.noun) {
    NounRoles(trig, head, source, target);
  } else if (IsPassive(head)) {
    PassiveRoles(head, source, target);
    // "was accused of ... by", "was charged with": a framed phrase names
    // no further party here.
  } else {
    VerbSubject(head, 0, source);
    VerbObject(trig, head, 0, source, target);
  }
  RemoveParties(target, source);
}

}  // namespace eventwire::assemble
