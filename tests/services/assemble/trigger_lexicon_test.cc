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

TEST(TriggerLexicon, TheCuratedLexiconDecidesTheVerbsItHas) {
  const std::string curated = ::testing::TempDir() + "/curated.tsv";
  const std::string dictionary = ::testing::TempDir() + "/dictionary.tsv";
  std::ofstream(curated) << "ACCUSE\t\tV\tslam\t\n";
  std::ofstream(dictionary) << "SANCTION\t\tV\tslam boycott\t\tobject\n"
                               "COERCE\t\tV\tclose border\t\tobject\n";
  auto lex = TriggerLexicon::Load(curated, dictionary);
  ASSERT_TRUE(lex.ok()) << lex.status();
  EXPECT_EQ((*lex)->size(), 2u);
  const auto* slam = (*lex)->StartingWith("slam");
  ASSERT_NE(slam, nullptr);
  ASSERT_EQ(slam->size(), 1u);
  EXPECT_EQ(slam->front().type, v1::Event::ACCUSE);
  const auto* close = (*lex)->StartingWith("close");
  ASSERT_NE(close, nullptr);
  EXPECT_EQ(close->front().type, v1::Event::COERCE);
  EXPECT_TRUE(close->front().object_noun);
  // "object" is for a verb and one noun.
  std::ofstream(dictionary) << "COERCE\t\tN\tborder closure\t\tobject\n";
  EXPECT_FALSE(TriggerLexicon::Load(curated, dictionary).ok());
}

TEST(TriggerLexicon, LoadsTheShippedDictionaryPatterns) {
  const std::string dir = EW_RESOURCE_DIR;
  auto lex = TriggerLexicon::Load(dir + "/triggers.tsv",
                                  dir + "/petrarch-triggers.tsv");
  ASSERT_TRUE(lex.ok()) << lex.status();
  auto curated = TriggerLexicon::Load(dir + "/triggers.tsv");
  ASSERT_TRUE(curated.ok()) << curated.status();
  EXPECT_GT((*lex)->size(), (*curated)->size() + 10000);
}

}  // namespace
}  // namespace eventwire::assemble
