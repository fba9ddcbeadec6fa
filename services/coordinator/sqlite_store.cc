#include "sqlite_store.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <functional>
#include <map>
#include <set>
#include <unordered_map>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "eventwire/event_match.h"
#include "feed_merge.h"
#include "listed_cache.h"
#include "quote_merge.h"
#include "story_merger.h"
#include "wal_write_coalescing_vfs.h"

namespace eventwire::coordinator {
namespace {

enum State { kPending = 0, kDone = 1, kDead = 2 };

}  // namespace

// Statements prepared once per store and reused: SQLite takes ~10 µs to
// parse one, and a completion used nine per batch. Keyed by the SQL
// literal's address.
class StatementCache {
 public:
  explicit StatementCache(sqlite3* db) : db_(db) {}
  ~StatementCache() {
    for (auto& [sql, idle] : idle_)
      for (sqlite3_stmt* s : idle) sqlite3_finalize(s);
  }
  int Borrow(const char* sql, sqlite3_stmt** out) {
    auto& idle = idle_[sql];
    if (!idle.empty()) {
      *out = idle.back();
      idle.pop_back();
      return SQLITE_OK;
    }
    return sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, out,
                              nullptr);
  }
  // Reset, so that it holds no read open between calls.
  void Return(const char* sql, sqlite3_stmt* stmt) {
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    idle_[sql].push_back(stmt);
  }

 private:
  sqlite3* const db_;
  std::unordered_map<const char*, std::vector<sqlite3_stmt*>> idle_;
};

namespace {

// A prepared statement: borrowed from the store's cache and given back, or
// (for a one-off) prepared and finalized.
class Stmt {
 public:
  Stmt(StatementCache& cache, const char* sql) : cache_(&cache), sql_(sql) {
    rc_ = cache.Borrow(sql, &stmt_);
  }
  Stmt(sqlite3* db, const char* sql) {
    rc_ = sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr);
  }
  ~Stmt() {
    if (cache_ != nullptr && rc_ == SQLITE_OK)
      cache_->Return(sql_, stmt_);
    else
      sqlite3_finalize(stmt_);
  }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  bool ok() const { return rc_ == SQLITE_OK; }
  sqlite3_stmt* get() { return stmt_; }
  void Text(int i, const std::string& s) {
    sqlite3_bind_text(stmt_, i, s.data(), static_cast<int>(s.size()),
                      SQLITE_TRANSIENT);
  }
  void Blob(int i, const std::string& s) {
    sqlite3_bind_blob(stmt_, i, s.data(), static_cast<int>(s.size()),
                      SQLITE_TRANSIENT);
  }
  void Int(int i, int64_t v) { sqlite3_bind_int64(stmt_, i, v); }
  void Null(int i) { sqlite3_bind_null(stmt_, i); }
  int Step() { return sqlite3_step(stmt_); }
  void Reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  std::string ColumnBlob(int i) {
    const void* p = sqlite3_column_blob(stmt_, i);
    int n = sqlite3_column_bytes(stmt_, i);
    return p ? std::string(static_cast<const char*>(p), n) : std::string();
  }
  std::string ColumnText(int i) {
    const unsigned char* p = sqlite3_column_text(stmt_, i);
    return p ? std::string(reinterpret_cast<const char*>(p)) : std::string();
  }
  int64_t ColumnInt(int i) { return sqlite3_column_int64(stmt_, i); }

 private:
  StatementCache* const cache_ = nullptr;
  const char* const sql_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
  int rc_;
};

