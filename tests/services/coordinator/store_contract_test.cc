// What every store backend promises (document_store.h), run against each
// backend, and the merge engine's promise that the backend does not change
// the feed: the same events give the same stories, ids and merges.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <map>
#include <random>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "jetstream_store.h"
#include "sqlite_store.h"
#include "stable_hash.h"
#include "story_merger.h"
#include "testing/nats_server.h"

namespace eventwire::coordinator {
namespace {
namespace fs = std::filesystem;
using ::eventwire::testing::NatsServer;

constexpr int kMergeWindowDays = 1;

// Starts what a backend needs and opens stores on it.
class Backend {
 public:
  explicit Backend(std::string name) : name_(std::move(name)) {
    dir_ = fs::path(::testing::TempDir()) /
           absl::StrCat(
               "ew-contract-", ::getpid(), "-", name_, "-",
               ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    if (name_ == "jetstream" && !NatsServer::Binary().empty())
      nats_ = std::make_unique<NatsServer>(dir_.string());
  }
  ~Backend() {
    nats_.reset();
    fs::remove_all(dir_);
  }
  // Why this backend cannot run here, or "".
  std::string Unavailable() const {
    if (name_ != "jetstream") return "";
    if (nats_ == nullptr) return "nats-server is absent";
    if (nats_->url().empty()) return "nats-server did not start";
    return "";
  }
  std::unique_ptr<DocumentStore> Open() {
    if (name_ == "sqlite") {
      auto s = SqliteStore::Open((dir_ / "db").string(), kMergeWindowDays);
      EXPECT_TRUE(s.ok()) << s.status();
      return s.ok() ? std::move(*s) : nullptr;
    }
    JetStreamSettings c;
    c.servers = {nats_->url()};
    c.prefix = "CONTRACT";
    auto s = JetStreamStore::Open(c, 5000, kMergeWindowDays);
    EXPECT_TRUE(s.ok()) << s.status();
    return s.ok() ? std::move(*s) : nullptr;
  }
  const fs::path& dir() const { return dir_; }

 private:
  std::string name_;
  fs::path dir_;
  std::unique_ptr<NatsServer> nats_;
};

v1::Actor ActorOf(const std::string& key, const std::string& country) {
  v1::Actor a;
  a.set_canonical_key(key);
  a.set_country(country);
  a.set_type(v1::Entity::GPE);
  return a;
}

v1::Document Talks(const std::string& id, const std::string& date) {
  v1::Document d;
  d.set_id(id);
  d.set_raw("raw " + id);
  v1::Event* e = d.add_events();
  e->set_id("ev1");
  e->set_type(v1::Event::CONSULT);
  e->set_date(date);
  *e->add_source() = ActorOf("gpe:USA", "USA");
  *e->add_target() = ActorOf("gpe:RUS", "RUS");
  return d;
}

// Claims `n` documents (a backend may hand them out a few at a time).
std::vector<PendingDocument> Claim(DocumentStore& store, size_t n) {
  std::vector<PendingDocument> out;
  for (int round = 0; round < 200 && out.size() < n; ++round) {
    auto got = store.Pending(static_cast<int>(n - out.size()), {});
    EXPECT_TRUE(got.ok()) << got.status();
    if (!got.ok()) break;
    for (auto& p : *got) out.push_back(std::move(p));
  }
  EXPECT_EQ(out.size(), n);
  out.resize(n);
  return out;
}

// Accepts `docs`, claims them all and completes them in the order given.
void CompleteInOrder(DocumentStore& store,
                     const std::vector<v1::Document>& docs, size_t batch = 8) {
  auto accepted = store.Accept(docs);
  ASSERT_TRUE(accepted.ok()) << accepted.status();
  size_t claimed = 0;
  for (int round = 0; round < 200 && claimed < docs.size(); ++round) {
    auto got = store.Pending(static_cast<int>(docs.size() - claimed), {});
    ASSERT_TRUE(got.ok()) << got.status();
    claimed += got->size();
  }
  ASSERT_EQ(claimed, docs.size());
  for (size_t i = 0; i < docs.size(); i += batch) {
    std::vector<v1::Document> results(
        docs.begin() + static_cast<long>(i),
        docs.begin() + static_cast<long>(std::min(docs.size(), i + batch)));
    auto done = store.CompleteAll(std::move(results));
    ASSERT_TRUE(done.ok()) << done.status();
  }
}

std::vector<v1::FeedRecord> Feed(DocumentStore& store) {
  std::vector<v1::FeedRecord> out;
  while (true) {
    auto page = store.ReadFeed(out.size(), 500);
    EXPECT_TRUE(page.ok()) << page.status();
    if (!page.ok() || page->empty()) return out;
    for (auto& r : *page) out.push_back(std::move(r));
  }
}

// The story (feed event id) of each stored document's first event.
std::map<std::string, std::string> StoryOfEachDocument(DocumentStore& store) {
  std::map<std::string, std::string> story_of;
  EXPECT_TRUE(store
                  .ForEachDocument({}, false,
                                   [&](const v1::Document& d) {
                                     story_of[d.id()] =
                                         d.events(0).feed_event_id();
                                     return true;
                                   })
                  .ok());
  return story_of;
}

class StoreContractTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    backend_ = std::make_unique<Backend>(GetParam());
    if (auto why = backend_->Unavailable(); !why.empty()) GTEST_SKIP() << why;
    store_ = backend_->Open();
    ASSERT_NE(store_, nullptr);
  }
  void TearDown() override {
    store_.reset();
    backend_.reset();
  }
  std::unique_ptr<Backend> backend_;
  std::unique_ptr<DocumentStore> store_;
};

TEST_P(StoreContractTest, AcceptsEachDocumentOnce) {
  auto r = store_->Accept({Talks("a", "2025-03-01"), Talks("b", "2025-03-01"),
                           Talks("a", "2025-03-01"), Talks("", "2025-03-01")});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_TRUE((*r)[0].accepted());
  EXPECT_FALSE((*r)[0].duplicate());
  EXPECT_FALSE((*r)[1].duplicate());
  EXPECT_TRUE((*r)[2].duplicate());
  EXPECT_FALSE((*r)[3].accepted());
  EXPECT_EQ((*r)[3].error(), "document has no id");
  auto again = store_->Accept({Talks("b", "2025-03-01")});
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_TRUE((*again)[0].duplicate());
  auto c = store_->Counts();
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->pending, 2u);
}

