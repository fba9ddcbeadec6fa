// Where code that schedules by wall time reads it, so that tests can move
// time on instead of waiting for it (a retry after a minute's back-off is
// tested in microseconds).
#ifndef EVENTWIRE_SRC_EVENTWIRE_CLOCK_H_
#define EVENTWIRE_SRC_EVENTWIRE_CLOCK_H_

#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace eventwire {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual absl::Time Now() const = 0;
  // The system's clock.
  static const Clock& Real();
};

// A clock that stands still until told: for tests.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(absl::Time start = absl::FromUnixSeconds(1735689600))
      : now_(start) {}
  absl::Time Now() const override {
    absl::MutexLock lock(&mu_);
    return now_;
  }
  void Advance(absl::Duration d) {
    absl::MutexLock lock(&mu_);
    now_ += d;
  }

 private:
  mutable absl::Mutex mu_;
  absl::Time now_ ABSL_GUARDED_BY(mu_);
};

}  // namespace eventwire

#endif  // EVENTWIRE_SRC_EVENTWIRE_CLOCK_H_
