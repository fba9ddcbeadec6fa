#include "text_builder.h"

#include "eventwire/text.h"

namespace eventwire::clean {

namespace {
bool IsAscii(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}
}  // namespace

void TextBuilder::Append(std::string_view clean, uint32_t raw_begin,
                         uint32_t raw_length) {
  if (clean.empty()) return;
  if (!IsAscii(clean)) {
    // NFC; a piece whose bytes change maps to its raw span as a whole.
    std::string normalized = NormalizeNfc(clean);
    if (normalized != clean) {
      AppendMapped(normalized, raw_begin, raw_length, false);
      return;
    }
  }
  AppendMapped(clean, raw_begin, raw_length, clean.size() == raw_length);
}

void TextBuilder::AppendMapped(std::string_view clean, uint32_t raw_begin,
                               uint32_t raw_length, bool exact) {
  const uint32_t clean_begin = static_cast<uint32_t>(text_.size());
  text_.append(clean);
  const uint32_t clean_length = static_cast<uint32_t>(clean.size());
  if (!segments_.empty()) {
    v1::OffsetSegment& last = segments_.back();
    // Extend a byte-for-byte run that continues on both sides.
    if (exact && last_exact_ && clean_length == raw_length &&
        last.clean_begin() + last.clean_length() == clean_begin &&
        last.raw_begin() + last.raw_length() == raw_begin) {
      last.set_clean_length(last.clean_length() + clean_length);
      last.set_raw_length(last.raw_length() + raw_length);
      return;
    }
  }
  last_exact_ = exact;
  v1::OffsetSegment seg;
  seg.set_clean_begin(clean_begin);
  seg.set_clean_length(clean_length);
  seg.set_raw_begin(raw_begin);
  seg.set_raw_length(raw_length);
  segments_.push_back(std::move(seg));
}

bool TextBuilder::EndsWithSpace() const {
  if (text_.empty()) return true;
  char c = text_.back();
  return c == ' ' || c == '\n';
}

void TextBuilder::AppendSpace(uint32_t raw_begin, uint32_t raw_length, bool exact) {
  if (EndsWithSpace()) return;
  AppendMapped(" ", raw_begin, raw_length, exact && raw_length == 1);
}

void TextBuilder::BreakLine() {
  while (!text_.empty() && text_.back() == ' ') Truncate(text_.size() - 1);
  if (text_.empty() || text_.back() == '\n') return;
  text_ += '\n';
}

void TextBuilder::BreakParagraph() {
  while (!text_.empty() && text_.back() == ' ') Truncate(text_.size() - 1);
  if (text_.empty()) return;
  if (text_.back() != '\n') text_ += '\n';
  if (text_.size() < 2 || text_[text_.size() - 2] != '\n') text_ += '\n';
}

void TextBuilder::Truncate(size_t size) {
  if (size >= text_.size()) return;
  text_.resize(size);
  last_exact_ = false;
  while (!segments_.empty()) {
    v1::OffsetSegment& last = segments_.back();
    if (last.clean_begin() >= size) {
      segments_.pop_back();
      continue;
    }
    if (last.clean_begin() + last.clean_length() > size) {
      uint32_t keep = static_cast<uint32_t>(size) - last.clean_begin();
      if (last.clean_length() == last.raw_length()) last.set_raw_length(keep);
      last.set_clean_length(keep);
    }
    break;
  }
}

void TextBuilder::MoveInto(v1::Document& doc) {
  size_t end = text_.size();
  while (end > 0 && (text_[end - 1] == ' ' || text_[end - 1] == '\n')) --end;
  Truncate(end);
  doc.set_text(std::move(text_));
  doc.clear_offset_map();
  for (v1::OffsetSegment& seg : segments_) {
    *doc.add_offset_map() = std::move(seg);
  }
  text_.clear();
  segments_.clear();
}

}  // namespace eventwire::clean
