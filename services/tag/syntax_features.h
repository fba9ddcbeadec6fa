// What one word contributes to the features of the part-of-speech tagger
// and the dependency parser, computed once per word, and the hashing that
// turns a feature template with its values into a HashedPerceptron feature.
//
// Training (tools/train_parser.cc) and tagging use these same functions, so
// the two cannot drift apart.
#ifndef EVENTWIRE_SERVICES_TAG_SYNTAX_FEATURES_H_
#define EVENTWIRE_SERVICES_TAG_SYNTAX_FEATURES_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace eventwire::tag {

class Lexicon;
class WordClusters;

enum SyntaxWordFlag : uint8_t {
  kWordCapitalised = 1,
  kWordAllCaps = 2,
  kWordHasDigit = 4,
  kWordHasHyphen = 8,
  kWordPunctuation = 16,  // no letter or digit
  kWordCommon = 32,       // the word list has its lower-case form
  kWordProperNoun = 64,   // the word list has it capitalised, as a name
};

struct SyntaxWord {
  uint64_t form = 0;   // as written
  uint64_t lower = 0;  // lower case; digits folded to their shape ("dddd")
  uint64_t prefix1 = 0;
  uint64_t suffix1 = 0, suffix2 = 0, suffix3 = 0;
  uint64_t shape = 0;  // "Xxxxx", "dd.dd": runs cut at four
  // Word classes, coarse to fine (WordClusters); 0 unknown.
  uint16_t cluster[3] = {0, 0, 0};
  uint8_t flags = 0;
};

// `lexicon` and `clusters` may be null (no word-list or class features).
SyntaxWord MakeSyntaxWord(std::string_view form, const Lexicon* lexicon,
                          const WordClusters* clusters);

// The form the models know a word by: lower case (ASCII letters), and a
// word with a digit by its shape ("1984" and "2025" are both "dddd").
std::string NormalForm(std::string_view form);

// A 64-bit string hash (FNV-1a, then mixed): fixed across builds and
// platforms, since trained models store rows by it.
uint64_t HashString(std::string_view s);

inline uint64_t HashMix(uint64_t a, uint64_t b) {
  uint64_t h = a ^ (b + 0x9E3779B97F4A7C15ULL + (a << 6) + (a >> 2));
  h ^= h >> 33;
  h *= 0xFF51AFD7ED558CCDULL;
  h ^= h >> 33;
  h *= 0xC4CEB9FE1A85EC53ULL;
  h ^= h >> 33;
  return h;
}

// The feature of template `templ` with up to three values: one multiply per
// value and one final mix, since the parser computes about a hundred of
// these per transition.
inline uint64_t Feature(uint32_t templ, uint64_t a, uint64_t b = 0,
                        uint64_t c = 0) {
  uint64_t h = (templ + 1) * 0x27D4EB2F165667C5ULL;
  h ^= a * 0x9E3779B97F4A7C15ULL;
  h ^= (b + 0x51) * 0xC2B2AE3D27D4EB4FULL;
  h ^= (c + 0xA3) * 0x165667B19E3779F9ULL;
  h ^= h >> 32;
  h *= 0xD6E8FEB86659FD93ULL;
  h ^= h >> 32;
  return h;
}

}  // namespace eventwire::tag

#endif  // EVENTWIRE_SERVICES_TAG_SYNTAX_FEATURES_H_
