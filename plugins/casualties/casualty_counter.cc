#include "casualty_counter.h"

#include <cctype>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"

namespace eventwire::casualties {
namespace {

// Lower-case words, numbers with their thousands commas ("5,000"), and
// punctuation as one-character tokens.
std::vector<std::string> Words(std::string_view s) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = s[i];
    if (std::isspace(c)) {
      ++i;
      continue;
    }
    if (std::isalnum(c) || c >= 0x80) {
      size_t j = i;
      while (j < s.size()) {
        const unsigned char d = s[j];
        const bool inner_comma = d == ',' && j + 3 < s.size() + 1 && j > i &&
                                 std::isdigit(s[j - 1]) && j + 1 < s.size() &&
                                 std::isdigit(s[j + 1]);
        const bool inner_mark = (d == '-' || d == '.' || d == '\'') &&
                                j + 1 < s.size() && std::isalnum(s[j + 1]);
        if (std::isalnum(d) || d >= 0x80 || inner_comma || inner_mark) {
          ++j;
        } else {
          break;
        }
      }
      out.push_back(absl::AsciiStrToLower(std::string(s.substr(i, j - i))));
      i = j;
      continue;
    }
    out.emplace_back(1, static_cast<char>(c));
    ++i;
  }
  return out;
}

int SmallNumber(const std::string& w) {
  static const char* const kUnits[] = {
      "zero",    "one",     "two",       "three",    "four",
      "five",    "six",     "seven",     "eight",    "nine",
      "ten",     "eleven",  "twelve",    "thirteen", "fourteen",
      "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"};
  static const char* const kTens[] = {"",       "",      "twenty", "thirty",
                                      "forty",  "fifty", "sixty",  "seventy",
                                      "eighty", "ninety"};
  for (int i = 0; i < 20; ++i)
    if (w == kUnits[i]) return i;
  for (int i = 2; i < 10; ++i) {
    const std::string tens = kTens[i];
    if (w == tens) return i * 10;
    // "twenty-three"
    if (w.size() > tens.size() + 1 && w.compare(0, tens.size(), tens) == 0 &&
        w[tens.size()] == '-') {
      for (int u = 1; u < 10; ++u)
        if (w.substr(tens.size() + 1) == kUnits[u]) return i * 10 + u;
    }
  }
  return -1;
}

// A count at words[i]: digits, number words, "a dozen", "two hundred".
// Returns the value and sets `length` to the words it took.
std::optional<uint32_t> CountAt(const std::vector<std::string>& w, size_t i,
                                size_t* length) {
  if (i >= w.size()) return std::nullopt;
  std::string digits;
  for (char c : w[i])
    if (c != ',') digits += c;
  uint32_t value = 0;
  if (!digits.empty() && std::isdigit(static_cast<unsigned char>(digits[0])) &&
      absl::SimpleAtoi(digits, &value)) {
    *length = 1;
    return value;
  }
  size_t at = i;
  int n = SmallNumber(w[i]);
  if (w[i] == "a" || w[i] == "an") n = 1;
  if (n < 0) return std::nullopt;
  ++at;
  uint32_t total = static_cast<uint32_t>(n);
  if (at < w.size() &&
      (w[at] == "dozen" || w[at] == "hundred" || w[at] == "thousand")) {
    total *= w[at] == "dozen" ? 12 : w[at] == "hundred" ? 100 : 1000;
    ++at;
  } else if (w[i] == "a" || w[i] == "an") {
    return std::nullopt;  // "a" alone is no count
  }
  *length = at - i;
  return total;
}

const std::set<std::string>& Qualifiers() {
  static const std::set<std::string> k = {
      "at",      "least",   "about",     "some",
      "nearly",  "almost",  "more",      "than",
      "over",    "up",      "to",        "around",
      "roughly", "an",      "estimated", "approximately",
      "another", "further", "additional"};
  return k;
}

