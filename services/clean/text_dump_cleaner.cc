#include "text_dump_cleaner.h"

#include <re2/re2.h>

#include <algorithm>
#include <unordered_map>
#include <vector>

#include "eventwire/text.h"
#include "eventwire/utf8.h"

namespace eventwire::clean {
namespace {

enum class LineKind {
  kBlank,
  kBody,        // a paragraph: long, or a full sentence
  kSentence,    // a short full sentence
  kShort,       // a few words without sentence punctuation
  kFurniture,   // page furniture by vocabulary (ads, credits, share, ...)
  kEndMarker,   // "Related news", "Latest", copyright: the article is over
  kTimestamp,   // "08:54", "2 hours ago"
};

struct Line {
  size_t begin = 0;  // trimmed content
  size_t end = 0;
  int words = 0;
  LineKind kind = LineKind::kBlank;
  std::string folded;
};

int CountWords(std::string_view s) {
  int words = 0;
  bool in_word = false;
  for (size_t i = 0; i < s.size();) {
    size_t len = ValidUtf8SequenceLength(s, i);
    if (len == 0) len = 1;
    size_t k = i;
    char32_t cp = DecodeUtf8(s, k);
    bool space = IsSpaceCodePoint(cp);
    if (!space && !in_word) ++words;
    in_word = !space;
    i += len;
  }
  return words;
}

bool EndsSentence(std::string_view s) {
  // Strip closing quotes and brackets, then look for . ! ? or a colon.
  static const std::string_view kClosers[] = {"\"", "'", ")", "\xE2\x80\x9D",
                                              "\xE2\x80\x99", "\xC2\xBB"};
  bool stripped = true;
  while (stripped && !s.empty()) {
    stripped = false;
    for (std::string_view c : kClosers) {
      if (s.size() >= c.size() && s.substr(s.size() - c.size()) == c) {
        s.remove_suffix(c.size());
        stripped = true;
      }
    }
  }
  if (s.empty()) return false;
  char c = s.back();
  return c == '.' || c == '!' || c == '?' || c == ':' || c == ';';
}

// Page furniture by its vocabulary; general to web pages, not to one site.
bool IsFurniture(const std::string& folded, std::string_view line) {
  static const RE2 kFurniture(
      R"re(^(advertisement|advertising|sponsored|sponsored content|share|share this|share this article|share on \w+|tweet|email|print|subscribe|subscribe now|sign up|sign in|log in|login|register|support us|support journalism|donate|follow us|follow us on \w+|read more|read also|see also|more|show more|load more|comments?|\d+ comments?|leave a comment|click here|menu|search|home|skip to content|skip to main content|all sections|sections|close|cookie settings|accept|accept all|back to top|top|next|previous|listen|listen to this article|watch|video|photo|gallery|image|tags?|topics?|newsletter|download the app|open in app|advertisement continue reading|story continues below|continue reading|related|related stories|related articles|related news|you may also like|recommended|more stories|most read|most popular|trending|editor s picks)$)re");
  if (RE2::FullMatch(folded, kFurniture)) return true;
  static const RE2 kCredit(
      R"re((?i)(\bcredit\s*:|\bphoto\s*:|\bimage\s*:|\bphoto credit\b|\bstock photo\b|\bgetty images\b|\bphotograph:|\bpicture:|\(photo|\bfile photo\b|/ ?afp\b|/ ?reuters\b|/ ?ap\b|\bafp\.?$|\breuters\.?$|\bap photo\b))re");
  if (RE2::PartialMatch(line, kCredit)) return true;
  static const RE2 kCta(
      R"re(^(join|support|subscribe to|sign up for|follow|download|get the|install) .{0,80}(community|newsletter|patreon|app|journalism|updates|channel|podcast|us on)\b)re");
  return RE2::PartialMatch(folded, kCta);
}

bool IsEndMarker(const std::string& folded) {
  static const RE2 kEnd(
      R"re(^(related|related news|related stories|related articles|related content|related posts|latest|latest news|latest stories|recent news|recent posts|more news|more stories|more from .{1,40}|read next|read more|also read|see also|you may also like|you might also like|recommended for you|most read|most popular|trending now|top stories|all news|editor s picks|comments|\d+ comments|from the web|around the web|more on this story|more on this topic)$)re");
  if (RE2::FullMatch(folded, kEnd)) return true;
  static const RE2 kCopyright(
      R"re(^(copyright|all rights reserved)\b.*|.*\ball rights reserved\b.*)re");
  return RE2::FullMatch(folded, kCopyright) ||
         folded.rfind("c ", 0) == 0 && folded.find("all rights") != std::string::npos;
}

bool IsTimestamp(const std::string& folded) {
  static const RE2 kTime(
      R"re(^(\d{1,2} \d{2}( am| pm)?|\d+ (minutes?|mins?|hours?|hrs?|days?) ago|updated .{0,30}|published .{0,30}|yesterday|today)$)re");
  return RE2::FullMatch(folded, kTime);
}

bool HasCopyrightSign(std::string_view line) {
  return line.find("\xC2\xA9") != std::string_view::npos;  // ©
}

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
    while (k > begin && (static_cast<unsigned char>(text[k]) & 0xC0) == 0x80) --k;
    size_t j = k;
    if (!IsSpaceCodePoint(DecodeUtf8(text, j))) break;
    end = k;
  }
}

