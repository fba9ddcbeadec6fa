#include "eventwire/json.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace eventwire
