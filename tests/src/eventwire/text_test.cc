#include "eventwire/text.h"

#include <gtest/gtest.h>

namespace eventwire {
namespace {

TEST(Text, FoldForMatchDropsAccentsCaseAndPunctuation) {
  EXPECT_EQ(FoldForMatch("Türkiye"), "turkiye");
  EXPECT_EQ(FoldForMatch("  Zelenskyy\xE2\x80\x99s  U.S. "), "zelenskyy s u s");
  EXPECT_EQ(Slug("Volodymyr Zelenskyy"), "volodymyr-zelenskyy");
}

TEST(Text, CaseTests) {
  EXPECT_TRUE(StartsUpper("Kyiv"));
  EXPECT_TRUE(
      StartsUpper("\xC3\x89lys\xC3\xA9"
                  "e"));  // Élysée
  EXPECT_FALSE(StartsUpper("kyiv"));
  EXPECT_TRUE(IsAllCaps("NATO"));
  EXPECT_FALSE(IsAllCaps("Nato"));
  EXPECT_FALSE(IsAllCaps("A"));
}

TEST(Text, NfcComposes) {
  // "e" + combining acute -> "é"
  EXPECT_EQ(NormalizeNfc("caf"
                         "e\xCC\x81"),
            "caf\xC3\xA9");
}

}  // namespace
}  // namespace eventwire
