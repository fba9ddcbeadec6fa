#include "eventwire/utf8.h"

namespace eventwire {

size_t ValidUtf8SequenceLength(std::string_view in, size_t i) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(in[k]); };
  const size_t n = in.size();
  unsigned char c = b(i);
  if (c < 0x80) return c == 0 ? 0 : 1;
  const auto cont = [&](size_t k) { return k < n && (b(k) & 0xC0) == 0x80; };
  if (c >= 0xC2 && c <= 0xDF) return cont(i + 1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (!cont(i + 1) || !cont(i + 2)) return 0;
    if (c == 0xE0 && b(i + 1) < 0xA0) return 0;   // overlong
    if (c == 0xED && b(i + 1) >= 0xA0) return 0;  // surrogate
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (!cont(i + 1) || !cont(i + 2) || !cont(i + 3)) return 0;
    if (c == 0xF0 && b(i + 1) < 0x90) return 0;   // overlong
    if (c == 0xF4 && b(i + 1) >= 0x90) return 0;  // above U+10FFFF
    return 4;
  }
  return 0;
}

Utf8Repair RepairUtf8(std::string_view in) {
  Utf8Repair out;
  out.text.reserve(in.size());
  size_t i = 0;
  while (i < in.size()) {
    size_t len = ValidUtf8SequenceLength(in, i);
    if (len == 0) {
      out.text += "\xEF\xBF\xBD";
      ++out.invalid_sequences;
      ++i;
      // One replacement per maximal bad run of continuation bytes.
      while (i < in.size() &&
             (static_cast<unsigned char>(in[i]) & 0xC0) == 0x80) {
        ++i;
      }
      continue;
    }
    out.text.append(in.substr(i, len));
    i += len;
  }
  return out;
}

bool LooksBinary(std::string_view in) {
  if (in.empty()) return false;
  const size_t sample = in.size() < (1 << 16) ? in.size() : (1 << 16);
  size_t suspicious = 0;
  for (size_t i = 0; i < sample; ++i) {
    unsigned char c = static_cast<unsigned char>(in[i]);
    if (c == 0 || (c < 0x20 && c != '\n' && c != '\r' && c != '\t' &&
                   c != '\f' && c != 0x1B)) {
      ++suspicious;
    }
  }
  return suspicious * 20 > sample;  // more than 5%
}

char32_t DecodeUtf8(std::string_view s, size_t& i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) {
    ++i;
    return c;
  }
  size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
  char32_t cp = c & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
  for (size_t k = 1; k < len && i + k < s.size(); ++k) {
    cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  }
  i += len;
  return cp;
}

void AppendUtf8(char32_t cp, std::string& out) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

}  // namespace eventwire
