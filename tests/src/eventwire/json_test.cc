#include "eventwire/json.h"

#include <gtest/gtest.h>

#include "eventwire/utf8.h"

namespace eventwire {
namespace {

TEST(ParseJsonObject, ReadsARecord) {
  auto s = ParseJsonObject(R"({"id": "a", "text": "[not {nesting}]"})");
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(StructString(*s, "text"), "[not {nesting}]");
}

TEST(ParseJsonObject, RefusesDeepNestingQuickly) {
  const std::string deep = R"({"id": "d", "text": )" +
                           std::string(100000, '[') + std::string(100000, ']') +
                           "}";
  // Refused before protobuf's parser, which takes hours on this (quadratic).
  auto s = ParseJsonObject(deep);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("nested 100001 levels deep"),
            std::string::npos)
      << s.status();
}

// Found by fuzzing: the parser quotes the input around an error, and the
// message, carried in dead letters' string fields, must stay UTF-8.
TEST(ParseJsonObject, ErrorsStayUtf8AndShort) {
  const std::string bad = "{\"text\": \"\xFF\xFE\" " + std::string(5000, 'x');
  auto s = ParseJsonObject(bad);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(RepairUtf8(std::string(s.status().message())).invalid_sequences,
            0u);
  EXPECT_LT(s.status().message().size(), 400u);
}

// The document export writes tokens itself for speed; it must be what
// protobuf's printer writes, for every character a token can hold.
v1::Document DocumentWithEveryCodePointInTokens() {
  v1::Document doc;
  doc.set_id("doc \"1\" <x>");
  doc.set_text("Text with \"quotes\", a \\ and \u2028.");
  doc.set_raw("raw bytes");
  doc.add_sentences()->set_end(5);
  std::string block;
  for (char32_t cp = 0; cp <= 0x10FFFF; ++cp) {
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;
    AppendUtf8(cp, block);
    if ((cp & 0xFF) == 0xFF) {
      v1::Token* token = doc.add_tokens();
      token->set_begin(cp >> 8);
      token->set_end((cp >> 8) + 1);
      token->set_norm(block);
      token->set_upos(cp < 0x80 ? "PUNCT" : "");
      token->set_head(cp & 0x1 ? 0 : 4000000000u);
      token->set_deprel(block.substr(0, 3));
      block.clear();
    }
  }
  doc.add_tokens();  // every field at its default
  return doc;
}

TEST(DocumentToJsonLine, WritesTokensAsProtobufDoes) {
  const v1::Document doc = DocumentWithEveryCodePointInTokens();
  v1::Document without_raw = doc;
  without_raw.clear_raw();
  auto expected = MessageToJsonLine(without_raw);
  auto written = DocumentToJsonLine(doc);
  ASSERT_TRUE(expected.ok() && written.ok());
  EXPECT_EQ(*written, *expected);
  EXPECT_EQ(written->find("raw bytes"), std::string::npos);

  auto expected_raw = MessageToJsonLine(doc);
  auto written_raw = DocumentToJsonLine(doc, /*include_raw=*/true);
  ASSERT_TRUE(expected_raw.ok() && written_raw.ok());
  EXPECT_EQ(*written_raw, *expected_raw);
}

TEST(DocumentToJsonLine, ADocumentWithoutTokensKeepsAnEmptyArray) {
  v1::Document doc;
  doc.set_id("a");
  auto written = DocumentToJsonLine(doc);
  ASSERT_TRUE(written.ok());
  EXPECT_NE(written->find("\"tokens\":[]"), std::string::npos) << *written;
  EXPECT_EQ(*written, *MessageToJsonLine(doc));
}

// Found by the document fuzzer: protobuf's printer wrote the attribute map in
// an order that differed between two copies of one document.
TEST(DocumentToJsonLine, AttributesComeOutSortedByKeyWhateverTheCopy) {
  v1::Document doc;
  doc.set_id("a");
  for (const char* key : {"zeta", "", "alpha", "\x11\x01 mid", "beta", "m"})
    (*doc.mutable_attributes())[key] = std::string("value of ") + key;
  doc.add_tokens()->set_norm("word");
  auto first = DocumentToJsonLine(doc);
  ASSERT_TRUE(first.ok());
  for (int copy = 0; copy < 20; ++copy) {
    v1::Document other = doc;
    auto again = DocumentToJsonLine(other);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(*again, *first);
  }
  const size_t empty = first->find("\"\":\"value of \"");
  const size_t control = first->find("\"\\u0011\\u0001 mid\"");
  const size_t alpha = first->find("\"alpha\"");
  const size_t zeta = first->find("\"zeta\"");
  ASSERT_NE(empty, std::string::npos) << *first;
  ASSERT_NE(control, std::string::npos) << *first;
  EXPECT_LT(empty, control);
  EXPECT_LT(control, alpha);
  EXPECT_LT(alpha, zeta);
}

}  // namespace
}  // namespace eventwire