// Rolls back unless committed.
class Transaction {
 public:
  explicit Transaction(sqlite3* db) : db_(db) {
    ok_ = sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) ==
          SQLITE_OK;
  }
  ~Transaction() {
    if (!committed_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  bool ok() const { return ok_; }
  bool Commit() {
    committed_ =
        sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
    return committed_;
  }

 private:
  sqlite3* db_;
  bool ok_ = false, committed_ = false;
};

// The merge engine's storage inside one SQLite transaction. The store has
// one writer (its mutex), so a compare-and-set fails only on a revision the
// engine did not read, which it never passes. What keys list is read
// through `cache` (what was committed) and this transaction's own writes;
// Publish puts those into the cache once the transaction has committed.
class SqliteStoryIndex : public StoryIndex {
 public:
  SqliteStoryIndex(sqlite3* db, StatementCache& statements, ListedCache* cache,
                   std::function<absl::Status(const char*)> error)
      : db_(db),
        cache_(cache),
        error_(std::move(error)),
        read_(statements,
              "SELECT value, revision FROM stories WHERE feed_event_id = ?"),
        create_(statements,
                "INSERT OR IGNORE INTO stories (feed_event_id, value, "
                "revision) VALUES (?, ?, 1)"),
        update_(statements,
                "UPDATE stories SET value = ?, revision = revision + 1 "
                "WHERE feed_event_id = ? AND revision = ?"),
        listed_(statements,
                "SELECT summary FROM story_index WHERE key = ? "
                "ORDER BY seq DESC LIMIT ?"),
        list_(statements,
              "INSERT INTO story_index (key, feed_event_id, summary) "
              "VALUES (?, ?, ?)"),
        // Rows a key no longer lists (older than its latest
        // kIndexedStories) go, so that the table stays bounded per key.
        prune_(statements,
               "DELETE FROM story_index WHERE key = ?1 AND seq <= (SELECT seq "
               "FROM story_index WHERE key = ?1 ORDER BY seq DESC LIMIT 1 "
               "OFFSET ?2)") {}

  bool ok() {
    return read_.ok() && create_.ok() && update_.ok() && listed_.ok() &&
           list_.ok() && prune_.ok();
  }

  absl::StatusOr<Entry> ReadStory(const std::string& id) override {
    read_.Reset();
    read_.Text(1, id);
    Entry out;
    const int rc = read_.Step();
    if (rc == SQLITE_ROW) {
      out.value = read_.ColumnBlob(0);
      out.revision = static_cast<uint64_t>(read_.ColumnInt(1));
    } else if (rc != SQLITE_DONE) {
      return error_("read story");
    }
    return out;
  }

  absl::StatusOr<bool> WriteStory(const std::string& id,
                                  const std::string& value,
                                  uint64_t revision) override {
    Stmt& write = revision == 0 ? create_ : update_;
    write.Reset();
    if (revision == 0) {
      write.Text(1, id);
      write.Blob(2, value);
    } else {
      write.Blob(1, value);
      write.Text(2, id);
      write.Int(3, static_cast<int64_t>(revision));
    }
    if (write.Step() != SQLITE_DONE) return error_("store feed event");
    return sqlite3_changes(db_) == 1;
  }

  absl::StatusOr<SharedListing> Listed(const std::string& key) override {
    if (auto it = written_.find(key); it != written_.end()) return it->second;
    if (SharedListing cached = cache_->Find(key)) return cached;
    listed_.Reset();
    listed_.Text(1, key);
    listed_.Int(2, static_cast<int64_t>(kIndexedStories));
    ListedStories out;
    int rc;
    while ((rc = listed_.Step()) == SQLITE_ROW) {
      v1::FeedEvent summary;
      if (summary.ParseFromString(listed_.ColumnBlob(0)))
        out.push_back(std::make_shared<const ListedStory>(std::move(summary)));
    }
    if (rc != SQLITE_DONE) return error_("read story index");
    std::reverse(out.begin(), out.end());
    TrimListed(&out);
    auto listing = std::make_shared<const Listing>(std::move(out));
    // Not written in this transaction: what the file held at its start.
    cache_->Put(key, listing);
    return listing;
  }

  absl::StatusOr<SharedListing> List(
      const std::string& key,
      std::shared_ptr<const ListedStory> story) override {
    auto stories = Listed(key);
    if (!stories.ok()) return stories.status();
    ListedStories now = (*stories)->stories();
    if (CutAtListed(&now, story->summary.feed_event_id()))
      return std::make_shared<const Listing>(std::move(now));
    now.push_back(story);
    const bool trimmed = TrimListed(&now);
    written_[key] = std::make_shared<const Listing>(std::move(now));
    list_.Reset();
    list_.Text(1, key);
    list_.Text(2, story->summary.feed_event_id());
    list_.Blob(3, story->encoded);
    if (list_.Step() != SQLITE_DONE) return error_("index feed event");
    // Rows the key no longer lists; none until it lists kIndexedStories.
    if (trimmed) {
      prune_.Reset();
      prune_.Text(1, key);
      prune_.Int(2, static_cast<int64_t>(kIndexedStories));
      if (prune_.Step() != SQLITE_DONE) return error_("prune story index");
    }
    return stories;
  }

  // The transaction committed: what it listed is what the file holds.
  void Publish() {
    for (auto& [key, stories] : written_) cache_->Put(key, std::move(stories));
    written_.clear();
  }

 private:
  sqlite3* db_;
  ListedCache* const cache_;
  std::function<absl::Status(const char*)> error_;
  Stmt read_, create_, update_, listed_, list_, prune_;
  std::map<std::string, SharedListing> written_;
};

}  // namespace

