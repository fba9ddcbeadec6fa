// Where the coordinator keeps accepted documents, their results, dead letters
// and the feed. A document is acknowledged only once the store holds it
// durably; its events enter the feed exactly once, however often it is
// processed. Two backends: SQLite on one machine (sqlite_store.h) and NATS
// JetStream shared by several coordinators (jetstream_store.h).
#ifndef EVENTWIRE_SERVICES_COORDINATOR_DOCUMENT_STORE_H_
#define EVENTWIRE_SERVICES_COORDINATOR_DOCUMENT_STORE_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "eventwire/v1/coordinator.pb.h"
#include "pipeline_config.h"

namespace eventwire::coordinator {

struct StoreCounts {
  uint64_t accepted = 0, pending = 0, done = 0, dead = 0;
  uint64_t feed_records = 0, last_sequence = 0;
};

// What completing a batch did: how many feed records were appended and, per
// result in order, OK or why that document is not finished. A failure the
// store says retrying cannot cure (IsPermanentStoreError) is dead-lettered;
// any other leaves the document pending, to be tried again.
struct Completion {
  int feed_records = 0;
  std::vector<absl::Status> documents;
};

// A result the store will never take as it is (larger than it stores, say).
bool IsPermanentStoreError(const absl::Status& status);

// The start of Accept's result for `doc`; true when the document cannot be
// stored at all (it has no id) and the result says so.
bool RefusedAtOnce(const v1::Document& doc, v1::SubmitResult* result);

struct PendingDocument {
  v1::Document document;
  int attempts = 0;
  // When Submit stored it (Unix microseconds).
  int64_t submitted_micros = 0;
};

class DocumentStore {
 public:
  virtual ~DocumentStore() = default;

  // Stores each document unless its id is already stored. Durable before
  // returning.
  virtual absl::StatusOr<std::vector<v1::SubmitResult>> Accept(
      const std::vector<v1::Document>& docs) = 0;

  // Up to `limit` pending documents not in `exclude`, oldest first, whose
  // retry time has come. With a shared backend the documents are this
  // coordinator's until it completes, dead-letters or retries them (or
  // stops renewing its claim, when it dies).
  virtual absl::StatusOr<std::vector<PendingDocument>> Pending(
      int limit, const std::vector<std::string>& exclude) = 0;

  // Marks each document done and adds its events to the feed; sets each
  // event's feed_event_id in the stored result. A document already done
  // adds nothing. One document the store cannot take fails alone, and stays
  // pending (and claimed, with a shared store) until DeadLetter or
  // RecordAttempt.
  virtual Completion CompleteEach(std::vector<v1::Document> results) = 0;
  // The same, as the number of feed records appended or the first error.
  absl::StatusOr<int> CompleteAll(std::vector<v1::Document> results);
  absl::StatusOr<int> Complete(v1::Document result);

  // The document failed a stage for good.
  virtual absl::Status DeadLetter(const std::string& id,
                                  const std::string& stage,
                                  const std::string& error,
                                  const v1::Document& doc) = 0;

  // Makes a dead-lettered document pending again, as it was submitted, with
  // no attempts; its dead letter goes. NotFound when it has none.
  virtual absl::Status Requeue(const std::string& id) = 0;

  // As Requeue, with `input` (a corrected document of the same id) in place
  // of the input as submitted. NotFound when that id has no dead letter: a
  // pending or finished document is not replaced (its results may already be
  // in the feed).
  virtual absl::Status ReplaceDeadLetter(const v1::Document& input) = 0;

  // One more failed attempt; the document is retried after `delay_ms`.
  // Returns the number of attempts so far. An attempt that does not count
  // (the stage was down, not failing on this document) only delays it.
  virtual absl::StatusOr<int> RecordAttempt(const std::string& id, int delay_ms,
                                            bool counts = true) = 0;

  // Up to `limit` feed records with sequence greater than `after`.
  virtual absl::StatusOr<std::vector<v1::FeedRecord>> ReadFeed(uint64_t after,
                                                               int limit) = 0;
  virtual absl::StatusOr<std::vector<v1::DeadLetter>> DeadLetters(
      int limit, bool with_documents) = 0;
  // The dead letters of documents `ids` that have one, in the order of
  // `ids`. This default reads every letter; the stores look each up.
  virtual absl::StatusOr<std::vector<v1::DeadLetter>> DeadLettersOf(
      const std::vector<std::string>& ids, bool with_documents);
  // Finished documents (all when `ids` is empty), in submission order;
  // with the raw bytes they were submitted with when `include_raw` and the
  // store keeps them (SQLite does; JetStream's intake is a work queue, whose
  // messages and raw bytes leave once done), else without.
  virtual absl::Status ForEachDocument(
      const std::vector<std::string>& ids, bool include_raw,
      const std::function<bool(const v1::Document&)>& visit) = 0;
  virtual absl::StatusOr<StoreCounts> Counts() = 0;
  // Whether the store can be reached now (a shared one over the network
  // may not be); the coordinator is not ready while it cannot.
  virtual bool Reachable() { return true; }
};

// The backend the pipeline file's `store` names.
absl::StatusOr<std::unique_ptr<DocumentStore>> OpenDocumentStore(
    const PipelineConfig& config);

}  // namespace eventwire::coordinator

#endif  // EVENTWIRE_SERVICES_COORDINATOR_DOCUMENT_STORE_H_
