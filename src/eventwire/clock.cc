#include "eventwire/clock.h"

namespace eventwire {
namespace {

class RealClock final : public Clock {
 public:
  absl::Time Now() const override { return absl::Now(); }
};

}  // namespace

const Clock& Clock::Real() {
  static const auto* clock = new RealClock();
  return *clock;
}

}  // namespace eventwire