TEST_P(StoreContractTest, ReportsOfOneEventMergeAndOthersStayApart) {
  // Two reports of the talks on one day, one a week later (another event).
  ASSERT_NO_FATAL_FAILURE(CompleteInOrder(
      *store_, {Talks("a", "2025-03-01"), Talks("b", "2025-03-01"),
                Talks("c", "2025-03-08")}));
  const auto feed = Feed(*store_);
  ASSERT_EQ(feed.size(), 3u);
  EXPECT_EQ(feed[0].event().feed_event_id(), FeedEventIdFor("a", "ev1"));
  EXPECT_EQ(feed[1].event().feed_event_id(), FeedEventIdFor("a", "ev1"));
  EXPECT_EQ(feed[1].event().revision(), 2);
  EXPECT_EQ(feed[1].event().source_count(), 2);
  EXPECT_EQ(feed[2].event().feed_event_id(), FeedEventIdFor("c", "ev1"));
  EXPECT_LT(feed[0].sequence(), feed[1].sequence());
  EXPECT_LT(feed[1].sequence(), feed[2].sequence());
  // Reading from a cursor gives only what follows it.
  auto after = store_->ReadFeed(feed[0].sequence(), 100);
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_EQ(after->size(), 2u);
  EXPECT_EQ(store_->Counts()->pending, 0u);
  // The stored results name their stories.
  const std::map<std::string, std::string> story_of =
      StoryOfEachDocument(*store_);
  EXPECT_EQ(story_of.at("b"), FeedEventIdFor("a", "ev1"));
  EXPECT_EQ(story_of.at("c"), FeedEventIdFor("c", "ev1"));
}

