// What only the SQLite store does (reopening, its batch, bounded feed records,
// its clock, dead-letter attempts); what every backend promises is in
// store_contract_test.cc.
#include <gtest/gtest.h>

#include <filesystem>
#include <future>
#include <set>
#include <thread>

#include "absl/strings/str_cat.h"
#include "eventwire/clock.h"
#include "sqlite_store.h"

namespace eventwire::coordinator {
namespace {
namespace fs = std::filesystem;

class DocumentStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) /
           ("ew-store-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::unique_ptr<DocumentStore> Open() {
    auto s = SqliteStore::Open((dir_ / "db").string(), 1);
    EXPECT_TRUE(s.ok()) << s.status();
    return std::move(*s);
  }
  static v1::Document Doc(const std::string& id) {
    v1::Document d;
    d.set_id(id);
    d.set_raw("raw " + id);
    return d;
  }
  static v1::Document WithEvent(const std::string& id,
                                const std::string& date) {
    v1::Document d = Doc(id);
    v1::Event* e = d.add_events();
    e->set_id("ev1");
    e->set_type(v1::Event::CONSULT);
    e->set_date(date);
    v1::Actor* s = e->add_source();
    s->set_canonical_key("gpe:USA");
    s->set_country("USA");
    v1::Actor* t = e->add_target();
    t->set_canonical_key("gpe:RUS");
    t->set_country("RUS");
    return d;
  }
  fs::path dir_;
};

TEST_F(DocumentStoreTest, AcceptsOnceAndSurvivesReopening) {
  {
    auto store = Open();
    auto r = store->Accept({Doc("a"), Doc("b"), Doc("a")});
    ASSERT_TRUE(r.ok());
    EXPECT_FALSE((*r)[0].duplicate());
    EXPECT_TRUE((*r)[2].duplicate());
    auto again = store->Accept({Doc("b")});
    EXPECT_TRUE((*again)[0].duplicate());
  }
  auto store = Open();
  auto counts = store->Counts();
  EXPECT_EQ(counts->accepted, 2u);
  EXPECT_EQ(counts->pending, 2u);
  auto pending = store->Pending(10, {"a"});
  ASSERT_EQ(pending->size(), 1u);
  EXPECT_EQ((*pending)[0].document.id(), "b");
  EXPECT_EQ((*pending)[0].document.raw(), "raw b");
}

TEST_F(DocumentStoreTest, ADocumentTheStoreCannotTakeFailsAloneInItsBatch) {
  auto store = Open();
  ASSERT_TRUE(store->Accept({Doc("a"), Doc("c")}).ok());
  // "b" was never accepted: its batch's transaction fails, and the store
  // completes the others one by one.
  Completion completion = store->CompleteEach({WithEvent("a", "2025-02-18"),
                                               WithEvent("b", "2025-02-18"),
                                               WithEvent("c", "2025-03-01")});
  ASSERT_EQ(completion.documents.size(), 3u);
  EXPECT_TRUE(completion.documents[0].ok()) << completion.documents[0];
  EXPECT_FALSE(completion.documents[1].ok());
  EXPECT_NE(completion.documents[1].message().find("'b'"), std::string::npos)
      << completion.documents[1];
  EXPECT_TRUE(completion.documents[2].ok()) << completion.documents[2];
  EXPECT_EQ(completion.feed_records, 2);
  EXPECT_EQ(store->ReadFeed(0, 100)->size(), 2u);
  EXPECT_EQ(store->Counts()->done, 2u);
}

// The store keeps what index keys list in memory (listed_cache.h): a batch
// that is rolled back must leave nothing of its stories there, or a story
// started again under the same id would never be listed in the file, and a
// later report would not find it once the store is reopened.
TEST_F(DocumentStoreTest, ARolledBackBatchListsNothing) {
  {
    auto store = Open();
    ASSERT_TRUE(store->Accept({Doc("a")}).ok());
    // "b" was never accepted: the batch is rolled back, "a" completed alone.
    Completion completion = store->CompleteEach(
        {WithEvent("a", "2025-02-18"), WithEvent("b", "2025-02-18")});
    ASSERT_TRUE(completion.documents[0].ok()) << completion.documents[0];
  }
  auto store = Open();
  ASSERT_TRUE(store->Accept({Doc("c")}).ok());
  ASSERT_TRUE(store->Complete(WithEvent("c", "2025-02-18")).ok());
  auto feed = store->ReadFeed(0, 100);
  ASSERT_TRUE(feed.ok());
  ASSERT_EQ(feed->size(), 2u);
  EXPECT_EQ((*feed)[1].event().feed_event_id(),
            (*feed)[0].event().feed_event_id());
  EXPECT_EQ((*feed)[1].event().mention_count(), 2u);
}

