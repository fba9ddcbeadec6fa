// Pass: whether an event happened (asserted), did not (negated), may
// (hypothetical) or will (future); conditional coercion is a threat.
#include <algorithm>

#include "sentence_events.h"

namespace eventwire::assemble {

bool IsNegation(const std::string& norm) {
  // "failed to agree", "unable to reschedule a meeting": what one fails to
  // do is not done. The tokenizer splits "didn't" into "did" "n't", which folds
  // to "n t"; the suffix test covers contractions written otherwise.
  return norm == "not" || norm == "never" || norm == "no" || norm == "cannot" ||
         norm == "nor" || norm == "without" || norm == "unable" ||
         norm == "failed" || norm == "fails" || norm == "fail" ||
         (norm.size() >= 3 && norm.compare(norm.size() - 3, 3, "n t") == 0);
}

namespace {

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
         norm == "whether" || norm == "should" || norm == "unless" ||
         norm == "likely" || norm == "unlikely";
}

// Verbs whose infinitive or object is wished for or needed, not done:
// "sought to talk to the protesters", "wanted to raid a base", "pursuing an
// agreement", "requires deeper concessions". An attempt is an act ("attempted
// to assassinate": an assault, as PLOVER codes it).
bool IsAimVerb(const std::string& lemma) {
  return lemma == "want" || lemma == "seek" || lemma == "sought" ||
         lemma == "hope" || lemma == "aim" || lemma == "wish" ||
         lemma == "need" || lemma == "pursue" || lemma == "require";
}

}  // namespace

// Modality from the words before the trigger at ts.
v1::Event::Modality SentenceEvents::ModalityBefore(int ts, int lo) const {
  v1::Event::Modality modality = v1::Event::ASSERTED;
  for (int k = std::max(lo, ts - 4); k < ts; ++k) {
    const std::string& w = view_.Norm(k);
    if (IsNegation(w)) {
      modality = v1::Event::NEGATED;
    }
  }
  for (int k = std::max(lo, ts - 6); k < ts && modality == v1::Event::ASSERTED;
       ++k) {
    const std::string& w = view_.Norm(k);
    // "may" the verb, not the month ("In May, Kenya agreed").
    const bool may = w == "may" && view_.Surface(k) == "may";
    if (IsHypotheticalMarker(w) || may) modality = v1::Event::HYPOTHETICAL;
  }
  for (int k = std::max(lo, ts - 3); k < ts && modality == v1::Event::ASSERTED;
       ++k) {
    if (IsFutureMarker(view_.Norm(k))) modality = v1::Event::FUTURE;
  }
  // "sought to talk", "wanted to raid": the infinitive of a verb of aiming.
  if (modality == v1::Event::ASSERTED && ts - 2 >= lo &&
      view_.Norm(ts - 1) == "to") {
    for (const std::string& lemma : LemmaCandidates(view_.Norm(ts - 2))) {
      if (IsAimVerb(lemma)) return v1::Event::HYPOTHETICAL;
    }
  }
  if (modality == v1::Event::ASSERTED && view_.HasParse(ts)) {
    const int h = view_.Head(ts);
    if (h >= lo && h != ts) {
      // "wants the UK to extradite him": the aim verb's complement with an
      // object between.
      if (view_.Deprel(ts) == "xcomp") {
        for (const std::string& lemma : LemmaCandidates(view_.Norm(h))) {
          if (IsAimVerb(lemma)) return v1::Event::HYPOTHETICAL;
        }
      }
      // "a rescue mission to free the hostages", "efforts to urge Ukraine":
      // an infinitive that says what a thing is for has not happened.
      if (view_.Deprel(ts) == "acl" && view_.doc().tokens(h).upos() == "NOUN" &&
          ts > lo && view_.Norm(ts - 1) == "to") {
        return v1::Event::HYPOTHETICAL;
      }
      // "his fear of being extradited", "the risk of an attack": what is
      // feared or possible has not happened.
      static const auto* kModalNouns = &WordList("modal-nouns");
      if (view_.doc().tokens(h).upos() == "NOUN") {
        for (const std::string& lemma : LemmaCandidates(view_.Norm(h))) {
          if (kModalNouns->count(lemma)) return v1::Event::HYPOTHETICAL;
        }
      }
      // "wants the option of having a bigger deal": a wish or a
      // possibility further up the phrases that hold the trigger.
      int node = ts;
      for (int depth = 0; depth < 4; ++depth) {
        const std::string& rel = view_.Deprel(node);
        if (rel != "obj" && !IsRelation(rel, "nmod") && rel != "acl" &&
            rel != "xcomp" && !IsRelation(rel, "obl")) {
          break;
        }
        const int up = view_.Head(node);
        if (up == node || up < lo) break;
        const std::string& pos = view_.doc().tokens(up).upos();
        for (const std::string& lemma : LemmaCandidates(view_.Norm(up))) {
          if ((pos == "VERB" && IsAimVerb(lemma)) ||
              (pos == "NOUN" && kModalNouns->count(lemma))) {
            return v1::Event::HYPOTHETICAL;
          }
        }
        node = up;
      }
    }
  }
  return modality;
}

