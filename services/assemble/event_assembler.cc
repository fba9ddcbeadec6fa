#include "event_assembler.h"

#include <algorithm>
#include <map>
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "eventwire/dates.h"
#include "eventwire/event_match.h"
#include "sentence_events.h"

namespace eventwire::assemble {

bool IsSymmetric(v1::Event::Type type) { return IsSymmetricType(type); }

void SentenceEvents::BuildEvent(const Trigger& trig, int ts, int te, int lo,
                                int hi, std::vector<v1::Event>& events) const {
  v1::Event::Modality modality = ModalityBefore(ts, lo);
  // "would impose economic sanctions and a travel ban": a noun that is a
  // verb's object (or joined to one) has that verb's modality.
  if (trig.noun && modality == v1::Event::ASSERTED && view_.HasParse(ts)) {
    int n = TriggerHead(ts, te);
    if (view_.Deprel(n) == "conj" && view_.Head(n) != n) n = view_.Head(n);
    const int v = view_.Head(n);
    if (v != n && v >= lo && v < ts && view_.Deprel(n) == "obj") {
      modality = ModalityBefore(v, lo);
    }
  }
  if (modality == v1::Event::NEGATED || modality == v1::Event::HYPOTHETICAL) {
    return;  // not events that happened
  }
  if (IsAllegedAct(ts, te)) return;
  if (DeclinesComment(trig, ts, te)) return;
  const Frame f = FrameOf(ts, te, lo, hi, trig.noun);
  std::vector<const v1::Entity*> source, target;
  RolesFromParse(trig, f, source, target);
  if (trig.noun && !NominalEventStandsAlone(f, source, target)) return;
  // Roles the parse leaves empty come from the words around the trigger.
  std::vector<const v1::Entity*> window_source, window_target;
  const bool source_tied = FindSource(trig, f, window_source, window_target);
  // A party the parse placed in one role does not fill the other ("X was
  // accused": X is no source).
  RemoveParties(window_source, target);
  RemoveParties(window_target, source);
  // Who reports an act named by a noun is not its actor ("Pompeo said the
  // release of the hostages gives hope").
  if (trig.noun && !window_source.empty())
    RemoveParties(window_source, ReportersOf(f));
  // A passive that names no actor has none; the words before it are
  // what it was done to.
  const bool agentless = AgentlessPassive(trig, f, source);
  if (source.empty() && !agentless) source = std::move(window_source);
  if (target.empty()) target = std::move(window_target);
  FindTarget(trig, f, source, target);
  // A noun with no target whose only actor is the nearest name around it
  // (no possessive, "by" phrase or support verb ties them) names an act,
  // it does not report one ("he faced investigations", "these arrests are
  // important", "the preliminary investigation").
  if (trig.noun && target.empty() && !source.empty() && !source_tied) return;
  // A protest that names no protesters is by the people of the place it
  // happens in ("protests in Chile", "students in Chile marched"), as
  // event data codes it.
  if (source.empty() && trig.type == v1::Event::PROTEST) {
    if (const v1::Entity* place = PlaceInSentence(f.lo, f.hi)) {
      if (std::find(target.begin(), target.end(), place) == target.end())
        source.push_back(place);
    }
  }
  if (!SettleRoles(trig, source, target, agentless)) return;
  EmitEvent(trig, f, modality, source, target, events);
}

// "declined to comment", "refused to say whether": a refusal to comment
// rejects no one (resources/words/comment-verbs.txt).
bool SentenceEvents::DeclinesComment(const Trigger& trig, int ts,
                                     int te) const {
  if (trig.type != v1::Event::REJECT || trig.noun || !view_.HasParse(ts))
    return false;
  static const auto* kVerbs = &WordList("comment-verbs");
  for (int d : view_.Dependents(TriggerHead(ts, te))) {
    if (view_.Deprel(d) != "xcomp") continue;
    for (const std::string& lemma : LemmaCandidates(view_.Norm(d))) {
      if (kVerbs->count(lemma)) return true;
    }
  }
  return false;
}

void SentenceEvents::EmitEvent(const Trigger& trig, const Frame& f,
                               v1::Event::Modality modality,
                               const std::vector<const v1::Entity*>& source,
                               const std::vector<const v1::Entity*>& target,
                               std::vector<v1::Event>& events) const {
  const bool quoted = f.quoted;
  v1::Event ev;
  ev.set_type(trig.type);
  ev.set_mode(trig.mode);
  ev.set_modality(modality);
  ConditionalThreat(f, ev);
  for (const v1::Entity* e : source) *ev.add_source() = view_.ActorFor(*e);
  for (const v1::Entity* e : target) *ev.add_target() = view_.ActorFor(*e);
  ev.set_trigger(absl::StrJoin(trig.lemmas, " "));
  SetDateAndPlace(trig, f, source, target, ev);
  // A meeting or visit has a counterpart (a visit's may be the place's
  // state) and aid a recipient; without one the verb is a topic or a
  // business ("a consulting firm", "talking to a lot of businesses").
  if (ev.target().empty() &&
      (ev.type() == v1::Event::CONSULT || ev.type() == v1::Event::AID)) {
    return;
  }
  // Inside a quotation an act done to no one named is the speaker's
  // rhetoric ("with Russian support", "settlements threaten a two-state
  // solution"): the quote carries it, the feed does not. The speaker's own
  // "we attacked the camp" is reported.
  if (quoted && ev.target().empty() && !SubjectIsFirstPerson(trig, f)) {
    return;
  }
  // A protest aimed at no one named is aimed at the government of the
  // country it happens in, as event data codes it ("students marched in
  // Jakarta": Indonesia's government).
  if (ev.type() == v1::Event::PROTEST && ev.target().empty() &&
      !source.empty()) {
    const std::string& country =
        ev.has_location() ? ev.location().country() : source.front()->country();
    if (const v1::Entity* government = GovernmentOf(country)) {
      *ev.add_target() = view_.ActorFor(*government);
      ev.set_target_inferred(true);
    }
  }
  const auto& sentence = view_.doc().sentences(view_.SentenceOf(f.ts));
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

namespace {

// Reports of a story's events fall within its week.
constexpr int kStoryWeekDays = 7;

bool IsDay(const std::string& date) { return date.size() == 10; }

// The key counted most (the first in key order on a tie); empty when none.
std::string MostCounted(const std::map<std::string, int>& count) {
  std::string best;
  int most = 0;
  for (const auto& [key, n] : count) {
    if (n > most) {
      most = n;
      best = key;
    }
  }
  return best;
}

bool OnlyGroups(const v1::Event& ev) {
  if (ev.source_size() + ev.target_size() == 0) return false;
  for (const auto* role : {&ev.source(), &ev.target()}) {
    for (const v1::Actor& a : *role) {
      if (a.canonical_key().rfind("group:", 0) != 0) return false;
    }
  }
  return true;
}

}  // namespace

namespace {

bool IsStoryDay(const std::string& date, const std::string& published) {
  return IsDay(date) &&
         DatesCompatible(date, published.substr(0, 10), kStoryWeekDays);
}

}  // namespace

std::string FirstStatedStoryDay(const DocView& view,
                                const std::string& published) {
  uint32_t first_begin = UINT32_MAX;
  std::string first;
  for (const v1::Mention& m : view.doc().mentions()) {
    if (m.type() != v1::Entity::DATE || m.begin() >= first_begin) continue;
    const v1::Entity* e = view.EntityById(m.entity_id());
    if (e == nullptr || !IsStoryDay(e->value(), published)) continue;
    first_begin = m.begin();
    first = e->value();
  }
  return first;
}

// An event its own sentence does not date happened at the story's current
// time (TimeML's reference time): the last day an earlier sentence stated,
// or, before any, the day the article dates most of its events on, or when
// it dates none, the first day its text states. Only days of the story's
// week carry: a month, a year or a day weeks before publication ("the July
// 25 call") is background, not the story's time.
void DateFromNarrative(std::vector<v1::Event>& events,
                       const std::string& published,
                       const std::string& first_stated_day) {
  const auto is_story_day = [&](const std::string& date) {
    return IsStoryDay(date, published);
  };
  std::map<std::string, int> day_count;
  for (const v1::Event& ev : events) {
    if (is_story_day(ev.date())) ++day_count[ev.date()];
  }
  std::string current = MostCounted(day_count);
  if (current.empty() && is_story_day(first_stated_day)) {
    current = first_stated_day;
  }
  for (v1::Event& ev : events) {
    if (!ev.date().empty()) {
      if (is_story_day(ev.date())) current = ev.date();
      continue;
    }
    if (current.empty()) continue;
    ev.set_date(current);
    ev.set_date_inferred(true);
  }
}

void MarkBackground(std::vector<v1::Event>& events,
                    const std::string& published) {
  const auto published_day = ParseIsoDate(published.substr(0, 10));
  if (!published_day || published_day->day == 0) return;
  const std::string week_before =
      FormatIsoDate(AddDays(*published_day, -kStoryWeekDays));
  for (v1::Event& ev : events) {
    const auto date = ParseIsoDate(ev.date());
    if (!date || ev.date_inferred()) continue;
    // A year or a month counts to its end.
    ev.set_background(FormatIsoDate(DaysCovered(*date).second) < week_before);
  }
}

// The place with a country the document names most often, as an actor;
// none when it names none.
std::optional<v1::Actor> MostNamedPlace(const DocView& view) {
  std::map<std::string, int> count;
  for (const v1::Mention& m : view.doc().mentions()) {
    if (m.type() != v1::Entity::GPE || m.entity_id().empty()) continue;
    const v1::Entity* e = view.EntityById(m.entity_id());
    if (e != nullptr && !e->country().empty()) ++count[m.entity_id()];
  }
  const std::string id = MostCounted(count);
  const v1::Entity* best = id.empty() ? nullptr : view.EntityById(id);
  if (best == nullptr) return std::nullopt;
  return view.ActorFor(*best);
}

namespace {

// CAMEO's verbal classes: an act done by saying something. Where it was
// said is seldom where the story is, and event data does not place it
// unless the sentence does.
bool IsStatement(v1::Event::Type type) {
  switch (type) {
    case v1::Event::AGREE:
    case v1::Event::SUPPORT:
    case v1::Event::REQUEST:
    case v1::Event::ACCUSE:
    case v1::Event::REJECT:
    case v1::Event::THREATEN:
      return true;
    default:
      return false;
  }
}

}  // namespace

// An act its sentence does not place happened at the story's place: the
// last place an earlier event was given, or before any, the place the
// article names most; only when it is in the country of one of the
// event's parties, and when it is a party itself, only for an act within
// its own country. Statements are not placed.
void PlaceFromNarrative(std::vector<v1::Event>& events,
                        const std::optional<v1::Actor>& most_named) {
  std::optional<v1::Actor> current = most_named;
  for (v1::Event& ev : events) {
    if (ev.has_location()) {
      current = ev.location();
      continue;
    }
    if (!current || current->country().empty() || IsStatement(ev.type())) {
      continue;
    }
    bool in_party_country = false, is_party = false, foreign_party = false;
    for (const auto* role : {&ev.source(), &ev.target()}) {
      for (const v1::Actor& a : *role) {
        in_party_country |= a.country() == current->country();
        foreign_party |=
            !a.country().empty() && a.country() != current->country();
        is_party |=
            !a.entity_id().empty() && a.entity_id() == current->entity_id();
      }
    }
    // A place that is itself a party places only an act within its own
    // country ("Hong Kong police stormed the campus"): between states it
    // names one side, not where it happened.
    if (!in_party_country || (is_party && foreign_party)) continue;
    *ev.mutable_location() = *current;
    ev.set_location_inferred(true);
  }
}

// "Two prison officers charged with falsifying records" (headline), "Two
// officers were charged Tuesday", "Noel was charged with ...": an act told
// of unnamed groups is the act the article tells of named parties with the
// same trigger; it adds its evidence there instead of standing alone.
void FoldGroupMentions(std::vector<v1::Event>& events) {
  std::vector<bool> folded(events.size(), false);
  for (size_t i = 0; i < events.size(); ++i) {
    if (!OnlyGroups(events[i])) continue;
    for (size_t j = 0; j < events.size(); ++j) {
      if (j == i || folded[j] || OnlyGroups(events[j])) continue;
      const v1::Event& named = events[j];
      if (named.type() != events[i].type() ||
          named.trigger() != events[i].trigger() ||
          !DatesCompatible(named.date(), events[i].date(), kStoryWeekDays)) {
        continue;
      }
      *events[j].add_evidence_spans() = events[i].evidence();
      if (events[j].date().empty()) events[j].set_date(events[i].date());
      folded[i] = true;
      break;
    }
  }
  std::vector<v1::Event> kept;
  for (size_t i = 0; i < events.size(); ++i) {
    if (!folded[i]) kept.push_back(std::move(events[i]));
  }
  events = std::move(kept);
}

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
    // A target fills a gap; a named one replaces an inferred one.
    if (ev.target_size() > 0 &&
        (kept.target_size() == 0 ||
         (kept.target_inferred() && !ev.target_inferred()))) {
      *kept.mutable_target() = ev.target();
      kept.set_target_inferred(ev.target_inferred());
    }
    kept.set_confidence(std::min(0.95f, kept.confidence() + 0.05f));
  }
  FoldGroupMentions(merged);
  DateFromNarrative(merged, doc.metadata().published_at(),
                    FirstStatedStoryDay(view, doc.metadata().published_at()));
  PlaceFromNarrative(merged, MostNamedPlace(view));
  MarkBackground(merged, doc.metadata().published_at());
  for (size_t i = 0; i < merged.size(); ++i) {
    merged[i].set_id(absl::StrCat("ev", i + 1));
    *doc.add_events() = std::move(merged[i]);
  }
}

}  // namespace eventwire::assemble
