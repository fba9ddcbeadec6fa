#include "feed_merge.h"

#include <algorithm>
#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "eventwire/dates.h"
#include "eventwire/event_match.h"

namespace eventwire::coordinator {

using ::eventwire::MatchProfile;

int MatchScore(const v1::Event& event, const std::string& reported_date,
               const v1::FeedEvent& feed, int merge_window_days) {
  return ::eventwire::MatchScore(MatchProfile(event, reported_date),
                                 MatchProfile(feed, feed.reported_date()),
                                 merge_window_days, /*same_document=*/false);
}

std::string ReportedDate(const v1::Document& doc) {
  // "2019-11-19" or "2019-11-19T08:30:00Z": the day.
  const std::string& published = doc.metadata().published_at();
  const std::string day = published.substr(0, 10);
  const auto parsed = ParseIsoDate(day);
  if (!parsed || parsed->day == 0) return "";
  return day;
}

v1::FeedEvent NewFeedEvent(const std::string& feed_event_id,
                           const v1::Event& event, const v1::Document& doc,
                           int64_t now_micros) {
  v1::FeedEvent feed;
  feed.set_feed_event_id(feed_event_id);
  feed.set_revision(0);
  feed.set_type(event.type());
  feed.set_mode(event.mode());
  feed.set_modality(event.modality());
  *feed.mutable_source() = event.source();
  *feed.mutable_target() = event.target();
  feed.set_target_inferred(event.target_inferred());
  if (event.has_location()) *feed.mutable_location() = event.location();
  feed.set_date(event.date());
  feed.set_date_inferred(event.date_inferred());
  feed.set_background(event.background());
  feed.set_first_seen_micros(now_micros);
  feed.set_reported_date(ReportedDate(doc));
  feed.set_trigger(event.trigger());
  AddMention(feed, event, doc, now_micros);
  return feed;
}

void AddMention(v1::FeedEvent& feed, const v1::Event& event,
                const v1::Document& doc, int64_t now_micros) {
  bool new_source = true;
  for (const auto& m : feed.mentions()) {
    if (m.document_id() == doc.id()) new_source = false;
  }
  v1::FeedMention* m = feed.add_mentions();
  m->set_document_id(doc.id());
  m->set_event_id(event.id());
  *m->mutable_evidence() = event.evidence();
  m->set_evidence_text(event.evidence_text());
  m->set_outlet(doc.metadata().outlet());
  m->set_url(doc.metadata().url());
  feed.set_revision(feed.revision() + 1);
  feed.set_mention_count(feed.mention_count() + 1);
  if (new_source) feed.set_source_count(feed.source_count() + 1);
  feed.set_last_seen_micros(now_micros);
  // A more precise date, a stated date where the feed's was inferred, or a
  // place from a later source fills gaps.
  const bool stated_over_inferred =
      feed.date_inferred() && !event.date().empty() && !event.date_inferred();
  if (feed.date().empty() || stated_over_inferred ||
      (event.date().size() > feed.date().size() &&
       event.date().compare(0, feed.date().size(), feed.date()) == 0 &&
       (!event.date_inferred() || feed.date_inferred()))) {
    feed.set_date(event.date());
    feed.set_date_inferred(event.date_inferred());
  }
  if (feed.target_inferred() && event.target_size() > 0 &&
      !event.target_inferred()) {
    *feed.mutable_target() = event.target();
    feed.set_target_inferred(false);
  }
  if (!feed.has_location() && event.has_location()) {
    *feed.mutable_location() = event.location();
  }
  // One report telling it as news makes it news.
  if (!event.background()) feed.set_background(false);
  feed.set_confidence(std::max(feed.confidence(), event.confidence()));
  for (const std::string& label : event.labels()) {
    if (std::find(feed.labels().begin(), feed.labels().end(), label) ==
        feed.labels().end())
      feed.add_labels(label);
  }
  // Reports disagree on tolls as they rise: the record keeps the largest.
  if (event.has_dead() && (!feed.has_dead() || event.dead() > feed.dead()))
    feed.set_dead(event.dead());
  if (event.has_injured() &&
      (!feed.has_injured() || event.injured() > feed.injured()))
    feed.set_injured(event.injured());
  if (event.has_size() && (!feed.has_size() || event.size() > feed.size()))
    feed.set_size(event.size());
  KeepLatestMentions(feed.mutable_mentions(), kStoredMentions);
}

void KeepLatestMentions(
    google::protobuf::RepeatedPtrField<v1::FeedMention>* mentions, int keep) {
  if (mentions->size() > keep) {
    mentions->DeleteSubrange(0, mentions->size() - keep);
  }
}

v1::FeedRecord FeedRecordOf(const v1::FeedEvent& feed) {
  v1::FeedRecord record;
  v1::FeedEvent* event = record.mutable_event();
  *event = feed;
  KeepLatestMentions(event->mutable_mentions(), kFeedRecordMentions);
  return record;
}

}  // namespace eventwire::coordinator