SqliteStore::SqliteStore(sqlite3* db, std::string path, int merge_window_days,
                         const Clock& clock)
    : db_(db),
      path_(std::move(path)),
      merge_window_days_(merge_window_days),
      clock_(clock),
      statements_(std::make_unique<StatementCache>(db)) {}

absl::StatusOr<std::unique_ptr<SqliteStore>> SqliteStore::Open(
    const std::string& path, int merge_window_days, const Clock& clock) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(
          path.c_str(), &db,
          SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
          WalWriteCoalescingVfs()) != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return absl::UnavailableError(
        absl::StrCat("cannot open store ", path, ": ", msg));
  }
  std::unique_ptr<SqliteStore> store(
      new SqliteStore(db, path, merge_window_days, clock));
  sqlite3_busy_timeout(db, 10000);
  for (const char* sql :
       {"PRAGMA journal_mode=WAL",
        // Every commit reaches the disk before Submit acknowledges.
        "PRAGMA synchronous=FULL",
        // Merging reads stories and index rows all over the file: a page
        // cache of 8 MB (SQLite's default is 2 MB) keeps the hot ones in
        // memory. 32 MB was no faster (159 against 168 documents/s over
        // 10,000) and grew the coordinator by 18% during a soak as it
        // filled.
        "PRAGMA cache_size=-8192",
        "CREATE TABLE IF NOT EXISTS documents ("
        " seq INTEGER PRIMARY KEY AUTOINCREMENT,"
        " id TEXT NOT NULL UNIQUE,"
        " state INTEGER NOT NULL DEFAULT 0,"
        " attempts INTEGER NOT NULL DEFAULT 0,"
        " retry_after_micros INTEGER NOT NULL DEFAULT 0,"
        " submitted_micros INTEGER NOT NULL,"
        " updated_micros INTEGER NOT NULL,"
        " input BLOB NOT NULL,"
        " result BLOB)",
        "CREATE INDEX IF NOT EXISTS documents_state ON documents(state, seq)",
        "CREATE TABLE IF NOT EXISTS dead_letters ("
        " document_id TEXT PRIMARY KEY,"
        " stage TEXT NOT NULL,"
        " error TEXT NOT NULL,"
        " failed_micros INTEGER NOT NULL,"
        " document BLOB)",
        // The merge engine's storage (story_merger.h): each story with a
        // revision, and per index key the summaries of the stories listed
        // under it, oldest first.
        "CREATE TABLE IF NOT EXISTS stories ("
        " feed_event_id TEXT PRIMARY KEY,"
        " value BLOB NOT NULL,"
        " revision INTEGER NOT NULL)",
        "CREATE TABLE IF NOT EXISTS story_index ("
        " seq INTEGER PRIMARY KEY AUTOINCREMENT,"
        " key TEXT NOT NULL,"
        " feed_event_id TEXT NOT NULL,"
        " summary BLOB NOT NULL)",
        "CREATE INDEX IF NOT EXISTS story_index_key ON story_index(key, seq)",
        "CREATE TABLE IF NOT EXISTS feed ("
        " sequence INTEGER PRIMARY KEY AUTOINCREMENT,"
        " feed_event_id TEXT NOT NULL,"
        " revision INTEGER NOT NULL,"
        " record BLOB NOT NULL,"
        " UNIQUE(feed_event_id, revision))"}) {
    if (auto st = store->Exec(sql); !st.ok()) return st;
  }
  // The log's writes wait for its sync (wal_write_coalescing_vfs.h), which
  // only synchronous=FULL makes at every commit.
  {
    Stmt sync(db, "PRAGMA synchronous");
    if (!sync.ok() || sync.Step() != SQLITE_ROW || sync.ColumnInt(0) != 2)
      return absl::FailedPreconditionError(
          absl::StrCat("store ", path, ": synchronous=FULL did not take"));
  }
  if (auto st = store->MigrateFeedEvents(); !st.ok()) return st;
  if (auto st = store->OpenReader(); !st.ok()) return st;
  return store;
}

