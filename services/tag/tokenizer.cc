#include "tokenizer.h"

#include <unicode/uchar.h>

#include <cctype>
#include <string>
#include <unordered_set>
#include <vector>

#include "eventwire/text.h"
#include "eventwire/utf8.h"
#include "eventwire/word_list.h"

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
  static const auto* kAbbrev = &WordList("abbreviations");
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

// Where the clitic of a contraction starts in `word`, 0 for none: "n't",
// "'m", "'re", "'ve", "'ll", "'d" are tokens of their own ("do" "n't",
// "I" "'m"), as in the Penn and Universal Dependencies treebanks the parser
// learnt from.
size_t CliticStart(std::string_view word) {
  static constexpr std::string_view kClitics[] = {"n't", "'m",  "'re",
                                                  "'ve", "'ll", "'d"};
  // Lower-case ASCII with the typographic apostrophe as a straight one.
  std::string folded;
  std::vector<size_t> byte_of;  // folded index -> byte in `word`
  for (size_t i = 0; i < word.size(); ++i) {
    byte_of.push_back(i);
    if (word.compare(i, 3, "\xE2\x80\x99") == 0) {
      folded += '\'';
      i += 2;
    } else {
      folded +=
          static_cast<char>(std::tolower(static_cast<unsigned char>(word[i])));
    }
  }
  for (std::string_view clitic : kClitics) {
    if (folded.size() <= clitic.size() ||
        folded.compare(folded.size() - clitic.size(), clitic.size(), clitic) !=
            0) {
      continue;
    }
    const size_t start = folded.size() - clitic.size();
    // The rest is a plain word: no other apostrophe ("rock'n'roll").
    if (folded.find('\'') < start) return 0;
    return byte_of[start];
  }
  return 0;
}

// Where the word that starts at `begin` (its first code point ending at
// `next`) ends: letters and digits, with inner . - ' (U.S., well-known,
// don't) and thousands separators; a possessive 's is its own token; an
// abbreviation or an initial keeps its period when that cannot end a
// sentence.
size_t WordEnd(std::string_view s, size_t begin, size_t next) {
  size_t j = next;
  while (j < s.size()) {
    size_t k;
    char32_t c = At(s, j, &k);
    if (IsWordChar(c)) {
      j = k;
      continue;
    }
    // A thousands separator stays inside a number ("5,000").
    if (c == ',' && k < s.size() && u_isdigit(static_cast<UChar32>(s[j - 1])) &&
        u_isdigit(static_cast<UChar32>(s[k]))) {
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
              s.substr(begin, j - begin).find('.') == std::string_view::npos) {
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
  return j;
}

// The sentences of the tokens: a line break, or a terminal mark before a
// capitalised word, a quote or a digit, ends one; closing quotes stay with
// the sentence they close; an abbreviation's period ends none.
void SplitSentences(v1::Document& doc, std::string_view s,
                    const std::vector<bool>& newline_before) {
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
    bool terminal = surface == "." || surface == "..." ||
                    (!surface.empty() &&
                     surface.find_first_not_of("!?") == std::string_view::npos);
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
    size_t clitic = 0;  // where a contraction's clitic starts in the word
    if (IsWordChar(cp)) {
      // A word: letters and digits, with inner . - ' (U.S., well-known,
      // don't); a possessive 's is its own token.
      end = WordEnd(s, begin, next);
      clitic = CliticStart(s.substr(begin, end - begin));
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
    } else if (cp == '.' || cp == '-' || cp == '!' || cp == '?') {
      // "...", "--", "!!" and "??" as one token.
      size_t j = next;
      while (j < s.size() && s[j] == static_cast<char>(cp)) ++j;
      end = j;
    }
    const auto add_token = [&](size_t token_begin, size_t token_end) {
      v1::Token* tok = doc.add_tokens();
      tok->set_begin(static_cast<uint32_t>(token_begin));
      tok->set_end(static_cast<uint32_t>(token_end));
      tok->set_norm(
          FoldForMatch(s.substr(token_begin, token_end - token_begin)));
      if (tok->norm().empty())
        tok->set_norm(
            std::string(s.substr(token_begin, token_end - token_begin)));
      newline_before.push_back(saw_newline);
      saw_newline = false;
    };
    if (clitic > 0) {
      add_token(begin, begin + clitic);
      add_token(begin + clitic, end);
    } else {
      add_token(begin, end);
    }
    i = end;
  }
  SplitSentences(doc, s, newline_before);
}

}  // namespace eventwire::tag
