// The one merge engine of the feed: which story (feed event) an event joins,
// or that it starts one, and under what id. The stores supply storage only
// (a StoryIndex): the SQLite store inside its transaction, the JetStream
// store in a key-value bucket that several coordinators write at once. The
// same events in the same order therefore give the same feed, ids and
// merges included, whichever store holds it.
#ifndef EVENTWIRE_SERVICES_COORDINATOR_STORY_MERGER_H_
#define EVENTWIRE_SERVICES_COORDINATOR_STORY_MERGER_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "eventwire/event_match.h"
#include "eventwire/v1/coordinator.pb.h"
#include "eventwire/v1/document.pb.h"

namespace eventwire::coordinator {

// A story as an index key lists it: its summary (see Summary), and what
// matching and listing read of it, worked out once — a key lists up to
// kIndexedStories stories, and every event merged reads them all.
struct ListedStory {
  explicit ListedStory(v1::FeedEvent summary);
  const v1::FeedEvent summary;
  const std::string encoded;  // summary.SerializeAsString()
  const MatchProfile profile;
  const std::vector<std::string> keys;  // IndexKeys(summary)
  const size_t id_hash;                 // of summary.feed_event_id()
};
// Oldest first.
using ListedStories = std::vector<std::shared_ptr<const ListedStory>>;

// What a key lists, as stores hand it out: shared, never changed once made,
// so that a store may give the same listing to every merge that reads the
// key. Beside the stories, in the same order, what a merge looks at first
// in every one of them, kept together: a key lists hundreds of stories, and
// reaching into each story's own memory was most of a merge's time.
class Listing {
 public:
  struct Glance {
    size_t id_hash;
    QuickDate date;
    uint64_t party_bits;  // MatchProfile::party_bits()
    bool has_target;
  };
  explicit Listing(ListedStories stories);
  const ListedStories& stories() const { return stories_; }
  const std::vector<Glance>& glances() const { return glances_; }
  size_t size() const { return stories_.size(); }

 private:
  ListedStories stories_;
  std::vector<Glance> glances_;
};
using SharedListing = std::shared_ptr<const Listing>;

// Storage for stories. Every write is compare-and-set on a revision, so
// that concurrent writers (coordinators sharing a JetStream bucket) lose no
// mention; a single writer's store always wins.
class StoryIndex {
 public:
  // A story's stored value and revision (0: never written).
  struct Entry {
    std::string value;
    uint64_t revision = 0;
  };
  virtual ~StoryIndex() = default;

  virtual absl::StatusOr<Entry> ReadStory(const std::string& id) = 0;
  // Writes `value` if story `id` is still at `revision` (0: absent); false
  // when another writer came first.
  virtual absl::StatusOr<bool> WriteStory(const std::string& id,
                                          const std::string& value,
                                          uint64_t revision) = 0;
  // The summaries listed under `key` (see IndexKeys), oldest first, as
  // TrimListed leaves them.
  virtual absl::StatusOr<SharedListing> Listed(const std::string& key) = 0;
  // Lists `story` under `key` unless that story is listed there already;
  // returns the stories listed before it.
  virtual absl::StatusOr<SharedListing> List(
      const std::string& key, std::shared_ptr<const ListedStory> story) = 0;
};

// What a key lists is bounded: its latest kIndexedStories stories within
// kIndexBytes (encoded). A key as common as a big country's would otherwise
// list every story ever told about it, and each merge would read them all.
inline constexpr size_t kIndexedStories = 256;
inline constexpr size_t kIndexBytes = 256 << 10;  // under NATS's 1 MB payload
// Drops the oldest stories until both bounds hold.
// Returns whether it dropped any.
bool TrimListed(ListedStories* stories);
// When story `id` is listed in `stories`, cuts the list to those before it
// and says so (StoryIndex::List's answer for a story listed already).
bool CutAtListed(ListedStories* stories, const std::string& id);
// Length-delimited summaries, one value per key (JetStream's encoding).
std::string EncodeListed(const ListedStories& stories);
ListedStories DecodeListed(const std::string& value);

// The index keys an event or a story is listed under: "k.TYPE.HEX", one per
// actor key, sorted.
std::vector<std::string> IndexKeys(const v1::Event& event);
std::vector<std::string> IndexKeys(const v1::FeedEvent& story);
// As much of a story as matching reads: id, type, date, parties, place.
v1::FeedEvent Summary(const v1::FeedEvent& story);

class StoryMerger {
 public:
  StoryMerger(StoryIndex* index, int merge_window_days)
      : index_(index), merge_window_days_(merge_window_days) {}

  // Merges one event of `doc` into its story (or starts one, with id
  // FeedEventIdFor(document, event)); returns the story as it now stands.
  // Idempotent: an event merged before (its document processed again)
  // returns its story unchanged; `redelivered` (the document may have been
  // processed before) makes it look at every candidate for that.
  absl::StatusOr<v1::FeedEvent> Merge(const v1::Event& event,
                                      const v1::Document& doc, int64_t now,
                                      bool redelivered);

 private:
  // A story the event may join, scored on its summary.
  struct Candidate {
    int score;
    size_t key;           // index into the event's keys
    std::string_view id;  // held by the listing
    size_t order = 0;     // keys, then ids, in order
  };
  // The stories the event's `keys` list that may be its story, best first;
  // ties go to the first met, keys and ids in order. A story listed under
  // several keys is scored on the first key's summary. `listed` gets each
  // key's listing (which the candidates' ids point into).
  absl::StatusOr<std::vector<Candidate>> Ranked(
      const std::vector<std::string>& keys, const MatchProfile& profile,
      std::vector<SharedListing>* listed);

  // A story another writer started for the same event at the same time as
  // `story` (just started for `event`), that `story` gives way to: of two
  // such, the one listed first under the first key both have. Each writer
  // knows the other's keys from its summary and sees, in what listing
  // returned (`before`: per key, the stories listed before `story`), which
  // came first there, so the two agree. `reported` is the day the event's
  // document was published, `profile` the event's MatchProfile. Its id, or
  // "".
  absl::StatusOr<std::string> EarlierTwin(
      const v1::Event& event, const std::string& reported,
      const MatchProfile& profile, const v1::FeedEvent& story,
      const std::map<std::string, SharedListing>& before);

  StoryIndex* const index_;
  const int merge_window_days_;
};

}  // namespace eventwire::coordinator

#endif  // EVENTWIRE_SERVICES_COORDINATOR_STORY_MERGER_H_