// Stores written before the merge engine kept stories in feed_events and
// their actor keys in feed_keys: both move to the engine's tables once, in
// one transaction, the keys in the order they were written.
absl::Status SqliteStore::MigrateFeedEvents() {
  absl::MutexLock lock(&mu_);
  {
    Stmt exists(db_,
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND "
                "name = 'feed_events'");
    if (!exists.ok()) return Error("prepare migration");
    if (exists.Step() != SQLITE_ROW) return absl::OkStatus();
  }
  Transaction tx(db_);
  if (!tx.ok()) return Error("begin migration");
  {
    // Statements finish before the tables they read are dropped.
    Stmt stories(
        db_,
        "INSERT OR IGNORE INTO stories (feed_event_id, value, revision) "
        "SELECT feed_event_id, body, 1 FROM feed_events");
    if (!stories.ok() || stories.Step() != SQLITE_DONE)
      return Error("migrate feed events");
    Stmt keys(db_,
              "SELECT k.key, k.type, e.body FROM feed_keys k JOIN feed_events "
              "e ON e.feed_event_id = k.feed_event_id ORDER BY k.rowid");
    Stmt list(db_,
              "INSERT INTO story_index (key, feed_event_id, summary) "
              "VALUES (?, ?, ?)");
    if (!keys.ok() || !list.ok()) return Error("prepare migration");
    while (keys.Step() == SQLITE_ROW) {
      v1::FeedEvent story;
      if (!story.ParseFromString(keys.ColumnBlob(2))) continue;
      list.Reset();
      list.Text(1, absl::StrCat("k.", keys.ColumnInt(1), ".",
                                absl::BytesToHexString(keys.ColumnText(0))));
      list.Text(2, story.feed_event_id());
      list.Blob(3, Summary(story).SerializeAsString());
      if (list.Step() != SQLITE_DONE) return Error("migrate feed keys");
    }
  }
  for (const char* sql : {"DROP TABLE feed_keys", "DROP TABLE feed_events"}) {
    if (auto st = Exec(sql); !st.ok()) return st;
  }
  if (!tx.Commit()) return Error("commit migration");
  return absl::OkStatus();
}

SqliteStore::~SqliteStore() {
  // Statements are finalized before their connections close.
  {
    absl::MutexLock lock(&read_mu_);
    read_statements_.reset();
    sqlite3_close(reader_);
  }
  statements_.reset();
  sqlite3_close(db_);
}

absl::Status SqliteStore::OpenReader() {
  absl::MutexLock lock(&read_mu_);
  if (sqlite3_open_v2(path_.c_str(), &reader_,
                      SQLITE_OPEN_READONLY | SQLITE_OPEN_FULLMUTEX,
                      WalWriteCoalescingVfs()) != SQLITE_OK) {
    return absl::UnavailableError(absl::StrCat(
        "cannot open store ", path_,
        " for reading: ", reader_ ? sqlite3_errmsg(reader_) : "out of memory"));
  }
  sqlite3_busy_timeout(reader_, 10000);
  read_statements_ = std::make_unique<StatementCache>(reader_);
  return absl::OkStatus();
}

absl::Status SqliteStore::ReadError(const char* what) {
  return absl::InternalError(
      absl::StrCat("store: ", what, ": ", sqlite3_errmsg(reader_)));
}

absl::Status SqliteStore::Exec(const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    return absl::InternalError(absl::StrCat("store: ", msg, " in: ", sql));
  }
  return absl::OkStatus();
}

