// The watchlist plugin: marks the events in which a listed person,
// organisation or country acts or is acted on, with the label
// "watchlist:NAME"; `Subscribe` with that label follows only those events.
//
// Configuration (YAML):
//   name: sanctions-desk          # the list's name, in the label
//   stage_name: watchlist         # the stage's name in the pipeline (default)
//   entities: [Wagner Group, Yevgeny Prigozhin]   # names or aliases
//   countries: [RUS, BLR]         # ISO 3166 alpha-3 of actors' states
#ifndef EVENTWIRE_PLUGINS_WATCHLIST_WATCHLIST_STAGE_H_
#define EVENTWIRE_PLUGINS_WATCHLIST_WATCHLIST_STAGE_H_

#include <memory>
#include <set>
#include <string>

#include "absl/status/statusor.h"
#include "eventwire/stage.h"

namespace eventwire::watchlist {

struct WatchlistConfig {
  std::string name;
  std::string stage_name = "watchlist";
  // Folded for matching (FoldForMatch).
  std::set<std::string> entities;
  std::set<std::string> countries;
};

// Parses and checks the YAML; errors say which field.
absl::StatusOr<WatchlistConfig> ParseWatchlistConfig(const std::string& yaml);

class WatchlistStage final : public Stage {
 public:
  explicit WatchlistStage(WatchlistConfig config);
  v1::StageDescription Describe() const override;
  absl::Status Process(v1::Document& doc) const override;

 private:
  bool Watched(const v1::Actor& actor, const v1::Document& doc) const;

  const WatchlistConfig config_;
  const std::string label_;
};

}  // namespace eventwire::watchlist

#endif  // EVENTWIRE_PLUGINS_WATCHLIST_WATCHLIST_STAGE_H_