TEST_P(StoreContractTest, UndatedReportsJoinOnlyWhenPublishedTogether) {
  // No date in the text, no target: one actor's act, named the same way.
  const auto report = [](const std::string& id, const std::string& published,
                         const std::string& trigger) {
    v1::Document d;
    d.set_id(id);
    d.set_raw("raw " + id);
    d.mutable_metadata()->set_published_at(published);
    v1::Event* e = d.add_events();
    e->set_id("ev1");
    e->set_type(v1::Event::CONCEDE);
    e->set_trigger(trigger);
    *e->add_source() = ActorOf("gpe:SWE", "SWE");
    return d;
  };
  ASSERT_NO_FATAL_FAILURE(CompleteInOrder(
      *store_, {report("a", "2019-11-19", "drop investigation"),
                report("b", "2019-11-20T07:30:00Z", "drop investigation"),
                // A week later, another act named by another word, and a
                // report with no publication date: each its own story.
                report("c", "2019-11-27", "drop investigation"),
                report("d", "2019-11-19", "withdraw"),
                report("e", "", "drop investigation")}));
  const std::map<std::string, std::string> story_of =
      StoryOfEachDocument(*store_);
  EXPECT_EQ(story_of.at("b"), FeedEventIdFor("a", "ev1"));
  EXPECT_EQ(story_of.at("c"), FeedEventIdFor("c", "ev1"));
  EXPECT_EQ(story_of.at("d"), FeedEventIdFor("d", "ev1"));
  EXPECT_EQ(story_of.at("e"), FeedEventIdFor("e", "ev1"));
}

TEST_P(StoreContractTest, AStatedDateOverridesAnInferredOne) {
  // The first report's date is the narrative's guess, weeks off: the report
  // that states the day joins the story (same parties) and dates it.
  v1::Document guessed = Talks("a", "2025-02-10");
  guessed.mutable_events(0)->set_date_inferred(true);
  ASSERT_NO_FATAL_FAILURE(CompleteInOrder(
      *store_, {guessed, Talks("b", "2025-03-01"), Talks("c", "2025-03-08")}));
  const auto feed = Feed(*store_);
  ASSERT_EQ(feed.size(), 3u);
  EXPECT_TRUE(feed[0].event().date_inferred());
  EXPECT_EQ(feed[1].event().feed_event_id(), FeedEventIdFor("a", "ev1"));
  EXPECT_EQ(feed[1].event().date(), "2025-03-01");
  EXPECT_FALSE(feed[1].event().date_inferred());
  // Stated now, the date keeps a report of a week later apart.
  EXPECT_EQ(feed[2].event().feed_event_id(), FeedEventIdFor("c", "ev1"));
}

TEST_P(StoreContractTest, ANamedTargetReplacesAnInferredOne) {
  // A protest whose first report names no target (its government is the
  // default) joins a report of the same days that names one, which gives
  // the story its target; a report naming another target stays apart.
  const auto protest = [](const std::string& id, const v1::Actor& target,
                          bool inferred) {
    v1::Document d;
    d.set_id(id);
    d.set_raw("raw " + id);
    d.mutable_metadata()->set_published_at("2019-11-18");
    v1::Event* e = d.add_events();
    e->set_id("ev1");
    e->set_type(v1::Event::PROTEST);
    e->set_trigger("protest");
    *e->add_source() = ActorOf("gpe:HKG", "HKG");
    *e->add_target() = target;
    e->set_target_inferred(inferred);
    return d;
  };
  ASSERT_NO_FATAL_FAILURE(CompleteInOrder(
      *store_, {protest("a", ActorOf("group:government:HKG", "HKG"), true),
                protest("b", ActorOf("gpe:CHN", "CHN"), false),
                protest("c", ActorOf("gpe:GBR", "GBR"), false)}));
  const auto feed = Feed(*store_);
  ASSERT_EQ(feed.size(), 3u);
  EXPECT_TRUE(feed[0].event().target_inferred());
  EXPECT_EQ(feed[1].event().feed_event_id(), FeedEventIdFor("a", "ev1"));
  ASSERT_EQ(feed[1].event().target_size(), 1);
  EXPECT_EQ(feed[1].event().target(0).canonical_key(), "gpe:CHN");
  EXPECT_FALSE(feed[1].event().target_inferred());
  EXPECT_EQ(feed[2].event().feed_event_id(), FeedEventIdFor("c", "ev1"));
}