absl::Status SqliteStore::Error(const char* what) {
  std::string message =
      absl::StrCat("store: ", what, ": ", sqlite3_errmsg(db_));
  // A row over SQLite's size limit will never fit; anything else may pass.
  const int code = sqlite3_errcode(db_);
  if (code == SQLITE_TOOBIG) return absl::ResourceExhaustedError(message);
  // A full disk says nothing about the document: Submit refuses, completion
  // waits, and both go on once space is freed.
  const int os_error = sqlite3_system_errno(db_);
  if (code == SQLITE_FULL || os_error == ENOSPC || os_error == EDQUOT) {
    return absl::UnavailableError(absl::StrCat(
        "store: ", what, ": the disk holding ", path_, " is full (",
        sqlite3_errmsg(db_), "); the coordinator goes on once space is freed"));
  }
  return absl::InternalError(message);
}

absl::StatusOr<std::vector<v1::SubmitResult>> SqliteStore::Accept(
    const std::vector<v1::Document>& docs) {
  absl::MutexLock lock(&mu_);
  Transaction tx(db_);
  if (!tx.ok()) return Error("begin");
  Stmt insert(*statements_,
              "INSERT OR IGNORE INTO documents (id, state, submitted_micros, "
              "updated_micros, input) VALUES (?, 0, ?, ?, ?)");
  if (!insert.ok()) return Error("prepare insert");
  std::vector<v1::SubmitResult> results;
  const int64_t now = NowMicros();
  for (const v1::Document& doc : docs) {
    v1::SubmitResult r;
    if (RefusedAtOnce(doc, &r)) {
      results.push_back(std::move(r));
      continue;
    }
    insert.Reset();
    insert.Text(1, doc.id());
    insert.Int(2, now);
    insert.Int(3, now);
    insert.Blob(4, doc.SerializeAsString());
    if (insert.Step() != SQLITE_DONE) return Error("insert document");
    r.set_duplicate(sqlite3_changes(db_) == 0);
    r.set_accepted(true);
    results.push_back(std::move(r));
  }
  if (!tx.Commit()) return Error("commit");
  return results;
}

absl::StatusOr<std::vector<PendingDocument>> SqliteStore::Pending(
    int limit, const std::vector<std::string>& exclude) {
  absl::MutexLock lock(&read_mu_);
  std::set<std::string> skip(exclude.begin(), exclude.end());
  Stmt q(*read_statements_,
         "SELECT id, input, attempts, submitted_micros FROM documents WHERE "
         "state = 0 AND "
         "retry_after_micros <= ? ORDER BY seq LIMIT ?");
  if (!q.ok()) return ReadError("prepare pending");
  q.Int(1, NowMicros());
  q.Int(2, limit + static_cast<int64_t>(skip.size()));
  std::vector<PendingDocument> out;
  while (q.Step() == SQLITE_ROW && static_cast<int>(out.size()) < limit) {
    if (skip.count(q.ColumnText(0))) continue;
    PendingDocument p;
    if (!p.document.ParseFromString(q.ColumnBlob(1))) {
      return absl::DataLossError(absl::StrCat(
          "store: document '", q.ColumnText(0), "' cannot be read back"));
    }
    p.attempts = static_cast<int>(q.ColumnInt(2));
    p.submitted_micros = q.ColumnInt(3);
    out.push_back(std::move(p));
  }
  return out;
}

Completion SqliteStore::CompleteEach(std::vector<v1::Document> results) {
  // Group commit: whoever holds the store next commits every batch queued
  // by then, its own and those of workers waiting behind it, in one
  // transaction (one sync to disk). Nobody waits for a group to fill; a
  // batch is completed, and its caller answered, only after its commit.
  GroupMember me;
  me.results = std::move(results);
  {
    absl::MutexLock lock(&queue_mu_);
    queue_.push_back(&me);
  }
  absl::MutexLock lock(&mu_);
  if (me.done) return std::move(me.completion);
  std::vector<GroupMember*> group;
  {
    absl::MutexLock lock(&queue_mu_);
    group.swap(queue_);
  }
  CompleteGroup(group);
  return std::move(me.completion);
}

