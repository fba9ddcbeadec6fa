// The per-sentence context the assembler's passes share: the document view,
// the trigger lexicon, actor lookups and each trigger's frame (its clause,
// the actors left and right of it, a passive's "by", the quote it sits in).
// The passes are its methods, a file each, run in this order for every
// trigger by BuildEvent (event_assembler.cc):
//   pass_triggers.cc    which words are event triggers (needs tokens,
//                       mentions; adds the trigger and its sentence)
//   pass_modality.cc    negated, hypothetical, future; conditional threats
//   pass_syntax_roles.cc source and target from the dependency parse
//   pass_roles.cc       source and target where the parse names no actor
//                       (needs the frame's actors, quotes)
//   pass_date_place.cc  the nearest date, the place after "in"/"at"
// sentence_context.cc holds the lookups the passes share.
#ifndef EVENTWIRE_SERVICES_ASSEMBLE_SENTENCE_EVENTS_H_
#define EVENTWIRE_SERVICES_ASSEMBLE_SENTENCE_EVENTS_H_

#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "doc_view.h"
#include "eventwire/word_list.h"
#include "trigger_lexicon.h"

namespace eventwire::assemble {

// Words several passes read.
const WordSet& Determiners();
const WordSet& Prepositions();
bool IsClauseBoundary(std::string_view s);

struct ActorRef {
  const v1::Entity* entity = nullptr;
  int token = -1;
};

// "I", "we", "us", "me": the speaker's own side.
bool IsFirstPerson(const std::string& norm);

// "not", "never", "n't", "failed", "unable": a word that denies what follows.
bool IsNegation(const std::string& norm);

// A dependency relation with its subtype ("obl:agent") or without ("obl").
bool IsRelation(const std::string& deprel, std::string_view base);

// A trigger for a reading no lexicon entry carries ("must", "want ... to"),
// made once and kept for the process's life.
const Trigger* NewTrigger(v1::Event::Type type,
                          std::vector<std::string> lemmas);

// Removes from `from` every entity `parties` holds: one party is not in
// both roles.
void RemoveParties(std::vector<const v1::Entity*>& from,
                   const std::vector<const v1::Entity*>& parties);

class SentenceEvents {
 public:
  SentenceEvents(const DocView& view, const TriggerLexicon& lexicon)
      : view_(view),
        lexicon_(lexicon),
        dominant_country_(DominantCountry(view)) {}

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

  // pass_triggers.cc: appends the events of sentence s_index.
  void Run(int s_index, std::vector<v1::Event>& events) const;
  // The trigger at `t` and its length in tokens; `apart` (when given) is
  // the token of its second word when that was found apart in the parse
  // ("dropped its investigation"), else -1.
  const Trigger* MatchAt(int t, int end, int* length,
                         int* apart = nullptr) const;
  bool IsFiniteVerb(int t) const;
  bool IsAvoidedNoun(int t) const;
  bool ActsOnPublishedThing(int t) const;
  bool KindFits(const Trigger& trig, int t) const;
  bool PosFits(const Trigger& trig, int t, int len) const;
  int FramePhrase(const Trigger& trig, int t, int end) const;
  bool DatedWithin(int from, int hi) const;
  bool IsBackgroundNoun(int t, int lo) const;

  // pass_modality.cc: modality from the words before the trigger at ts; a
  // coercive act announced on a condition becomes a threat.
  v1::Event::Modality ModalityBefore(int ts, int lo) const;
  void ConditionalThreat(const Frame& f, v1::Event& ev) const;

  // pass_roles.cc: the event's source and target; false when the event is
  // not coded.
  bool FindSource(const Trigger& trig, const Frame& f,
                  std::vector<const v1::Entity*>& source,
                  std::vector<const v1::Entity*>& target) const;
  void FindTarget(const Trigger& trig, const Frame& f,
                  const std::vector<const v1::Entity*>& source,
                  std::vector<const v1::Entity*>& target) const;
  // `agentless`: a passive that names no actor ("three soldiers were
  // killed"), coded with its target alone.
  bool SettleRoles(const Trigger& trig, std::vector<const v1::Entity*>& source,
                   std::vector<const v1::Entity*>& target,
                   bool agentless = false) const;
  bool PrecededByPreposition(int t, int lo) const;
  static bool IsLightVerb(const std::string& word);
  static bool IsOfficeNoun(const std::string& word);
  static bool IsPartitive(const std::string& word);

