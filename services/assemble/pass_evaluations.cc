// Pass: accusations made by judging. "Williams said the call was
// inappropriate", "Cruz called the suicide a profound indictment of the
// system", "described Trump's call as improper": a speaker who calls a
// party or its act by a word of negative evaluation accuses it (CAMEO 111
// criticize, PLOVER ACCUSE). The words are AFINN-165's most negative
// (resources/words/negative-evaluations.txt); the narrator's own judgement
// ("the move was illegal" outside speech) is no one's act.
#include "quote_finder.h"
#include "sentence_events.h"

namespace eventwire::assemble {
namespace {

// "has been", "had been", "is being": tense, not a modal's possibility.
bool IsAuxiliaryOfTense(const std::string& norm) {
  return norm == "has" || norm == "have" || norm == "had" || norm == "been" ||
         norm == "is" || norm == "are" || norm == "was" || norm == "were" ||
         norm == "being" || norm == "'s";
}

// "he", "she", "they": a person judged, or the speaker's own feeling ("she
// said she was worried"); "it", "this" and "that" stand for an act.
bool IsPersonalPronoun(const std::string& norm) {
  return norm == "he" || norm == "she" || norm == "they" || norm == "him" ||
         norm == "her" || norm == "them" || norm == "you";
}

// Verbs that give their object a predicate ("called X a crisis",
// "described X as improper").
bool IsNamingVerb(const std::string& lemma) {
  return lemma == "call" || lemma == "describe" || lemma == "label" ||
         lemma == "brand" || lemma == "term" || lemma == "deem" ||
         lemma == "view" || lemma == "dub";
}

}  // namespace

// Whether the phrase at `d` opens with a preposition other than "to"
// ("of Mr Campbell's skills", "of facing scrutiny", "than statistics
// show").
bool SentenceEvents::IntroducedByPreposition(int d) const {
  for (int c : view_.Dependents(d)) {
    const std::string& rel = view_.Deprel(c);
    if (c < d && (rel == "case" || rel == "mark") &&
        Prepositions().count(view_.Norm(c)) && view_.Norm(c) != "to") {
      return true;
    }
  }
  return false;
}

// Whether the predicate at `w` is affirmed of what is: not negated ("were
// not racist"), not what could or would be ("it would be unacceptable"),
// not a passive ("had been misunderstood"), a prepositional phrase
// ("under threat", "at odds with") or a feeling about something.
bool SentenceEvents::AffirmedPredicate(int w) const {
  const bool adjective = view_.doc().tokens(w).upos() == "ADJ";
  for (int d : view_.Dependents(w)) {
    const std::string& rel = view_.Deprel(d);
    if (IsNegation(view_.Norm(d)) || rel == "aux:pass" ||
        (rel == "case" && view_.Norm(d) != "as")) {
      return false;
    }
    // "afraid of", "concerned with", "worse than": a feeling about or a
    // comparison with something, not a judgement of the subject.
    if (d > w && adjective && IntroducedByPreposition(d)) {
      return false;
    }
    if (rel == "aux" && !IsAuxiliaryOfTense(view_.Norm(d))) return false;
    if (rel == "cop") {
      for (int k = d + 1; k < w; ++k) {
        if (IsNegation(view_.Norm(k))) return false;
      }
    }
  }
  return true;
}

// The word of negative evaluation the predicate at `p` is, or one
// coordinated with it ("unusual and inappropriate"); empty when none is
// affirmed.
std::string SentenceEvents::NegativeEvaluation(int p) const {
  static const auto* kWords = &WordList("negative-evaluations");
  if (!AffirmedPredicate(p)) return "";
  std::vector<int> words = {p};
  for (int d : view_.Dependents(p)) {
    if (view_.Deprel(d) == "conj") words.push_back(d);
  }
  for (int w : words) {
    const std::string& pos = view_.doc().tokens(w).upos();
    if ((pos != "ADJ" && pos != "NOUN") || !AffirmedPredicate(w)) continue;
    for (const std::string& lemma : LemmaCandidates(view_.Norm(w))) {
      if (kWords->count(lemma)) return lemma;
    }
  }
  return "";
}

// The predicate a naming verb gives its object `o`: its xcomp or "as"
// phrase ("called the suicide an indictment", "described it as
// improper"), or what the parser hung on the object ("called the decision
// a crisis", "the call ... as improper").
int SentenceEvents::NamedPredicate(int v, int o) const {
  for (int d : view_.Dependents(v)) {
    const std::string& rel = view_.Deprel(d);
    if (d > o &&
        (rel == "xcomp" ||
         ((IsRelation(rel, "obl") || rel == "advcl") && CaseOf(d) == "as"))) {
      return d;
    }
  }
  for (int d : view_.Dependents(o)) {
    const std::string& rel = view_.Deprel(d);
    if (d > o && (((rel == "obj" || rel == "appos") && CaseOf(d).empty()) ||
                  (IsRelation(rel, "nmod") && CaseOf(d) == "as"))) {
      return d;
    }
  }
  return -1;
}

bool SentenceEvents::HasNumber(int n) const {
  for (int d : view_.Dependents(n)) {
    if (view_.Deprel(d) == "nummod") return true;
  }
  return false;
}

void SentenceEvents::EvaluativeAccusations(
    int lo, int hi, std::vector<v1::Event>& events) const {
  if (hi <= lo || !view_.HasParse(lo)) return;
  for (int p = lo; p < hi; ++p) {
    int judged = -1;  // the phrase judged
    int verb = -1;    // the verb whose subject judges
    int predicate = -1;
    const v1::Entity* speaker = nullptr;
    // Only verbs name and only adjectives and nouns judge: the part of
    // speech first, the lemmas only for a verb.
    const std::string& pos = view_.doc().tokens(p).upos();
    if (pos != "VERB" && pos != "ADJ" && pos != "NOUN") continue;
    bool naming = false;
    if (pos == "VERB") {
      for (const std::string& lemma : LemmaCandidates(view_.Norm(p))) {
        naming |= IsNamingVerb(lemma);
      }
      if (!naming) continue;
    }
    if (naming) {
      // "called the suicide an indictment", "described it as improper".
      // The object; the parser may call it an oblique without a
      // preposition, or an indirect object.
      for (int d : view_.Dependents(p)) {
        const std::string& rel = view_.Deprel(d);
        if (d > p && (rel == "obj" || rel == "iobj" ||
                      (IsRelation(rel, "obl") && CaseOf(d).empty()))) {
          judged = d;
          break;
        }
      }
      if (judged < 0) continue;
      predicate = NamedPredicate(p, judged);
      verb = p;
    } else {
      // "said the call was inappropriate"; "'This is a disgrace,' she said".
      bool copula = false;
      for (int d : view_.Dependents(p)) {
        if (view_.Deprel(d) == "cop") copula = true;
        if (view_.Deprel(d) == "nsubj") judged = d;
      }
      if (!copula || judged < 0) continue;
      const int h = view_.Head(p);
      if (view_.Deprel(p) == "ccomp" && h >= lo && h < hi &&
          IsSpeechVerb(view_.Norm(h))) {
        verb = h;
      } else if (view_.InQuote(p)) {
        speaker = SpeakerOf(p);
        if (!speaker) continue;
      } else {
        continue;
      }
      predicate = p;
    }
    if (predicate < 0) continue;
    // Not the speaker's own side or a person's feeling ("we were wrong",
    // "she said she was worried").
    if (IsFirstPerson(view_.Norm(judged)) ||
        IsPersonalPronoun(view_.Norm(judged))) {
      continue;
    }
    const std::string word = NegativeEvaluation(predicate);
    if (word.empty()) continue;
    // "440 Britons were dead": people counted are victims, not judged.
    if (HasNumber(judged)) continue;
    const int judged_mention = view_.MentionAt(judged);
    if (judged_mention >= 0 &&
        view_.doc().mentions(judged_mention).type() == v1::Entity::NORP) {
      continue;
    }
    std::vector<const v1::Entity*> source, target;
    if (speaker) {
      source.push_back(speaker);
    } else {
      VerbSubject(verb, 0, source);
    }
    PhraseActors(judged, target);
    // "he said he was disappointed": a feeling of the speaker's own.
    const size_t judged_parties = target.size();
    RemoveParties(target, source);
    if (source.empty() || target.size() < judged_parties) continue;
    const int at = verb >= 0 ? verb : predicate;
    const v1::Event::Modality modality = ModalityBefore(at, lo);
    if (modality == v1::Event::NEGATED || modality == v1::Event::HYPOTHETICAL) {
      continue;
    }
    Trigger trig;
    trig.type = v1::Event::ACCUSE;
    trig.lemmas = {word};
    EmitEvent(trig, FrameOf(predicate, predicate + 1, lo, hi, false), modality,
              source, target, events);
  }
}

}  // namespace eventwire::assemble
