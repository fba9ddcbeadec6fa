// Pass: demands made with "must" rather than a demanding verb. "Russia said
// Sudan must return the helicopter", "'The authorities must end this
// crackdown,' Amnesty said": a speaker's "must" laid on another party is a
// demand of it (CAMEO 10, PLOVER REQUEST). So is wanting another party to
// act: "the US wants the UK to extradite him".
#include <algorithm>

#include "quote_finder.h"
#include "sentence_events.h"

namespace eventwire::assemble {

bool IsFirstPerson(const std::string& norm) {
  return norm == "i" || norm == "we" || norm == "us" || norm == "me";
}

const Trigger* NewTrigger(v1::Event::Type type,
                          std::vector<std::string> lemmas) {
  auto* trigger = new Trigger;
  trigger->type = type;
  trigger->lemmas = std::move(lemmas);
  return trigger;
}

void SentenceEvents::ModalDemands(int lo, int hi,
                                  std::vector<v1::Event>& events) const {
  static const Trigger* const kDemand =
      NewTrigger(v1::Event::REQUEST, {"must"});
  if (hi <= lo || !view_.HasParse(lo)) return;
  for (int k = lo; k < hi; ++k) {
    if (view_.Norm(k) != "must" || view_.Deprel(k) != "aux") continue;
    const int v = view_.Head(k);
    if (v < lo || v >= hi || v == k) continue;
    // On whom: the subject of the demanded act, not the speaker's own side.
    int subject = -1;
    for (int d : view_.Dependents(v)) {
      const std::string& rel = view_.Deprel(d);
      if (rel == "nsubj" || rel == "nsubj:pass") subject = d;
    }
    if (subject < 0 || IsFirstPerson(view_.Norm(subject))) continue;
    std::vector<const v1::Entity*> target;
    PhraseActors(subject, target);
    // "The authorities must end this crackdown," inside the quotation.
    if (target.empty()) {
      if (const v1::Entity* group = GroupActor(subject, lo, hi, true)) {
        target.push_back(group);
      }
    }
    if (target.empty()) continue;
    // By whom: the one quoted, or the subject of the speech verb whose
    // complement the clause is.
    std::vector<const v1::Entity*> source;
    if (view_.InQuote(k)) {
      if (const v1::Entity* speaker = SpeakerOf(k)) source.push_back(speaker);
    } else if (view_.Deprel(v) == "ccomp" &&
               IsSpeechVerb(view_.Norm(view_.Head(v)))) {
      VerbSubject(view_.Head(v), 0, source);
    }
    RemoveParties(source, target);
    if (source.empty()) continue;
    EmitEvent(*kDemand, FrameOf(k, k + 1, lo, hi, false), v1::Event::ASSERTED,
              source, target, events);
  }
}

void SentenceEvents::WantDemands(int lo, int hi,
                                 std::vector<v1::Event>& events) const {
  static const Trigger* const kWant = NewTrigger(v1::Event::REQUEST, {"want"});
  if (hi <= lo || !view_.HasParse(lo)) return;
  for (int v = lo; v < hi; ++v) {
    const std::string& w = view_.Norm(v);
    if (w != "want" && w != "wants" && w != "wanted" && w != "wanting")
      continue;
    if (view_.doc().tokens(v).upos() != "VERB") continue;
    // Wanting someone to act: an object and an infinitive.
    int object = -1;
    bool infinitive = false;
    for (int d : view_.Dependents(v)) {
      if (view_.Deprel(d) == "obj") object = d;
      if (view_.Deprel(d) == "xcomp") infinitive = true;
    }
    if (object < 0 || !infinitive || IsFirstPerson(view_.Norm(object)))
      continue;
    std::vector<const v1::Entity*> target, source;
    PhraseActors(object, target);
    if (target.empty()) continue;
    VerbSubject(v, 0, source);
    RemoveParties(source, target);
    if (source.empty()) continue;
    // "do not want Hong Kong to lose its autonomy" is no demand.
    const v1::Event::Modality modality = ModalityBefore(v, lo);
    if (modality == v1::Event::NEGATED || modality == v1::Event::HYPOTHETICAL) {
      continue;
    }
    EmitEvent(*kWant, FrameOf(v, v + 1, lo, hi, false), modality, source,
              target, events);
  }
}

}  // namespace eventwire::assemble
