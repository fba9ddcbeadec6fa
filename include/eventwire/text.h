// Unicode helpers shared by the stages.
#ifndef EVENTWIRE_TEXT_H_
#define EVENTWIRE_TEXT_H_

#include <string>
#include <string_view>
#include <vector>

namespace eventwire {

// NFC normalisation (input must be valid UTF-8).
std::string NormalizeNfc(std::string_view s);
// For comparing names: accents removed, case folded, punctuation dropped,
// spaces collapsed ("Zelenskyy’s" -> "zelenskyy s").
std::string FoldForMatch(std::string_view s);
// A stable slug for ids ("Volodymyr Zelenskyy" -> "volodymyr-zelenskyy").
std::string Slug(std::string_view s);
// True when the first character is an upper-case letter (any script).
bool StartsUpper(std::string_view word);
// True when every letter is upper case and there are at least two.
bool IsAllCaps(std::string_view word);
// True for Unicode whitespace, including no-break and zero-width spaces.
bool IsSpaceCodePoint(char32_t cp);

// How many words of a sentence, up to and with its dash, are a dateline
// ("HANOI, Vietnam (AP) —", "LONDON (Reuters) -"); 0 when it opens with
// none.
size_t DatelineLength(const std::vector<std::string_view>& words);

}  // namespace eventwire

#endif  // EVENTWIRE_TEXT_H_
