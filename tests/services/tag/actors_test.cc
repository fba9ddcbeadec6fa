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

TEST(ActorDirectory, OfficeHoldersByFullNameOrSurnameApartFromTheDictionary) {
  auto actors = ActorDirectory::Load(
      WriteFile("actors_base.tsv", "ANNA BERG\tNOR\nPER LUND\tDNK\n"));
  ASSERT_TRUE(actors.ok()) << actors.status();
  ASSERT_TRUE((*actors)
                  ->AddOfficeHolders(
                      WriteFile("office_holders.tsv",
                                "# name\tcountry\tsurname\toffice\n"
                                "Tomas Vik\tSWE\tVik\tMinister of Defense\n"
                                "Tomas Vik\tSWE\tVik\tMinister of Justice\n"
                                "Kofi Mensah\tGHA\tMensah\tPres.\n"
                                "Ama Mensah\tLBR\tMensah\tMin. of Finance\n"
                                "Ola Dua\tTGO\tDua\tAmbassador\n"
                                "Ola Dua\tBEN\tDua\tAmbassador\n"))
                  .ok());
  EXPECT_EQ((*actors)->FindOfficeHolder("tomas vik"), "SWE");
  // By surname, after the title of an office the holder holds.
  EXPECT_EQ((*actors)->FindOfficeHolderBySurname("vik", "minister"), "SWE");
  EXPECT_EQ((*actors)->FindOfficeHolderBySurname("vik", "president"), "");
  // Not in the dictionary's own tables, which need no further evidence.
  EXPECT_EQ((*actors)->Find("tomas vik"), "");
  EXPECT_EQ((*actors)->FindBySurname("vik"), "");
  // Shared by two countries' office holders: neither.
  EXPECT_EQ((*actors)->FindOfficeHolderBySurname("mensah", "president"), "");
  EXPECT_EQ((*actors)->FindOfficeHolder("kofi mensah"), "GHA");
  EXPECT_EQ((*actors)->FindOfficeHolder("ola dua"), "");
  // The one holder of a surname in full (listed once per office), none
  // for a surname two people share.
  EXPECT_EQ((*actors)->OfficeHolderFullName("vik"), "Tomas Vik");
  EXPECT_EQ((*actors)->OfficeHolderFullName("mensah"), "");
  EXPECT_EQ((*actors)->OfficeHolderFullName("berg"), "");
}

TEST(ActorDirectory, ABadOfficeHolderLineNamesTheFileAndLine) {
  auto actors = ActorDirectory::Load(WriteFile("actors_ok.tsv", "A B\tNOR\n"));
  ASSERT_TRUE(actors.ok()) << actors.status();
  const std::string path =
      WriteFile("office_bad.tsv", "Tomas Vik\tSWE\tVik\nAma Mensah\tLBR\n");
  absl::Status st = (*actors)->AddOfficeHolders(path);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find(path + ":2"), std::string::npos) << st;
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
