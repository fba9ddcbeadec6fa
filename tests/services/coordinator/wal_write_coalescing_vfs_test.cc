// The log-gathering VFS: what a commit wrote is what another connection, on
// SQLite's own VFS, reads right after it; commits far larger than one write
// of the platform's VFS (128 KiB) and many in a row survive reopening.
#include "wal_write_coalescing_vfs.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <string>

namespace eventwire::coordinator {
namespace {
namespace fs = std::filesystem;

class WalWriteCoalescingVfsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) /
           ("ew-vfs-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    path_ = (dir_ / "db").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  sqlite3* OpenDb(const char* vfs) {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open_v2(path_.c_str(), &db,
                              SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, vfs),
              SQLITE_OK);
    Exec(db, "PRAGMA journal_mode=WAL");
    Exec(db, "PRAGMA synchronous=FULL");
    return db;
  }
  static void Exec(sqlite3* db, const std::string& sql) {
    char* error = nullptr;
    EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error),
              SQLITE_OK)
        << (error ? error : "");
    sqlite3_free(error);
  }
  static int64_t Scalar(sqlite3* db, const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr),
              SQLITE_OK);
    int64_t out = -1;
    if (sqlite3_step(stmt) == SQLITE_ROW) out = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    return out;
  }

  fs::path dir_;
  std::string path_;
};

TEST_F(WalWriteCoalescingVfsTest, ACommitIsReadableAtOnceElsewhere) {
  ASSERT_NE(WalWriteCoalescingVfs(), nullptr);
  sqlite3* writer = OpenDb(WalWriteCoalescingVfs());
  Exec(writer, "CREATE TABLE t (k INTEGER PRIMARY KEY, v BLOB)");
  // A reader on SQLite's own VFS sees each commit as soon as it returns.
  sqlite3* reader = OpenDb(nullptr);
  for (int round = 1; round <= 20; ++round) {
    Exec(writer, "BEGIN IMMEDIATE");
    for (int i = 0; i < 10; ++i)
      Exec(writer, "INSERT INTO t (v) VALUES (randomblob(3000))");
    Exec(writer, "COMMIT");
    EXPECT_EQ(Scalar(reader, "SELECT count(*) FROM t"), round * 10);
  }
  sqlite3_close(reader);
  sqlite3_close(writer);
}

TEST_F(WalWriteCoalescingVfsTest, CommitsLargerThanOneWriteSurviveReopening) {
  sqlite3* writer = OpenDb(WalWriteCoalescingVfs());
  Exec(writer, "CREATE TABLE t (k INTEGER PRIMARY KEY, v BLOB)");
  // 2 MB in one commit (hundreds of pages, far over 128 KiB), then many
  // small commits, past the automatic checkpoint's 1,000 pages.
  Exec(writer, "BEGIN IMMEDIATE");
  for (int i = 0; i < 500; ++i)
    Exec(writer, "INSERT INTO t (v) VALUES (zeroblob(4000))");
  Exec(writer, "COMMIT");
  for (int i = 0; i < 1500; ++i)
    Exec(writer, "INSERT INTO t (v) VALUES (randomblob(1000))");
  sqlite3_close(writer);
  sqlite3* plain = OpenDb(nullptr);
  EXPECT_EQ(Scalar(plain, "SELECT count(*) FROM t"), 2000);
  EXPECT_EQ(Scalar(plain, "SELECT sum(length(v)) FROM t"),
            500 * 4000 + 1500 * 1000);
  sqlite3_stmt* check = nullptr;
  ASSERT_EQ(
      sqlite3_prepare_v2(plain, "PRAGMA integrity_check", -1, &check, nullptr),
      SQLITE_OK);
  ASSERT_EQ(sqlite3_step(check), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(check, 0)),
               "ok");
  sqlite3_finalize(check);
  sqlite3_close(plain);
}

}  // namespace
}  // namespace eventwire::coordinator
