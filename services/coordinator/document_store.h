// The coordinator's durable store (SQLite, WAL, synchronous=FULL): accepted
// documents, their results, dead letters and the feed. A document is
// acknowledged only after its row is committed; its events enter the feed in
// the same transaction that marks it done, so each enters exactly once.
#ifndef EVENTWIRE_SERVICES_COORDINATOR_DOCUMENT_STORE_H_
#define EVENTWIRE_SERVICES_COORDINATOR_DOCUMENT_STORE_H_

#include <sqlite3.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "eventwire/v1/coordinator.pb.h"

namespace eventwire::coordinator {

struct StoreCounts {
  uint64_t accepted = 0, pending = 0, done = 0, dead = 0;
  uint64_t feed_records = 0, last_sequence = 0;
};

struct PendingDocument {
  v1::Document document;
  int attempts = 0;
  // When Submit stored it (Unix microseconds).
  int64_t submitted_micros = 0;
};

class DocumentStore {
 public:
  static absl::StatusOr<std::unique_ptr<DocumentStore>> Open(
      const std::string& path, int merge_window_days);
  ~DocumentStore();

  // Stores each document unless its id is already stored. Committed before
  // returning.
  absl::StatusOr<std::vector<v1::SubmitResult>> Accept(
      const std::vector<v1::Document>& docs);

  // Up to `limit` pending documents not in `exclude`, oldest first, whose
  // retry time has come.
  absl::StatusOr<std::vector<PendingDocument>> Pending(
      int limit, const std::vector<std::string>& exclude);

  // Marks the document done and merges its events into the feed, in one
  // transaction; sets each event's feed_event_id in the stored result.
  // Returns how many feed records were appended. A document already done is
  // left as it is (0 records).
  absl::StatusOr<int> Complete(v1::Document result);
  // The same for a batch, in one transaction.
  absl::StatusOr<int> CompleteAll(std::vector<v1::Document> results);

  // The document failed a stage for good.
  absl::Status DeadLetter(const std::string& id, const std::string& stage,
                          const std::string& error, const v1::Document& doc);

  // One more failed attempt; the document is retried after `delay_ms`.
  // Returns the number of attempts so far. An attempt that does not count
  // (the stage was down, not failing on this document) only delays it.
  absl::StatusOr<int> RecordAttempt(const std::string& id, int delay_ms,
                                    bool counts = true);

  absl::StatusOr<std::vector<v1::FeedRecord>> ReadFeed(uint64_t after,
                                                       int limit);
  absl::StatusOr<std::vector<v1::DeadLetter>> DeadLetters(int limit,
                                                          bool with_documents);
  // Finished documents (all when `ids` is empty), in submission order.
  absl::Status ForEachDocument(
      const std::vector<std::string>& ids,
      const std::function<bool(const v1::Document&)>& visit);
  absl::StatusOr<StoreCounts> Counts();

 private:
  DocumentStore(sqlite3* db, int merge_window_days)
      : db_(db), merge_window_days_(merge_window_days) {}
  absl::Status Exec(const char* sql);
  absl::Status Error(const char* what);

  absl::Mutex mu_;
  sqlite3* db_;
  const int merge_window_days_;
};

}  // namespace eventwire::coordinator

#endif  // EVENTWIRE_SERVICES_COORDINATOR_DOCUMENT_STORE_H_