void SqliteStore::CompleteGroup(const std::vector<GroupMember*>& group) {
  std::vector<v1::Document*> all;
  for (GroupMember* m : group)
    for (v1::Document& r : m->results) all.push_back(&r);
  std::vector<int> appended(all.size(), 0);
  // One transaction for the whole group; if it fails, one per document, so
  // that a document the store refuses fails alone.
  absl::Status status = CompleteInOneTransaction(all, &appended);
  std::vector<absl::Status> statuses(all.size(), status);
  if (!status.ok() && all.size() > 1) {
    for (size_t i = 0; i < all.size(); ++i) {
      std::vector<int> one(1, 0);
      statuses[i] = CompleteInOneTransaction({all[i]}, &one);
      appended[i] = one[0];
    }
  }
  size_t next = 0;
  for (GroupMember* m : group) {
    for (size_t k = 0; k < m->results.size(); ++k, ++next) {
      m->completion.documents.push_back(statuses[next]);
      if (statuses[next].ok()) m->completion.feed_records += appended[next];
    }
    m->done = true;
  }
}

absl::Status SqliteStore::CompleteInOneTransaction(
    const std::vector<v1::Document*>& results, std::vector<int>* appended) {
  Transaction tx(db_);
  if (!tx.ok()) return Error("begin");
  const int64_t now = NowMicros();
  Stmt state(*statements_, "SELECT state FROM documents WHERE id = ?");
  Stmt append(
      db_,
      "INSERT INTO feed (feed_event_id, revision, record) VALUES (?, ?, ?)");
  Stmt done(*statements_,
            "UPDATE documents SET state = 1, result = ?, updated_micros = ? "
            "WHERE id = ?");
  if (auto st = ForgetOtherWriters(); !st.ok()) return st;
  SqliteStoryIndex index(
      db_, *statements_, &listed_cache_,
      [this](const char* what)
          ABSL_NO_THREAD_SAFETY_ANALYSIS { return Error(what); });
  if (!state.ok() || !append.ok() || !done.ok() || !index.ok()) {
    return Error("prepare completion");
  }
  StoryMerger merger(&index, merge_window_days_);
  for (size_t d = 0; d < results.size(); ++d) {
    v1::Document& result = *results[d];
    state.Reset();
    state.Text(1, result.id());
    if (state.Step() != SQLITE_ROW) {
      return absl::NotFoundError(
          absl::StrCat("document '", result.id(), "' is not stored"));
    }
    if (state.ColumnInt(0) != kPending) continue;  // already finished
    for (int i = 0; i < result.events_size(); ++i) {
      v1::Event* ev = result.mutable_events(i);
      // A document is completed once (its state says so), never again.
      auto story = merger.Merge(*ev, result, now, /*redelivered=*/false);
      if (!story.ok()) return story.status();
      ev->set_feed_event_id(story->feed_event_id());
      const v1::FeedRecord record = FeedRecordOf(*story);
      append.Reset();
      append.Text(1, story->feed_event_id());
      append.Int(2, story->revision());
      append.Blob(3, record.SerializeAsString());
      if (append.Step() != SQLITE_DONE) return Error("append feed record");
      ++(*appended)[d];
    }
    for (const v1::Quote& q : result.quotes()) {
      auto quote = MergeQuote(index, q, result, now);
      if (!quote.ok()) return quote.status();
      if (!quote->has_value()) continue;  // no speaker
      append.Reset();
      append.Text(1, (*quote)->feed_quote_id());
      append.Int(2, (*quote)->revision());
      append.Blob(3, FeedRecordOfQuote(**quote).SerializeAsString());
      if (append.Step() != SQLITE_DONE) return Error("append quote record");
      ++(*appended)[d];
    }
    result.clear_raw();  // the input row keeps the raw bytes
    done.Reset();
    done.Blob(1, result.SerializeAsString());
    done.Int(2, now);
    done.Text(3, result.id());
    if (done.Step() != SQLITE_DONE) return Error("mark done");
  }
  if (!tx.Commit()) return Error("commit");
  index.Publish();
  return absl::OkStatus();
}

absl::Status SqliteStore::ForgetOtherWriters() {
  Stmt version(*statements_, "PRAGMA data_version");
  if (!version.ok() || version.Step() != SQLITE_ROW)
    return Error("read data version");
  const int64_t now = version.ColumnInt(0);
  if (now != data_version_) listed_cache_.Clear();
  data_version_ = now;
  return absl::OkStatus();
}

