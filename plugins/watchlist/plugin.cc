// The watchlist stage as an in-process plugin; its configuration is the
// YAML described in watchlist_stage.h.
#include "eventwire/plugin.h"

#include "watchlist_stage.h"

namespace {

absl::StatusOr<std::unique_ptr<eventwire::Stage>> MakeWatchlistStage(
    const std::string& config) {
  auto parsed = eventwire::watchlist::ParseWatchlistConfig(config);
  if (!parsed.ok()) return parsed.status();
  return std::make_unique<eventwire::watchlist::WatchlistStage>(
      std::move(*parsed));
}

}  // namespace

EVENTWIRE_PLUGIN(MakeWatchlistStage)
