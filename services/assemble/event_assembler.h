// PLOVER events from triggers, with source and target actors, place, date,
// modality and evidence; each real-world event once per document.
#ifndef EVENTWIRE_SERVICES_ASSEMBLE_EVENT_ASSEMBLER_H_
#define EVENTWIRE_SERVICES_ASSEMBLE_EVENT_ASSEMBLER_H_

#include <optional>
#include <string>
#include <vector>

#include "doc_view.h"
#include "trigger_lexicon.h"

namespace eventwire::assemble {

class EventAssembler {
 public:
  explicit EventAssembler(const TriggerLexicon& lexicon) : lexicon_(lexicon) {}
  // Appends the document's events (needs tokens, sentences, mentions,
  // entities; quotes help attribute events stated inside quotations).
  void Assemble(const DocView& view, v1::Document& doc) const;

 private:
  const TriggerLexicon& lexicon_;
};

// Folds each event whose parties are all unnamed groups into an event of
// the same type and trigger with named parties, when there is one.
void FoldGroupMentions(std::vector<v1::Event>& events);

// The first day of the story's week (around `published`) the document's
// text states, in text order; empty when it states none.
std::string FirstStatedStoryDay(const DocView& view,
                                const std::string& published);

// Dates the events (in document order) their sentences leave undated with
// the story's time, marking them `date_inferred`; `published` (ISO, may be
// empty) tells which stated days are the story's week; `first_stated_day`
// is the story's time when no event is dated in its week.
void DateFromNarrative(std::vector<v1::Event>& events,
                       const std::string& published,
                       const std::string& first_stated_day = "");

// The place with a country the document names most often.
std::optional<v1::Actor> MostNamedPlace(const DocView& view);
// Places the events (in document order) their sentences leave unplaced at
// the story's place, marking them `location_inferred`.
void PlaceFromNarrative(std::vector<v1::Event>& events,
                        const std::optional<v1::Actor>& most_named);

// Marks `background` the events whose stated date lies more than a week
// before `published` (ISO; nothing is marked without it).
void MarkBackground(std::vector<v1::Event>& events,
                    const std::string& published);

// Symmetric types: source and target may be swapped (meetings, agreements).
bool IsSymmetric(v1::Event::Type type);

}  // namespace eventwire::assemble

#endif  // EVENTWIRE_SERVICES_ASSEMBLE_EVENT_ASSEMBLER_H_
