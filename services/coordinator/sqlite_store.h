// The single-machine store (SQLite, WAL, synchronous=FULL). A document is
// acknowledged only after its row is committed; its events enter the feed in
// the same transaction that marks it done, so each enters exactly once.
// Events that report one real-world event merge into one feed event, whose
// revisions the feed records.
#ifndef EVENTWIRE_SERVICES_COORDINATOR_SQLITE_STORE_H_
#define EVENTWIRE_SERVICES_COORDINATOR_SQLITE_STORE_H_

#include <sqlite3.h>

#include <string>
#include <utility>

#include "absl/synchronization/mutex.h"
#include "document_store.h"
#include "eventwire/clock.h"
#include "listed_cache.h"

namespace eventwire::coordinator {

class StatementCache;

class SqliteStore : public DocumentStore {
 public:
  // `clock` gives the times of retries and of the feed (tests pass a
  // ManualClock); it must outlive the store.
  static absl::StatusOr<std::unique_ptr<SqliteStore>> Open(
      const std::string& path, int merge_window_days,
      const Clock& clock = Clock::Real());
  ~SqliteStore() override;

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

 private:
  SqliteStore(sqlite3* db, std::string path, int merge_window_days,
              const Clock& clock);
  int64_t NowMicros() const { return absl::ToUnixMicros(clock_.Now()); }
  absl::Status Exec(const char* sql);
  absl::Status MigrateFeedEvents();
  absl::Status Error(const char* what);
  // Requeue, with `input` in place of the stored input when not null.
  absl::Status RequeueWith(const std::string& id, const v1::Document* input);
  // A worker's batch waiting for the next group commit.
  struct GroupMember {
    std::vector<v1::Document> results;
    Completion completion;
    bool done = false;  // written and read under mu_
  };
  // Completes every member's results, in one transaction if it can.
  void CompleteGroup(const std::vector<GroupMember*>& group)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Completes `results` in one transaction: all of them or none; counts the
  // feed records each appended in `appended` (as long as `results`).
  absl::Status CompleteInOneTransaction(
      const std::vector<v1::Document*>& results, std::vector<int>* appended)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Empties the listed cache when another connection has written the file
  // since this one last looked (a second process on the same store, or a
  // tool): what it holds may no longer be what the file lists. Inside a
  // write transaction, so that nobody writes between the look and the
  // merge.
  absl::Status ForgetOtherWriters() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::Status OpenReader();
  absl::Status ReadError(const char* what)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(read_mu_);

  absl::Mutex mu_;
  // Batches queued for the next group commit (CompleteEach); taken under
  // mu_ as well, by whoever holds the store next.
  absl::Mutex queue_mu_ ABSL_ACQUIRED_AFTER(mu_);
  std::vector<GroupMember*> queue_ ABSL_GUARDED_BY(queue_mu_);
  sqlite3* db_;
  const std::string path_;
  const int merge_window_days_;
  const Clock& clock_;
  // 65,536 listings: every key of a feed of ~20,000 stories.
  ListedCache listed_cache_ ABSL_GUARDED_BY(mu_){1 << 16};
  int64_t data_version_ ABSL_GUARDED_BY(mu_) = -1;
  std::unique_ptr<StatementCache> statements_ ABSL_GUARDED_BY(mu_);
  // Reads that change nothing (Pending, the feed, dead letters, exports,
  // counts) run on a second connection: in WAL mode they see the last
  // commit, and neither wait for a completion nor hold one up.
  absl::Mutex read_mu_;
  sqlite3* reader_ ABSL_GUARDED_BY(read_mu_) = nullptr;
  std::unique_ptr<StatementCache> read_statements_ ABSL_GUARDED_BY(read_mu_);
};

}  // namespace eventwire::coordinator

#endif  // EVENTWIRE_SERVICES_COORDINATOR_SQLITE_STORE_H_
