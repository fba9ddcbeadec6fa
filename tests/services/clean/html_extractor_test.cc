#include "html_extractor.h"

#include <gtest/gtest.h>

#include "clean_stage.h"

namespace eventwire::clean {
namespace {

const char kPage[] = R"(<!doctype html>
<html lang="en"><head>
<title>Ministers meet in Geneva | Example News</title>
<meta property="og:title" content="Ministers meet in Geneva">
<meta name="author" content="A. Reporter">
<script>var tracking = "ignore me";</script>
</head><body>
<header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav></header>
<div class="share-bar"><a href="#">Share on Facebook</a><a href="#">Tweet</a></div>
<main><article class="article-body">
<h1>Ministers meet in Geneva</h1>
<p>The foreign ministers of both countries met in Geneva on Tuesday, their first meeting in more than a year, officials said.</p>
<figure><img src="x.jpg"><figcaption>The ministers shake hands. Photo: Agency</figcaption></figure>
<p>The talks lasted four hours and covered trade, security and the return of detained citizens, according to a joint statement.</p>
<p>Both sides said they would meet again &amp; continue &quot;constructive&quot; work next month.</p>
<div class="related-articles"><h3>Related</h3><ul><li><a href="/a">Another story about something else entirely</a></li><li><a href="/b">Yet another unrelated headline here</a></li></ul></div>
</article></main>
<footer><p>Copyright 2025 Example News. All rights reserved.</p></footer>
</body></html>)";

TEST(HtmlExtractor, KeepsTheArticleAndDropsFurniture) {
  TextBuilder out;
  HtmlPageInfo info;
  bool truncated = false;
  ASSERT_TRUE(ExtractHtmlArticle(kPage, {}, out, info, &truncated).ok());
  const std::string& text = out.text();
  EXPECT_NE(text.find("The foreign ministers of both countries met in Geneva"),
            std::string::npos);
  EXPECT_NE(text.find("The talks lasted four hours"), std::string::npos);
  EXPECT_NE(text.find("meet again & continue \"constructive\" work"),
            std::string::npos)
      << text;
  for (const char* junk :
       {"Home", "Share on Facebook", "Tweet", "ignore me", "Photo: Agency",
        "Another story", "All rights reserved"}) {
    EXPECT_EQ(text.find(junk), std::string::npos) << junk << " in:\n" << text;
  }
  EXPECT_EQ(info.title, "Ministers meet in Geneva");
  EXPECT_EQ(info.byline, "A. Reporter");
  EXPECT_EQ(info.language, "en");
  EXPECT_FALSE(truncated);
}

// A name's hover card glued into the sentence (picture, name, latest
// headlines) is not article text; the linked name is.
TEST(HtmlExtractor, DropsAHoverCardInsideASentence) {
  const std::string page = R"(<html><body><article>
<p>A Kenyan man pleaded guilty to threatening Senator <span class="card"><a href="/people/jane-doe">Jane Doe</a><span class="card-body"><span><img src="doe.jpg"><a href="/people/jane-doe">Jane Doe</a><a href="/news/1">Progressives oppose funding bill over surveillance authority</a> <a href="/news/2">Senators call for security coordinator after ransomware attack</a></span></span></span> in March, prosecutors said on Tuesday in a statement.</p>
<p>The man, who lives in Nairobi, faces up to ten years in prison when he is sentenced in February next year.</p>
</article></body></html>)";
  TextBuilder out;
  HtmlPageInfo info;
  bool truncated = false;
  ASSERT_TRUE(ExtractHtmlArticle(page, {}, out, info, &truncated).ok());
  const std::string& text = out.text();
  EXPECT_NE(text.find("threatening Senator Jane Doe in March"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find("Progressives"), std::string::npos) << text;
}

TEST(HtmlExtractor, OffsetsMapBackToTheRawBytes) {
  v1::Document doc;
  doc.set_id("page");
  doc.set_raw(kPage);
  doc.set_media_type("text/html");
  ASSERT_TRUE(CleanStage().Process(doc).ok());
  ASSERT_GT(doc.offset_map_size(), 0);
  for (const auto& seg : doc.offset_map()) {
    ASSERT_LE(seg.clean_begin() + seg.clean_length(), doc.text().size());
    ASSERT_LE(seg.raw_begin() + seg.raw_length(), doc.raw().size());
    std::string clean =
        doc.text().substr(seg.clean_begin(), seg.clean_length());
    std::string raw = doc.raw().substr(seg.raw_begin(), seg.raw_length());
    if (!seg.transformed()) {
      EXPECT_EQ(clean, raw);
    } else if (clean == " ") {
      EXPECT_TRUE(raw.find_first_not_of(" \t\r\n") == std::string::npos ||
                  raw == "&nbsp;" || raw == "\xC2\xA0")
          << "[" << raw << "]";
    } else {
      EXPECT_EQ(raw.front(), '&') << "[" << raw << "] -> [" << clean << "]";
    }
  }
  // "&amp;" maps to its five raw bytes.
  size_t amp = doc.text().find('&');
  ASSERT_NE(amp, std::string::npos);
  bool found = false;
  for (const auto& seg : doc.offset_map()) {
    if (seg.clean_begin() == amp) {
      EXPECT_EQ(doc.raw().substr(seg.raw_begin(), seg.raw_length()), "&amp;");
      found = true;
    }
  }
  EXPECT_TRUE(found);
}

TEST(HtmlExtractor, SurvivesDeepAndBrokenMarkup) {
  std::string deep;
  for (int i = 0; i < 5000; ++i) deep += "<div>";
  deep +=
      "<p>Buried text, with a comma, that is long enough to count as a "
      "paragraph.</p>";
  v1::Document doc;
  doc.set_id("deep");
  doc.set_raw("<html><body>" + deep +
              "<p>unclosed <b>bold <i>italic</p></table></body>");
  doc.set_media_type("text/html");
  ASSERT_TRUE(CleanStage().Process(doc).ok());
  bool warned = false;
  for (const auto& d : doc.diagnostics()) warned |= d.code() == "deep-nesting";
  EXPECT_TRUE(warned);
}

TEST(HtmlExtractor, RefusesPagesOverTheLimit) {
  CleanOptions options;
  options.max_html_bytes = 100;
  v1::Document doc;
  doc.set_id("big");
  doc.set_raw("<html><body>" + std::string(1000, 'x') + "</body></html>");
  doc.set_media_type("text/html");
  EXPECT_EQ(CleanStage(options).Process(doc).code(),
            absl::StatusCode::kResourceExhausted);
}

}  // namespace
}  // namespace eventwire::clean

