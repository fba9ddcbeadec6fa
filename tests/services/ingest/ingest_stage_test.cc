#include "ingest_stage.h"

#include <gtest/gtest.h>

#include "input_reader.h"

namespace eventwire::ingest {
namespace {

v1::Document Doc(const std::string& raw, const std::string& type = "") {
  v1::Document d;
  d.set_id("doc");
  d.set_raw(raw);
  d.set_media_type(type);
  return d;
}

TEST(IngestStage, UnpacksCrawlerRecords) {
  IngestStage stage;
  v1::Document d = Doc(
      R"({"id":"r1","url":"https://example.org/a","published_at":"2025-02-21T08:00:00Z",)"
      R"("title":"Headline","outlet":"Example News","text":"Body text."})",
      kRecordMediaType);
  ASSERT_TRUE(stage.Process(d).ok());
  EXPECT_EQ(d.raw(), "Body text.");
  EXPECT_EQ(d.media_type(), "text/plain");
  EXPECT_EQ(d.title(), "Headline");
  EXPECT_EQ(d.metadata().url(), "https://example.org/a");
  EXPECT_EQ(d.metadata().outlet(), "Example News");
  EXPECT_EQ(d.metadata().published_at(), "2025-02-21");
  EXPECT_EQ(d.metadata().published_at_source(), "record");
}

TEST(IngestStage, ARecordMaySayItsTextIsExtracted) {
  IngestStage stage;
  v1::Document d =
      Doc(R"({"id":"r2","text":"Line one\nLine two","extracted":true})",
          kRecordMediaType);
  ASSERT_TRUE(stage.Process(d).ok());
  EXPECT_TRUE(d.text_extracted());
  v1::Document plain =
      Doc(R"({"id":"r3","text":"Line one"})", kRecordMediaType);
  ASSERT_TRUE(stage.Process(plain).ok());
  EXPECT_FALSE(plain.text_extracted());
  // An HTML record is a page whatever it says.
  v1::Document html = Doc(R"({"id":"r4","html":"<p>Hi</p>","extracted":true})",
                          kRecordMediaType);
  ASSERT_TRUE(stage.Process(html).ok());
  EXPECT_FALSE(html.text_extracted());
}

TEST(IngestStage, APipelineMaySayAllPlainTextIsExtracted) {
  IngestOptions options;
  options.text_extracted = true;
  IngestStage stage(options);
  v1::Document record =
      Doc(R"({"id":"r1","text":"Line one"})", kRecordMediaType);
  ASSERT_TRUE(stage.Process(record).ok());
  EXPECT_TRUE(record.text_extracted());
  // The record's own word decides for it.
  v1::Document says_no = Doc(
      R"({"id":"r2","text":"Line one","extracted":false})", kRecordMediaType);
  ASSERT_TRUE(stage.Process(says_no).ok());
  EXPECT_FALSE(says_no.text_extracted());
  v1::Document file = Doc("Line one\nLine two", "text/plain");
  ASSERT_TRUE(stage.Process(file).ok());
  EXPECT_TRUE(file.text_extracted());
  v1::Document page = Doc("<html><body><p>Hi</p></body></html>");
  ASSERT_TRUE(stage.Process(page).ok());
  EXPECT_FALSE(page.text_extracted());
}

TEST(IngestStage, MalformedRecordIsAClearError) {
  IngestStage stage;
  v1::Document d = Doc("{not json", kRecordMediaType);
  absl::Status st = stage.Process(d);
  EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(st.message().find("malformed JSON record"), std::string::npos);
  v1::Document e = Doc(R"({"id":"x","url":"u"})", kRecordMediaType);
  EXPECT_NE(stage.Process(e).message().find("neither 'text' nor 'html'"),
            std::string::npos);
}

TEST(IngestStage, RepairsInvalidUtf8AndReportsIt) {
  IngestStage stage;
  v1::Document d =
      Doc("Valid start \xFF then more valid text that goes on and on, "
          "long enough that one bad byte is a slip, not another charset.");
  ASSERT_TRUE(stage.Process(d).ok());
  ASSERT_EQ(d.diagnostics_size(), 1);
  EXPECT_EQ(d.diagnostics(0).code(), "invalid-utf8");
  EXPECT_EQ(d.diagnostics(0).stage(), "ingest");
  EXPECT_NE(d.raw().find("\xEF\xBF\xBD"), std::string::npos);
}

TEST(IngestStage, ReadsUndeclaredLatin1AsWindows1252) {
  IngestStage stage;
  v1::Document d =
      Doc("Caf\xE9 cr\xE8me br\xFBl\xE9"
          "e \xE0 la fran\xE7"
          "aise");
  ASSERT_TRUE(stage.Process(d).ok());
  EXPECT_EQ(d.raw(),
            "Caf\xC3\xA9 cr\xC3\xA8me br\xC3\xBBl\xC3\xA9"
            "e \xC3\xA0 la fran\xC3\xA7"
            "aise");
  ASSERT_EQ(d.diagnostics_size(), 1);
  EXPECT_EQ(d.diagnostics(0).code(), "charset");
}

TEST(IngestStage, RefusesEmptyAndBinary) {
  IngestStage stage;
  v1::Document empty = Doc("  \n\t ");
  EXPECT_NE(stage.Process(empty).message().find("empty"), std::string::npos);
  std::string bin;
  for (int i = 0; i < 4096; ++i) bin += static_cast<char>((i * 7) % 32);
  v1::Document binary = Doc(bin);
  EXPECT_NE(stage.Process(binary).message().find("binary"), std::string::npos);
}

TEST(IngestStage, RefusesHugeDocuments) {
  IngestOptions options;
  options.max_document_bytes = 1000;
  IngestStage stage(options);
  v1::Document d = Doc(std::string(5000, 'a'));
  EXPECT_EQ(stage.Process(d).code(), absl::StatusCode::kResourceExhausted);
}

TEST(IngestStage, DecodesDeclaredCharsetAndUtf16) {
  IngestStage stage;
  v1::Document latin =
      Doc("<html><head><meta "
          "charset=\"iso-8859-1\"></head><body><p>caf\xE9</p></body></html>");
  ASSERT_TRUE(stage.Process(latin).ok());
  EXPECT_EQ(latin.media_type(), "text/html");
  EXPECT_NE(latin.raw().find("caf\xC3\xA9"), std::string::npos);

  std::string utf16;
  for (char c : std::string("Hello from a UTF-16 document without a mark.")) {
    utf16 += c;
    utf16 += '\0';
  }
  v1::Document wide = Doc(utf16);
  ASSERT_TRUE(stage.Process(wide).ok());
  EXPECT_EQ(wide.raw(), "Hello from a UTF-16 document without a mark.");
}

TEST(IngestStage, FindsPublicationDateInThePage) {
  std::string where;
  EXPECT_EQ(
      FindHtmlPublicationDate(
          R"(<meta property="article:published_time" content="2024-03-05T10:00:00+00:00">)",
          &where),
      "2024-03-05");
  EXPECT_EQ(where, "meta");
  EXPECT_EQ(
      FindHtmlPublicationDate(
          R"(<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2023-12-01"}</script>)",
          &where),
      "2023-12-01");
  EXPECT_EQ(where, "json-ld");
  EXPECT_EQ(FindHtmlPublicationDate(
                R"(<time datetime="2022-07-09">July 9</time>)", &where),
            "2022-07-09");
}

