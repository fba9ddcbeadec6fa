// The store for several coordinators on NATS JetStream. Four streams:
//   <P>_INTAKE  work queue of accepted documents (message id: document id);
//               the coordinators share one durable pull consumer, each
//               claiming documents and renewing its claim while it works;
//   <P>_FEED    the feed, one record per event (message id: feed event id
//               and revision), read by sequence from any point;
//   <P>_DONE    finished documents, one subject per document;
//   <P>_DEAD    dead letters, one subject per document;
// and a key-value bucket <P>_STORIES: each feed event (fe.ID) and, per event
// type and actor key, the latest feed events that have it (k.TYPE.KEY), with
// what matching needs of each, so that an event is matched without reading
// every candidate. Through it
// reports of one real-world event in different documents, by whichever
// coordinator, merge into one feed event as they do in the SQLite store;
// writes are compare-and-set, so concurrent coordinators lose no mention.
// Results reach the feed and DONE before the intake message is acknowledged,
// so a coordinator that dies mid-batch loses nothing: another takes the
// documents when their claim lapses, and JetStream's de-duplication by
// message id keeps each event in the feed once.
#ifndef EVENTWIRE_SERVICES_COORDINATOR_JETSTREAM_STORE_H_
#define EVENTWIRE_SERVICES_COORDINATOR_JETSTREAM_STORE_H_

#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>

#include "absl/synchronization/mutex.h"
#include "document_store.h"
#include "listed_cache.h"
#include "story_merger.h"

// The NATS C client's types, kept out of this header.
struct __natsConnection;
struct __jsCtx;
struct __natsSubscription;
struct __natsMsg;
struct __kvStore;

namespace eventwire::coordinator {

// The pipeline file's store: keys for backend jetstream.
struct JetStreamSettings : StoreSettings {
  // The NATS servers ("nats://host:4222"), any of which may answer.
  std::vector<std::string> servers;
  // The streams are <prefix>_INTAKE, _FEED, _DONE and _DEAD, their subjects
  // <prefix in lower case>.intake and so on.
  std::string prefix = "EVENTWIRE";
  // Copies of each stream in a NATS cluster.
  int replicas = 1;
  // How long a message id is remembered. A document submitted again, or an
  // event published again (its document processed twice), within this
  // window is stored once.
  int duplicate_window_s = 7 * 24 * 3600;
  // A claimed document a coordinator stops renewing (it died, or lost the
  // server) goes to another after this long.
  int claim_ms = 30000;
};

class JetStreamStore : public DocumentStore, private StoryIndex {
 public:
  // Connects (waiting up to `connect_timeout_ms` for a server) and creates
  // the streams and the shared consumer when they do not exist.
  static absl::StatusOr<std::unique_ptr<JetStreamStore>> Open(
      const JetStreamSettings& config, int connect_timeout_ms,
      int merge_window_days = 1);
  // Hands the documents it still holds back to the other coordinators.
  ~JetStreamStore() override;

  absl::StatusOr<std::vector<v1::SubmitResult>> Accept(
      const std::vector<v1::Document>& docs) override;
  absl::StatusOr<std::vector<PendingDocument>> Pending(
      int limit, const std::vector<std::string>& exclude) override;
  Completion CompleteEach(std::vector<v1::Document> results) override;
  absl::Status DeadLetter(const std::string& id, const std::string& stage,
                          const std::string& error,
                          const v1::Document& doc) override;
  absl::Status Requeue(const std::string& id) override;
  absl::Status ReplaceDeadLetter(const v1::Document& input) override;
  absl::StatusOr<int> RecordAttempt(const std::string& id, int delay_ms,
                                    bool counts = true) override;
  absl::StatusOr<std::vector<v1::FeedRecord>> ReadFeed(uint64_t after,
                                                       int limit) override;
  absl::StatusOr<std::vector<v1::DeadLetter>> DeadLettersOf(
      const std::vector<std::string>& ids, bool with_documents) override;
  absl::StatusOr<std::vector<v1::DeadLetter>> DeadLetters(
      int limit, bool with_documents) override;
  absl::Status ForEachDocument(
      const std::vector<std::string>& ids, bool include_raw,
      const std::function<bool(const v1::Document&)>& visit) override;
  absl::StatusOr<StoreCounts> Counts() override;
  // Connected to a NATS server (the client reconnects by itself).
  bool Reachable() override;