namespace eventwire::clean {
namespace {

TEST(HtmlExtractor, BylineFromThePage) {
  TextBuilder out;
  HtmlPageInfo info;
  bool truncated = false;
  const char kByline[] =
      "<html><body><article><h1>Headline</h1><p class=\"article-byline\">By "
      "Jane Doe</p>"
      "<p>The council met on Monday to approve a budget for schools, roads and "
      "parks, "
      "officials said after a long debate.</p></article></body></html>";
  ASSERT_TRUE(ExtractHtmlArticle(kByline, {}, out, info, &truncated).ok());
  EXPECT_EQ(info.byline, "Jane Doe");
  EXPECT_EQ(out.text().find("By Jane Doe"), std::string::npos) << out.text();
}

TEST(HtmlExtractor, PagesOfTensOfMegabytesAreRead) {
  std::string page = "<html><body><article>";
  const std::string paragraph =
      "<p>The committee heard evidence from witnesses, experts and officials "
      "for hours.</p>\n";
  while (page.size() < (20u << 20)) page += paragraph;
  page += "</article></body></html>";
  TextBuilder out;
  HtmlPageInfo info;
  bool truncated = false;
  ASSERT_TRUE(ExtractHtmlArticle(page, {}, out, info, &truncated).ok());
  EXPECT_GT(out.size(), 10u << 20);
}

}  // namespace
}  // namespace eventwire::clean
