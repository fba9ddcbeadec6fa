#include "story_merger.h"

#include <algorithm>
#include <set>
#include <string_view>

#include "absl/hash/hash.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "eventwire/event_match.h"
#include "feed_merge.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/util/delimited_message_util.h"
#include "stable_hash.h"

namespace eventwire::coordinator {
namespace {

// The value of a story that gave way to a twin: no feed event parses from
// it (field number 0 is invalid).
const std::string& GaveWay() {
  static const auto* kValue = new std::string(1, '\0');
  return *kValue;
}

template <typename EventOrStory>
std::vector<std::string> KeysOf(const EventOrStory& e) {
  std::set<std::string> keys;
  for (const auto* actors : {&e.source(), &e.target()}) {
    for (const v1::Actor& a : *actors) {
      for (const std::string& k : ActorKeys(a))
        keys.insert(absl::StrCat("k.", static_cast<int>(e.type()), ".",
                                 absl::BytesToHexString(k)));
    }
  }
  return {keys.begin(), keys.end()};
}

size_t DelimitedSize(const ListedStory& story) {
  const size_t n = story.encoded.size();
  return n + google::protobuf::io::CodedOutputStream::VarintSize64(n);
}

}  // namespace

ListedStory::ListedStory(v1::FeedEvent s)
    : summary(std::move(s)),
      encoded(summary.SerializeAsString()),
      profile(summary, summary.reported_date()),
      keys(IndexKeys(summary)),
      id_hash(absl::HashOf(summary.feed_event_id())) {}

Listing::Listing(ListedStories stories) : stories_(std::move(stories)) {
  glances_.reserve(stories_.size());
  for (const auto& s : stories_)
    glances_.push_back({s->id_hash, s->profile.quick_date(),
                        s->profile.party_bits(), s->profile.has_target()});
}

bool TrimListed(ListedStories* stories) {
  const size_t before = stories->size();
  if (stories->size() > kIndexedStories)
    stories->erase(stories->begin(),
                   stories->end() - static_cast<long>(kIndexedStories));
  size_t bytes = 0;
  for (const auto& s : *stories) bytes += DelimitedSize(*s);
  size_t drop = 0;
  while (bytes > kIndexBytes && stories->size() - drop > 1)
    bytes -= DelimitedSize(*(*stories)[drop++]);
  stories->erase(stories->begin(), stories->begin() + static_cast<long>(drop));
  return stories->size() != before;
}

bool CutAtListed(ListedStories* stories, const std::string& id) {
  for (size_t i = 0; i < stories->size(); ++i) {
    if ((*stories)[i]->summary.feed_event_id() == id) {
      stories->resize(i);
      return true;
    }
  }
  return false;
}

std::string EncodeListed(const ListedStories& stories) {
  std::string out;
  {
    google::protobuf::io::StringOutputStream stream(&out);
    google::protobuf::io::CodedOutputStream coded(&stream);
    for (const auto& s : stories) {
      coded.WriteVarint64(s->encoded.size());
      coded.WriteString(s->encoded);
    }
  }
  return out;
}

ListedStories DecodeListed(const std::string& value) {
  ListedStories out;
  google::protobuf::io::ArrayInputStream in(value.data(),
                                            static_cast<int>(value.size()));
  while (true) {
    // A fresh message each time: parsing merges into what is there.
    v1::FeedEvent fe;
    bool clean_eof = false;
    if (!google::protobuf::util::ParseDelimitedFromZeroCopyStream(&fe, &in,
                                                                  &clean_eof))
      break;
    out.push_back(std::make_shared<const ListedStory>(std::move(fe)));
  }
  return out;
}

std::vector<std::string> IndexKeys(const v1::Event& event) {
  return KeysOf(event);
}
std::vector<std::string> IndexKeys(const v1::FeedEvent& story) {
  return KeysOf(story);
}

v1::FeedEvent Summary(const v1::FeedEvent& fe) {
  v1::FeedEvent s;
  s.set_feed_event_id(fe.feed_event_id());
  s.set_type(fe.type());
  s.set_date(fe.date());
  s.set_date_inferred(fe.date_inferred());
  s.set_target_inferred(fe.target_inferred());
  s.set_reported_date(fe.reported_date());
  s.set_trigger(fe.trigger());
  const auto slim = [](const v1::Actor& a, v1::Actor* out) {
    out->set_canonical_key(a.canonical_key());
    out->set_country(a.country());
  };
  for (const auto& a : fe.source()) slim(a, s.add_source());
  for (const auto& a : fe.target()) slim(a, s.add_target());
  if (fe.has_location()) slim(fe.location(), s.mutable_location());
  return s;
}

absl::StatusOr<std::string> StoryMerger::EarlierTwin(
    const v1::Event& event, const std::string& reported,
    const MatchProfile& profile, const v1::FeedEvent& story,
    const std::map<std::string, SharedListing>& before) {
  for (const auto& [key, stories] : before) {
    for (const auto& other : stories->stories()) {
      if (other->summary.feed_event_id() == story.feed_event_id() ||
          MatchScore(profile, other->profile, merge_window_days_,
                     /*same_document=*/false) <= 0) {
        continue;
      }
      // Only the first key both have decides (the map is in key order).
      const std::vector<std::string>& theirs = other->keys;
      const auto first_shared =
          std::find_if(before.begin(), before.end(), [&](const auto& entry) {
            return std::binary_search(theirs.begin(), theirs.end(),
                                      entry.first);
          });
      if (first_shared == before.end() || first_shared->first != key) continue;
      // Still a story that matches (not one that gave way itself)?
      auto current = index_->ReadStory(other->summary.feed_event_id());
      if (!current.ok()) return current.status();
      v1::FeedEvent live;
      if (current->revision != 0 && live.ParseFromString(current->value) &&
          !live.feed_event_id().empty() &&
          MatchScore(event, reported, live, merge_window_days_) > 0)
        return other->summary.feed_event_id();
    }
  }
  return std::string();
}

absl::StatusOr<std::vector<StoryMerger::Candidate>> StoryMerger::Ranked(
    const std::vector<std::string>& keys, const MatchProfile& profile,
    std::vector<SharedListing>* listed_out) {
  std::vector<Candidate> ranked;
  std::vector<SharedListing>& listed = *listed_out;
  listed.assign(keys.size(), nullptr);
  // Whether an earlier key listed story `s` (whose glance is `glance`):
  // then that key's summary decided.
  const auto listed_earlier = [&](size_t k, const Listing::Glance& glance,
                                  const ListedStory& s) {
    for (size_t j = 0; j < k; ++j) {
      const Listing& earlier = *listed[j];
      for (size_t i = 0; i < earlier.size(); ++i) {
        if (earlier.glances()[i].id_hash == glance.id_hash &&
            earlier.stories()[i]->summary.feed_event_id() ==
                s.summary.feed_event_id())
          return true;
      }
    }
    return false;
  };
  for (size_t k = 0; k < keys.size(); ++k) {
    auto listed_now = index_->Listed(keys[k]);
    if (!listed_now.ok()) return listed_now.status();
    listed[k] = *std::move(listed_now);
    const Listing& listing = *listed[k];
    for (size_t i = 0; i < listing.size(); ++i) {
      const Listing::Glance& glance = listing.glances()[i];
      // Most stories a key lists are told of other days, or of another
      // party on the other side.
      if (!QuickDatesMayMatch(profile.quick_date(), glance.date,
                              merge_window_days_) ||
          !MayMatchOnParties(profile, glance.party_bits, glance.has_target))
        continue;
      const ListedStory* s = listing.stories()[i].get();
      if (k > 0 && listed_earlier(k, glance, *s)) continue;
      const int score = MatchScore(profile, s->profile, merge_window_days_,
                                   /*same_document=*/false);
      if (score > 0) ranked.push_back({score, k, s->summary.feed_event_id()});
    }
  }
  std::sort(ranked.begin(), ranked.end(),
            [](const Candidate& a, const Candidate& b) {
              return a.key != b.key ? a.key < b.key : a.id < b.id;
            });
  for (size_t i = 0; i < ranked.size(); ++i) ranked[i].order = i;
  std::sort(ranked.begin(), ranked.end(),
            [](const Candidate& a, const Candidate& b) {
              return a.score != b.score ? a.score > b.score : a.order < b.order;
            });
  return ranked;
}

absl::StatusOr<v1::FeedEvent> StoryMerger::Merge(const v1::Event& event,
                                                 const v1::Document& doc,
                                                 int64_t now,
                                                 bool redelivered) {
  const std::vector<std::string> keys = IndexKeys(event);
  const std::string reported = ReportedDate(doc);
  const MatchProfile profile(event, reported);
  const auto mentions = [&](const v1::FeedEvent& fe) {
    for (const auto& m : fe.mentions()) {
      if (m.document_id() == doc.id() && m.event_id() == event.id())
        return true;
    }
    return false;
  };
  // A story that gave way to its twin reads as absent (its value is
  // GaveWay(), which parses as no feed event).
  const auto read = [&](const std::string& id,
                        v1::FeedEvent* fe) -> absl::StatusOr<uint64_t> {
    auto entry = index_->ReadStory(id);
    if (!entry.ok()) return entry.status();
    if (entry->revision == 0 || !fe->ParseFromString(entry->value) ||
        fe->feed_event_id().empty())
      return 0;
    return entry->revision;
  };
  // The revision of this event's own story after it gave way: starting it
  // again overwrites that.
  uint64_t gave_way_revision = 0;
  // The same on every attempt and every writer.
  const std::string new_id = FeedEventIdFor(doc.id(), event.id());
  for (int attempt = 0; attempt < 16; ++attempt) {
    // Which stories each key listed: a merge into one of them need not list
    // it there again.
    std::vector<SharedListing> listed;
    auto ranked_now = Ranked(keys, profile, &listed);
    if (!ranked_now.ok()) return ranked_now.status();
    const std::vector<Candidate>& ranked = *ranked_now;
    // Merged before (the document is processed again)? Its story is its own
    // or among the candidates.
    if (redelivered) {
      v1::FeedEvent own;
      auto own_revision = read(new_id, &own);
      if (!own_revision.ok()) return own_revision.status();
      if (*own_revision != 0 && mentions(own)) return own;
    }
    // The best few are scored again on the stories as they stand (a later
    // report may have made a date more precise); a document delivered again
    // may have been merged before, so then every candidate is looked at.
    constexpr size_t kRescored = 4;
    const size_t look = redelivered ? ranked.size() : kRescored;
    v1::FeedEvent best;
    uint64_t best_revision = 0;
    int best_score = 0;
    size_t best_order = 0;
    for (size_t i = 0; i < ranked.size() && i < look; ++i) {
      v1::FeedEvent fe;
      auto revision = read(std::string(ranked[i].id), &fe);
      if (!revision.ok()) return revision.status();
      if (*revision == 0) continue;
      if (mentions(fe)) return fe;
      if (i >= kRescored) continue;
      const int score =
          MatchScore(profile, MatchProfile(fe, fe.reported_date()),
                     merge_window_days_, /*same_document=*/false);
      if (score > best_score ||
          (score == best_score && score > 0 && ranked[i].order < best_order)) {
        best_score = score;
        best_order = ranked[i].order;
        best = std::move(fe);
        best_revision = *revision;
      }
    }
    v1::FeedEvent story;
    const bool started = best_revision == 0;
    if (!started) {
      AddMention(best, event, doc, now);
      story = std::move(best);
    } else {
      story = NewFeedEvent(new_id, event, doc, now);
    }
    auto set =
        index_->WriteStory(story.feed_event_id(), story.SerializeAsString(),
                           started ? gave_way_revision : best_revision);
    if (!set.ok()) return set.status();
    if (!*set) {
      // Another writer came first; or this event's own story exists (its
      // document was being processed when its writer died): read again.
      v1::FeedEvent own;
      auto own_revision = read(new_id, &own);
      if (!own_revision.ok()) return own_revision.status();
      if (*own_revision != 0 && mentions(own)) return own;
      continue;
    }
    std::map<std::string, SharedListing> before;
    const auto summary = std::make_shared<const ListedStory>(Summary(story));
    for (size_t k = 0; k < keys.size(); ++k) {
      const bool listed_already = std::any_of(
          listed[k]->stories().begin(), listed[k]->stories().end(),
          [&](const auto& s) {
            return s->summary.feed_event_id() == story.feed_event_id();
          });
      if (listed_already) continue;
      auto listed_before = index_->List(keys[k], summary);
      if (!listed_before.ok()) return listed_before.status();
      before[keys[k]] = std::move(*listed_before);
    }
    if (started) {
      // Another writer may have started this event's story at the same
      // moment: then one of the two gives way, before either reaches the
      // feed, and its report joins the other.
      auto twin = EarlierTwin(event, reported, profile, story, before);
      if (!twin.ok()) return twin.status();
      if (!twin->empty()) {
        auto written = index_->ReadStory(story.feed_event_id());
        if (!written.ok()) return written.status();
        auto gave_way = index_->WriteStory(story.feed_event_id(), GaveWay(),
                                           written->revision);
        if (!gave_way.ok()) return gave_way.status();
        // Someone merged into it meanwhile: it stays a story.
        if (*gave_way) {
          auto after = index_->ReadStory(story.feed_event_id());
          if (!after.ok()) return after.status();
          gave_way_revision = after->revision;
          continue;
        }
      }
    }
    return story;
  }
  return absl::AbortedError(absl::StrCat(
      "store: the story of event '", event.id(), "' of document '", doc.id(),
      "' kept changing under other writers; giving up for now"));
}

}  // namespace eventwire::coordinator
