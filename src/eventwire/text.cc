#include "eventwire/text.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include "eventwire/utf8.h"

namespace eventwire {

std::string NormalizeNfc(std::string_view s) {
  UErrorCode error = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(error);
  if (U_FAILURE(error)) return std::string(s);
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(
      icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  if (nfc->isNormalized(u, error) && U_SUCCESS(error)) return std::string(s);
  error = U_ZERO_ERROR;
  icu::UnicodeString normalized = nfc->normalize(u, error);
  if (U_FAILURE(error)) return std::string(s);
  std::string out;
  normalized.toUTF8String(out);
  return out;
}

std::string FoldForMatch(std::string_view s) {
  // ASCII text (most of it) needs no Unicode tables.
  bool ascii = true;
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) {
    std::string out;
    out.reserve(s.size());
    bool pending_space = false;
    for (char c : s) {
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        if (pending_space && !out.empty()) out += ' ';
        pending_space = false;
        out += c;
      } else if (c >= 'A' && c <= 'Z') {
        if (pending_space && !out.empty()) out += ' ';
        pending_space = false;
        out += static_cast<char>(c + 32);
      } else {
        pending_space = true;
      }
    }
    return out;
  }
  UErrorCode error = U_ZERO_ERROR;
  const icu::Normalizer2* nfkd = icu::Normalizer2::getNFKDInstance(error);
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(
      icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  if (U_SUCCESS(error)) u = nfkd->normalize(u, error);
  std::string out;
  bool pending_space = false;
  for (int32_t i = 0; i < u.length();) {
    UChar32 c = u.char32At(i);
    i += U16_LENGTH(c);
    if (u_getCombiningClass(c) != 0 || u_charType(c) == U_NON_SPACING_MARK) {
      continue;
    }
    if (u_isalnum(c)) {
      if (pending_space && !out.empty()) out += ' ';
      pending_space = false;
      AppendUtf8(static_cast<char32_t>(u_foldCase(c, U_FOLD_CASE_DEFAULT)),
                 out);
    } else {
      pending_space = true;
    }
  }
  return out;
}

std::string Slug(std::string_view s) {
  std::string folded = FoldForMatch(s);
  for (char& c : folded) {
    if (c == ' ') c = '-';
  }
  return folded;
}

bool StartsUpper(std::string_view word) {
  if (word.empty()) return false;
  size_t i = 0;
  if (ValidUtf8SequenceLength(word, 0) == 0) return false;
  char32_t cp = DecodeUtf8(word, i);
  return u_isupper(static_cast<UChar32>(cp)) ||
         u_istitle(static_cast<UChar32>(cp));
}

bool IsAllCaps(std::string_view word) {
  int letters = 0;
  for (size_t i = 0; i < word.size();) {
    if (ValidUtf8SequenceLength(word, i) == 0) return false;
    char32_t cp = DecodeUtf8(word, i);
    if (u_isalpha(static_cast<UChar32>(cp))) {
      if (!u_isupper(static_cast<UChar32>(cp))) return false;
      ++letters;
    }
  }
  return letters >= 2;
}

bool IsSpaceCodePoint(char32_t cp) {
  if (cp < 0x80)
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' ||
           cp == 0x0B;
  return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' ||
         cp == 0xA0 || cp == 0x200B || cp == 0xFEFF ||
         u_isUWhiteSpace(static_cast<UChar32>(cp));
}

namespace {

bool IsDash(std::string_view word) {
  return word == "\xE2\x80\x94" || word == "\xE2\x80\x93" || word == "--" ||
         word == "-";
}

}  // namespace

size_t DatelineLength(const std::vector<std::string_view>& words) {
  // "HANOI, Vietnam (AP) —", "LONDON (Reuters) -": capitalised words,
  // commas and a parenthesised agency before a dash, one word in capitals
  // or the agency's parenthesis, and a sentence after it.
  constexpr size_t kMaxDateline = 12;
  for (size_t i = 1; i < words.size() && i <= kMaxDateline; ++i) {
    if (!IsDash(words[i])) continue;
    if (i + 3 > words.size()) return 0;
    bool capitals = words[i - 1] == ")";
    for (size_t k = 0; k < i; ++k) {
      const std::string_view w = words[k];
      if (w == "," || w == "(" || w == ")" || w == ".") continue;
      if (w.empty() || !(w[0] >= 'A' && w[0] <= 'Z')) return 0;
      bool upper = w.size() >= 2;
      for (char c : w) upper &= !(c >= 'a' && c <= 'z');
      capitals |= upper;
    }
    // A bare hyphen joins words too ("U.S. - China talks"): only after
    // the agency's parenthesis.
    if ((words[i] == "-" || words[i] == "--") && words[i - 1] != ")") return 0;
    return capitals ? i + 1 : 0;
  }
  return 0;
}

}  // namespace eventwire
