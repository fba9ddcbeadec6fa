#include "tokenizer.h"

#include <unicode/uchar.h>

#include <string>
#include <unordered_set>

#include "eventwire/text.h"
#include "eventwire/utf8.h"

namespace eventwire::tag {
namespace {

bool IsWordChar(char32_t cp) {
  return u_isalnum(static_cast<UChar32>(cp)) ||
         u_charType(static_cast<UChar32>(cp)) == U_NON_SPACING_MARK;
}

bool IsApostrophe(char32_t cp) { return cp == '\'' || cp == 0x2019; }

char32_t At(std::string_view s, size_t i, size_t* next) {
  size_t k = i;
  if (ValidUtf8SequenceLength(s, i) == 0) {
    *next = i + 1;
    return 0xFFFD;
  }
  char32_t cp = DecodeUtf8(s, k);
  *next = k;
  return cp;
}

// Abbreviations whose period does not end a sentence.
bool IsAbbreviation(const std::string& norm) {
  static const auto* kAbbrev = new std::unordered_set<std::string>{
      "mr",   "mrs",  "ms",  "dr",   "st",   "gen",    "col",  "lt",   "sgt",
      "capt", "cmdr", "adm", "maj",  "sen",  "rep",    "gov",  "prof", "jr",
      "sr",   "inc",  "co",  "corp", "ltd",  "vs",     "no",   "jan",  "feb",
      "mar",  "apr",  "jun", "jul",  "aug",  "sep",    "sept", "oct",  "nov",
      "dec",  "mt",   "ft",  "rev",  "pres", "approx", "dept", "est",  "fig",
      "u.s",  "u.k",  "u.n", "e.g",  "i.e",  "a.m",    "p.m"};
  return kAbbrev->count(norm) > 0;
}

// An initial: one capital letter ("John F. Kennedy").
bool IsInitial(std::string_view word) {
  return word.size() == 1 && word[0] >= 'A' && word[0] <= 'Z';
}

bool IsOpeningOrQuote(char32_t cp) {
  return cp == '"' || cp == '\'' || cp == 0x201C || cp == 0x2018 ||
         cp == 0x00AB || cp == '(' || cp == '[';
}
bool IsClosingQuote(char32_t cp) {
  return cp == '"' || cp == '\'' || cp == 0x201D || cp == 0x2019 ||
         cp == 0x00BB || cp == ')' || cp == ']';
}

}  // namespace

void Tokenize(v1::Document& doc) {
  const std::string& text = doc.text();
  doc.clear_tokens();
  doc.clear_sentences();
  std::string_view s(text);
  // Newline positions between tokens end sentences.
  std::vector<bool> newline_before;
  size_t i = 0;
  bool saw_newline = false;
  while (i < s.size()) {
    size_t next;
    char32_t cp = At(s, i, &next);
    if (IsSpaceCodePoint(cp)) {
      if (cp == '\n') saw_newline = true;
      i = next;
      continue;
    }
    size_t begin = i, end = next;
    if (IsWordChar(cp)) {
      // A word: letters and digits, with inner . - ' (U.S., well-known,
      // don't); a possessive 's is its own token.
      size_t j = next;
      while (j < s.size()) {
        size_t k;
        char32_t c = At(s, j, &k);
        if (IsWordChar(c)) {
          j = k;
          continue;
        }
        if ((c == '-' || c == '.' || IsApostrophe(c) || c == 0x2010 ||
             c == 0x2011) &&
            k < s.size()) {
          size_t k2;
          char32_t after = At(s, k, &k2);
          if (IsWordChar(after)) {
            if (IsApostrophe(c) && (after == 's' || after == 'S')) {
              size_t k3;
              char32_t after_s = k2 < s.size() ? At(s, k2, &k3) : ' ';
              if (!IsWordChar(after_s)) break;  // possessive
            }
            if (c == '.') {
              // Only initialisms (U.S.) and decimals (3.5) keep dots.
              size_t prev_len = j - begin;
              bool digit = u_isdigit(static_cast<UChar32>(after));
              if (!digit && prev_len > 1 &&
                  s.substr(begin, j - begin).find('.') ==
                      std::string_view::npos) {
                break;
              }
            }
            j = k;
            continue;
          }
          // "U.S." keeps its final dot when it is an initialism.
          if (c == '.' && j - begin >= 3 && s[j - 2] == '.') {
            j = k;
          }
        }
        break;
      }
      // An abbreviation or an initial keeps its period ("Mr.", "W."), as
      // news corpora tokenize them, when the period cannot end a sentence:
      // after an abbreviation always, after an initial only before a
      // capitalised word on the same line.
      if (j + 1 < s.size() && s[j] == '.' && (s[j + 1] == ' ')) {
        const std::string_view word = s.substr(begin, j - begin);
        bool keep = IsAbbreviation(FoldForMatch(word));
        if (!keep && IsInitial(word)) {
          size_t k = j + 1;
          while (k < s.size() && s[k] == ' ') ++k;
          keep = k < s.size() && StartsUpper(s.substr(k));
        }
        if (keep) ++j;
      }
      end = j;
    } else if (IsApostrophe(cp) && next < s.size()) {
      // A possessive ending ('s, ’s) after a word.
      size_t k;
      char32_t c = At(s, next, &k);
      if ((c == 's' || c == 'S') && doc.tokens_size() > 0 &&
          doc.tokens(doc.tokens_size() - 1).end() == begin) {
        size_t k2;
        char32_t after = k < s.size() ? At(s, k, &k2) : ' ';
        if (!IsWordChar(after)) end = k;
      }
    } else if (cp == '.' || cp == '-') {
      // "..." and "--" as one token.
      size_t j = next;
      while (j < s.size() && s[j] == static_cast<char>(cp)) ++j;
      end = j;
    }
    v1::Token* tok = doc.add_tokens();
    tok->set_begin(static_cast<uint32_t>(begin));
    tok->set_end(static_cast<uint32_t>(end));
    tok->set_norm(FoldForMatch(s.substr(begin, end - begin)));
    if (tok->norm().empty())
      tok->set_norm(std::string(s.substr(begin, end - begin)));
    newline_before.push_back(saw_newline);
    saw_newline = false;
    i = end;
  }

  // Sentences.
  const int n = doc.tokens_size();
  int start = 0;
  auto close = [&](int end_token) {
    if (end_token <= start) return;
    v1::Sentence* sent = doc.add_sentences();
    sent->set_begin(doc.tokens(start).begin());
    sent->set_end(doc.tokens(end_token - 1).end());
    sent->set_first_token(start);
    sent->set_token_count(end_token - start);
    start = end_token;
  };
  for (int t = 0; t < n; ++t) {
    if (t > start && newline_before[t]) close(t);
    const v1::Token& tok = doc.tokens(t);
    std::string_view surface(s.data() + tok.begin(), tok.end() - tok.begin());
    bool terminal =
        surface == "." || surface == "!" || surface == "?" || surface == "...";
    if (!terminal) continue;
    if (surface == "." && t > start) {
      const v1::Token& prev = doc.tokens(t - 1);
      // An abbreviation whose period stayed apart (before a line break or a
      // quotation mark) does not end the sentence there either.
      if (prev.end() == tok.begin() && IsAbbreviation(prev.norm())) continue;
    }
    int end = t + 1;
    // Closing quotes and brackets stay with the sentence they close.
    while (end < n) {
      size_t k;
      char32_t c = At(s, doc.tokens(end).begin(), &k);
      if (!IsClosingQuote(c) ||
          doc.tokens(end).end() - doc.tokens(end).begin() > 3 ||
          newline_before[end]) {
        break;
      }
      // A straight quote after the period closes only if no space precedes.
      if ((c == '"' || c == '\'') &&
          doc.tokens(end).begin() != doc.tokens(end - 1).end()) {
        break;
      }
      ++end;
    }
    if (end < n) {
      size_t k;
      char32_t c = At(s, doc.tokens(end).begin(), &k);
      bool next_starts = StartsUpper(s.substr(doc.tokens(end).begin())) ||
                         IsOpeningOrQuote(c) ||
                         u_isdigit(static_cast<UChar32>(c)) ||
                         newline_before[end];
      if (!next_starts) continue;
    }
    close(end);
    t = end - 1;
  }
  close(n);
}

}  // namespace eventwire::tag
