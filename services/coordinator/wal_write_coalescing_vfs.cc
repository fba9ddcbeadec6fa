#include "wal_write_coalescing_vfs.h"

#include <sqlite3.h>

#include <algorithm>
#include <cstring>
#include <mutex>
#include <string>

namespace eventwire::coordinator {
// Its own namespace: a unity build compiles this file with others whose
// anonymous namespaces would meet these short names (File, Read, Open).
namespace wal_coalescing {
namespace {

constexpr char kVfsName[] = "eventwire-wal-coalescing";
// A commit larger than this goes out before its sync, in several writes.
constexpr size_t kMaxPending = 4 << 20;
// The unix VFS writes at most 128 KiB - 1 bytes a call (it masks larger
// amounts and reports the disk full).
constexpr size_t kMaxWrite = 124 << 10;

sqlite3_vfs* real_vfs = nullptr;

// The file SQLite holds: our methods, then the platform's file. Only a
// write-ahead log buffers; every other file passes straight through.
struct File {
  sqlite3_file base;
  sqlite3_file* real;
  bool is_wal;
  std::string* pending;      // appended frames not yet written
  sqlite3_int64 pending_at;  // the log offset of pending's first byte
};

int Flush(File* f) {
  if (!f->pending || f->pending->empty()) return SQLITE_OK;
  int rc = SQLITE_OK;
  for (size_t done = 0; done < f->pending->size() && rc == SQLITE_OK;) {
    const size_t piece = std::min(kMaxWrite, f->pending->size() - done);
    rc = f->real->pMethods->xWrite(
        f->real, f->pending->data() + done, static_cast<int>(piece),
        f->pending_at + static_cast<sqlite3_int64>(done));
    done += piece;
  }
  f->pending->clear();
  return rc;
}

int Close(sqlite3_file* file) {
  File* f = reinterpret_cast<File*>(file);
  const int flushed = Flush(f);
  const int rc = f->real->pMethods->xClose(f->real);
  delete f->pending;
  f->pending = nullptr;
  return flushed != SQLITE_OK ? flushed : rc;
}

int Read(sqlite3_file* file, void* out, int amount, sqlite3_int64 offset) {
  File* f = reinterpret_cast<File*>(file);
  if (int rc = Flush(f); rc != SQLITE_OK) return rc;
  return f->real->pMethods->xRead(f->real, out, amount, offset);
}

int Write(sqlite3_file* file, const void* data, int amount,
          sqlite3_int64 offset) {
  File* f = reinterpret_cast<File*>(file);
  if (!f->is_wal)
    return f->real->pMethods->xWrite(f->real, data, amount, offset);
  // Frames follow one another; anything else (the log restarted at its
  // head, a rewritten frame) first writes out what is pending.
  if (!f->pending->empty() &&
      offset !=
          f->pending_at + static_cast<sqlite3_int64>(f->pending->size())) {
    if (int rc = Flush(f); rc != SQLITE_OK) return rc;
  }
  if (f->pending->empty()) f->pending_at = offset;
  f->pending->append(static_cast<const char*>(data), amount);
  if (f->pending->size() >= kMaxPending) return Flush(f);
  return SQLITE_OK;
}

int Truncate(sqlite3_file* file, sqlite3_int64 size) {
  File* f = reinterpret_cast<File*>(file);
  if (int rc = Flush(f); rc != SQLITE_OK) return rc;
  return f->real->pMethods->xTruncate(f->real, size);
}

int Sync(sqlite3_file* file, int flags) {
  File* f = reinterpret_cast<File*>(file);
  if (int rc = Flush(f); rc != SQLITE_OK) return rc;
  return f->real->pMethods->xSync(f->real, flags);
}

int FileSize(sqlite3_file* file, sqlite3_int64* size) {
  File* f = reinterpret_cast<File*>(file);
  if (int rc = Flush(f); rc != SQLITE_OK) return rc;
  return f->real->pMethods->xFileSize(f->real, size);
}

int Lock(sqlite3_file* file, int level) {
  File* f = reinterpret_cast<File*>(file);
  return f->real->pMethods->xLock(f->real, level);
}

int Unlock(sqlite3_file* file, int level) {
  File* f = reinterpret_cast<File*>(file);
  if (int rc = Flush(f); rc != SQLITE_OK) return rc;
  return f->real->pMethods->xUnlock(f->real, level);
}

int CheckReservedLock(sqlite3_file* file, int* out) {
  File* f = reinterpret_cast<File*>(file);
  return f->real->pMethods->xCheckReservedLock(f->real, out);
}

int FileControl(sqlite3_file* file, int op, void* arg) {
  File* f = reinterpret_cast<File*>(file);
  return f->real->pMethods->xFileControl(f->real, op, arg);
}

int SectorSize(sqlite3_file* file) {
  File* f = reinterpret_cast<File*>(file);
  return f->real->pMethods->xSectorSize(f->real);
}

int DeviceCharacteristics(sqlite3_file* file) {
  File* f = reinterpret_cast<File*>(file);
  return f->real->pMethods->xDeviceCharacteristics(f->real);
}

int ShmMap(sqlite3_file* file, int page, int size, int extend,
           void volatile** out) {
  File* f = reinterpret_cast<File*>(file);
  return f->real->pMethods->xShmMap(f->real, page, size, extend, out);
}

int ShmLock(sqlite3_file* file, int offset, int n, int flags) {
  File* f = reinterpret_cast<File*>(file);
  return f->real->pMethods->xShmLock(f->real, offset, n, flags);
}

void ShmBarrier(sqlite3_file* file) {
  File* f = reinterpret_cast<File*>(file);
  f->real->pMethods->xShmBarrier(f->real);
}

int ShmUnmap(sqlite3_file* file, int delete_flag) {
  File* f = reinterpret_cast<File*>(file);
  return f->real->pMethods->xShmUnmap(f->real, delete_flag);
}

int Fetch(sqlite3_file* file, sqlite3_int64 offset, int amount, void** out) {
  File* f = reinterpret_cast<File*>(file);
  if (int rc = Flush(f); rc != SQLITE_OK) return rc;
  return f->real->pMethods->xFetch(f->real, offset, amount, out);
}

int Unfetch(sqlite3_file* file, sqlite3_int64 offset, void* page) {
  File* f = reinterpret_cast<File*>(file);
  return f->real->pMethods->xUnfetch(f->real, offset, page);
}

// Version 3 (shared memory and memory mapping), as the platform's unix and
// win32 files are; Open checks that the real file is at least that.
const sqlite3_io_methods kMethods = {3,
                                     Close,
                                     Read,
                                     Write,
                                     Truncate,
                                     Sync,
                                     FileSize,
                                     Lock,
                                     Unlock,
                                     CheckReservedLock,
                                     FileControl,
                                     SectorSize,
                                     DeviceCharacteristics,
                                     ShmMap,
                                     ShmLock,
                                     ShmBarrier,
                                     ShmUnmap,
                                     Fetch,
                                     Unfetch};

int Open(sqlite3_vfs* vfs, const char* name, sqlite3_file* file, int flags,
         int* out_flags) {
  File* f = reinterpret_cast<File*>(file);
  f->base.pMethods = nullptr;
  f->real = reinterpret_cast<sqlite3_file*>(f + 1);
  f->is_wal = (flags & SQLITE_OPEN_WAL) != 0;
  f->pending = nullptr;
  f->pending_at = 0;
  const int rc = real_vfs->xOpen(real_vfs, name, f->real, flags, out_flags);
  if (rc != SQLITE_OK || f->real->pMethods == nullptr) return rc;
  if (f->real->pMethods->iVersion < 3) {
    // Nothing to wrap it with safely: refuse rather than guess.
    f->real->pMethods->xClose(f->real);
    return SQLITE_CANTOPEN;
  }
  if (f->is_wal) f->pending = new std::string;
  f->base.pMethods = &kMethods;
  return SQLITE_OK;
}

int Delete(sqlite3_vfs*, const char* name, int sync_dir) {
  return real_vfs->xDelete(real_vfs, name, sync_dir);
}
int Access(sqlite3_vfs*, const char* name, int flags, int* out) {
  return real_vfs->xAccess(real_vfs, name, flags, out);
}
int FullPathname(sqlite3_vfs*, const char* name, int n, char* out) {
  return real_vfs->xFullPathname(real_vfs, name, n, out);
}
void* DlOpen(sqlite3_vfs*, const char* name) {
  return real_vfs->xDlOpen(real_vfs, name);
}
void DlError(sqlite3_vfs*, int n, char* out) {
  real_vfs->xDlError(real_vfs, n, out);
}
void (*DlSym(sqlite3_vfs*, void* handle, const char* symbol))(void) {
  return real_vfs->xDlSym(real_vfs, handle, symbol);
}
void DlClose(sqlite3_vfs*, void* handle) {
  real_vfs->xDlClose(real_vfs, handle);
}
int Randomness(sqlite3_vfs*, int n, char* out) {
  return real_vfs->xRandomness(real_vfs, n, out);
}
int Sleep(sqlite3_vfs*, int micros) {
  return real_vfs->xSleep(real_vfs, micros);
}
int CurrentTime(sqlite3_vfs*, double* out) {
  return real_vfs->xCurrentTime(real_vfs, out);
}
int GetLastError(sqlite3_vfs*, int n, char* out) {
  return real_vfs->xGetLastError ? real_vfs->xGetLastError(real_vfs, n, out)
                                 : 0;
}
int CurrentTimeInt64(sqlite3_vfs*, sqlite3_int64* out) {
  if (real_vfs->iVersion >= 2 && real_vfs->xCurrentTimeInt64)
    return real_vfs->xCurrentTimeInt64(real_vfs, out);
  double days = 0;
  const int rc = real_vfs->xCurrentTime(real_vfs, &days);
  *out = static_cast<sqlite3_int64>(days * 86400000.0);
  return rc;
}

sqlite3_vfs vfs;

const char* Register() {
  static std::once_flag once;
  static bool registered = false;
  std::call_once(once, [] {
    real_vfs = sqlite3_vfs_find(nullptr);
    if (real_vfs == nullptr) return;
    std::memset(&vfs, 0, sizeof(vfs));
    vfs.iVersion = 2;
    vfs.szOsFile = static_cast<int>(sizeof(File)) + real_vfs->szOsFile;
    vfs.mxPathname = real_vfs->mxPathname;
    vfs.zName = kVfsName;
    vfs.xOpen = Open;
    vfs.xDelete = Delete;
    vfs.xAccess = Access;
    vfs.xFullPathname = FullPathname;
    vfs.xDlOpen = DlOpen;
    vfs.xDlError = DlError;
    vfs.xDlSym = DlSym;
    vfs.xDlClose = DlClose;
    vfs.xRandomness = Randomness;
    vfs.xSleep = Sleep;
    vfs.xCurrentTime = CurrentTime;
    vfs.xGetLastError = GetLastError;
    vfs.xCurrentTimeInt64 = CurrentTimeInt64;
    registered = sqlite3_vfs_register(&vfs, /*makeDflt=*/0) == SQLITE_OK;
  });
  return registered ? kVfsName : nullptr;
}

}  // namespace
}  // namespace wal_coalescing

const char* WalWriteCoalescingVfs() { return wal_coalescing::Register(); }

}  // namespace eventwire::coordinator
