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
                         uint32_t raw_length, bool copied) {
  if (clean.empty()) return;
  if (!IsAscii(clean)) {
    // NFC; a piece whose bytes change maps to its raw span as a whole.
    std::string normalized = NormalizeNfc(clean);
    if (normalized != clean) {
      AppendMapped(normalized, raw_begin, raw_length, false);
      return;
    }
  }
  AppendMapped(clean, raw_begin, raw_length,
               copied && clean.size() == raw_length);
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
  seg.set_transformed(!exact);
  segments_.push_back(std::move(seg));
}

bool TextBuilder::EndsWithSpace() const {
  if (text_.empty()) return true;
  char c = text_.back();
  return c == ' ' || c == '\n';
}

void TextBuilder::AppendSpace(uint32_t raw_begin, uint32_t raw_length,
                              bool exact) {
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

void TextBuilder::RemoveLines(
    const std::function<bool(std::string_view)>& drop) {
  // Keep-ranges of the old text, in order.
  std::vector<std::pair<size_t, size_t>> keep;
  size_t pos = 0;
  bool removed = false;
  while (pos < text_.size()) {
    size_t nl = text_.find('\n', pos);
    size_t end = nl == std::string::npos ? text_.size() : nl + 1;
    std::string_view line(text_.data() + pos,
                          (nl == std::string::npos ? text_.size() : nl) - pos);
    if (!line.empty() && drop(line)) {
      removed = true;
    } else if (!keep.empty() && keep.back().second == pos) {
      keep.back().second = end;
    } else {
      keep.push_back({pos, end});
    }
    pos = end;
  }
  if (!removed) return;
  std::string text;
  std::vector<v1::OffsetSegment> segments;
  size_t seg = 0;
  for (const auto& [begin, end] : keep) {
    const size_t shift = text.size();
    // Blank lines where text was removed: at most one empty line in a row.
    size_t b = begin;
    while (b < end && text_[b] == '\n' && text.size() >= 2 &&
           text[text.size() - 1] == '\n' && text[text.size() - 2] == '\n') {
      ++b;
    }
    const size_t out_begin = text.size();
    text.append(text_, b, end - b);
    (void)shift;
    while (seg < segments_.size() &&
           segments_[seg].clean_begin() + segments_[seg].clean_length() <= b) {
      ++seg;
    }
    for (size_t k = seg;
         k < segments_.size() && segments_[k].clean_begin() < end; ++k) {
      v1::OffsetSegment s = segments_[k];
      // Segments never cross a newline, so each lies inside one line.
      if (s.clean_begin() < b) continue;
      s.set_clean_begin(
          static_cast<uint32_t>(out_begin + (s.clean_begin() - b)));
      segments.push_back(std::move(s));
    }
  }
  text_ = std::move(text);
  segments_ = std::move(segments);
  last_exact_ = false;
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
