// Passes of the tagger run alone over a context, as EntityTagger::Tag runs
// them in order.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "eventwire/stage.h"
#include "tag_context.h"
#include "tokenizer.h"

namespace eventwire::tag {
namespace {

class TagPassesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto lexicon = Lexicon::Load("/usr/share/dict/american-english");
    ASSERT_TRUE(lexicon.ok()) << lexicon.status();
    lexicon_ = lexicon->release();
    auto gazetteer = Gazetteer::Load(ResourceDir() + "/gazetteer.tsv",
                                     "/usr/share/iso-codes/json", lexicon_);
    ASSERT_TRUE(gazetteer.ok()) << gazetteer.status();
    gazetteer_ = gazetteer->release();
  }
  static void TearDownTestSuite() {
    delete gazetteer_;
    delete lexicon_;
  }
  static v1::Document Doc(const std::string& text,
                          const std::string& published = "") {
    v1::Document doc;
    doc.set_id("d");
    doc.set_text(text);
    doc.mutable_metadata()->set_published_at(published);
    Tokenize(doc);
    return doc;
  }
  static std::string Text(const TagContext& c, const Span& s) {
    return SpanText(c, s);
  }
  static Lexicon* lexicon_;
  static Gazetteer* gazetteer_;
};
Lexicon* TagPassesTest::lexicon_ = nullptr;
Gazetteer* TagPassesTest::gazetteer_ = nullptr;

TEST_F(TagPassesTest, FindDatesAloneResolvesAgainstThePublicationDate) {
  v1::Document doc = Doc(
      "Talks began on 18 February 2025 and resumed on Friday.", "2025-02-21");
  TagContext c(doc, *gazetteer_, *lexicon_, nullptr, nullptr, nullptr);
  PrepareWords(c);
  FindDates(c);
  ASSERT_EQ(c.spans.size(), 2u);
  EXPECT_EQ(Text(c, c.spans[0]), "18 February 2025");
  EXPECT_EQ(c.spans[0].value, "2025-02-18");
  // A Friday article's "Friday" is that day.
  EXPECT_EQ(Text(c, c.spans[1]), "Friday");
  EXPECT_EQ(c.spans[1].value, "2025-02-21");
}

TEST_F(TagPassesTest, FindCapitalisedRunsAloneSplitsTitleFromName) {
  v1::Document doc = Doc("She said President Emmanuel Macron met them.");
  TagContext c(doc, *gazetteer_, *lexicon_, nullptr, nullptr, nullptr);
  PrepareWords(c);
  FindCapitalisedRuns(c);
  ASSERT_EQ(c.spans.size(), 2u);
  EXPECT_EQ(c.spans[0].type, v1::Entity::TITLE);
  EXPECT_EQ(Text(c, c.spans[0]), "President");
  EXPECT_EQ(c.spans[1].type, v1::Entity::PERSON);
  EXPECT_EQ(Text(c, c.spans[1]), "Emmanuel Macron");
}

// A name some pass typed with the words before it ("Freeleaks
// editor-in-chief Olaf Thorsson" as one organisation, "Regional Ombudsman
// Nadia Lopez" as one person) is split into what it is.
TEST_F(TagPassesTest, SplitLeadingDescriptionsSeparatesOfficeAndName) {
  v1::Document doc = Doc(
      "Freeleaks editor-in-chief Olaf Thorsson and Regional Ombudsman Nadia "
      "Lopez spoke.");
  TagContext c(doc, *gazetteer_, *lexicon_, nullptr, nullptr, nullptr);
  PrepareWords(c);
  c.spans.push_back({0, 4, v1::Entity::ORG, "", "", ""});
  c.spans.push_back({5, 9, v1::Entity::PERSON, "", "", ""});
  SplitLeadingDescriptions(c);
  std::vector<std::string> found;
  for (const Span& s : c.spans) {
    found.push_back(
        absl::StrCat(v1::Entity::Type_Name(s.type), " ", Text(c, s)));
  }
  EXPECT_EQ(found, (std::vector<std::string>{
                       "ORG Freeleaks", "PERSON Olaf Thorsson",
                       "TITLE Regional Ombudsman", "PERSON Nadia Lopez"}));
}

}  // namespace
}  // namespace eventwire::tag
