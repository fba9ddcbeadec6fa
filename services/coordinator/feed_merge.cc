#include "feed_merge.h"

#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "eventwire/dates.h"
#include "absl/time/civil_time.h"

namespace eventwire::coordinator {
namespace {

bool Symmetric(v1::Event::Type type) {
  return type == v1::Event::CONSULT || type == v1::Event::AGREE ||
         type == v1::Event::COOPERATE;
}

template <typename Actors>
std::set<std::string> KeysOf(const Actors& actors) {
  std::set<std::string> out;
  for (const v1::Actor& a : actors) {
    std::set<std::string> k = ActorKeys(a);
    out.insert(k.begin(), k.end());
  }
  return out;
}

int Overlap(const std::set<std::string>& a, const std::set<std::string>& b) {
  int n = 0;
  for (const auto& k : a) n += b.count(k);
  return n;
}

}  // namespace

std::set<std::string> ActorKeys(const v1::Actor& actor) {
  std::set<std::string> keys;
  if (!actor.canonical_key().empty()) keys.insert(actor.canonical_key());
  if (!actor.country().empty() && actor.country() != "IGO" &&
      actor.country() != "NGO") {
    keys.insert(absl::StrCat("country:", actor.country()));
  }
  return keys;
}

bool DatesCompatible(const std::string& a, const std::string& b,
                     int window_days) {
  if (a.empty() || b.empty()) return true;
  auto da = ParseIsoDate(a), db = ParseIsoDate(b);
  if (!da || !db) return a == b;
  if (da->year != db->year) return false;
  if (da->month == 0 || db->month == 0) return true;
  if (da->month != db->month) {
    if (da->day == 0 || db->day == 0) return false;
  }
  if (da->day == 0 || db->day == 0) return da->month == db->month;
  long diff = absl::CivilDay(da->year, da->month, da->day) -
              absl::CivilDay(db->year, db->month, db->day);
  return std::labs(diff) <= window_days;
}

int MatchScore(const v1::Event& event, const v1::FeedEvent& feed,
               int merge_window_days) {
  if (event.type() != feed.type()) return 0;
  if (!DatesCompatible(event.date(), feed.date(), merge_window_days)) return 0;
  // Without a date on either side, only well-attested parties merge.
  const bool dated = !event.date().empty() && !feed.date().empty();
  const auto es = KeysOf(event.source()), et = KeysOf(event.target());
  const auto fs = KeysOf(feed.source()), ft = KeysOf(feed.target());
  int score = 0;
  if (Symmetric(event.type())) {
    std::set<std::string> e = es, f = fs;
    e.insert(et.begin(), et.end());
    f.insert(ft.begin(), ft.end());
    // Both sides of a meeting must be shared: two parties in common.
    int both = Overlap(e, f);
    if (both < 2 && !(e.size() <= 2 && f.size() <= 2 && both >= 1 && dated &&
                      (es.empty() || et.empty()))) {
      return 0;
    }
    score = both;
  } else {
    int src = Overlap(es, fs);
    int tgt = Overlap(et, ft);
    if (src == 0) return 0;
    if (!(et.empty() && ft.empty()) && tgt == 0) return 0;
    score = src + tgt;
  }
  if (!dated) score -= 1;
  if (event.has_location() && feed.has_location()) {
    if (Overlap(ActorKeys(event.location()), ActorKeys(feed.location())) > 0) {
      score += 1;
    }
  }
  return score > 0 ? score : 0;
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
  if (event.has_location()) *feed.mutable_location() = event.location();
  feed.set_date(event.date());
  feed.set_first_seen_micros(now_micros);
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
  // A more precise date or a place from a later source fills gaps.
  if (feed.date().empty() ||
      (event.date().size() > feed.date().size() &&
       event.date().compare(0, feed.date().size(), feed.date()) == 0)) {
    feed.set_date(event.date());
  }
  if (!feed.has_location() && event.has_location()) {
    *feed.mutable_location() = event.location();
  }
  feed.set_confidence(std::max(feed.confidence(), event.confidence()));
  // Parties that the new source names are added.
  for (const v1::Actor& a : event.source()) {
    bool have = false;
    for (const auto& b : feed.source()) have |= b.canonical_key() == a.canonical_key();
    for (const auto& b : feed.target()) have |= b.canonical_key() == a.canonical_key();
    if (!have) *feed.add_source() = a;
  }
  for (const v1::Actor& a : event.target()) {
    bool have = false;
    for (const auto& b : feed.source()) have |= b.canonical_key() == a.canonical_key();
    for (const auto& b : feed.target()) have |= b.canonical_key() == a.canonical_key();
    if (!have) *feed.add_target() = a;
  }
}

}  // namespace eventwire::coordinator