TEST_P(StoreContractTest, AStoryIsHistoryOnlyWhileEveryReportSaysSo) {
  std::vector<v1::Document> reports = {Talks("a", "2022-02-24"),
                                       Talks("b", "2022-02-24"),
                                       Talks("c", "2022-02-24")};
  reports[0].mutable_events(0)->set_background(true);
  reports[1].mutable_events(0)->set_background(true);
  ASSERT_NO_FATAL_FAILURE(CompleteInOrder(*store_, reports));
  const auto feed = Feed(*store_);
  ASSERT_EQ(feed.size(), 3u);
  EXPECT_EQ(feed[2].event().feed_event_id(), FeedEventIdFor("a", "ev1"));
  EXPECT_TRUE(feed[1].event().background());
  // A report telling it as news makes it news.
  EXPECT_FALSE(feed[2].event().background());
}

TEST_P(StoreContractTest, ADocumentDoneTwiceAddsNothingTheSecondTime) {
  ASSERT_NO_FATAL_FAILURE(CompleteInOrder(*store_, {Talks("a", "2025-03-01")}));
  auto again = store_->CompleteAll({Talks("a", "2025-03-01")});
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(Feed(*store_).size(), 1u);
}

TEST_P(StoreContractTest, AFinishedDocumentComesWithItsRawBytesOnlyWhenAsked) {
  ASSERT_NO_FATAL_FAILURE(CompleteInOrder(*store_, {Talks("r", "2025-03-01")}));
  for (const bool include_raw : {true, false}) {
    std::vector<std::string> raws;
    for (const auto& ids :
         {std::vector<std::string>{}, std::vector<std::string>{"r"}}) {
      ASSERT_TRUE(store_
                      ->ForEachDocument(ids, include_raw,
                                        [&](const v1::Document& d) {
                                          raws.push_back(d.raw());
                                          return true;
                                        })
                      .ok());
    }
    // JetStream's intake is a work queue: the raw bytes leave with the
    // acknowledged message (document_store.h says so).
    const bool kept = include_raw && GetParam() == "sqlite";
    EXPECT_EQ(raws, std::vector<std::string>(2, kept ? "raw r" : ""))
        << "include_raw " << include_raw;
  }
}

TEST_P(StoreContractTest, ADeadLetterIsRetriedFromTheSubmittedInput) {
  ASSERT_TRUE(store_->Accept({Talks("y", "2025-03-01")}).ok());
  ASSERT_NO_FATAL_FAILURE(Claim(*store_, 1));
  v1::Document at_stage = Talks("y", "2025-03-01");
  at_stage.set_text("cleaned by an earlier stage");
  ASSERT_TRUE(store_->DeadLetter("y", "tag", "failed", at_stage).ok());
  EXPECT_TRUE(absl::IsNotFound(store_->Requeue("never-dead")));
  for (int death = 1; death <= 2; ++death) {
    ASSERT_EQ(store_->Counts()->dead, 1u) << "death " << death;
    // Looked up by id: only the documents that have a letter.
    auto found = store_->DeadLettersOf({"never-dead", "y"}, true);
    ASSERT_TRUE(found.ok()) << found.status();
    ASSERT_EQ(found->size(), 1u);
    EXPECT_EQ(found->at(0).document_id(), "y");
    EXPECT_EQ(found->at(0).error(), death == 1 ? "failed" : "failed again");
    EXPECT_EQ(found->at(0).document().text(), "cleaned by an earlier stage");
    EXPECT_TRUE(
        store_->DeadLettersOf({"y"}, false)->at(0).document().text().empty());
    ASSERT_TRUE(store_->Requeue("y").ok()) << "death " << death;
    EXPECT_EQ(store_->Counts()->dead, 0u);
    EXPECT_TRUE(store_->DeadLetters(10, false)->empty());
    EXPECT_TRUE(store_->DeadLettersOf({"y"}, true)->empty());
    EXPECT_TRUE(absl::IsNotFound(store_->Requeue("y")));
    // Back as submitted, with no attempts.
    std::vector<PendingDocument> again;
    ASSERT_NO_FATAL_FAILURE(again = Claim(*store_, 1));
    EXPECT_EQ(again[0].document.raw(), "raw y");
    EXPECT_TRUE(again[0].document.text().empty());
    EXPECT_EQ(again[0].attempts, 0);
    if (death == 1) {
      // It fails again: a second letter, not lost to de-duplication.
      ASSERT_TRUE(
          store_->DeadLetter("y", "tag", "failed again", at_stage).ok());
    }
  }
  ASSERT_TRUE(store_->Complete(Talks("y", "2025-03-01")).ok());
  auto c = store_->Counts();
  EXPECT_EQ(c->done, 1u);
  EXPECT_EQ(c->dead, 0u);
  EXPECT_EQ(c->pending, 0u);
}

