// An SQLite VFS over the platform's own that gathers the frames a commit
// appends to the write-ahead log and hands them to the operating system in
// one write, just before the log is synced. SQLite writes every frame as
// two system calls (its header, then its page); a commit of a few hundred
// pages cost more in calls than in bytes on this project's machines.
//
// Durability is unchanged for a connection that syncs the log at every
// commit (synchronous=FULL, as SqliteStore sets): what SQLite syncs is on
// disk when the sync returns, and no reader learns of a frame (through the
// wal-index) before that sync. Under synchronous=NORMAL a commit is not
// synced, so its frames could sit in the buffer while the wal-index already
// lists them: use this VFS only with synchronous=FULL.
#ifndef EVENTWIRE_SERVICES_COORDINATOR_WAL_WRITE_COALESCING_VFS_H_
#define EVENTWIRE_SERVICES_COORDINATOR_WAL_WRITE_COALESCING_VFS_H_

namespace eventwire::coordinator {

// The VFS's name for sqlite3_open_v2, registered (not as the default) on
// the first call; null when SQLite has no default VFS to wrap.
const char* WalWriteCoalescingVfs();

}  // namespace eventwire::coordinator

#endif  // EVENTWIRE_SERVICES_COORDINATOR_WAL_WRITE_COALESCING_VFS_H_