// Two processes on one store file (an operator's mistake, or a tool): what
// one lists, the other's next merge sees, though it keeps listings in
// memory.
TEST_F(DocumentStoreTest, AStoryAnotherConnectionStartedIsFound) {
  auto first = Open();
  auto second = Open();
  ASSERT_TRUE(first->Accept({Doc("a"), Doc("b"), Doc("c")}).ok());
  // "a" makes the first connection read (and keep) what the key lists.
  ASSERT_TRUE(first->Complete(WithEvent("a", "2025-02-01")).ok());
  // A story three weeks later, started by the other connection.
  ASSERT_TRUE(second->Complete(WithEvent("b", "2025-02-20")).ok());
  ASSERT_TRUE(first->Complete(WithEvent("c", "2025-02-20")).ok());
  auto feed = first->ReadFeed(0, 100);
  ASSERT_TRUE(feed.ok());
  ASSERT_EQ(feed->size(), 3u);
  EXPECT_NE((*feed)[1].event().feed_event_id(),
            (*feed)[0].event().feed_event_id());
  EXPECT_EQ((*feed)[2].event().feed_event_id(),
            (*feed)[1].event().feed_event_id());
}

// Workers completing at once share commits (group commit); each still gets
// its own answer, and a document the store refuses fails alone even when
// its batch was committed with others'.
TEST_F(DocumentStoreTest, BatchesCompletedAtOnceAreAnsweredEachForItself) {
  auto store = Open();
  constexpr int kWorkers = 4, kPerBatch = 10, kRounds = 5;
  std::vector<v1::Document> accepted;
  for (int w = 0; w < kWorkers; ++w)
    for (int r = 0; r < kRounds; ++r)
      for (int i = 0; i < kPerBatch; ++i)
        accepted.push_back(Doc(absl::StrCat("w", w, "r", r, "d", i)));
  ASSERT_TRUE(store->Accept(accepted).ok());
  std::vector<std::vector<Completion>> answers(kWorkers);
  std::vector<std::thread> workers;
  for (int w = 0; w < kWorkers; ++w) {
    workers.emplace_back([&, w] {
      for (int r = 0; r < kRounds; ++r) {
        std::vector<v1::Document> batch;
        for (int i = 0; i < kPerBatch; ++i) {
          // Worker 0's documents each report two events; the others' one.
          v1::Document d = WithEvent(absl::StrCat("w", w, "r", r, "d", i),
                                     absl::StrCat("2025-0", 1 + w, "-1", i));
          if (w == 0) {
            *d.add_events() = d.events(0);
            d.mutable_events(1)->set_id("ev2");
            d.mutable_events(1)->set_type(v1::Event::ACCUSE);
          }
          batch.push_back(std::move(d));
        }
        // Worker 1 also sends one the store never accepted.
        if (w == 1) batch.push_back(WithEvent("ghost", "2025-02-10"));
        answers[w].push_back(store->CompleteEach(std::move(batch)));
      }
    });
  }
  for (auto& t : workers) t.join();
  for (int w = 0; w < kWorkers; ++w) {
    for (const Completion& c : answers[w]) {
      ASSERT_EQ(c.documents.size(), static_cast<size_t>(kPerBatch + (w == 1)));
      for (int i = 0; i < kPerBatch; ++i)
        EXPECT_TRUE(c.documents[i].ok()) << c.documents[i];
      if (w == 1) {
        EXPECT_FALSE(c.documents.back().ok());
        EXPECT_NE(c.documents.back().message().find("'ghost'"),
                  std::string::npos);
      }
      EXPECT_EQ(c.feed_records, kPerBatch * (w == 0 ? 2 : 1)) << "worker " << w;
    }
  }
  EXPECT_EQ(store->Counts()->done,
            static_cast<uint64_t>(kWorkers * kRounds * kPerBatch));
  EXPECT_EQ(store->Counts()->feed_records,
            static_cast<uint64_t>((kWorkers + 1) * kRounds * kPerBatch));
}

// Reading the store (an export walking every document, a subscriber
// reading the feed, the runner asking what is pending) does not hold up
// completions: reads have a connection of their own.
TEST_F(DocumentStoreTest, ALongReadDoesNotHoldUpACompletion) {
  auto store = Open();
  ASSERT_TRUE(store->Accept({Doc("a"), Doc("b")}).ok());
  ASSERT_TRUE(store->Complete(WithEvent("a", "2025-02-18")).ok());
  bool completed_meanwhile = false;
  // Outlives the walk: were the completion held up, it ends after it.
  std::future<absl::StatusOr<int>> done;
  ASSERT_TRUE(store
                  ->ForEachDocument(
                      {}, false,
                      [&](const v1::Document&) {
                        done = std::async(std::launch::async, [&] {
                          return store->Complete(WithEvent("b", "2025-02-19"));
                        });
                        completed_meanwhile =
                            done.wait_for(std::chrono::seconds(5)) ==
                            std::future_status::ready;
                        return true;
                      })
                  .ok());
  EXPECT_TRUE(completed_meanwhile);
  EXPECT_TRUE(done.get().ok());
  EXPECT_EQ(store->Counts()->done, 2u);
  EXPECT_EQ(store->Pending(10, {})->size(), 0u);
}