absl::Status SqliteStore::DeadLetter(const std::string& id,
                                     const std::string& stage,
                                     const std::string& error,
                                     const v1::Document& doc) {
  absl::MutexLock lock(&mu_);
  Transaction tx(db_);
  if (!tx.ok()) return Error("begin");
  const int64_t now = NowMicros();
  Stmt ins(*statements_,
           "INSERT OR REPLACE INTO dead_letters (document_id, stage, error, "
           "failed_micros, document) VALUES (?, ?, ?, ?, ?)");
  ins.Text(1, id);
  ins.Text(2, stage);
  ins.Text(3, error);
  ins.Int(4, now);
  ins.Blob(5, doc.SerializeAsString());
  if (ins.Step() != SQLITE_DONE) return Error("insert dead letter");
  Stmt upd(*statements_,
           "UPDATE documents SET state = 2, updated_micros = ? WHERE id = ? "
           "AND state = 0");
  upd.Int(1, now);
  upd.Text(2, id);
  if (upd.Step() != SQLITE_DONE) return Error("mark dead");
  if (!tx.Commit()) return Error("commit");
  return absl::OkStatus();
}

absl::Status SqliteStore::Requeue(const std::string& id) {
  return RequeueWith(id, nullptr);
}

absl::Status SqliteStore::ReplaceDeadLetter(const v1::Document& input) {
  return RequeueWith(input.id(), &input);
}

absl::Status SqliteStore::RequeueWith(const std::string& id,
                                      const v1::Document* input) {
  absl::MutexLock lock(&mu_);
  Transaction tx(db_);
  if (!tx.ok()) return Error("begin");
  // The documents row still holds the input as submitted.
  Stmt del(*statements_, "DELETE FROM dead_letters WHERE document_id = ?");
  del.Text(1, id);
  if (del.Step() != SQLITE_DONE) return Error("remove dead letter");
  if (sqlite3_changes(db_) == 0) {
    return absl::NotFoundError(
        absl::StrCat("document '", id, "' has no dead letter"));
  }
  Stmt upd(*statements_,
           "UPDATE documents SET state = 0, attempts = 0, retry_after_micros "
           "= 0, updated_micros = ?, input = coalesce(?, input) WHERE id = ? "
           "AND state = 2");
  upd.Int(1, NowMicros());
  if (input != nullptr) {
    upd.Blob(2, input->SerializeAsString());
  } else {
    upd.Null(2);
  }
  upd.Text(3, id);
  if (upd.Step() != SQLITE_DONE) return Error("requeue");
  if (!tx.Commit()) return Error("commit");
  return absl::OkStatus();
}

absl::StatusOr<int> SqliteStore::RecordAttempt(const std::string& id,
                                               int delay_ms, bool counts) {
  absl::MutexLock lock(&mu_);
  Stmt upd(*statements_,
           "UPDATE documents SET attempts = attempts + ?, retry_after_micros "
           "= ?, updated_micros = ? WHERE id = ? RETURNING attempts");
  const int64_t now = NowMicros();
  upd.Int(1, counts ? 1 : 0);
  upd.Int(2, now + int64_t{delay_ms} * 1000);
  upd.Int(3, now);
  upd.Text(4, id);
  if (upd.Step() != SQLITE_ROW) return Error("record attempt");
  int attempts = static_cast<int>(upd.ColumnInt(0));
  upd.Step();
  return attempts;
}

absl::StatusOr<std::vector<v1::FeedRecord>> SqliteStore::ReadFeed(
    uint64_t after, int limit) {
  absl::MutexLock lock(&read_mu_);
  Stmt q(*read_statements_,
         "SELECT sequence, record FROM feed WHERE sequence > ? ORDER BY "
         "sequence LIMIT ?");
  q.Int(1, static_cast<int64_t>(after));
  q.Int(2, limit);
  std::vector<v1::FeedRecord> out;
  while (q.Step() == SQLITE_ROW) {
    v1::FeedRecord r;
    if (!r.ParseFromString(q.ColumnBlob(1)))
      return ReadError("read feed record");
    r.set_sequence(static_cast<uint64_t>(q.ColumnInt(0)));
    out.push_back(std::move(r));
  }
  return out;
}

