#include "trigger_lexicon.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <set>

namespace eventwire::assemble {
namespace {

bool Has(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

TEST(LemmaCandidates, RegularAndIrregularForms) {
  EXPECT_TRUE(Has(LemmaCandidates("met"), "meet"));
  EXPECT_TRUE(Has(LemmaCandidates("accused"), "accuse"));
  EXPECT_TRUE(Has(LemmaCandidates("criticizes"), "criticize"));
  EXPECT_TRUE(Has(LemmaCandidates("shelling"), "shell"));
  EXPECT_TRUE(Has(LemmaCandidates("planned"), "plan"));
  EXPECT_TRUE(Has(LemmaCandidates("denied"), "deny"));
  EXPECT_TRUE(Has(LemmaCandidates("was"), "be"));
}

TEST(TriggerLexicon, LoadsTheShippedLexicon) {
  auto lex =
      TriggerLexicon::Load(std::string(EW_RESOURCE_DIR) + "/triggers.tsv");
  ASSERT_TRUE(lex.ok()) << lex.status();
  EXPECT_GT((*lex)->size(), 100u);
  const auto* meet = (*lex)->StartingWith("meet");
  ASSERT_NE(meet, nullptr);
  EXPECT_EQ(meet->front().type, v1::Event::CONSULT);
  // All 16 PLOVER types have triggers.
  std::set<int> types;
  for (const char* w :
       {"agree", "meet", "praise", "cooperate", "donate", "admit", "withdraw",
        "urge", "accuse", "reject", "threaten", "protest", "deploy", "expel",
        "arrest", "attack"}) {
    const auto* list = (*lex)->StartingWith(w);
    ASSERT_NE(list, nullptr) << w;
    for (const auto& t : *list) types.insert(t.type);
  }
  EXPECT_EQ(types.size(), 16u);
}

TEST(TriggerLexicon, RejectsBadLines) {
  std::string path = ::testing::TempDir() + "/bad_triggers.tsv";
  {
    std::ofstream out(path);
    out << "FLY\t\tV\tfly\t\n";
  }
  auto lex = TriggerLexicon::Load(path);
  EXPECT_FALSE(lex.ok());
  EXPECT_NE(lex.status().message().find("unknown PLOVER type 'FLY'"),
            std::string::npos);
}

}  // namespace
}  // namespace eventwire::assemble