std::vector<Line> SplitLines(std::string_view text) {
  std::vector<Line> lines;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    Line line;
    line.begin = pos;
    line.end = nl;
    Trim(text, line.begin, line.end);
    std::string_view content = text.substr(line.begin, line.end - line.begin);
    if (!content.empty()) {
      line.words = CountWords(content);
      line.folded = FoldForMatch(content);
      if (IsEndMarker(line.folded) || (HasCopyrightSign(content) && line.words < 25)) {
        line.kind = LineKind::kEndMarker;
      } else if (IsTimestamp(line.folded)) {
        line.kind = LineKind::kTimestamp;
      } else if (IsFurniture(line.folded, content)) {
        line.kind = LineKind::kFurniture;
      } else if (line.words >= 25 || (line.words >= 10 && EndsSentence(content))) {
        line.kind = LineKind::kBody;
      } else if (EndsSentence(content) && line.words >= 4) {
        line.kind = LineKind::kSentence;
      } else {
        line.kind = LineKind::kShort;
      }
    }
    lines.push_back(std::move(line));
    if (nl == text.size()) break;
    pos = nl + 1;
  }
  return lines;
}

double LineScore(const Line& line) {
  switch (line.kind) {
    case LineKind::kBlank: return 0;
    case LineKind::kBody: return std::min(line.words, 80);
    case LineKind::kSentence: return 1;
    case LineKind::kShort: return -4 - line.words * 0.5;
    case LineKind::kFurniture: return -8;
    case LineKind::kTimestamp: return -8;
    case LineKind::kEndMarker: return -60;
  }
  return 0;
}

}  // namespace

void CleanTextDump(std::string_view text, TextBuilder& out,
                   TextDumpInfo& info) {
  std::vector<Line> lines = SplitLines(text);
  // The article is the run of lines with the highest total score (Kadane):
  // body paragraphs add, furniture subtracts, end markers close it.
  double best = 0, cur = 0;
  size_t best_begin = 0, best_end = 0, cur_begin = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (cur <= 0) {
      cur = 0;
      cur_begin = i;
    }
    cur += LineScore(lines[i]);
    if (cur > best) {
      best = cur;
      best_begin = cur_begin;
      best_end = i + 1;
    }
  }
  if (best_end == 0) {
    // No paragraph at all: keep every line that is not furniture.
    best_begin = 0;
    best_end = lines.size();
  }
  // Title: a line before the body that the page repeats, else the nearest
  // headline-like line before the body.
  std::unordered_map<std::string, int> counts;
  for (const Line& l : lines) {
    if (!l.folded.empty()) ++counts[l.folded];
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
    info.title = std::string(text.substr(title->begin, title->end - title->begin));
    title_folded = title->folded;
  }

  for (size_t i = best_begin; i < best_end; ++i) {
    const Line& l = lines[i];
    if (l.kind == LineKind::kBlank || l.kind == LineKind::kFurniture ||
        l.kind == LineKind::kTimestamp || l.kind == LineKind::kEndMarker) {
      continue;
    }
    if (!title_folded.empty() && l.folded == title_folded) continue;
    if (l.kind == LineKind::kShort) {
      // A subheading is kept when a paragraph follows it.
      size_t next = i + 1;
      while (next < best_end && lines[next].kind == LineKind::kBlank) ++next;
      if (next >= best_end || lines[next].kind != LineKind::kBody) continue;
    }
    out.Append(text.substr(l.begin, l.end - l.begin), l.begin, l.end - l.begin);
    out.BreakParagraph();
  }
}

}  // namespace eventwire::clean
