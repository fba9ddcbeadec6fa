#include "eventwire/word_list.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace eventwire {
namespace {
namespace fs = std::filesystem;

TEST(WordList, ReadsOneEntryALineWithoutCommentsOrBlanks) {
  const fs::path dir = fs::path(::testing::TempDir()) /
                       ("ew-words-" + std::to_string(::getpid()));
  fs::create_directories(dir / "words");
  std::ofstream(dir / "words" / "test-fruit.txt")
      << "# fruit for the test\napple\n\n  pear  # a comment\n"
         "blood orange\n";
  ASSERT_TRUE(LoadWordLists(dir.string()).ok());
  const WordSet& fruit = WordList("test-fruit");
  EXPECT_EQ(fruit.size(), 3u);
  EXPECT_TRUE(fruit.contains("pear"));
  EXPECT_EQ(fruit.count(std::string("blood orange")), 1u);
  EXPECT_FALSE(fruit.contains("# fruit for the test"));
  EXPECT_FALSE(fruit.contains(""));
  fs::remove_all(dir);
}

TEST(WordList, AMissingFolderIsAnErrorNamingIt) {
  auto st = LoadWordLists("/nonexistent/eventwire-resources");
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("/nonexistent/eventwire-resources/words"),
            std::string::npos)
      << st;
}

TEST(WordList, TheShippedListsAreThere) {
  // The stages' rules read these; a list lost from resources/words would
  // end a stage at start.
  for (const char* name : {"title-words", "organisation-words", "speech-verbs",
                           "abbreviations", "group-nouns"}) {
    EXPECT_GT(WordList(name).size(), 20u) << name;
  }
}

}  // namespace
}  // namespace eventwire
