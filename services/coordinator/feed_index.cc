#include "feed_index.h"

#include <utility>

#include "spdlog/spdlog.h"

namespace eventwire::coordinator {

FeedIndex::FeedIndex(DocumentStore& store,
                     std::function<void(uint64_t, int)> wait_for_feed,
                     FeedIndexLimits limits)
    : store_(store),
      wait_for_feed_(std::move(wait_for_feed)),
      limits_(limits) {}

FeedIndex::~FeedIndex() { Stop(); }

absl::Status FeedIndex::Start() {
  if (absl::Status st = CatchUp(); !st.ok()) return st;
  follower_ = std::thread([this] { Follow(); });
  return absl::OkStatus();
}

void FeedIndex::Stop() {
  {
    absl::MutexLock lock(&stop_mu_);
    stopping_ = true;
  }
  if (follower_.joinable()) follower_.join();
}

const std::string& FeedIndex::IdOf(const v1::FeedRecord& record) {
  return record.has_quote() ? record.quote().feed_quote_id()
                            : record.event().feed_event_id();
}

absl::Status FeedIndex::CatchUp() {
  absl::MutexLock read_lock(&read_mu_);
  for (;;) {
    uint64_t cursor;
    {
      absl::MutexLock lock(&mu_);
      cursor = cursor_;
    }
    auto records = store_.ReadFeed(cursor, 1024);
    if (!records.ok()) return records.status();
    if (records->empty()) return absl::OkStatus();
    absl::MutexLock lock(&mu_);
    for (v1::FeedRecord& r : *records) Add(std::move(r));
  }
}

void FeedIndex::Add(v1::FeedRecord record) {
  if (record.sequence() <= cursor_) return;
  cursor_ = record.sequence();
  const std::string id = IdOf(record);
  std::deque<v1::FeedRecord>& revisions = revisions_[id];
  if (!revisions.empty()) by_sequence_.erase(revisions.back().sequence());
  by_sequence_[record.sequence()] = id;
  revisions.push_back(std::move(record));
  if (revisions.size() > limits_.max_revisions) revisions.pop_front();
  if (by_sequence_.size() > limits_.max_stories) {
    // The story changed longest ago leaves the index.
    auto oldest = by_sequence_.begin();
    revisions_.erase(oldest->second);
    by_sequence_.erase(oldest);
  }
}

void FeedIndex::Follow() {
  for (;;) {
    {
      absl::MutexLock lock(&stop_mu_);
      if (stopping_) return;
    }
    if (absl::Status st = CatchUp(); !st.ok()) {
      spdlog::warn("the feed index cannot read the feed: {}", st.ToString());
    }
    wait_for_feed_(last_sequence(), 500);
  }
}

uint64_t FeedIndex::last_sequence() const {
  absl::MutexLock lock(&mu_);
  return cursor_;
}

FeedIndex::Page FeedIndex::Latest(const FeedFilter& filter, size_t offset,
                                  size_t limit) const {
  Page page;
  absl::MutexLock lock(&mu_);
  page.last_sequence = cursor_;
  for (auto it = by_sequence_.rbegin(); it != by_sequence_.rend(); ++it) {
    const v1::FeedRecord& record = revisions_.at(it->second).back();
    if (!filter.Matches(record)) continue;
    if (page.total >= offset && page.records.size() < limit)
      page.records.push_back(record);
    ++page.total;
  }
  return page;
}

std::vector<v1::FeedRecord> FeedIndex::Revisions(const std::string& id) const {
  absl::MutexLock lock(&mu_);
  auto it = revisions_.find(id);
  if (it == revisions_.end()) return {};
  return {it->second.begin(), it->second.end()};
}

std::vector<FeedIndex::DayCount> FeedIndex::Timeline(
    const FeedFilter& filter) const {
  std::map<std::pair<std::string, int>, size_t> counts;
  {
    absl::MutexLock lock(&mu_);
    for (const auto& [sequence, id] : by_sequence_) {
      const v1::FeedRecord& record = revisions_.at(id).back();
      if (record.has_quote() || !filter.Matches(record)) continue;
      const std::string& date = record.event().date();
      if (date.size() != 10) continue;  // a day, not a month or a year
      ++counts[{date, record.event().type()}];
    }
  }
  std::vector<DayCount> out;
  for (const auto& [key, n] : counts) {
    out.push_back({key.first, static_cast<v1::Event::Type>(key.second), n});
  }
  return out;
}

}  // namespace eventwire::coordinator
