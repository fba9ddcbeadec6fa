// When two event mentions are one real-world event: same type, shared
// parties, compatible dates and places.
#ifndef EVENTWIRE_SERVICES_COORDINATOR_FEED_MERGE_H_
#define EVENTWIRE_SERVICES_COORDINATOR_FEED_MERGE_H_

#include <string>

#include "eventwire/v1/coordinator.pb.h"
#include "eventwire/v1/document.pb.h"

namespace eventwire::coordinator {

// A score > 0 when `event`, reported on the day `reported_date` (ISO, empty
// when unknown), reports the same real-world event as `feed` (higher is a
// better match); 0 when it does not.
int MatchScore(const v1::Event& event, const std::string& reported_date,
               const v1::FeedEvent& feed, int merge_window_days);

// The day a document was published, as an ISO date; empty when its metadata
// does not give one.
std::string ReportedDate(const v1::Document& doc);

// Starts a feed event from its first mention.
v1::FeedEvent NewFeedEvent(const std::string& feed_event_id,
                           const v1::Event& event, const v1::Document& doc,
                           int64_t now_micros);
// Adds a mention from another document (or the same one) and bumps the
// revision. The stored feed event keeps the latest kStoredMentions mentions
// (enough to know a document met again, and to count sources); a story
// reported thousands of times stays a bounded record.
void AddMention(v1::FeedEvent& feed, const v1::Event& event,
                const v1::Document& doc, int64_t now_micros);
inline constexpr int kStoredMentions = 256;

// Drops all but the latest `keep` mentions (newest last): feed events and
// feed quotes are bounded alike.
void KeepLatestMentions(
    google::protobuf::RepeatedPtrField<v1::FeedMention>* mentions, int keep);

// The feed record of a revision: the feed event with its latest
// kFeedRecordMentions mentions, newest last. Each mention is in the record of
// the revision that added it, and mention_count counts them all, so a
// subscriber sees every mention while the feed grows linearly with them
// (whole mention lists would make it grow with their square).
v1::FeedRecord FeedRecordOf(const v1::FeedEvent& feed);
inline constexpr int kFeedRecordMentions = 32;

}  // namespace eventwire::coordinator

#endif  // EVENTWIRE_SERVICES_COORDINATOR_FEED_MERGE_H_
