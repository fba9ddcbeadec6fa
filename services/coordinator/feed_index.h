// The feed as a reader browses it: the newest revision of every feed event
// and feed quote, with its earlier revisions, kept in memory and followed
// from the store. The HTTP interface answers list, filter, story and
// timeline requests from here, so that a page over tens of thousands of
// events does not read the whole store for every keystroke.
#ifndef EVENTWIRE_SERVICES_COORDINATOR_FEED_INDEX_H_
#define EVENTWIRE_SERVICES_COORDINATOR_FEED_INDEX_H_

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "document_store.h"
#include "eventwire/feed_filter.h"
#include "eventwire/v1/coordinator.pb.h"

namespace eventwire::coordinator {

// Memory is bounded: the index keeps the `max_stories` feed events and
// quotes changed most recently (older ones leave the lists; the store and
// Subscribe still have them) and the newest `max_revisions` revisions of
// each.
struct FeedIndexLimits {
  size_t max_stories = 200000;
  size_t max_revisions = 32;
};

class FeedIndex {
 public:
  // `wait_for_feed(sequence, timeout_ms)` returns when the feed may have
  // grown past `sequence` (the runner's signal), or after the timeout.
  FeedIndex(DocumentStore& store,
            std::function<void(uint64_t, int)> wait_for_feed,
            FeedIndexLimits limits = {});
  ~FeedIndex();

  // Reads the feed so far, then follows it on a thread of its own.
  absl::Status Start();
  void Stop();

  // Reads what the store holds past the last record seen. Start and the
  // follower call it; a caller that must see a record it knows was written
  // calls it too.
  absl::Status CatchUp();

  struct Page {
    size_t total = 0;            // records that match
    uint64_t last_sequence = 0;  // of the feed as the index has it
    std::vector<v1::FeedRecord> records;
  };
  // The newest revision of each feed event and quote that `filter`
  // matches, the most recently changed first, `limit` of them after
  // skipping `offset`.
  Page Latest(const FeedFilter& filter, size_t offset, size_t limit) const;

  // The revisions of one feed event or quote the index keeps (the newest
  // max_revisions), oldest first; empty when the id is unknown.
  std::vector<v1::FeedRecord> Revisions(const std::string& id) const;

  // Matching feed events per day and type, by event date ("2025-03-01");
  // events dated to a month or year, or not at all, are not counted.
  struct DayCount {
    std::string day;
    v1::Event::Type type;
    size_t count;
  };
  std::vector<DayCount> Timeline(const FeedFilter& filter) const;

  uint64_t last_sequence() const;

 private:
  static const std::string& IdOf(const v1::FeedRecord& record);
  void Add(v1::FeedRecord record) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void Follow();

  DocumentStore& store_;
  const std::function<void(uint64_t, int)> wait_for_feed_;
  const FeedIndexLimits limits_;
  absl::Mutex read_mu_;  // one reader of the store at a time
  mutable absl::Mutex mu_;
  uint64_t cursor_ ABSL_GUARDED_BY(mu_) = 0;
  // The kept revisions of each id, oldest first.
  std::map<std::string, std::deque<v1::FeedRecord>> revisions_
      ABSL_GUARDED_BY(mu_);
  // Newest sequence of each id -> the id: the list order.
  std::map<uint64_t, std::string> by_sequence_ ABSL_GUARDED_BY(mu_);
  absl::Mutex stop_mu_;
  bool stopping_ ABSL_GUARDED_BY(stop_mu_) = false;
  std::thread follower_;
};

}  // namespace eventwire::coordinator

#endif  // EVENTWIRE_SERVICES_COORDINATOR_FEED_INDEX_H_
