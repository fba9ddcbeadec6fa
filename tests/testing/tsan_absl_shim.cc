// ThreadSanitizer sees the locks it intercepts (pthread) and code built with
// it. Debian's Abseil is built without it, and its Mutex waits on futexes of
// its own: to ThreadSanitizer every absl::Mutex would be no lock at all, and
// every guarded field a race. Linked into the ThreadSanitizer build only, this
// file interposes the Mutex and CondVar entry points (the executable's
// definitions win over the shared library's), calls the real ones, and tells
// ThreadSanitizer what they did: a release before letting go of the lock, an
// acquire once holding it. Conditions that Abseil evaluates inside its own
// code (Await, LockWhen, and when it wakes waiters in Unlock) only read
// guarded state under the lock; reads there are not checked.
#include <dlfcn.h>
#include <sanitizer/tsan_interface.h>

#include <cstdio>
#include <cstdlib>

#include "absl/synchronization/mutex.h"

extern "C" {
void AnnotateIgnoreReadsBegin(const char* file, int line);
void AnnotateIgnoreReadsEnd(const char* file, int line);
}

namespace {

template <typename Fn>
Fn Real(const char* symbol) {
  void* fn = dlsym(RTLD_NEXT, symbol);
  if (fn == nullptr) {
    std::fprintf(stderr, "tsan_absl_shim: %s not found: %s\n", symbol,
                 dlerror());
    std::abort();
  }
  return reinterpret_cast<Fn>(fn);
}

// Reads inside the real call are not checked (see above).
class IgnoreReads {
 public:
  IgnoreReads() { AnnotateIgnoreReadsBegin(__FILE__, __LINE__); }
  ~IgnoreReads() { AnnotateIgnoreReadsEnd(__FILE__, __LINE__); }
};

#define EW_REAL(type, mangled) static const auto real = Real<type>(mangled)

}  // namespace

namespace absl {
ABSL_NAMESPACE_BEGIN

using MutexFn = void (*)(Mutex*);
using TryFn = bool (*)(Mutex*);
using AwaitFn = void (*)(Mutex*, const Condition&);
using AwaitTimeoutFn = bool (*)(Mutex*, const Condition&, Duration);
using AwaitDeadlineFn = bool (*)(Mutex*, const Condition&, Time);

void Mutex::Lock() {
  EW_REAL(MutexFn, "_ZN4absl7debian35Mutex4LockEv");
  real(this);
  __tsan_acquire(this);
}

void Mutex::ReaderLock() {
  EW_REAL(MutexFn, "_ZN4absl7debian35Mutex10ReaderLockEv");
  real(this);
  __tsan_acquire(this);
}

bool Mutex::TryLock() {
  EW_REAL(TryFn, "_ZN4absl7debian35Mutex7TryLockEv");
  bool held = real(this);
  if (held) __tsan_acquire(this);
  return held;
}

bool Mutex::ReaderTryLock() {
  EW_REAL(TryFn, "_ZN4absl7debian35Mutex13ReaderTryLockEv");
  bool held = real(this);
  if (held) __tsan_acquire(this);
  return held;
}

void Mutex::Unlock() {
  EW_REAL(MutexFn, "_ZN4absl7debian35Mutex6UnlockEv");
  __tsan_release(this);
  IgnoreReads ignore;
  real(this);
}

void Mutex::ReaderUnlock() {
  EW_REAL(MutexFn, "_ZN4absl7debian35Mutex12ReaderUnlockEv");
  __tsan_release(this);
  IgnoreReads ignore;
  real(this);
}

void Mutex::Await(const Condition& cond) {
  EW_REAL(AwaitFn, "_ZN4absl7debian35Mutex5AwaitERKNS0_9ConditionE");
  __tsan_release(this);
  {
    IgnoreReads ignore;
    real(this, cond);
  }
  __tsan_acquire(this);
}

bool Mutex::AwaitWithTimeout(const Condition& cond, Duration timeout) {
  EW_REAL(AwaitTimeoutFn,
          "_ZN4absl7debian35Mutex16AwaitWithTimeoutERKNS0_9ConditionENS0_"
          "8DurationE");
  __tsan_release(this);
  bool met;
  {
    IgnoreReads ignore;
    met = real(this, cond, timeout);
  }
  __tsan_acquire(this);
  return met;
}

bool Mutex::AwaitWithDeadline(const Condition& cond, Time deadline) {
  EW_REAL(AwaitDeadlineFn,
          "_ZN4absl7debian35Mutex17AwaitWithDeadlineERKNS0_9ConditionENS0_"
          "4TimeE");
  __tsan_release(this);
  bool met;
  {
    IgnoreReads ignore;
    met = real(this, cond, deadline);
  }
  __tsan_acquire(this);
  return met;
}

void Mutex::LockWhen(const Condition& cond) {
  EW_REAL(AwaitFn, "_ZN4absl7debian35Mutex8LockWhenERKNS0_9ConditionE");
  {
    IgnoreReads ignore;
    real(this, cond);
  }
  __tsan_acquire(this);
}

bool Mutex::LockWhenWithTimeout(const Condition& cond, Duration timeout) {
  EW_REAL(AwaitTimeoutFn,
          "_ZN4absl7debian35Mutex19LockWhenWithTimeoutERKNS0_9ConditionENS0_"
          "8DurationE");
  bool met;
  {
    IgnoreReads ignore;
    met = real(this, cond, timeout);
  }
  __tsan_acquire(this);
  return met;
}

bool Mutex::LockWhenWithDeadline(const Condition& cond, Time deadline) {
  EW_REAL(AwaitDeadlineFn,
          "_ZN4absl7debian35Mutex20LockWhenWithDeadlineERKNS0_9ConditionENS0_"
          "4TimeE");
  bool met;
  {
    IgnoreReads ignore;
    met = real(this, cond, deadline);
  }
  __tsan_acquire(this);
  return met;
}

void CondVar::Wait(Mutex* mu) {
  using Fn = void (*)(CondVar*, Mutex*);
  EW_REAL(Fn, "_ZN4absl7debian37CondVar4WaitEPNS0_5MutexE");
  __tsan_release(mu);
  {
    IgnoreReads ignore;
    real(this, mu);
  }
  __tsan_acquire(mu);
}

bool CondVar::WaitWithTimeout(Mutex* mu, Duration timeout) {
  using Fn = bool (*)(CondVar*, Mutex*, Duration);
  EW_REAL(Fn,
          "_ZN4absl7debian37CondVar15WaitWithTimeoutEPNS0_5MutexENS0_"
          "8DurationE");
  __tsan_release(mu);
  bool timed_out;
  {
    IgnoreReads ignore;
    timed_out = real(this, mu, timeout);
  }
  __tsan_acquire(mu);
  return timed_out;
}

bool CondVar::WaitWithDeadline(Mutex* mu, Time deadline) {
  using Fn = bool (*)(CondVar*, Mutex*, Time);
  EW_REAL(Fn,
          "_ZN4absl7debian37CondVar16WaitWithDeadlineEPNS0_5MutexENS0_4TimeE");
  __tsan_release(mu);
  bool timed_out;
  {
    IgnoreReads ignore;
    timed_out = real(this, mu, deadline);
  }
  __tsan_acquire(mu);
  return timed_out;
}

ABSL_NAMESPACE_END
}  // namespace absl
