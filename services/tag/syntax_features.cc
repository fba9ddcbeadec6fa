#include "syntax_features.h"

#include <string>

#include "lexicon.h"
#include "word_clusters.h"

namespace eventwire::tag {
namespace {

char ShapeClass(unsigned char c) {
  if (c >= 'A' && c <= 'Z') return 'X';
  if (c >= 'a' && c <= 'z') return 'x';
  if (c >= '0' && c <= '9') return 'd';
  if (c >= 0x80) return 'u';  // a byte of a non-ASCII character
  return static_cast<char>(c);
}

// The byte length of the last `count` UTF-8 characters of `s`.
size_t TailBytes(std::string_view s, int count) {
  size_t i = s.size();
  while (i > 0 && count > 0) {
    --i;
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) --count;
  }
  return s.size() - i;
}

size_t HeadBytes(std::string_view s) {
  if (s.empty()) return 0;
  size_t i = 1;
  while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) ++i;
  return i;
}

}  // namespace

uint64_t HashString(std::string_view s) {
  uint64_t h = 1469598103934665603ULL;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  return HashMix(h, s.size());
}

std::string NormalForm(std::string_view form) {
  std::string out;
  out.reserve(form.size());
  bool digit = false;
  for (char c : form) {
    const unsigned char u = static_cast<unsigned char>(c);
    digit |= u >= '0' && u <= '9';
    out.push_back(u >= 'A' && u <= 'Z' ? static_cast<char>(u + 32) : c);
  }
  if (!digit) return out;
  out.clear();
  char last = 0;
  int run = 0;
  for (char c : form) {
    const char k = ShapeClass(static_cast<unsigned char>(c));
    run = k == last ? run + 1 : 1;
    last = k;
    if (run <= 4) out.push_back(k);
  }
  return out;
}

SyntaxWord MakeSyntaxWord(std::string_view form, const Lexicon* lexicon,
                          const WordClusters* clusters) {
  SyntaxWord w;
  w.form = HashString(form);
  std::string lower(form);
  std::string shape;
  bool any_upper = false, any_lower = false, any_alnum = false;
  char last = 0;
  int run = 0;
  for (char& c : lower) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (u >= 'A' && u <= 'Z') {
      any_upper = true;
      c = static_cast<char>(u + 32);
    } else if (u >= 'a' && u <= 'z') {
      any_lower = true;
    }
    if ((u >= '0' && u <= '9')) w.flags |= kWordHasDigit;
    if (u == '-') w.flags |= kWordHasHyphen;
    if ((u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') ||
        (u >= 'A' && u <= 'Z') || u >= 0x80) {
      any_alnum = true;
    }
    const char k = ShapeClass(u);
    run = k == last ? run + 1 : 1;
    last = k;
    if (run <= 4) shape.push_back(k);
  }
  if (!form.empty() && form[0] >= 'A' && form[0] <= 'Z')
    w.flags |= kWordCapitalised;
  if (any_upper && !any_lower) w.flags |= kWordAllCaps;
  if (!any_alnum) w.flags |= kWordPunctuation;
  w.shape = HashString(shape);
  const std::string normal = NormalForm(form);
  w.lower = HashString(normal);
  if (clusters != nullptr) {
    const WordClusters::Classes classes = clusters->Find(normal);
    for (size_t level = 0; level < WordClusters::kLevels; ++level)
      w.cluster[level] = classes[level];
  }
  w.prefix1 = HashString(std::string_view(lower).substr(0, HeadBytes(lower)));
  const std::string_view l(lower);
  w.suffix1 = HashMix(HashString(l.substr(l.size() - TailBytes(l, 1))), 1);
  w.suffix2 = HashMix(HashString(l.substr(l.size() - TailBytes(l, 2))), 2);
  w.suffix3 = HashMix(HashString(l.substr(l.size() - TailBytes(l, 3))), 3);
  if (lexicon != nullptr) {
    if (lexicon->IsCommonWord(lower)) w.flags |= kWordCommon;
    if (any_upper && lexicon->IsProperNoun(form)) w.flags |= kWordProperNoun;
  }
  return w;
}

}  // namespace eventwire::tag
