#include "feed_view.h"

#include <gtest/gtest.h>

#include <sstream>

namespace eventwire::cli {
namespace {

v1::Actor A(const std::string& name, const std::string& country) {
  v1::Actor a;
  a.set_name(name);
  a.set_country(country);
  a.set_canonical_key("person:" + name);
  return a;
}

v1::FeedRecord Record(uint64_t seq, v1::Event::Type type,
                      std::vector<v1::Actor> source,
                      std::vector<v1::Actor> target, const std::string& date,
                      float confidence) {
  v1::FeedRecord r;
  r.set_sequence(seq);
  v1::FeedEvent* e = r.mutable_event();
  e->set_feed_event_id("fe-" + std::to_string(seq));
  e->set_type(type);
  for (auto& a : source) *e->add_source() = a;
  for (auto& a : target) *e->add_target() = a;
  e->set_date(date);
  e->set_confidence(confidence);
  e->set_source_count(2);
  e->set_mention_count(3);
  v1::FeedMention* m = e->add_mentions();
  m->set_evidence_text(
      "Russian forces shelled Kharkiv, officials said, in\n"
      "an attack that killed three people.");
  return r;
}

// A known feed of three events.
std::vector<v1::FeedRecord> Feed() {
  v1::FeedRecord strike = Record(7, v1::Event::ASSAULT, {A("Russia", "RUS")},
                                 {A("Ukraine", "UKR")}, "2025-03-02", 0.8f);
  *strike.mutable_event()->mutable_location() = A("Kharkiv", "UKR");
  return {strike,
          Record(9, v1::Event::CONSULT, {A("Marco Rubio", "USA")},
                 {A("Sergey Lavrov", "RUS")}, "2025-02", 0.6f),
          Record(12, v1::Event::ACCUSE, {A("Amnesty International", "NGO")},
                 {A("Iran", "IRN")}, "", 0.4f)};
}

std::vector<uint64_t> Shown(const FeedFilterFlags& flags) {
  auto filter = FeedFilter::Create(flags);
  EXPECT_TRUE(filter.ok()) << filter.status();
  std::vector<uint64_t> out;
  for (const auto& r : Feed()) {
    if (filter->Matches(r.event())) out.push_back(r.sequence());
  }
  return out;
}

TEST(FeedFilter, EachFilterKeepsWhatItNames) {
  using V = std::vector<uint64_t>;
  EXPECT_EQ(Shown({}), (V{7, 9, 12}));
  EXPECT_EQ(Shown({.types = "assault,ACCUSE"}), (V{7, 12}));
  // A party's country or the place's.
  EXPECT_EQ(Shown({.countries = "ukr"}), (V{7}));
  EXPECT_EQ(Shown({.countries = "RUS"}), (V{7, 9}));
  EXPECT_EQ(Shown({.actors = "rubio"}), (V{9}));
  EXPECT_EQ(Shown({.actors = "IRAN,lavrov"}), (V{9, 12}));
  // A month overlaps the days it covers; undated events are left out.
  EXPECT_EQ(Shown({.since = "2025-02-20"}), (V{7, 9}));
  EXPECT_EQ(Shown({.since = "2025-03-01", .until = "2025-03-05"}), (V{7}));
  EXPECT_EQ(Shown({.until = "2025-01-31"}), (V{}));
  EXPECT_EQ(Shown({.min_confidence = 0.5}), (V{7, 9}));
  EXPECT_EQ(Shown({.types = "CONSULT", .countries = "UKR"}), (V{}));
}

TEST(FeedFilter, HistoryIsShownOnlyWhenAskedFor) {
  v1::FeedEvent history = Feed()[0].event();
  history.set_date("2022-02-24");
  history.set_background(true);
  EXPECT_FALSE(FeedFilter::Create({})->Matches(history));
  EXPECT_TRUE(FeedFilter::Create({.background = true})->Matches(history));
  EXPECT_TRUE(FeedFilter::Create({})->Matches(Feed()[0].event()));
}

TEST(FeedFilter, LabelsAndWordsNarrowTheFeed) {
  v1::FeedRecord strike = Feed()[0];
  strike.mutable_event()->add_labels("conflict");
  const v1::FeedRecord talks = Feed()[1];
  auto shown = [&](const FeedFilterFlags& flags) {
    auto filter = FeedFilter::Create(flags);
    EXPECT_TRUE(filter.ok()) << filter.status();
    std::vector<uint64_t> out;
    for (const auto& r : {strike, talks})
      if (filter->Matches(r)) out.push_back(r.sequence());
    return out;
  };
  EXPECT_EQ(shown({.labels = "conflict"}), std::vector<uint64_t>{7});
  EXPECT_EQ(shown({.labels = "sports,conflict"}), std::vector<uint64_t>{7});
  EXPECT_EQ(shown({.labels = "sports"}), std::vector<uint64_t>{});
  // Every word, folded, in the parties, place, type or evidence.
  EXPECT_EQ(shown({.text = "KHARKIV killed"}), (std::vector<uint64_t>{7, 9}));
  EXPECT_EQ(shown({.text = "rubio lavrov"}), std::vector<uint64_t>{9});
  EXPECT_EQ(shown({.text = "assault"}), std::vector<uint64_t>{7});
  EXPECT_EQ(shown({.text = "rubio kyiv"}), std::vector<uint64_t>{});
}

TEST(FeedFilter, AWrongValueNamesTheFlag) {
  auto bad_type = FeedFilter::Create({.types = "ASSAULT,BOMBING"});
  ASSERT_FALSE(bad_type.ok());
  EXPECT_NE(bad_type.status().message().find("--type: 'BOMBING'"),
            std::string::npos);
  auto bad_day = FeedFilter::Create({.since = "March 1"});
  ASSERT_FALSE(bad_day.ok());
  EXPECT_NE(bad_day.status().message().find("--since"), std::string::npos);
  EXPECT_FALSE(FeedFilter::Create({.min_confidence = 2}).ok());
  EXPECT_FALSE(ParseOutputFormat("yaml").ok());
}

v1::FeedRecord QuoteRecord() {
  v1::FeedRecord r;
  r.set_sequence(15);
  v1::FeedQuote* q = r.mutable_quote();
  q->set_feed_quote_id("fq-1");
  *q->mutable_speaker() = A("Marco Rubio", "USA");
  q->set_text("We will not accept this deal");
  q->set_date("2025-03-02");
  q->set_source_count(2);
  return r;
}

TEST(FeedFilter, QuotesByTheirSpeakerDateAndTypeQuote) {
  const v1::FeedRecord quote = QuoteRecord();
  const auto shows = [&](const FeedFilterFlags& flags) {
    return FeedFilter::Create(flags)->Matches(quote);
  };
  EXPECT_TRUE(shows({}));
  EXPECT_TRUE(shows({.types = "quote"}));
  EXPECT_FALSE(shows({.types = "ASSAULT"}));
  EXPECT_TRUE(shows({.types = "ASSAULT,QUOTE"}));
  EXPECT_TRUE(shows({.countries = "USA"}));
  EXPECT_FALSE(shows({.countries = "RUS"}));
  EXPECT_TRUE(shows({.actors = "rubio"}));
  EXPECT_FALSE(shows({.actors = "lavrov"}));
  EXPECT_TRUE(shows({.since = "2025-03-01", .until = "2025-03-02"}));
  EXPECT_FALSE(shows({.since = "2025-03-03"}));
  // --type QUOTE alone shows no events.
  EXPECT_FALSE(FeedFilter::Create({.types = "QUOTE"})->Matches(Feed()[0]));
}

TEST(FeedPrinter, AQuoteIsARowOfItsSpeakerAndWords) {
  std::ostringstream out;
  FeedPrinter printer(OutputFormat::kTable, 160, out);
  printer.Print(QuoteRecord());
  EXPECT_NE(out.str().find("\n15      QUOTE      Marco Rubio (USA)"),
            std::string::npos)
      << out.str();
  EXPECT_NE(out.str().find("\xE2\x80\x9CWe will not accept this deal"
                           "\xE2\x80\x9D"),
            std::string::npos)
      << out.str();
}

TEST(FeedPrinter, ATableOfAKnownFeed) {
  std::ostringstream out;
  FeedPrinter printer(OutputFormat::kTable, 120, out);
  for (const auto& r : Feed()) printer.Print(r);
  const std::string expected =
      "SEQ     TYPE       SOURCE -> TARGET                             PLACE   "
      "       DATE        SRC  EVIDENCE\n"
      "7       ASSAULT    Russia (RUS) -> Ukraine (UKR)                "
      "Kharkiv        2025-03-02  2    Russian forces shelled \xE2\x80\xA6\n"
      "9       CONSULT    Marco Rubio (USA) -> Sergey Lavrov (RUS)     "
      "               2025-02     2    Russian forces shelled \xE2\x80\xA6\n"
      "12      ACCUSE     Amnesty International (NGO) -> Iran (IRN)    "
      "                           2    Russian forces shelled \xE2\x80\xA6\n";
  EXPECT_EQ(out.str(), expected);
  // Each line fits the width, counted in characters.
  std::istringstream lines(out.str());
  for (std::string line; std::getline(lines, line);) {
    size_t chars = 0;
    for (char c : line) chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    EXPECT_LE(chars, 120u) << line;
  }
}

TEST(FeedPrinter, CsvQuotesWhatNeedsIt) {
  std::ostringstream out;
  FeedPrinter printer(OutputFormat::kCsv, 0, out);
  printer.Print(Feed()[0]);
  EXPECT_EQ(out.str(),
            "sequence,feed_event_id,revision,type,source,source_countries,"
            "target,target_countries,place,place_country,date,confidence,"
            "sources,mentions,evidence\n"
            "7,fe-7,0,ASSAULT,Russia,RUS,Ukraine,UKR,Kharkiv,UKR,2025-03-02,"
            "0.8,2,3,\"Russian forces shelled Kharkiv, officials said, in an "
            "attack that killed three people.\"\n");
}

TEST(FeedPrinter, JsonIsTheApisRecord) {
  std::ostringstream out;
  FeedPrinter printer(OutputFormat::kJson, 0, out);
  printer.Print(Feed()[1]);
  EXPECT_EQ(out.str().rfind("{\"sequence\":\"9\",", 0), 0u) << out.str();
  EXPECT_EQ(out.str().back(), '\n');
}

}  // namespace
}  // namespace eventwire::cli
