// UTF-8 validation and repair: bad bytes are replaced and counted, never
// fatal.
#ifndef EVENTWIRE_UTF8_H_
#define EVENTWIRE_UTF8_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace eventwire {

struct Utf8Repair {
  std::string text;
  // How many invalid sequences were replaced with U+FFFD.
  size_t invalid_sequences = 0;
};

// Returns `in` with every invalid or overlong sequence, surrogate and NUL byte
// replaced by U+FFFD.
Utf8Repair RepairUtf8(std::string_view in);

// Length of the valid UTF-8 sequence starting at `in[i]`, or 0 if invalid.
size_t ValidUtf8SequenceLength(std::string_view in, size_t i);

// True when the bytes look like binary data rather than text in any
// encoding: NUL bytes or control characters in more than a small share.
bool LooksBinary(std::string_view in);

// Decodes the code point starting at `s[i]` (which must be valid UTF-8) and
// advances `i` past it.
char32_t DecodeUtf8(std::string_view s, size_t& i);
void AppendUtf8(char32_t cp, std::string& out);

}  // namespace eventwire

#endif  // EVENTWIRE_UTF8_H_
