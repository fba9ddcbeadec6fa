// Pass: the event's date and place from the sentence.
#include <algorithm>

#include "absl/strings/match.h"
#include "sentence_events.h"

namespace eventwire::assemble {

// The first state or city the sentence puts something "in" or "at", with
// its country known; null when none.
const v1::Entity* SentenceEvents::PlaceInSentence(int lo, int hi) const {
  for (int k = lo + 1; k < hi; ++k) {
    const int m = view_.MentionAt(k);
    if (m < 0 || view_.MentionFirst(m) != k ||
        view_.doc().mentions(m).type() != v1::Entity::GPE) {
      continue;
    }
    const std::string& prev = view_.Norm(k - 1);
    if (prev != "in" && prev != "at") continue;
    const v1::Entity* e = view_.EntityOf(m);
    if (e && !e->country().empty()) return e;
  }
  return nullptr;
}

// Whether the date at token `t` belongs to a participle clause of its own
// rather than to the trigger's verb at `v` ("an allegation made against
// him in 2010", "the tariffs imposed on Sept. 1"): a past participle with
// no subject or auxiliary, hung on the trigger or one of its phrases.
bool SentenceEvents::DatesAnotherClause(int t, int v) const {
  if (!view_.HasParse(t)) return false;
  int gv = view_.Head(t);
  for (int depth = 0; depth < 3 && gv != view_.Head(gv) &&
                      view_.doc().tokens(gv).upos() != "VERB";
       ++depth) {
    gv = view_.Head(gv);
  }
  if (gv == v || view_.doc().tokens(gv).upos() != "VERB") return false;
  // "the demonstration staged on 15 October": a participle of the event
  // noun itself dates it.
  if (view_.Head(gv) == v && view_.doc().tokens(v).upos() == "NOUN")
    return false;
  const std::string& rel = view_.Deprel(gv);
  if (!IsRelation(rel, "acl") && rel != "advcl") return false;
  // Not a present participle ("killing five on Monday") or an infinitive.
  if (absl::EndsWith(view_.Norm(gv), "ing")) return false;
  for (int d : view_.Dependents(gv)) {
    const std::string& drel = view_.Deprel(d);
    if (IsRelation(drel, "nsubj") || IsRelation(drel, "aux") ||
        drel == "mark") {
      return false;
    }
  }
  return true;
}

// The event's date (the nearest in the sentence) and place ("in", "at").
void SentenceEvents::SetDateAndPlace(
    const Trigger& trig, const Frame& f,
    const std::vector<const v1::Entity*>& source,
    const std::vector<const v1::Entity*>& target, v1::Event& ev) const {
  const int ts = f.ts;
  const int te = f.te;
  const int lo = f.lo;
  const int hi = f.hi;
  // Date: the nearest DATE mention in the sentence.
  int best_distance = 1 << 30;
  const int trigger_head = TriggerHead(ts, te);
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
    // "a 2010 rape allegation", "the 2016 election": a date that modifies a
    // noun dates that thing, not this event (unless the noun names the event:
    // "the July 25 phone call").
    const int end = view_.MentionEnd(m);
    if (k > lo && view_.doc().tokens(k - 1).upos() == "DET") {
      int noun = end;
      while (noun < hi && view_.doc().tokens(noun).upos() == "NOUN" &&
             (noun < ts || noun >= te))
        ++noun;
      if (noun > end && (noun >= hi || noun < ts || noun >= te)) {
        k = std::max(k, end - 1);
        continue;
      }
    }
    if (DatesAnotherClause(k, trigger_head)) {
      k = std::max(k, end - 1);
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

}  // namespace eventwire::assemble
