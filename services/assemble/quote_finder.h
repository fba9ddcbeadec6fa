// Direct quotations and their speakers.
#ifndef EVENTWIRE_SERVICES_ASSEMBLE_QUOTE_FINDER_H_
#define EVENTWIRE_SERVICES_ASSEMBLE_QUOTE_FINDER_H_

#include <string>

#include "doc_view.h"

namespace eventwire::assemble {

// True for verbs that introduce reported speech ("said", "told", "wrote").
bool IsSpeechVerb(const std::string& norm);

// The entity a pronoun or name at `token` refers to: a PERSON/ORG/GPE
// mention's entity, for he/she/his/her the last person named before it
// outside quotations, for it/its the last body or place. nullptr when none.
const v1::Entity* ReferentAt(const DocView& view, int token);

// Appends a Quote for every quotation of four words or more whose speaker the
// text names.
void FindQuotes(const DocView& view, v1::Document& doc);

}  // namespace eventwire::assemble

#endif  // EVENTWIRE_SERVICES_ASSEMBLE_QUOTE_FINDER_H_