  // pass_syntax_roles.cc: source and target from the dependency parse;
  // a role the parse does not fill stays empty.
  void RolesFromParse(const Trigger& trig, const Frame& f,
                      std::vector<const v1::Entity*>& source,
                      std::vector<const v1::Entity*>& target) const;
  int TriggerHead(int ts, int te) const;
  bool DatesAnotherClause(int t, int v) const;
  bool IsAllegedAct(int ts, int te) const;
  bool DeclinesComment(const Trigger& trig, int ts, int te) const;
  const v1::Entity* PlaceInSentence(int lo, int hi) const;
  bool AgentlessPassive(
      const Trigger& trig, const Frame& f,
      const std::vector<const v1::Entity*>& parsed_source) const;
  bool IsPassive(int v) const;
  bool AssertsAFact(int v) const;
  bool HasClauseComplement(int v) const;
  bool FiniteAuxiliaryFollows(int from, int hi) const;
  bool HasAgentPhrase(int v) const;
  int TriggerSubject(const Trigger& trig, const Frame& f) const;
  // Whether the verb's subject is "I" or "we" ("we attacked").
  bool SubjectIsFirstPerson(const Trigger& trig, const Frame& f) const;
  bool SubjectIsSomeoneElse(const Trigger& trig, const Frame& f) const;
  std::vector<const v1::Entity*> ReportersOf(const Frame& f) const;
  bool SubjectHasPronoun(int v, bool possessor_only) const;
  bool WarnsSomeone(int v, int hi) const;
  bool NominalEventStandsAlone(
      const Frame& f, const std::vector<const v1::Entity*>& source,
      const std::vector<const v1::Entity*>& target) const;
  void PassiveRoles(int v, std::vector<const v1::Entity*>& source,
                    std::vector<const v1::Entity*>& target) const;
  const std::string& CaseOf(int t) const;
  const std::string& PhraseCase(int t) const;
  bool HasAnyMarker(int v) const;
  int PhraseWithPreposition(int v, const std::string& preposition) const;
  bool InDateline(int t) const;
  // `framed`: the phrase the trigger's own preposition introduces, where
  // a place is a party ("fired at Seoul"), not where it happened.
  // `found_at`: the token whose name or modifier gave the actor.
  const v1::Entity* PhraseActor(int head, bool framed = false,
                                int* found_at = nullptr) const;
  void PhraseActors(int head, std::vector<const v1::Entity*>& out,
                    bool framed = false) const;
  void VerbSubject(int v, int depth, std::vector<const v1::Entity*>& out) const;
  // `acting`: the source, never its own target.
  void VerbObject(const Trigger& trig, int v, int depth,
                  const std::vector<const v1::Entity*>& acting,
                  std::vector<const v1::Entity*>& out) const;
  void ObjectPhraseParties(int n, int depth,
                           const std::vector<const v1::Entity*>& acting,
                           std::vector<const v1::Entity*>& out) const;
  void NounRoles(const Trigger& trig, int n,
                 std::vector<const v1::Entity*>& source,
                 std::vector<const v1::Entity*>& target) const;

  // pass_date_place.cc
  void SetDateAndPlace(const Trigger& trig, const Frame& f,
                       const std::vector<const v1::Entity*>& source,
                       const std::vector<const v1::Entity*>& target,
                       v1::Event& ev) const;

  // event_assembler.cc: one trigger through the passes into an event.
  void BuildEvent(const Trigger& trig, int ts, int te, int lo, int hi,
                  std::vector<v1::Event>& events) const;
  void EmitEvent(const Trigger& trig, const Frame& f,
                 v1::Event::Modality modality,
                 const std::vector<const v1::Entity*>& source,
                 const std::vector<const v1::Entity*>& target,
                 std::vector<v1::Event>& events) const;

  // pass_demands.cc: demands made with "must".
  void ModalDemands(int lo, int hi, std::vector<v1::Event>& events) const;
  void WantDemands(int lo, int hi, std::vector<v1::Event>& events) const;

  // pass_evaluations.cc: accusations made by calling a party or its act
  // something bad.
  void EvaluativeAccusations(int lo, int hi,
                             std::vector<v1::Event>& events) const;
  std::string NegativeEvaluation(int p) const;
  bool AffirmedPredicate(int w) const;
  bool IntroducedByPreposition(int d) const;
  bool HasNumber(int n) const;
  int NamedPredicate(int v, int o) const;

  // sentence_context.cc: actors, speakers, places and a trigger's frame.
  static std::string DominantCountry(const DocView& view);
  const v1::Entity* BodyNamedBefore(const std::string& noun, int t) const;
  const v1::Entity* GroupActor(int t, int lo, int hi,
                               bool allow_quoted = false) const;
  const v1::Entity* ActorEntityAt(int t) const;
  const v1::Entity* GovernmentOf(const std::string& country) const;
  const v1::Entity* GroupOf(std::string_view surface, const std::string& word,
                            const std::string& country) const;
  const v1::Entity* PersonFromPlace(int head) const;
  // "the party('s)" after "the Conservative Party": a definite noun that is
  // the last word of organisations named before it is the one of them named
  // most often, the first named on a tie (a story's own body, not one
  // mentioned in passing). Null when none is so named.
  const v1::Entity* DefiniteBodyAt(int t) const;
  bool IsModifierOfPerson(int m) const;
  std::vector<ActorRef> ActorsIn(int from, int to, bool allow_quoted) const;
  const v1::Entity* SpeakerOf(int t) const;
  bool IsPlacePhrase(int t) const;
  bool AfterInOrAt(int t) const;
  bool InAppositive(int t, int lo, int trigger) const;
  Frame FrameOf(int ts, int te, int lo, int hi, bool noun) const;

 private:
  const DocView& view_;
  const TriggerLexicon& lexicon_;
  const std::string dominant_country_;
  mutable std::deque<v1::Entity>
      groups_;  // actors for group nouns; pointers stay valid
};

}  // namespace eventwire::assemble

#endif  // EVENTWIRE_SERVICES_ASSEMBLE_SENTENCE_EVENTS_H_