TEST_P(StoreContractTest, ACorrectedDocumentReplacesItsDeadLetter) {
  ASSERT_TRUE(store_->Accept({Talks("y", "2025-03-01")}).ok());
  ASSERT_NO_FATAL_FAILURE(Claim(*store_, 1));
  ASSERT_TRUE(
      store_->DeadLetter("y", "ingest", "empty", Talks("y", "2025-03-01"))
          .ok());
  v1::Document corrected = Talks("y", "2025-03-01");
  corrected.set_raw("corrected y");
  // Only a dead letter is replaced.
  v1::Document stranger = corrected;
  stranger.set_id("never-dead");
  EXPECT_TRUE(absl::IsNotFound(store_->ReplaceDeadLetter(stranger)));
  ASSERT_TRUE(store_->ReplaceDeadLetter(corrected).ok());
  EXPECT_EQ(store_->Counts()->dead, 0u);
  EXPECT_TRUE(absl::IsNotFound(store_->ReplaceDeadLetter(corrected)));
  std::vector<PendingDocument> again;
  ASSERT_NO_FATAL_FAILURE(again = Claim(*store_, 1));
  EXPECT_EQ(again[0].document.raw(), "corrected y");
  EXPECT_EQ(again[0].attempts, 0);
  ASSERT_TRUE(store_->Complete(again[0].document).ok());
  EXPECT_EQ(store_->Counts()->done, 1u);
  EXPECT_EQ(Feed(*store_).size(), 1u);
}

TEST_P(StoreContractTest, AQuoteCarriedByTwoOutletsIsOneFeedQuote) {
  const auto quoting = [](const std::string& id, const std::string& outlet,
                          const std::string& words, const std::string& who) {
    v1::Document d = Talks(id, "2025-03-01");
    d.mutable_metadata()->set_outlet(outlet);
    d.mutable_metadata()->set_published_at("2025-03-02");
    v1::Quote* q = d.add_quotes();
    q->set_text(words);
    q->mutable_span()->set_begin(10);
    q->mutable_span()->set_end(10 + static_cast<uint32_t>(words.size()));
    if (!who.empty()) *q->mutable_speaker() = ActorOf(who, "USA");
    return d;
  };
  ASSERT_NO_FATAL_FAILURE(CompleteInOrder(
      *store_,
      {quoting("a", "Reuters", "We will not accept this deal,", "person:rubio"),
       // The same words (case and punctuation aside) from another outlet.
       quoting("b", "AP", "we will not accept this deal.", "person:rubio"),
       // Other words, another speaker, no speaker: apart or not at all.
       quoting("c", "AP", "We will not accept this deal at all",
               "person:rubio"),
       quoting("d", "AP", "We will not accept this deal,", "person:vance"),
       quoting("e", "AP", "We will not accept this deal,", "")}));
  std::vector<v1::FeedRecord> quotes;
  for (auto& r : Feed(*store_)) {
    if (r.has_quote()) quotes.push_back(std::move(r));
  }
  ASSERT_EQ(quotes.size(), 4u);
  const v1::FeedQuote& merged = quotes[1].quote();
  EXPECT_EQ(merged.feed_quote_id(), quotes[0].quote().feed_quote_id());
  EXPECT_EQ(merged.revision(), 2u);
  EXPECT_EQ(merged.source_count(), 2u);
  EXPECT_EQ(merged.date(), "2025-03-02");
  ASSERT_EQ(merged.mentions_size(), 2);
  EXPECT_EQ(merged.mentions(1).document_id(), "b");
  EXPECT_EQ(merged.mentions(1).outlet(), "AP");
  EXPECT_NE(quotes[2].quote().feed_quote_id(), merged.feed_quote_id());
  EXPECT_NE(quotes[3].quote().feed_quote_id(), merged.feed_quote_id());
  EXPECT_EQ(quotes[3].quote().speaker().canonical_key(), "person:vance");
}

