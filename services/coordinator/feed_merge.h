// When two event mentions are one real-world event: same type, shared
// parties, compatible dates and places.
#ifndef EVENTWIRE_SERVICES_COORDINATOR_FEED_MERGE_H_
#define EVENTWIRE_SERVICES_COORDINATOR_FEED_MERGE_H_

#include <string>

#include "eventwire/v1/coordinator.pb.h"
#include "eventwire/v1/document.pb.h"

namespace eventwire::coordinator {

// A score > 0 when `event` reports the same real-world event as `feed`
// (higher is a better match); 0 when it does not.
int MatchScore(const v1::Event& event, const v1::FeedEvent& feed,
               int merge_window_days);

// Starts a feed event from its first mention.
v1::FeedEvent NewFeedEvent(const std::string& feed_event_id,
                           const v1::Event& event, const v1::Document& doc,
                           int64_t now_micros);
// Adds a mention from another document (or the same one) and bumps the
// revision.
void AddMention(v1::FeedEvent& feed, const v1::Event& event,
                const v1::Document& doc, int64_t now_micros);

}  // namespace eventwire::coordinator

#endif  // EVENTWIRE_SERVICES_COORDINATOR_FEED_MERGE_H_