bool IsKillVerb(const std::string& w) {
  return w == "killed" || w == "killing" || w == "kills" || w == "kill" ||
         w == "slew" || w == "slaying" || w == "massacred" || w == "massacring";
}
bool IsWoundVerb(const std::string& w) {
  return w == "wounded" || w == "wounding" || w == "wounds" || w == "injured" ||
         w == "injuring" || w == "injures" || w == "hurt" || w == "hurting";
}
bool IsDeadWord(const std::string& w) {
  return w == "dead" || w == "died" || w == "killed" || w == "slain" ||
         w == "perished" || w == "deaths" || w == "die";
}
bool IsInjuredWord(const std::string& w) {
  return w == "wounded" || w == "injured" || w == "hurt" || w == "injuries";
}
bool IsAuxiliary(const std::string& w) {
  return w == "were" || w == "was" || w == "have" || w == "has" || w == "had" ||
         w == "been" || w == "are" || w == "is" || w == "being" ||
         w == "reportedly" || w == "reported" || w == "later";
}
// People who take part in a protest.
bool IsCrowdNoun(const std::string& w) {
  static const std::set<std::string> k = {
      "people",    "protesters", "protestors", "demonstrators", "marchers",
      "students",  "workers",    "supporters", "activists",     "farmers",
      "teachers",  "residents",  "strikers",   "participants",  "youths",
      "opponents", "women",      "villagers",  "employees",     "miners",
      "doctors",   "nurses",     "drivers",    "citizens",      "refugees",
      "prisoners", "inmates",    "members",    "pensioners",    "traders"};
  return k.count(w) > 0;
}
// After a passive "killed", what shows it has no object of its own.
bool EndsClause(const std::string& w) {
  static const std::set<std::string> k = {
      "in",        "on",        "at",        "by",     "when",  "after",
      "as",        "and",       "during",    "while",  "since", "near",
      "following", "overnight", "yesterday", "today",  "so",    "this",
      "last",      "outside",   "inside",    "across", ",",     ".",
      ";",         ":",         "-",         "(",      "\""};
  return k.count(w) > 0;
}
bool IsPunct(const std::string& w) {
  return w.size() == 1 && !std::isalnum(static_cast<unsigned char>(w[0]));
}

}  // namespace

Figures ReadFigures(std::string_view sentence) {
  const std::vector<std::string> w = Words(sentence);
  Figures f;
  for (size_t i = 0; i < w.size(); ++i) {
    // "death toll rose to 40", "a toll of 12 dead"
    if (w[i] == "toll" && !f.dead) {
      for (size_t j = i + 1; j < std::min(w.size(), i + 9); ++j) {
        size_t len = 0;
        if (auto n = CountAt(w, j, &len);
            n && (w[j - 1] == "to" || w[j - 1] == "at" || w[j - 1] == "of")) {
          f.dead = n;
          break;
        }
      }
    }
    size_t len = 0;
    const std::optional<uint32_t> n = CountAt(w, i, &len);
    if (!n) continue;
    // A verb before it, past any qualifiers: "killing at least 156".
    size_t b = i;
    while (b > 0 && Qualifiers().count(w[b - 1])) --b;
    if (b > 0) {
      const std::string& verb = w[b - 1];
      if (IsKillVerb(verb) && !f.dead) {
        f.dead = n;
        i += len - 1;
        continue;
      }
      if (IsWoundVerb(verb) && !f.injured) {
        f.injured = n;
        i += len - 1;
        continue;
      }
    }
    // What follows, past up to four words of its noun phrase: "three U.S.
    // soldiers were killed", "20 dead", "five others wounded".
    size_t a = i + len;
    size_t nouns = 0;
    bool crowd = false;
    while (a < w.size() && nouns < 4 && !IsPunct(w[a]) && !IsAuxiliary(w[a]) &&
           !IsDeadWord(w[a]) && !IsInjuredWord(w[a]) && !IsKillVerb(w[a]) &&
           w[a] != "and" && w[a] != "or") {
      crowd = crowd || IsCrowdNoun(w[a]);
      ++a;
      ++nouns;
    }
    bool passive = false;
    while (a < w.size() && IsAuxiliary(w[a])) {
      passive = true;
      ++a;
    }
    if (a < w.size()) {
      const std::string& v = w[a];
      const bool clause_ends = a + 1 >= w.size() || EndsClause(w[a + 1]);
      // "killed" after a noun phrase has its own object unless passive:
      // "bombers killed 23 people" is not 'bombers dead'.
      const bool counts = passive || clause_ends || v == "dead" ||
                          v == "died" || v == "deaths" || v == "perished";
      if (IsDeadWord(v) && counts && !f.dead) {
        f.dead = n;
      } else if (IsInjuredWord(v) && (passive || clause_ends) && !f.injured) {
        f.injured = n;
      }
    }
    if (crowd && !f.size && !(f.dead && *f.dead == *n) &&
        !(f.injured && *f.injured == *n))
      f.size = n;
    // "a crowd of 3,000"
    if (!f.size && i >= 2 && w[i - 1] == "of" &&
        (w[i - 2] == "crowd" || w[i - 2] == "crowds" || w[i - 2] == "march" ||
         w[i - 2] == "rally"))
      f.size = n;
    i += len - 1;
  }
  return f;
}

}  // namespace eventwire::casualties
