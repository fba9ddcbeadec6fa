// Sentences and tokens over the clean text, with byte offsets.
#ifndef EVENTWIRE_SERVICES_TAG_TOKENIZER_H_
#define EVENTWIRE_SERVICES_TAG_TOKENIZER_H_

#include <string_view>

#include "eventwire/v1/document.pb.h"

namespace eventwire::tag {

// Fills doc.tokens and doc.sentences from doc.text.
void Tokenize(v1::Document& doc);

}  // namespace eventwire::tag

#endif  // EVENTWIRE_SERVICES_TAG_TOKENIZER_H_
