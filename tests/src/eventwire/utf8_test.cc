#include "eventwire/utf8.h"

#include <gtest/gtest.h>

namespace eventwire {
namespace {

TEST(RepairUtf8, KeepsValidText) {
  Utf8Repair r = RepairUtf8("Zelenskyy \xE2\x80\x99s Kyiv \xF0\x9F\x98\x80");
  EXPECT_EQ(r.invalid_sequences, 0u);
  EXPECT_EQ(r.text, "Zelenskyy \xE2\x80\x99s Kyiv \xF0\x9F\x98\x80");
}

TEST(RepairUtf8, ReplacesInvalidBytesAndCountsThem) {
  // Latin-1 é, a lone continuation byte, an overlong slash, a surrogate.
  Utf8Repair r = RepairUtf8("caf\xE9 \x80 \xC0\xAF \xED\xA0\x80 ok");
  EXPECT_EQ(r.invalid_sequences, 4u);
  EXPECT_EQ(r.text.find("\xE9"), std::string::npos);
  EXPECT_NE(r.text.find("ok"), std::string::npos);
}

TEST(RepairUtf8, ReplacesNul) {
  Utf8Repair r = RepairUtf8(std::string("a\0b", 3));
  EXPECT_EQ(r.invalid_sequences, 1u);
  EXPECT_EQ(r.text,
            "a\xEF\xBF\xBD"
            "b");
}

TEST(RepairUtf8, TruncatedSequenceAtEnd) {
  Utf8Repair r = RepairUtf8("abc\xE2\x80");
  EXPECT_EQ(r.invalid_sequences, 1u);
  EXPECT_EQ(r.text, "abc\xEF\xBF\xBD");
}

TEST(LooksBinary, TellsTextFromBinary) {
  EXPECT_FALSE(LooksBinary("plain text\nwith lines\t and tabs"));
  std::string binary;
  for (int i = 0; i < 1000; ++i) binary += static_cast<char>(i % 7);
  EXPECT_TRUE(LooksBinary(binary));
  EXPECT_FALSE(LooksBinary(""));
}

}  // namespace
}  // namespace eventwire
