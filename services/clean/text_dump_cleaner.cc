#include "text_dump_cleaner.h"

#include <algorithm>
#include <unordered_map>
#include <vector>

#include "boilerplate.h"
#include "eventwire/text.h"
#include "eventwire/utf8.h"

namespace eventwire::clean {
namespace {

enum class LineKind {
  kBlank,
  kBody,       // a paragraph: long, or a full sentence
  kSentence,   // a short full sentence
  kShort,      // a few words without sentence punctuation
  kFurniture,  // page furniture by vocabulary (ads, credits, share, ...)
  kEndMarker,  // "Related news", "Latest", copyright: the article is over
  kTimestamp,  // "08:54", "2 hours ago"
};

struct Line {
  size_t begin = 0;  // trimmed content of the first physical line
  size_t end = 0;    // end of the last physical line
  // Physical lines joined into this one (a paragraph wrapped by the dumper).
  std::vector<std::pair<size_t, size_t>> pieces;
  int words = 0;
  LineKind kind = LineKind::kBlank;
  std::string folded;
};

// Trims whitespace and list bullets.
void Trim(std::string_view text, size_t& begin, size_t& end) {
  static const std::string_view kBullets[] = {"\xE2\x80\xA2", "\xC2\xB7", "*",
                                              "-", "\xE2\x80\x93"};
  bool changed = true;
  while (changed && begin < end) {
    changed = false;
    size_t k = begin;
    char32_t cp = DecodeUtf8(text, k);
    if (IsSpaceCodePoint(cp)) {
      begin = k;
      changed = true;
      continue;
    }
    for (std::string_view b : kBullets) {
      if (text.substr(begin, b.size()) == b && begin + b.size() < end &&
          text[begin + b.size()] == ' ') {
        begin += b.size();
        changed = true;
      }
    }
  }
  while (end > begin) {
    size_t k = end - 1;
    while (k > begin && (static_cast<unsigned char>(text[k]) & 0xC0) == 0x80)
      --k;
    size_t j = k;
    if (!IsSpaceCodePoint(DecodeUtf8(text, j))) break;
    end = k;
  }
}

// Display width in characters (code points).
size_t Width(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

std::vector<Line> SplitLines(std::string_view text) {
  // Physical lines, trimmed, with the column where each one's text ends.
  std::vector<std::pair<size_t, size_t>> physical;
  std::vector<size_t> end_column;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    size_t b = pos, e = nl;
    Trim(text, b, e);
    physical.push_back({b, e});
    end_column.push_back(b < e ? Width(text.substr(pos, e - pos)) : 0);
    if (nl == text.size()) break;
    pos = nl + 1;
  }
  // A dumper that wraps text at a column leaves each paragraph as a run of
  // lines reaching that column: within a block of consecutive lines, a line
  // that reaches near the block's widest continues on the next.
  std::vector<bool> continues(physical.size(), false);
  for (size_t a = 0; a < physical.size();) {
    if (physical[a].first >= physical[a].second) {
      ++a;
      continue;
    }
    size_t b = a;
    size_t widest = 0;
    while (b < physical.size() && physical[b].first < physical[b].second) {
      widest = std::max(widest, end_column[b]);
      ++b;
    }
    if (widest >= 60) {
      for (size_t i = a; i + 1 < b; ++i)
        continues[i] = end_column[i] * 100 >= widest * 85;
    }
    a = b;
  }
  std::vector<Line> lines;
  for (size_t i = 0; i < physical.size(); ++i) {
    Line line;
    line.begin = physical[i].first;
    line.end = physical[i].second;
    if (line.begin < line.end) {
      line.pieces.push_back(physical[i]);
      while (continues[i] && i + 1 < physical.size()) {
        ++i;
        line.pieces.push_back(physical[i]);
        line.end = physical[i].second;
      }
    }
    std::string content;
    for (const auto& [b, e] : line.pieces) {
      if (!content.empty()) content += ' ';
      content.append(text.substr(b, e - b));
    }
    if (!content.empty()) {
      line.words = CountWords(content);
      line.folded = FoldForMatch(content);
      if (IsEndMarker(line.folded, content)) {
        line.kind = LineKind::kEndMarker;
      } else if (IsTimestampOrByline(line.folded, content)) {
        line.kind = LineKind::kTimestamp;
      } else if (IsFurnitureLine(line.folded, content)) {
        line.kind = LineKind::kFurniture;
      } else if (line.words >= 25 ||
                 (line.words >= 10 && EndsSentence(content))) {
        line.kind = LineKind::kBody;
      } else if (EndsSentence(content) && line.words >= 4) {
        line.kind = LineKind::kSentence;
      } else {
        line.kind = LineKind::kShort;
      }
    }
    lines.push_back(std::move(line));
  }
  return lines;
}

double LineScore(const Line& line) {
  switch (line.kind) {
    case LineKind::kBlank:
      return 0;
    case LineKind::kBody:
      return std::min(line.words, 80);
    case LineKind::kSentence:
      return 1;
    case LineKind::kShort:
      return -4 - line.words * 0.5;
    case LineKind::kFurniture:
      return -8;
    case LineKind::kTimestamp:
      return -8;
    case LineKind::kEndMarker:
      return -60;
  }
  return 0;
}

}  // namespace

void CleanTextDump(std::string_view text, TextBuilder& out,
                   TextDumpInfo& info) {
  std::vector<Line> lines = SplitLines(text);
  // Title: a line before the body that the page repeats, else the nearest
  // headline-like line before the body.
  std::unordered_map<std::string, int> counts;
  for (const Line& l : lines) {
    if (!l.folded.empty()) ++counts[l.folded];
  }
  // A line the page prints three times or more is a repeated element
  // (a headline in every teaser, a label), not prose.
  for (Line& l : lines) {
    if (!l.folded.empty() && counts[l.folded] >= 3 &&
        l.kind != LineKind::kEndMarker) {
      l.kind = LineKind::kFurniture;
    }
  }
  // The article is the run of lines with the highest total score (Kadane):
  // paragraphs add, furniture subtracts, end markers subtract much. A run
  // that goes past an end marker after substantial prose counts half: what
  // follows "Related", "More from ..." is usually further stories.
  double best = 0, cur = 0, discount = 1.0, prose_before = 0;
  size_t best_begin = 0, best_end = 0, cur_begin = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].kind == LineKind::kEndMarker && prose_before >= 50)
      discount = 0.5;
    if (cur <= 0) {
      cur = 0;
      cur_begin = i;
    }
    const double score = LineScore(lines[i]);
    if (lines[i].kind == LineKind::kBody) prose_before += lines[i].words;
    cur += score;
    if (cur * discount > best) {
      best = cur * discount;
      best_begin = cur_begin;
      best_end = i + 1;
    }
  }
  // No paragraph at all (a headline, a wire alert, one sentence without its
  // full stop): the text is short by nature, so every line that is not
  // furniture is kept, its headline included, rather than nothing.
  const bool no_paragraph = best_end == 0;
  if (no_paragraph) {
    best_begin = 0;
    best_end = lines.size();
  }
  const Line* title = nullptr;
  size_t search_end = std::min(best_begin, lines.size());
  for (size_t i = 0; i < search_end && i < 40; ++i) {
    const Line& l = lines[i];
    if ((l.kind == LineKind::kShort || l.kind == LineKind::kBody ||
         l.kind == LineKind::kSentence) &&
        l.words >= 4 && l.words <= 30 && counts[l.folded] > 1) {
      title = &l;
      break;
    }
  }
  for (size_t i = search_end; title == nullptr && i-- > 0;) {
    const Line& l = lines[i];
    if (best_begin - i > 12) break;
    if ((l.kind == LineKind::kShort || l.kind == LineKind::kSentence) &&
        l.words >= 4 && l.words <= 30) {
      title = &l;
    }
  }
  if (title == nullptr && best_begin < lines.size() &&
      lines[best_begin].kind == LineKind::kShort &&
      lines[best_begin].words >= 3) {
    title = &lines[best_begin];  // the body starts with its headline
  }
  std::string title_folded;
  if (title != nullptr) {
    info.title = std::string(text.substr(
        title->pieces.front().first,
        title->pieces.front().second - title->pieces.front().first));
    title_folded = title->folded;
  }

  for (size_t i = best_begin; i < best_end; ++i) {
    const Line& l = lines[i];
    if (l.kind == LineKind::kBlank || l.kind == LineKind::kFurniture ||
        l.kind == LineKind::kTimestamp || l.kind == LineKind::kEndMarker) {
      continue;
    }
    if (!no_paragraph && !title_folded.empty() && l.folded == title_folded)
      continue;
    if (l.kind == LineKind::kShort && no_paragraph) {
      // One- and two-word lines of a short text are labels ("Home",
      // "Breaking"), not news.
      if (l.words < 3) continue;
    } else if (l.kind == LineKind::kShort) {
      // A subheading is kept when a paragraph follows it.
      size_t next = i + 1;
      while (next < best_end && lines[next].kind == LineKind::kBlank) ++next;
      if (next >= best_end || lines[next].kind != LineKind::kBody) continue;
    }
    for (size_t p = 0; p < l.pieces.size(); ++p) {
      const auto& [b, e] = l.pieces[p];
      // The line break inside a wrapped paragraph reads as a space.
      if (p > 0)
        out.AppendSpace(l.pieces[p - 1].second, b - l.pieces[p - 1].second);
      out.Append(text.substr(b, e - b), b, e - b);
    }
    out.BreakParagraph();
  }
}

