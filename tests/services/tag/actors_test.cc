#include "actors.h"

#include <gtest/gtest.h>

#include <fstream>

namespace eventwire::tag {
namespace {

std::string WriteFile(const std::string& name, const std::string& text) {
  const std::string path = ::testing::TempDir() + "/" + name;
  std::ofstream(path) << text;
  return path;
}

TEST(ActorDirectory, FindsPeopleAndUnambiguousSurnames) {
  auto actors = ActorDirectory::Load(
      WriteFile("actors_test.tsv",
                "# comment\nANNA K. BERG\tNOR\nANNA BERG\tNOR\nBERG\tNOR\n"
                "JONAS LUND\tSWE\nPER LUND\tDNK\nMARTA OKAFOR\tNGA\n"));
  ASSERT_TRUE(actors.ok()) << actors.status();
  EXPECT_EQ((*actors)->Find("anna k berg"), "NOR");
  EXPECT_EQ((*actors)->Find("berg"), "NOR");  // listed bare
  EXPECT_EQ((*actors)->Find("okafor"), "");   // not listed bare
  EXPECT_EQ((*actors)->FindBySurname("okafor"), "NGA");
  EXPECT_EQ((*actors)->FindBySurname("lund"), "");  // two countries
}

TEST(ActorDirectory, ASurnameGoesToTheCountryWithMostOfItsNames) {
  auto actors = ActorDirectory::Load(
      WriteFile("actors_majority.tsv",
                "ANNA HOLM\tNOR\nANNA K. HOLM\tNOR\nANNA KARIN HOLM\tNOR\n"
                "PER HOLM\tSWE\nEVA DAHL\tNOR\nJON DAHL\tSWE\n"));
  ASSERT_TRUE(actors.ok()) << actors.status();
  EXPECT_EQ((*actors)->FindBySurname("holm"), "NOR");  // three to one
  EXPECT_EQ((*actors)->FindBySurname("dahl"), "");     // one to one
}

TEST(ActorDirectory, ABadLineNamesTheFileAndLine) {
  const std::string path =
      WriteFile("actors_bad.tsv", "ANNA BERG\tNOR\nJONAS LUND\n");
  auto actors = ActorDirectory::Load(path);
  ASSERT_FALSE(actors.ok());
  EXPECT_NE(actors.status().message().find(path + ":2"), std::string::npos)
      << actors.status();
}

}  // namespace
}  // namespace eventwire::tag