namespace {

// A row of SELECT document_id, stage, error, failed_micros, document.
v1::DeadLetter DeadLetterOfRow(Stmt& q, bool with_documents) {
  v1::DeadLetter d;
  d.set_document_id(q.ColumnText(0));
  d.set_stage(q.ColumnText(1));
  d.set_error(q.ColumnText(2));
  d.set_failed_micros(q.ColumnInt(3));
  if (with_documents) d.mutable_document()->ParseFromString(q.ColumnBlob(4));
  return d;
}

}  // namespace

absl::StatusOr<std::vector<v1::DeadLetter>> SqliteStore::DeadLetters(
    int limit, bool with_documents) {
  absl::MutexLock lock(&read_mu_);
  Stmt q(*read_statements_,
         "SELECT document_id, stage, error, failed_micros, document FROM "
         "dead_letters ORDER BY failed_micros LIMIT ?");
  q.Int(1, limit);
  std::vector<v1::DeadLetter> out;
  while (q.Step() == SQLITE_ROW)
    out.push_back(DeadLetterOfRow(q, with_documents));
  return out;
}

absl::StatusOr<std::vector<v1::DeadLetter>> SqliteStore::DeadLettersOf(
    const std::vector<std::string>& ids, bool with_documents) {
  absl::MutexLock lock(&read_mu_);
  Stmt q(*read_statements_,
         "SELECT document_id, stage, error, failed_micros, document FROM "
         "dead_letters WHERE document_id = ?");
  std::vector<v1::DeadLetter> out;
  for (const std::string& id : ids) {
    q.Reset();
    q.Text(1, id);
    if (q.Step() == SQLITE_ROW)
      out.push_back(DeadLetterOfRow(q, with_documents));
  }
  return out;
}

absl::Status SqliteStore::ForEachDocument(
    const std::vector<std::string>& ids, bool include_raw,
    const std::function<bool(const v1::Document&)>& visit) {
  absl::MutexLock lock(&read_mu_);
  const auto visit_row = [&](Stmt& q) -> bool {
    v1::Document d;
    if (!d.ParseFromString(q.ColumnBlob(0))) return true;
    if (include_raw) {
      // The result row drops the raw bytes; the input row keeps them.
      v1::Document input;
      if (input.ParseFromString(q.ColumnBlob(1)))
        d.set_raw(std::move(*input.mutable_raw()));
    }
    return visit(d);
  };
  // The input column only when asked for: it is as large as the page.
  if (ids.empty()) {
    Stmt q(*read_statements_,
           include_raw ? "SELECT result, input FROM documents WHERE state = 1 "
                         "ORDER BY seq"
                       : "SELECT result FROM documents WHERE state = 1 "
                         "ORDER BY seq");
    while (q.Step() == SQLITE_ROW) {
      if (!visit_row(q)) break;
    }
    return absl::OkStatus();
  }
  Stmt q(*read_statements_,
         include_raw
             ? "SELECT result, input FROM documents WHERE state = 1 "
               "AND id = ?"
             : "SELECT result FROM documents WHERE state = 1 AND id = ?");
  for (const std::string& id : ids) {
    q.Reset();
    q.Text(1, id);
    if (q.Step() == SQLITE_ROW && !visit_row(q)) break;
  }
  return absl::OkStatus();
}

absl::StatusOr<StoreCounts> SqliteStore::Counts() {
  absl::MutexLock lock(&read_mu_);
  StoreCounts c;
  Stmt q(*read_statements_,
         "SELECT state, COUNT(*) FROM documents GROUP BY state");
  while (q.Step() == SQLITE_ROW) {
    uint64_t n = static_cast<uint64_t>(q.ColumnInt(1));
    c.accepted += n;
    switch (q.ColumnInt(0)) {
      case kPending:
        c.pending = n;
        break;
      case kDone:
        c.done = n;
        break;
      case kDead:
        c.dead = n;
        break;
    }
  }
  Stmt f(*read_statements_,
         "SELECT COUNT(*), COALESCE(MAX(sequence), 0) FROM feed");
  if (f.Step() == SQLITE_ROW) {
    c.feed_records = static_cast<uint64_t>(f.ColumnInt(0));
    c.last_sequence = static_cast<uint64_t>(f.ColumnInt(1));
  }
  return c;
}

}  // namespace eventwire::coordinator
