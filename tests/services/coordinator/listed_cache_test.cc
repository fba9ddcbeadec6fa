#include "listed_cache.h"

#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"

namespace eventwire::coordinator {
namespace {

SharedListing Stories(const std::string& prefix, int n) {
  ListedStories out;
  for (int i = 0; i < n; ++i) {
    v1::FeedEvent summary;
    summary.set_feed_event_id(absl::StrCat(prefix, i));
    out.push_back(std::make_shared<const ListedStory>(std::move(summary)));
  }
  return std::make_shared<const Listing>(std::move(out));
}

TEST(ListedCache, KeepsTheKeysReadLatestWithinItsBound) {
  ListedCache cache(/*capacity=*/10);
  cache.Put("k.a", Stories("a", 4));
  cache.Put("k.b", Stories("b", 4));
  ASSERT_TRUE(cache.Find("k.a"));     // now read after k.b
  cache.Put("k.c", Stories("c", 4));  // 12 > 10: k.b goes
  EXPECT_FALSE(cache.Find("k.b"));
  ASSERT_TRUE(cache.Find("k.a"));
  EXPECT_EQ(cache.Find("k.a")->size(), 4u);
  EXPECT_EQ(cache.Find("k.c")->stories()[3]->summary.feed_event_id(), "c3");
  EXPECT_EQ(cache.listings(), 8u);
}

TEST(ListedCache, APutReplacesAndAnOversizedListIsNotKept) {
  ListedCache cache(/*capacity=*/10);
  cache.Put("k.a", Stories("a", 4));
  cache.Put("k.a", Stories("x", 2));
  EXPECT_EQ(cache.listings(), 2u);
  EXPECT_EQ(cache.Find("k.a")->stories()[0]->summary.feed_event_id(), "x0");
  cache.Put("k.a", Stories("y", 11));
  EXPECT_FALSE(cache.Find("k.a"));
  EXPECT_EQ(cache.listings(), 0u);
  cache.Put("k.b", Stories("b", 1));
  cache.Clear();
  EXPECT_FALSE(cache.Find("k.b"));
  EXPECT_EQ(cache.keys(), 0u);
}

TEST(ListedCache, KeepsEachListingsRevisionAndForgetsAKeyOnRequest) {
  ListedCache cache(/*capacity=*/10);
  cache.Put("k.a", Stories("a", 2), /*revision=*/7);
  cache.Put("k.b", Stories("b", 2));
  uint64_t revision = 0;
  ASSERT_TRUE(cache.Find("k.a", &revision));
  EXPECT_EQ(revision, 7u);
  ASSERT_TRUE(cache.Find("k.b", &revision));
  EXPECT_EQ(revision, 0u);
  cache.Erase("k.a");
  EXPECT_FALSE(cache.Find("k.a"));
  EXPECT_EQ(cache.listings(), 2u);
  cache.Erase("k.absent");  // nothing to forget
  EXPECT_EQ(cache.keys(), 1u);
}

TEST(ListedStories, EncodeAndDecodeKeepOrderAndSummaries) {
  const SharedListing stories = Stories("s", 3);
  const ListedStories decoded = DecodeListed(EncodeListed(stories->stories()));
  ASSERT_EQ(decoded.size(), 3u);
  for (size_t i = 0; i < 3; ++i)
    EXPECT_EQ(decoded[i]->encoded, stories->stories()[i]->encoded);
  EXPECT_TRUE(DecodeListed("").empty());
}

}  // namespace
}  // namespace eventwire::coordinator
