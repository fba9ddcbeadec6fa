// The casualties stage as an in-process plugin (no configuration).
#include "eventwire/plugin.h"

#include "casualties_stage.h"

namespace {

absl::StatusOr<std::unique_ptr<eventwire::Stage>> MakeCasualtiesStage(
    const std::string& config) {
  if (config.find_first_not_of(" \t\r\n") != std::string::npos)
    return absl::InvalidArgumentError(
        "the casualties plugin takes no configuration");
  return std::make_unique<eventwire::casualties::CasualtiesStage>();
}

}  // namespace

EVENTWIRE_PLUGIN(MakeCasualtiesStage)
