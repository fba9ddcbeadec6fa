// What only the JetStream store does (coordinators sharing the work, claims,
// the server going away); what every backend promises is in
// store_contract_test.cc.
#include "jetstream_store.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <set>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "testing/nats_server.h"

namespace eventwire::coordinator {
namespace {
namespace fs = std::filesystem;
using ::eventwire::testing::NatsServer;

class JetStreamStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (NatsServer::Binary().empty()) GTEST_SKIP() << "nats-server is absent";
    dir_ = fs::path(::testing::TempDir()) /
           ("ew-js-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    server_ = std::make_unique<NatsServer>(dir_.string());
    ASSERT_FALSE(server_->url().empty()) << "nats-server did not start";
  }
  void TearDown() override {
    server_.reset();
    fs::remove_all(dir_);
  }
  std::unique_ptr<JetStreamStore> Open(int claim_ms = 30000) {
    JetStreamSettings c;
    c.servers = {server_->url()};
    c.prefix = "TEST";
    c.claim_ms = claim_ms;
    auto s = JetStreamStore::Open(c, 5000);
    EXPECT_TRUE(s.ok()) << s.status();
    return s.ok() ? std::move(*s) : nullptr;
  }
  // A document with `events` events of different types (no two of them one
  // story); the events of `actor` in documents with the same `date` are.
  static v1::Document Doc(const std::string& id, int events = 0,
                          const std::string& actor = "",
                          const std::string& date = "2025-03-01") {
    static const v1::Event::Type kTypes[] = {v1::Event::CONSULT,
                                             v1::Event::ACCUSE, v1::Event::AID,
                                             v1::Event::PROTEST};
    v1::Document d;
    d.set_id(id);
    d.set_raw("raw " + id);
    for (int i = 0; i < events; ++i) {
      v1::Event* e = d.add_events();
      e->set_id("ev" + std::to_string(i));
      e->set_type(kTypes[i % 4]);
      e->set_date(date);
      v1::Actor* a = e->add_source();
      a->set_canonical_key(actor.empty() ? "gpe:" + id : actor);
      a->set_type(v1::Entity::GPE);
    }
    return d;
  }
  // Claims from `store` until `n` documents or `timeout_ms`.
  static std::vector<PendingDocument> Claim(DocumentStore& store, size_t n,
                                            int timeout_ms = 5000) {
    std::vector<PendingDocument> out;
    const auto deadline = std::chrono::steady_clock::now() +
                          std::chrono::milliseconds(timeout_ms);
    while (out.size() < n && std::chrono::steady_clock::now() < deadline) {
      auto got = store.Pending(static_cast<int>(n - out.size()), {});
      EXPECT_TRUE(got.ok()) << got.status();
      if (got.ok()) {
        for (auto& p : *got) out.push_back(std::move(p));
      }
      if (out.size() < n)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return out;
  }
  static uint64_t FeedSize(DocumentStore& store) {
    auto c = store.Counts();
    EXPECT_TRUE(c.ok()) << c.status();
    return c.ok() ? c->feed_records : 0;
  }

  fs::path dir_;
  std::unique_ptr<NatsServer> server_;
};

TEST_F(JetStreamStoreTest, CoordinatorsShareTheIntakeAsAWorkQueue) {
  auto a = Open(), b = Open();
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  std::vector<v1::Document> docs;
  for (int i = 0; i < 20; ++i) docs.push_back(Doc("d" + std::to_string(i), 1));
  ASSERT_TRUE(a->Accept(docs).ok());
  std::set<std::string> seen;
  std::vector<v1::Document> done_a, done_b;
  for (int round = 0; round < 100 && seen.size() < 20; ++round) {
    for (auto [store, done] :
         {std::pair{a.get(), &done_a}, std::pair{b.get(), &done_b}}) {
      auto got = store->Pending(3, {});
      ASSERT_TRUE(got.ok()) << got.status();
      for (auto& p : *got) {
        EXPECT_TRUE(seen.insert(p.document.id()).second)
            << p.document.id() << " claimed twice";
        done->push_back(p.document);
      }
    }
  }
  EXPECT_EQ(seen.size(), 20u);
  EXPECT_FALSE(done_a.empty());
  EXPECT_FALSE(done_b.empty());
  EXPECT_EQ(*a->CompleteAll(done_a), static_cast<int>(done_a.size()));
  EXPECT_EQ(*b->CompleteAll(done_b), static_cast<int>(done_b.size()));
  auto c = a->Counts();
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->done, 20u);
  EXPECT_EQ(c->pending, 0u);
  EXPECT_EQ(c->feed_records, 20u);
  EXPECT_TRUE(Claim(*b, 1, 300).empty());
}

TEST_F(JetStreamStoreTest, AnEventEntersTheFeedOnceWhenADocumentIsDoneTwice) {
  auto a = Open(), b = Open();
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  ASSERT_TRUE(a->Accept({Doc("x", 2)}).ok());
  auto claimed = Claim(*a, 1);
  ASSERT_EQ(claimed.size(), 1u);
  // Another coordinator finished it too (it took it over while this one
  // seemed gone): the second completion adds nothing.
  EXPECT_EQ(*b->CompleteAll({claimed[0].document}), 2);
  EXPECT_EQ(*a->CompleteAll({claimed[0].document}), 0);
  EXPECT_EQ(FeedSize(*a), 2u);
  int documents = 0;
  ASSERT_TRUE(a->ForEachDocument({}, false, [&](const v1::Document& d) {
                 ++documents;
                 EXPECT_EQ(d.id(), "x");
                 EXPECT_FALSE(d.events(0).feed_event_id().empty());
                 EXPECT_TRUE(d.raw().empty());
                 return true;
               }).ok());
  EXPECT_EQ(documents, 1);
  auto feed = a->ReadFeed(0, 10);
  ASSERT_TRUE(feed.ok());
  ASSERT_EQ(feed->size(), 2u);
  EXPECT_EQ((*feed)[0].sequence(), 1u);
  EXPECT_EQ((*feed)[1].sequence(), 2u);
  EXPECT_NE((*feed)[0].event().feed_event_id(),
            (*feed)[1].event().feed_event_id());
  EXPECT_EQ(a->ReadFeed(1, 10)->size(), 1u);
}

TEST_F(JetStreamStoreTest,
       ReportsOfOneEventMergeIntoOneStoryAcrossCoordinators) {
  auto a = Open(), b = Open();
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  // Two outlets report the same consultation; a third, a month later, is
  // another one.
  ASSERT_TRUE(a->Accept({Doc("s1", 1, "gpe:KEN"), Doc("s2", 1, "gpe:KEN"),
                         Doc("s3", 1, "gpe:KEN", "2025-04-10")})
                  .ok());
  auto claimed = Claim(*a, 3);
  ASSERT_EQ(claimed.size(), 3u);
  EXPECT_EQ(*a->CompleteAll({claimed[0].document}), 1);
  EXPECT_EQ(*b->CompleteAll({claimed[1].document}), 1);
  EXPECT_EQ(*b->CompleteAll({claimed[2].document}), 1);
  // Processed again (its coordinator died before acknowledging): nothing new.
  EXPECT_EQ(*a->CompleteAll({claimed[1].document}), 0);
  auto feed = a->ReadFeed(0, 10);
  ASSERT_TRUE(feed.ok());
  ASSERT_EQ(feed->size(), 3u);
  const v1::FeedEvent& first = (*feed)[0].event();
  const v1::FeedEvent& merged = (*feed)[1].event();
  EXPECT_EQ(merged.feed_event_id(), first.feed_event_id());
  EXPECT_EQ(first.revision(), 1u);
  EXPECT_EQ(merged.revision(), 2u);
  EXPECT_EQ(merged.mention_count(), 2u);
  EXPECT_EQ(merged.source_count(), 2u);
  EXPECT_NE((*feed)[2].event().feed_event_id(), first.feed_event_id());
  int documents = 0;
  ASSERT_TRUE(a->ForEachDocument({"s2"}, false, [&](const v1::Document& d) {
                 ++documents;
                 EXPECT_EQ(d.events(0).feed_event_id(), first.feed_event_id());
                 return true;
               }).ok());
  EXPECT_EQ(documents, 1);
}

TEST_F(JetStreamStoreTest, ConcurrentCoordinatorsLoseNoMention) {
  auto a = Open(), b = Open();
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  std::vector<v1::Document> docs;
  for (int i = 0; i < 21; ++i)
    docs.push_back(Doc("m" + std::to_string(i), 1, "gpe:PER"));
  ASSERT_TRUE(a->Accept(docs).ok());
  ASSERT_EQ(Claim(*a, 21).size(), 21u);
  ASSERT_EQ(*a->CompleteAll({docs[0]}), 1);  // the story exists
  // Both coordinators add mentions to it at once, one document at a time.
  auto add = [&](JetStreamStore* store, int first) {
    for (int i = first; i < 21; i += 2)
      EXPECT_TRUE(store->CompleteAll({docs[i]}).ok());
  };
  std::thread ta(add, a.get(), 1), tb(add, b.get(), 2);
  ta.join();
  tb.join();
  auto feed = a->ReadFeed(0, 100);
  ASSERT_TRUE(feed.ok());
  ASSERT_EQ(feed->size(), 21u);
  std::set<uint32_t> revisions;
  for (const auto& r : *feed) {
    EXPECT_EQ(r.event().feed_event_id(), (*feed)[0].event().feed_event_id());
    revisions.insert(r.event().revision());
  }
  EXPECT_EQ(revisions.size(), 21u);
  EXPECT_EQ(*revisions.rbegin(), 21u);
  // Revisions may reach the feed out of order (two writers); the last one
  // holds every mention.
  v1::FeedEvent last;
  for (const auto& r : *feed) {
    if (r.event().revision() > last.revision()) last = r.event();
  }
  std::set<std::string> mentioned;
  for (const auto& m : last.mentions()) mentioned.insert(m.document_id());
  EXPECT_EQ(last.mention_count(), 21u);
  EXPECT_EQ(mentioned.size(), 21u);
}

// Two coordinators meet the first two reports of one event at the same
// moment, round after round: each round's event is still one story, with
// both mentions.
TEST_F(JetStreamStoreTest, TwoFirstReportsAtOnceMakeOneStory) {
  auto a = Open(), b = Open();
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  constexpr int kRounds = 30;
  std::vector<std::pair<v1::Document, v1::Document>> rounds;
  std::vector<v1::Document> all;
  for (int r = 0; r < kRounds; ++r) {
    // Dates a week apart: each round a different event.
    const std::string date =
        absl::StrFormat("2025-%02d-%02d", 1 + r / 4, 1 + 7 * (r % 4));
    rounds.emplace_back(Doc(absl::StrCat("r", r, "-a"), 1, "gpe:PER", date),
                        Doc(absl::StrCat("r", r, "-b"), 1, "gpe:PER", date));
    all.push_back(rounds.back().first);
    all.push_back(rounds.back().second);
  }
  ASSERT_TRUE(a->Accept(all).ok());
  ASSERT_EQ(Claim(*a, all.size()).size(), all.size());
  for (const auto& [first, second] : rounds) {
    std::thread ta([&, doc = first] { EXPECT_TRUE(a->Complete(doc).ok()); });
    std::thread tb([&, doc = second] { EXPECT_TRUE(b->Complete(doc).ok()); });
    ta.join();
    tb.join();
  }
  auto feed = a->ReadFeed(0, 1000);
  ASSERT_TRUE(feed.ok());
  std::map<std::string, std::set<std::string>> stories_on;  // date -> ids
  std::map<std::string, uint32_t> mentions_of;              // id -> count
  for (const auto& r : *feed) {
    stories_on[r.event().date()].insert(r.event().feed_event_id());
    uint32_t& n = mentions_of[r.event().feed_event_id()];
    n = std::max(n, r.event().mention_count());
  }
  ASSERT_EQ(stories_on.size(), static_cast<size_t>(kRounds));
  for (const auto& [date, ids] : stories_on) {
    EXPECT_EQ(ids.size(), 1u) << date << ": " << absl::StrJoin(ids, ", ");
    for (const auto& id : ids) EXPECT_EQ(mentions_of[id], 2u) << date;
  }
}

// A coordinator keeps what keys list; another coordinator's later story
// under the same key is not in what it kept, yet its report of that event
// still joins that story rather than starting a second one.
TEST_F(JetStreamStoreTest, AListingKeptFromBeforeAnotherWroteMakesNoTwin) {
  auto a = Open(), b = Open();
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  const std::vector<v1::Document> docs = {
      Doc("first", 1, "gpe:PER", "2025-03-01"),
      Doc("other-day", 1, "gpe:PER", "2025-05-01"),
      Doc("other-day-again", 1, "gpe:PER", "2025-05-01")};
  ASSERT_TRUE(a->Accept(docs).ok());
  ASSERT_EQ(Claim(*a, docs.size()).size(), docs.size());
  ASSERT_EQ(*a->CompleteAll({docs[0]}), 1);  // a reads and keeps the key
  ASSERT_EQ(*b->CompleteAll({docs[1]}), 1);  // b lists a new story there
  ASSERT_EQ(*a->CompleteAll({docs[2]}), 1);  // a's copy lacks it
  auto feed = a->ReadFeed(0, 100);
  ASSERT_TRUE(feed.ok());
  std::set<std::string> stories_in_may;
  uint32_t mentions = 0;
  for (const auto& r : *feed) {
    if (r.event().date() != "2025-05-01") continue;
    stories_in_may.insert(r.event().feed_event_id());
    mentions = std::max(mentions, r.event().mention_count());
  }
  EXPECT_EQ(stories_in_may.size(), 1u);
  EXPECT_EQ(mentions, 2u);
}

TEST_F(JetStreamStoreTest, AFinishedDocumentComingBackIsNotProcessedAgain) {
  auto a = Open(), b = Open();
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  ASSERT_TRUE(a->Accept({Doc("y", 1)}).ok());
  auto claimed = Claim(*a, 1);
  ASSERT_EQ(claimed.size(), 1u);
  ASSERT_EQ(*b->CompleteAll({claimed[0].document}), 1);
  // `a` gives it back (a retry); whoever gets it next finds it done.
  ASSERT_TRUE(a->RecordAttempt("y", 0).ok());
  EXPECT_TRUE(Claim(*b, 1, 1000).empty());
  EXPECT_TRUE(Claim(*a, 1, 300).empty());
  auto c = a->Counts();
  EXPECT_EQ(c->pending, 0u);
  EXPECT_EQ(c->done, 1u);
  EXPECT_EQ(c->feed_records, 1u);
}

TEST_F(JetStreamStoreTest, RetriesThenDeadLetters) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store->Accept({Doc("z")}).ok());
  ASSERT_EQ(Claim(*store, 1).size(), 1u);
  EXPECT_EQ(*store->RecordAttempt("z", 100), 1);
  // The stage was down: delays the document without counting.
  auto again = Claim(*store, 1);
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].attempts, 1);
  EXPECT_EQ(*store->RecordAttempt("z", 50, /*counts=*/false), 1);
  again = Claim(*store, 1);
  ASSERT_EQ(again.size(), 1u);
  ASSERT_TRUE(store
                  ->DeadLetter("z", "tag", "stage 'tag' failed on document 'z'",
                               Doc("z"))
                  .ok());
  auto letters = store->DeadLetters(10, true);
  ASSERT_TRUE(letters.ok());
  ASSERT_EQ(letters->size(), 1u);
  EXPECT_EQ((*letters)[0].document_id(), "z");
  EXPECT_EQ((*letters)[0].stage(), "tag");
  EXPECT_EQ((*letters)[0].document().raw(), "raw z");
  EXPECT_TRUE(store->DeadLetters(10, false)->at(0).document().raw().empty());
  EXPECT_TRUE(Claim(*store, 1, 300).empty());
  auto c = store->Counts();
  EXPECT_EQ(c->dead, 1u);
  EXPECT_EQ(c->pending, 0u);
}

