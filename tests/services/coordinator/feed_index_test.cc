// The feed index the page reads: the newest revision of each story, most
// recently changed first, filtered and paged; the revisions of one story;
// events per day; and its memory bounds (stories and revisions kept).
#include "feed_index.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "sqlite_store.h"

namespace eventwire::coordinator {
namespace {
namespace fs = std::filesystem;

// A report of CONSULT between `source` and RUS on `date`: reports with the
// same source and date are one story.
v1::Document Report(const std::string& id, const std::string& source,
                    const std::string& date) {
  v1::Document d;
  d.set_id(id);
  d.set_raw("raw " + id);
  v1::Event* e = d.add_events();
  e->set_id("ev1");
  e->set_type(v1::Event::CONSULT);
  e->set_date(date);
  for (auto [actor, country] :
       {std::pair{e->add_source(), source},
        std::pair{e->add_target(), std::string("RUS")}}) {
    actor->set_canonical_key("gpe:" + country);
    actor->set_country(country);
    actor->set_name(country);
    actor->set_type(v1::Entity::GPE);
  }
  return d;
}

class FeedIndexTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) /
           ("ew-feed-index-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    auto store = SqliteStore::Open((dir_ / "db").string(), 2);
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }

  void Complete(const std::vector<v1::Document>& docs) {
    ASSERT_TRUE(store_->Accept(docs).ok());
    size_t claimed = 0;
    for (int i = 0; i < 100 && claimed < docs.size(); ++i) {
      auto got = store_->Pending(static_cast<int>(docs.size()), {});
      ASSERT_TRUE(got.ok());
      claimed += got->size();
    }
    ASSERT_TRUE(store_->CompleteAll(docs).ok());
  }

  static std::vector<std::string> Sources(const FeedIndex::Page& page) {
    std::vector<std::string> out;
    for (const auto& r : page.records)
      out.push_back(r.event().source(0).country());
    return out;
  }

  fs::path dir_;
  std::unique_ptr<DocumentStore> store_;
};

FeedFilter All() { return *FeedFilter::Create({}); }

TEST_F(FeedIndexTest, ListsTheNewestRevisionOfEachStoryMostRecentFirst) {
  ASSERT_NO_FATAL_FAILURE(Complete({Report("a", "USA", "2025-03-01"),
                                    Report("b", "FRA", "2025-03-01"),
                                    Report("c", "CHN", "2025-03-02")}));
  FeedIndex index(*store_, [](uint64_t, int) {});
  ASSERT_TRUE(index.CatchUp().ok());
  EXPECT_EQ(Sources(index.Latest(All(), 0, 10)),
            (std::vector<std::string>{"CHN", "FRA", "USA"}));
  // A second report of the USA story: its second revision comes first.
  ASSERT_NO_FATAL_FAILURE(Complete({Report("d", "USA", "2025-03-01")}));
  ASSERT_TRUE(index.CatchUp().ok());
  FeedIndex::Page page = index.Latest(All(), 0, 10);
  EXPECT_EQ(page.total, 3u);
  EXPECT_EQ(page.last_sequence, 4u);
  EXPECT_EQ(Sources(page), (std::vector<std::string>{"USA", "CHN", "FRA"}));
  EXPECT_EQ(page.records[0].event().revision(), 2u);
  EXPECT_EQ(page.records[0].event().mention_count(), 2u);
  const auto revisions =
      index.Revisions(page.records[0].event().feed_event_id());
  ASSERT_EQ(revisions.size(), 2u);
  EXPECT_EQ(revisions[0].event().revision(), 1u);
  EXPECT_TRUE(index.Revisions("fe-unknown").empty());
  // Paged and filtered.
  EXPECT_EQ(Sources(index.Latest(All(), 1, 1)),
            std::vector<std::string>{"CHN"});
  auto chinese = FeedFilter::Create({.countries = "CHN"});
  EXPECT_EQ(index.Latest(*chinese, 0, 10).total, 1u);
  // Events per day and type.
  const auto days = index.Timeline(All());
  ASSERT_EQ(days.size(), 2u);
  EXPECT_EQ(days[0].day, "2025-03-01");
  EXPECT_EQ(days[0].count, 2u);
  EXPECT_EQ(days[1].count, 1u);
}

TEST_F(FeedIndexTest, KeepsTheStoriesChangedLastAndTheirNewestRevisions) {
  ASSERT_NO_FATAL_FAILURE(Complete(
      {Report("a1", "USA", "2025-03-01"), Report("a2", "USA", "2025-03-01"),
       Report("a3", "USA", "2025-03-01"), Report("b", "FRA", "2025-03-01"),
       Report("c", "CHN", "2025-03-01")}));
  FeedIndex index(*store_, [](uint64_t, int) {},
                  {.max_stories = 2, .max_revisions = 2});
  ASSERT_TRUE(index.CatchUp().ok());
  FeedIndex::Page page = index.Latest(All(), 0, 10);
  EXPECT_EQ(Sources(page), (std::vector<std::string>{"CHN", "FRA"}));
  ASSERT_NO_FATAL_FAILURE(Complete({Report("a4", "USA", "2025-03-01")}));
  ASSERT_TRUE(index.CatchUp().ok());
  page = index.Latest(All(), 0, 10);
  EXPECT_EQ(Sources(page), (std::vector<std::string>{"USA", "CHN"}));
  const auto revisions =
      index.Revisions(page.records[0].event().feed_event_id());
  // Revision 4 arrived after the story had left; it came back with it alone.
  ASSERT_EQ(revisions.size(), 1u);
  EXPECT_EQ(revisions[0].event().revision(), 4u);
}

TEST_F(FeedIndexTest, FollowsTheFeedOnItsOwn) {
  FeedIndex index(*store_, [](uint64_t, int timeout_ms) {
    std::this_thread::sleep_for(std::chrono::milliseconds(timeout_ms / 10));
  });
  ASSERT_TRUE(index.Start().ok());
  ASSERT_NO_FATAL_FAILURE(Complete({Report("a", "USA", "2025-03-01")}));
  for (int i = 0; i < 200 && index.last_sequence() == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_EQ(index.last_sequence(), 1u);
  index.Stop();
}

}  // namespace
}  // namespace eventwire::coordinator