// A story reported hundreds of times: each feed record carries the latest
// mentions only, so the feed grows with the mentions, not their square, and
// a subscriber still meets every mention, in the record that added it.
TEST_F(DocumentStoreTest, AStoryReportedOftenKeepsItsFeedRecordsBounded) {
  auto store = Open();
  constexpr int kReports = 300;
  std::vector<v1::Document> docs;
  for (int i = 0; i < kReports; ++i) docs.push_back(Doc(absl::StrCat("d", i)));
  ASSERT_TRUE(store->Accept(docs).ok());
  for (int i = 0; i < kReports; ++i) {
    v1::Document d = WithEvent(absl::StrCat("d", i), "2025-02-18");
    d.mutable_events(0)->set_evidence_text(
        "The two foreign ministers met in Geneva on Tuesday for talks.");
    ASSERT_TRUE(store->Complete(d).ok());
  }
  std::vector<v1::FeedRecord> feed;
  for (uint64_t after = 0;;) {
    auto part = store->ReadFeed(after, 100);
    ASSERT_TRUE(part.ok());
    if (part->empty()) break;
    feed.insert(feed.end(), part->begin(), part->end());
    after = feed.back().sequence();
  }
  ASSERT_EQ(feed.size(), static_cast<size_t>(kReports));
  std::set<std::string> newest;
  for (const v1::FeedRecord& r : feed) {
    EXPECT_EQ(r.event().feed_event_id(), feed[0].event().feed_event_id());
    EXPECT_LE(r.event().mentions_size(), 32);
    ASSERT_GT(r.event().mentions_size(), 0);
    EXPECT_TRUE(
        newest.insert(r.event().mentions().rbegin()->document_id()).second);
  }
  EXPECT_EQ(newest.size(), static_cast<size_t>(kReports));
  const v1::FeedEvent& last = feed.back().event();
  EXPECT_EQ(last.revision(), static_cast<uint32_t>(kReports));
  EXPECT_EQ(last.mention_count(), static_cast<uint32_t>(kReports));
  EXPECT_EQ(last.source_count(), static_cast<uint32_t>(kReports));
  EXPECT_EQ(last.mentions_size(), 32);
  EXPECT_EQ(last.mentions(31).document_id(), absl::StrCat("d", kReports - 1));
  // The last record is no larger than the one that first held 32 mentions
  // (beyond a few bytes of longer ids).
  EXPECT_LE(feed.back().ByteSizeLong(), feed[31].ByteSizeLong() + 64);
}

TEST_F(DocumentStoreTest, AFailedDocumentWaitsItsBackOffOnTheStoresClock) {
  // A minute's back-off, tested without waiting for it.
  ManualClock clock;
  auto opened = SqliteStore::Open((dir_ / "db").string(), 1, clock);
  ASSERT_TRUE(opened.ok()) << opened.status();
  auto& store = *opened;
  ASSERT_TRUE(store->Accept({Doc("late"), Doc("fine")}).ok());
  ASSERT_EQ(*store->RecordAttempt("late", 60000), 1);
  const auto ids = [&] {
    std::set<std::string> out;
    auto pending = store->Pending(10, {});
    EXPECT_TRUE(pending.ok()) << pending.status();
    for (const auto& p : *pending) out.insert(p.document.id());
    return out;
  };
  EXPECT_EQ(ids(), std::set<std::string>{"fine"});
  clock.Advance(absl::Seconds(59));
  EXPECT_EQ(ids(), std::set<std::string>{"fine"});
  clock.Advance(absl::Seconds(2));
  EXPECT_EQ(ids(), (std::set<std::string>{"fine", "late"}));
  // The feed's times are the clock's too.
  ASSERT_TRUE(store->Complete(WithEvent("fine", "2025-03-01")).ok());
  auto feed = store->ReadFeed(0, 10);
  ASSERT_TRUE(feed.ok() && feed->size() == 1u);
  EXPECT_EQ((*feed)[0].event().first_seen_micros(),
            absl::ToUnixMicros(clock.Now()));
}

TEST_F(DocumentStoreTest, DeadLettersKeepStageErrorAndDocument) {
  auto store = Open();
  ASSERT_TRUE(store->Accept({Doc("bad")}).ok());
  EXPECT_EQ(*store->RecordAttempt("bad", 0), 1);
  // A retry while the stage is down delays the document but does not count.
  EXPECT_EQ(*store->RecordAttempt("bad", 0, /*counts=*/false), 1);
  EXPECT_EQ(*store->RecordAttempt("bad", 0), 2);
  ASSERT_TRUE(store
                  ->DeadLetter("bad", "clean",
                               "stage 'clean' failed on document 'bad': x",
                               Doc("bad"))
                  .ok());
  auto letters = store->DeadLetters(10, true);
  ASSERT_EQ(letters->size(), 1u);
  EXPECT_EQ((*letters)[0].stage(), "clean");
  EXPECT_EQ((*letters)[0].document().raw(), "raw bad");
  auto counts = store->Counts();
  EXPECT_EQ(counts->dead, 1u);
  EXPECT_EQ(counts->pending, 0u);
}

}  // namespace
}  // namespace eventwire::coordinator
