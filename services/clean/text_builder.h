// Builds the clean text piece by piece while recording where each piece came
// from in the raw bytes, so every clean byte maps back to its raw span.
#ifndef EVENTWIRE_SERVICES_CLEAN_TEXT_BUILDER_H_
#define EVENTWIRE_SERVICES_CLEAN_TEXT_BUILDER_H_

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "eventwire/v1/document.pb.h"

namespace eventwire::clean {

class TextBuilder {
 public:
  // Appends `clean` in NFC. `copied`: `clean` is a byte copy of raw
  // [raw_begin, raw_begin + raw_length); otherwise it was decoded from it.
  void Append(std::string_view clean, uint32_t raw_begin, uint32_t raw_length,
              bool copied = true);
  // Appends one space (from the raw whitespace at raw_begin) unless the text
  // is empty or already ends in whitespace. `exact` when the raw bytes are
  // one plain space (then the piece may join a byte-for-byte run).
  void AppendSpace(uint32_t raw_begin, uint32_t raw_length, bool exact = false);
  // Ends the current paragraph: a blank line, mapped to nothing.
  void BreakParagraph();
  // Ends the current line within a paragraph ("\n"), mapped to nothing.
  void BreakLine();
  bool EndsWithSpace() const;
  const std::string& text() const { return text_; }
  size_t size() const { return text_.size(); }
  // Removes everything after `size` (text and segments).
  void Truncate(size_t size);
  // Removes every line (text between newlines) for which `drop` is true,
  // with its offsets; blank lines left behind are folded.
  void RemoveLines(const std::function<bool(std::string_view)>& drop);
  // Moves the text and the offset map into `doc`, trimming trailing space.
  void MoveInto(v1::Document& doc);

 private:
  void AppendMapped(std::string_view clean, uint32_t raw_begin,
                    uint32_t raw_length, bool exact);

  std::string text_;
  std::vector<v1::OffsetSegment> segments_;
  // The last segment maps byte for byte (it may be extended).
  bool last_exact_ = false;
};

}  // namespace eventwire::clean

#endif  // EVENTWIRE_SERVICES_CLEAN_TEXT_BUILDER_H_
