#include "text_dump_cleaner.h"

#include <gtest/gtest.h>

#include "boilerplate.h"
#include "clean_stage.h"
#include "eventwire/text.h"

namespace eventwire::clean {
namespace {

// A text dump of a made-up news page: menus, a repeated headline, a caption
// with a credit, an advertisement line, a related-headlines list and a
// copyright footer around three paragraphs.
const char kDump[] =
    "Home News World Sport Culture\n"
    "EN FR DE Subscribe\n"
    "\n"
    "Farmers block roads in protest over new fuel tax\n"
    "\n"
    "Farmers block roads in protest over new fuel tax\n"
    "Tractors on the motorway near the capital on Monday. Photo: Agency / "
    "Photographer\n"
    "\n"
    "Hundreds of farmers blocked main roads around the capital on Monday, "
    "protesting against a fuel tax that the government plans to introduce next "
    "year.\n"
    "\n"
    "Advertisement:\n"
    "\n"
    "\"We cannot survive another rise in costs,\" said one of the organisers, "
    "who asked the government to withdraw the measure before the end of the "
    "month.\n"
    "\n"
    "Police said the protest was peaceful and that traffic would be restored "
    "by the evening, while ministers agreed to meet the farmers' union on "
    "Friday.\n"
    "\n"
    "Related News\n"
    "Storm damages harbour in the north\n"
    "Elections set for the spring\n"
    "Copyright \xC2\xA9 2025 Example Times. All Rights Reserved.\n";

TEST(TextDumpCleaner, KeepsTheBodyAndDropsFurniture) {
  TextBuilder out;
  TextDumpInfo info;
  CleanTextDump(kDump, out, info);
  const std::string& text = out.text();
  EXPECT_EQ(info.title, "Farmers block roads in protest over new fuel tax");
  EXPECT_NE(text.find("Hundreds of farmers blocked main roads"),
            std::string::npos);
  EXPECT_NE(text.find("We cannot survive another rise in costs"),
            std::string::npos);
  EXPECT_NE(text.find("ministers agreed to meet the farmers' union on Friday."),
            std::string::npos);
  for (const char* junk : {"Home News", "Subscribe", "Photo: Agency",
                           "Advertisement", "Related News", "Storm damages",
                           "Copyright", "Farmers block roads in protest"}) {
    EXPECT_EQ(text.find(junk), std::string::npos) << junk << " in:\n" << text;
  }
}

TEST(TextDumpCleaner, EveryPieceMapsToTheSameRawBytes) {
  TextBuilder out;
  TextDumpInfo info;
  CleanTextDump(kDump, out, info);
  v1::Document doc;
  out.MoveInto(doc);
  std::string_view raw(kDump);
  ASSERT_GT(doc.offset_map_size(), 2);
  for (const auto& seg : doc.offset_map()) {
    ASSERT_FALSE(seg.transformed());
    EXPECT_EQ(doc.text().substr(seg.clean_begin(), seg.clean_length()),
              raw.substr(seg.raw_begin(), seg.raw_length()));
  }
}

TEST(TextDumpCleaner, ReportedSpeechIsNotAReaderComment) {
  const char kShort[] =
      "TALKS COLLAPSE IN GENEVA\n"
      "Russia walked out of talks with Ukraine in Geneva on Monday, the UN "
      "said.\n";
  TextBuilder out;
  TextDumpInfo info;
  CleanTextDump(kShort, out, info);
  EXPECT_NE(out.text().find("Russia walked out of talks"), std::string::npos)
      << out.text();
}

TEST(TextDumpCleaner, PlainArticleWithoutFurnitureIsKeptWhole) {
  const char kPlain[] =
      "The council approved the budget on Wednesday after a long debate.\n"
      "The mayor said the new plan would fund schools and repair roads across "
      "the city.\n";
  TextBuilder out;
  TextDumpInfo info;
  CleanTextDump(kPlain, out, info);
  EXPECT_NE(out.text().find("The council approved the budget"),
            std::string::npos);
  EXPECT_NE(out.text().find("repair roads across the city."),
            std::string::npos);
}

TEST(ExtractedText, EveryLineIsKeptNormalisedWithItsOffsets) {
  // A headline, a dateline, a short line and a table row: a page dump's
  // cleaning would drop most of them; extracted text keeps them all.
  const std::string raw =
      "EU LEADERS MEET\n"
      "BRUSSELS  1996-08-22\n"
      "\n"
      "  Talks  \tended.\n"
      "Germany\t3\t1\n"
      "Cafe\xCC\x81 owners protested.";
  v1::Document doc;
  doc.set_id("extracted");
  doc.set_raw(raw);
  doc.set_media_type("text/plain");
  doc.set_text_extracted(true);
  ASSERT_TRUE(CleanStage().Process(doc).ok());
  EXPECT_EQ(doc.text(),
            "EU LEADERS MEET\nBRUSSELS 1996-08-22\n\nTalks ended.\n"
            "Germany 3 1\nCaf\xC3\xA9 owners protested.");
  // Every word maps back to the raw bytes it came from.
  for (const std::string word :
       {"LEADERS", "1996-08-22", "Talks", "ended.", "Germany", "protested."}) {
    const size_t clean_at = doc.text().find(word);
    ASSERT_NE(clean_at, std::string::npos) << word;
    bool mapped = false;
    for (const v1::OffsetSegment& seg : doc.offset_map()) {
      if (seg.transformed() || clean_at < seg.clean_begin() ||
          clean_at + word.size() > seg.clean_begin() + seg.clean_length()) {
        continue;
      }
      const size_t raw_at = seg.raw_begin() + (clean_at - seg.clean_begin());
      EXPECT_EQ(raw.substr(raw_at, word.size()), word);
      mapped = true;
    }
    EXPECT_TRUE(mapped) << word;
  }

  // The same bytes as a page dump lose lines.
  v1::Document dump = doc;
  dump.clear_text();
  dump.clear_offset_map();
  dump.set_text_extracted(false);
  ASSERT_TRUE(CleanStage().Process(dump).ok());
  EXPECT_LT(dump.text().size(), doc.text().size());
}

// What a service sends one sentence at a time, a wire alert or a headline:
// no paragraph at all, yet the text is the news.
TEST(TextDumpCleaner, ASentenceWithoutItsFullStopIsKept) {
  v1::Document doc;
  doc.set_id("sentence");
  doc.set_raw("Russia agreed to withdraw its troops from the border on Monday");
  doc.set_media_type("text/plain");
  ASSERT_TRUE(CleanStage().Process(doc).ok());
  EXPECT_EQ(doc.text(),
            "Russia agreed to withdraw its troops from the border on Monday");
  EXPECT_EQ(doc.diagnostics_size(), 0);
}

TEST(TextDumpCleaner, AHeadlineAloneIsKeptAsTextAndTitle) {
  v1::Document doc;
  doc.set_id("headline");
  doc.set_raw("Iran recalls its ambassador to Britain\n");
  doc.set_media_type("text/plain");
  ASSERT_TRUE(CleanStage().Process(doc).ok());
  EXPECT_EQ(doc.text(), "Iran recalls its ambassador to Britain");
  EXPECT_EQ(doc.title(), "Iran recalls its ambassador to Britain");
}

TEST(TextDumpCleaner, AShortTextKeepsItsLinesButNotItsLabels) {
  v1::Document doc;
  doc.set_id("alert");
  doc.set_raw(
      "BREAKING\n"
      "Rebels seize airport in the north\n"
      "Government troops withdraw from the city after two days of "
      "fighting\n");
  doc.set_media_type("text/plain");
  ASSERT_TRUE(CleanStage().Process(doc).ok());
  EXPECT_EQ(doc.text(),
            "Rebels seize airport in the north\n\nGovernment troops withdraw "
            "from the city after two days of fighting");
}

TEST(Boilerplate, AnAgencyCreditIsFurnitureButWhoWasToldIsNot) {
  const std::string credit =
      "Protesters in the square on Monday. John Smith AFP";
  EXPECT_TRUE(IsFurnitureLine(eventwire::FoldForMatch(credit), credit));
  for (const std::string line :
       {"The army lifted the blockade on Friday, officials told AFP.",
        "The ministry declined to comment to Reuters."}) {
    EXPECT_FALSE(IsFurnitureLine(eventwire::FoldForMatch(line), line)) << line;
  }
}

}  // namespace
}  // namespace eventwire::clean