TEST_F(JetStreamStoreTest, AStoppingCoordinatorHandsItsDocumentsOver) {
  auto b = Open();
  ASSERT_NE(b, nullptr);
  {
    auto a = Open();
    ASSERT_NE(a, nullptr);
    ASSERT_TRUE(a->Accept({Doc("p"), Doc("q")}).ok());
    ASSERT_EQ(Claim(*a, 2).size(), 2u);
  }
  // Well before the 30 s claim would lapse.
  EXPECT_EQ(Claim(*b, 2, 3000).size(), 2u);
}

TEST_F(JetStreamStoreTest, AClaimIsRenewedWhileItsHolderLives) {
  auto a = Open(/*claim_ms=*/600), b = Open(600);
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  ASSERT_TRUE(a->Accept({Doc("r")}).ok());
  ASSERT_EQ(Claim(*a, 1).size(), 1u);
  // `a` is alive and renews its claim: `b` gets nothing meanwhile.
  EXPECT_TRUE(Claim(*b, 1, 1500).empty());
  EXPECT_EQ(a->Counts()->pending, 1u);
}

TEST_F(JetStreamStoreTest, IsUnreachableWhileTheServerIsDown) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  EXPECT_TRUE(store->Reachable());
  server_->process().Stop();
  bool unreachable = false;
  for (int i = 0; i < 100 && !unreachable; ++i) {
    unreachable = !store->Reachable();
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_TRUE(unreachable);
  // Refused at once, each by name: not acknowledged, so the client keeps it.
  auto r = store->Accept({Doc("while-down"), Doc("also-down")});
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->size(), 2u);
  for (const auto& result : *r) {
    EXPECT_FALSE(result.accepted());
    EXPECT_NE(result.error().find("document '" + result.document_id() +
                                  "' not stored"),
              std::string::npos)
        << result.error();
  }
}

TEST_F(JetStreamStoreTest, SaysWhenNoServerAnswers) {
  JetStreamSettings c;
  c.servers = {"nats://127.0.0.1:" +
               std::to_string(::eventwire::testing::UnusedPort())};
  auto s = JetStreamStore::Open(c, 300);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("cannot reach a NATS server"),
            std::string::npos)
      << s.status();
}

}  // namespace
}  // namespace eventwire::coordinator
