#include "text_dump_cleaner.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace eventwire::clean
