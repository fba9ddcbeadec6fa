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

}  // namespace
}  // namespace eventwire