// Whether the act at [ts, te) is what someone is accused, charged or
// arrested for ("accused of rape and sexual assault", "charged with
// attacking police", "arrested for rioting"): the ground of an accusation,
// which event data codes as the accusation (or the arrest) alone.
bool SentenceEvents::IsAllegedAct(int ts, int te) const {
  if (!view_.HasParse(ts)) return false;
  // Up the phrases that hold the trigger, within its clause, to a verb of
  // accusing or coercing that introduces one of them with "of", "with" or
  // "for".
  int node = TriggerHead(ts, te);
  for (int depth = 0; depth < 4; ++depth) {
    const std::string& rel = view_.Deprel(node);
    const int up = view_.Head(node);
    if (up == node) return false;
    bool grounded = false;  // this phrase gives a ground
    if (IsRelation(rel, "obl") || IsRelation(rel, "nmod") ||
        IsRelation(rel, "advcl")) {
      std::string marker = CaseOf(node);
      for (int d : view_.Dependents(node)) {
        if (view_.Deprel(d) == "mark") marker = view_.Norm(d);
      }
      grounded = marker == "of" || marker == "with" || marker == "for";
    } else if (rel != "conj") {
      return false;
    }
    if (grounded) {
      for (const std::string& lemma : LemmaCandidates(view_.Norm(up))) {
        const std::vector<Trigger>* triggers = lexicon_.StartingWith(lemma);
        if (!triggers) continue;
        for (const Trigger& t : *triggers) {
          if (t.lemmas.size() == 1 && !t.noun &&
              (t.type == v1::Event::ACCUSE || t.type == v1::Event::COERCE)) {
            return true;
          }
        }
      }
    }
    node = up;
  }
  return false;
}

void SentenceEvents::ConditionalThreat(const Frame& f, v1::Event& ev) const {
  // A coercive act announced for the future on a condition ("will
  // withdraw its troops unless ...", "would impose sanctions if ...") is a
  // threat, made now (PLOVER: THREATEN includes ultimatums).
  if (ev.modality() != v1::Event::FUTURE) return;
  if (IsCoerciveType(ev.type())) {
    for (int k = f.te; k < f.clause_hi + 8 && k < f.hi; ++k) {
      if (view_.Norm(k) == "unless" || view_.Norm(k) == "if") {
        ev.set_type(v1::Event::THREATEN);
        ev.set_modality(v1::Event::ASSERTED);
        return;
      }
    }
  }
  // Announced outright, a coercive act is a threat too (CAMEO 13: "will
  // blockade Paris", "will extend the curfew"). A withdrawal or a refusal
  // announced without a condition stays one ("would refuse the post").
  const auto t = ev.type();
  if (t == v1::Event::ASSAULT || t == v1::Event::COERCE ||
      t == v1::Event::SANCTION || t == v1::Event::MOBILIZE ||
      t == v1::Event::PROTEST) {
    ev.set_type(v1::Event::THREATEN);
    ev.set_modality(v1::Event::ASSERTED);
  }
}

}  // namespace eventwire::assemble