 private:
  // Requeue, with `input` in place of the submitted input when not null.
  absl::Status RequeueWith(const std::string& id, const v1::Document* input);
  JetStreamStore(const JetStreamSettings& config, int merge_window_days);
  absl::Status Connect(int connect_timeout_ms);
  absl::Status CreateStreams();
  // ResourceExhausted, naming `what`, when `bytes` exceed the largest
  // message the server takes (its max_payload): retrying cannot help.
  absl::Status CheckPayload(const std::string& what, size_t bytes);
  // Publishes `data` to `subject` with a de-duplication id; sets
  // `*duplicate` when JetStream had seen the id.
  absl::Status Publish(const std::string& subject, const std::string& msg_id,
                       const std::string& data, bool* duplicate);
  // The last message on `subject` in `stream`: its data, or NotFound.
  absl::StatusOr<std::string> LastOnSubject(const std::string& stream,
                                            const std::string& subject);
  // The last message of document `id` on its `kind` subject ("done",
  // "dead") in `stream`, found under the token of this version or of the
  // versions before; `subject` is set to the subject it was looked up on.
  absl::StatusOr<std::string> LastOfDocument(const std::string& stream,
                                             const std::string& kind,
                                             const std::string& id,
                                             std::string* subject = nullptr);
  // Visits the messages of `stream` in order, from its first.
  absl::Status ForEachMessage(
      const std::string& stream,
      const std::function<bool(uint64_t, const std::string&)>& visit);
  // A key of the stories bucket: its value and revision (0: absent).
  using Entry = StoryIndex::Entry;
  absl::StatusOr<Entry> Get(const std::string& key);
  // Writes `value` if `key` is still at `revision` (0: absent); false when
  // another writer came first.
  // `written`, when given, gets the key's new revision.
  absl::StatusOr<bool> CompareAndSet(const std::string& key,
                                     const std::string& value,
                                     uint64_t revision,
                                     uint64_t* written = nullptr);
  // What `key` lists and its revision: as kept (listings_), else read from
  // the server and kept.
  absl::StatusOr<SharedListing> KeptListing(const std::string& key,
                                            uint64_t* revision)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(merge_mu_);
  // StoryIndex, over the stories bucket: story ID at fe.ID, what index key
  // K lists at K itself.
  absl::StatusOr<Entry> ReadStory(const std::string& id) override;
  absl::StatusOr<bool> WriteStory(const std::string& id,
                                  const std::string& value,
                                  uint64_t revision) override;
  absl::StatusOr<SharedListing> Listed(const std::string& key) override
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(merge_mu_);
  absl::StatusOr<SharedListing> List(
      const std::string& key, std::shared_ptr<const ListedStory> story) override
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(merge_mu_);
  // Takes the claimed message of document `id` away from the held ones.
  __natsMsg* Release(const std::string& id);
  void RenewClaims();

  const JetStreamSettings config_;
  const int merge_window_days_;
  StoryMerger merger_{this, merge_window_days_};
  const std::string subject_;  // the subjects' common prefix
  __natsConnection* conn_ = nullptr;
  __jsCtx* js_ = nullptr;
  __natsSubscription* intake_ = nullptr;
  __kvStore* stories_ = nullptr;

  absl::Mutex fetch_mu_;
  absl::Mutex merge_mu_;
  absl::Mutex mu_;
  // Documents this coordinator has claimed, by id.
  std::map<std::string, __natsMsg*> held_ ABSL_GUARDED_BY(mu_);
  // Failed attempts that count, by document, as far as this coordinator
  // has seen them.
  std::map<std::string, int> attempts_ ABSL_GUARDED_BY(mu_);
  // Claimed documents that were delivered before.
  std::set<std::string> redelivered_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  // What index keys list as this coordinator last read or wrote them, with
  // their revisions: a merge reads each of its keys' listings twice, and a
  // round trip to the server for each was most of a completion's time.
  // Another coordinator's writes make an entry stale; a listing is only
  // ever written by compare-and-set on its revision, so a stale one fails
  // to write, is read again and the write retried, and what List returns
  // (what was listed before) is always what the server held. A merge that
  // ranked candidates on a stale listing may start a story another
  // coordinator has just started: the twin check that already settles two
  // coordinators starting one story at once settles that too.
  ListedCache listings_ ABSL_GUARDED_BY(merge_mu_){1 << 16};
  std::thread renewer_;
};

}  // namespace eventwire::coordinator

#endif  // EVENTWIRE_SERVICES_COORDINATOR_JETSTREAM_STORE_H_