void CopyExtractedText(std::string_view text, TextBuilder& out) {
  size_t pos = 0;
  while (pos < text.size()) {
    size_t line_end = text.find('\n', pos);
    if (line_end == std::string_view::npos) line_end = text.size();
    // Words (runs of non-space) with the spaces between them folded.
    size_t i = pos;
    size_t space_begin = std::string_view::npos;
    bool any = false;
    while (i < line_end) {
      size_t next = i;
      const char32_t cp = DecodeUtf8(text, next);
      if (IsSpaceCodePoint(cp)) {
        if (space_begin == std::string_view::npos) space_begin = i;
        i = next;
        continue;
      }
      size_t word_end = next;
      while (word_end < line_end) {
        size_t k = word_end;
        if (IsSpaceCodePoint(DecodeUtf8(text, k))) break;
        word_end = k;
      }
      if (any && space_begin != std::string_view::npos) {
        out.AppendSpace(
            static_cast<uint32_t>(space_begin),
            static_cast<uint32_t>(i - space_begin),
            /*exact=*/i - space_begin == 1 && text[space_begin] == ' ');
      }
      out.Append(text.substr(i, word_end - i), static_cast<uint32_t>(i),
                 static_cast<uint32_t>(word_end - i));
      any = true;
      space_begin = std::string_view::npos;
      i = word_end;
    }
    if (any) {
      out.BreakLine();
    } else {
      out.BreakParagraph();
    }
    pos = line_end + 1;
  }
}

}  // namespace eventwire::clean
