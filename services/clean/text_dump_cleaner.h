// The plain-text path of the cleaning stage: text dumps of web pages (as a
// browser or w3m prints them) reduced to the article, by a line-level
// decision over text density, punctuation and page-furniture vocabulary.
#ifndef EVENTWIRE_SERVICES_CLEAN_TEXT_DUMP_CLEANER_H_
#define EVENTWIRE_SERVICES_CLEAN_TEXT_DUMP_CLEANER_H_

#include <string>
#include <string_view>

#include "text_builder.h"

namespace eventwire::clean {

struct TextDumpInfo {
  std::string title;
};

// Writes the article body of `text` into `out` (offsets relative to `text`).
void CleanTextDump(std::string_view text, TextBuilder& out, TextDumpInfo& info);

// Writes `text`, already the article, into `out` line for line: each line
// trimmed, runs of whitespace inside it folded to one space, blank lines
// kept as paragraph breaks; nothing else is dropped.
void CopyExtractedText(std::string_view text, TextBuilder& out);

}  // namespace eventwire::clean

#endif  // EVENTWIRE_SERVICES_CLEAN_TEXT_DUMP_CLEANER_H_