TEST_P(StoreContractTest, AKeyListsOnlyItsLatestStories) {
  // More stories under one actor key than a key lists, each another day
  // (so none merge); the latest still finds its later report.
  std::vector<v1::Document> docs;
  const int stories = static_cast<int>(kIndexedStories) + 20;
  for (int i = 0; i < stories; ++i) {
    v1::Document d = Talks(absl::StrCat("d", i), "");
    // Three days apart: outside each other's merge window.
    absl::CivilDay day = absl::CivilDay(2020, 1, 1) + 3 * i;
    d.mutable_events(0)->set_date(absl::FormatCivilTime(day));
    docs.push_back(std::move(d));
  }
  v1::Document late = Talks("late", "");
  late.mutable_events(0)->set_date(docs.back().events(0).date());
  docs.push_back(late);
  ASSERT_NO_FATAL_FAILURE(CompleteInOrder(*store_, docs, 64));
  const auto feed = Feed(*store_);
  ASSERT_EQ(feed.size(), docs.size());
  EXPECT_EQ(feed.back().event().feed_event_id(),
            FeedEventIdFor(absl::StrCat("d", stories - 1), "ev1"));
  EXPECT_EQ(feed.back().event().revision(), 2);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreContractTest,
                         ::testing::Values("sqlite", "jetstream"),
                         [](const auto& info) { return info.param; });

