#include "eventwire/text.h"

#include <gtest/gtest.h>

#include <string_view>
#include <vector>

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

TEST(Dateline, IsCapitalisedWordsBeforeADashWithAWordInCapitalsOrAnAgency) {
  using W = std::vector<std::string_view>;
  EXPECT_EQ(DatelineLength(W{"HANOI", ",", "Vietnam", "(", "AP", ")",
                             "\xE2\x80\x94", "The", "minister", "said"}),
            7u);
  EXPECT_EQ(DatelineLength(
                W{"London", "(", "Reuters", ")", "-", "Oil", "fell", "today"}),
            5u);
  // A dash inside an ordinary sentence, or after a name in lower case.
  EXPECT_EQ(
      DatelineLength(W{"The", "talks", "\xE2\x80\x94", "held", "in", "Rome"}),
      0u);
  EXPECT_EQ(DatelineLength(W{"U.S.", "-", "China", "talks", "resumed"}), 0u);
  EXPECT_EQ(DatelineLength(W{"Kenya", "\xE2\x80\x94", "and", "Uganda", "too"}),
            0u);
}

}  // namespace
}  // namespace eventwire