// A plain text states its date near the top: a line saying when it was
// published, or a dateline, whose missing year is the submitter's.
TEST(IngestStage, APlainTextIsDatedByItsPublishedLineOrItsDateline) {
  std::string where;
  EXPECT_EQ(FindDatelineDate("News | Sport\nWednesday, November 20, 2019  "
                             "Spokane  38 Cloudy\nPublished: Nov. 19, 2019, "
                             "6:18 p.m. Updated: Nov. 19, 2019\nBody",
                             "", &where),
            "2019-11-19");
  EXPECT_EQ(where, "published-line");
  const std::string yerevan =
      "Armenia recalls envoy\nYEREVAN, Dec 2 (Reuters) \xE2\x80\x94 Armenia "
      "recalled its ambassador.";
  EXPECT_EQ(FindDatelineDate(yerevan, "2025-12-05", &where), "2025-12-02");
  EXPECT_EQ(where, "dateline");
  // Had on January 3: December 2 was last year's.
  EXPECT_EQ(FindDatelineDate(yerevan, "2026-01-03"), "2025-12-02");
  // No year anywhere: no date rather than a guess.
  EXPECT_EQ(FindDatelineDate(yerevan, ""), "");
  EXPECT_EQ(FindDatelineDate("MOSCOW, March 3 - Talks began.", "2025-06-01"),
            "2025-03-03");
  EXPECT_EQ(FindDatelineDate("Dec. 2, 2025 \xE2\x80\x94 The talks ended.", ""),
            "2025-12-02");
  // A list line is no dateline: a day without place or year.
  EXPECT_EQ(FindDatelineDate("Tour dates:\nJune 9 -- Coral Sky Amphitheatre, "
                             "West Palm Beach, FL",
                             "2025-12-05"),
            "");
  // A date in passing is no publication date.
  EXPECT_EQ(FindDatelineDate("Our privacy policy became effective May 23rd, "
                             "2018.\nPARIS, France - Body.",
                             ""),
            "");
}

// Where the page declares no date: the day in its canonical address, then
// an element named for a date.
TEST(IngestStage, FindsPublicationDateInTheAddressOrADateElement) {
  std::string where;
  EXPECT_EQ(
      FindHtmlPublicationDate(
          R"(<meta content="https://example.com/news/2019/11/19/guards-charged/1/" )"
          R"(property="og:url"><p>Body</p>)",
          &where),
      "2019-11-19");
  EXPECT_EQ(where, "url");
  EXPECT_EQ(
      FindHtmlPublicationDate(
          R"(<div class="fl article_date">November 20, 2019 - 11:28</div>)",
          &where),
      "2019-11-20");
  EXPECT_EQ(where, "element");
  // No day in the address, nor a date in the element: no date.
  EXPECT_EQ(FindHtmlPublicationDate(
                R"(<link rel="canonical" href="https://example.com/2019/11/x">)"
                R"(<span class="update-time">updated</span>)",
                &where),
            "");
  EXPECT_EQ(DateInUrl("https://example.com/2019/02/30/x/"), "");
  EXPECT_EQ(DateInUrl("https://example.com/story/2024/3/5/x"), "2024-03-05");
}

TEST(IngestStage, AnUnsetDateInThePageIsNoDate) {
  std::string where;
  // The smallest date a content system has, then the real one.
  EXPECT_EQ(
      FindHtmlPublicationDate(
          R"({"datePublished": "0001-01-01T00:00:00Z"} {"datePublished":""})"
          R"( {"datePublished": "2019-11-19T08:00:00Z"})",
          &where),
      "2019-11-19");
  EXPECT_EQ(FindHtmlPublicationDate(
                R"(<time datetime="1970-01-01T00:00:00Z">x</time>)", &where),
            "");
}

}  // namespace
}  // namespace eventwire::ingest