TEST(StableIds, FeedEventIdsAndDigestsArePinned) {
  // FIPS 180-2's first test vector, and ids this version gives: a change
  // here re-identifies every story in every store.
  EXPECT_EQ(Sha256Hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(FeedEventIdFor("reuters/2025-03-01/talks", "ev1"),
            "fe-31cfae23b01fcd13");
  EXPECT_EQ(Sha256Hex(std::string(100, 'x'), 32),
            "09ecb6ebc8bcefc733f6f2ec44f791ab");
}

// Many documents whose events share actors, types and nearby dates, so that
// some merge, some nearly do, and ties between candidates occur.
std::vector<v1::Document> MixedNews(int documents) {
  std::mt19937 rng(20261205);
  const std::vector<std::pair<std::string, std::string>> actors = {
      {"gpe:USA", "USA"},     {"gpe:RUS", "RUS"}, {"per:putin", "RUS"},
      {"per:biden", "USA"},   {"gpe:CHN", "CHN"}, {"org:un", "IGO"},
      {"per:zelensky", "UKR"}};
  const v1::Event::Type types[] = {v1::Event::CONSULT, v1::Event::ACCUSE,
                                   v1::Event::AID};
  std::vector<v1::Document> docs;
  for (int d = 0; d < documents; ++d) {
    v1::Document doc;
    doc.set_id(absl::StrCat("doc", d));
    doc.set_raw("raw");
    const int events = 1 + static_cast<int>(rng() % 3);
    for (int e = 0; e < events; ++e) {
      v1::Event* ev = doc.add_events();
      ev->set_id(absl::StrCat("ev", e));
      ev->set_type(types[rng() % 3]);
      const int day = 1 + static_cast<int>(rng() % 6);
      ev->set_date(rng() % 7 == 0 ? "2025-03"
                                  : absl::StrFormat("2025-03-%02d", day));
      const auto& s = actors[rng() % actors.size()];
      const auto& t = actors[rng() % actors.size()];
      *ev->add_source() = ActorOf(s.first, s.second);
      if (t != s) *ev->add_target() = ActorOf(t.first, t.second);
    }
    docs.push_back(std::move(doc));
  }
  return docs;
}

// What identifies a feed record, leaving out the clock.
std::string Identity(const v1::FeedRecord& r) {
  const v1::FeedEvent& e = r.event();
  std::string out =
      absl::StrCat(e.feed_event_id(), " r", e.revision(), " ", e.date(), " n",
                   e.mention_count(), " s", e.source_count(), ":");
  for (const auto& m : e.mentions())
    absl::StrAppend(&out, " ", m.document_id(), "/", m.event_id());
  return out;
}

TEST(StoreEquivalence, SqliteAndJetStreamGiveTheSameFeed) {
  Backend sqlite("sqlite"), jetstream("jetstream");
  if (auto why = jetstream.Unavailable(); !why.empty()) GTEST_SKIP() << why;
  const std::vector<v1::Document> docs = MixedNews(300);
  auto a = sqlite.Open();
  auto b = jetstream.Open();
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  ASSERT_NO_FATAL_FAILURE(CompleteInOrder(*a, docs));
  ASSERT_NO_FATAL_FAILURE(CompleteInOrder(*b, docs));
  const auto fa = Feed(*a), fb = Feed(*b);
  ASSERT_EQ(fa.size(), fb.size());
  std::set<std::string> stories;
  int merged = 0;
  for (size_t i = 0; i < fa.size(); ++i) {
    EXPECT_EQ(Identity(fa[i]), Identity(fb[i])) << "feed record " << i;
    stories.insert(fa[i].event().feed_event_id());
    merged += fa[i].event().revision() > 1;
  }
  // The input is one that merges: a comparison of unmerged feeds would
  // prove little.
  EXPECT_GT(merged, 50);
  EXPECT_LT(stories.size(), fa.size());
}

TEST(SqliteUpgrade, StoriesOfAnEarlierVersionStillTakeLaterReports) {
  Backend backend("sqlite");
  const std::string path = (backend.dir() / "db").string();
  // The schema and rows the version before the merge engine wrote.
  v1::Document first = Talks("a", "2025-03-01");
  v1::FeedEvent old_story;
  old_story.set_feed_event_id("fe-00000000000000aa");
  old_story.set_revision(1);
  old_story.set_type(v1::Event::CONSULT);
  old_story.set_date("2025-03-01");
  *old_story.add_source() = first.events(0).source(0);
  *old_story.add_target() = first.events(0).target(0);
  old_story.set_mention_count(1);
  old_story.set_source_count(1);
  old_story.add_mentions()->set_document_id("a");
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    const std::string body = old_story.SerializeAsString();
    ASSERT_EQ(
        sqlite3_exec(db,
                     "CREATE TABLE feed_events (feed_event_id TEXT PRIMARY "
                     "KEY, type INTEGER NOT NULL, body BLOB NOT NULL, "
                     "updated_micros INTEGER NOT NULL);"
                     "CREATE TABLE feed_keys (key TEXT NOT NULL, type INTEGER "
                     "NOT NULL, feed_event_id TEXT NOT NULL, PRIMARY KEY "
                     "(key, type, feed_event_id));",
                     nullptr, nullptr, nullptr),
        SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    ASSERT_EQ(
        sqlite3_prepare_v2(db, "INSERT INTO feed_events VALUES (?, ?, ?, 0)",
                           -1, &st, nullptr),
        SQLITE_OK);
    sqlite3_bind_text(st, 1, old_story.feed_event_id().c_str(), -1,
                      SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 2, v1::Event::CONSULT);
    sqlite3_bind_blob(st, 3, body.data(), static_cast<int>(body.size()),
                      SQLITE_TRANSIENT);
    ASSERT_EQ(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
    for (const char* key :
         {"gpe:USA", "country:USA", "gpe:RUS", "country:RUS"}) {
      ASSERT_EQ(sqlite3_exec(
                    db,
                    absl::StrCat("INSERT INTO feed_keys VALUES ('", key, "', ",
                                 v1::Event::CONSULT, ", 'fe-00000000000000aa')")
                        .c_str(),
                    nullptr, nullptr, nullptr),
                SQLITE_OK);
    }
    sqlite3_close(db);
  }
  auto store = backend.Open();
  ASSERT_NE(store, nullptr);
  ASSERT_NO_FATAL_FAILURE(CompleteInOrder(*store, {Talks("b", "2025-03-01")}));
  const auto feed = Feed(*store);
  ASSERT_EQ(feed.size(), 1u);
  EXPECT_EQ(feed[0].event().feed_event_id(), "fe-00000000000000aa");
  EXPECT_EQ(feed[0].event().revision(), 2);
  EXPECT_EQ(feed[0].event().source_count(), 2);
}

}  // namespace
}  // namespace eventwire::coordinator
