// Registers the assemble stage (stage_registry.h).
#include "assemble_stage.h"
#include "eventwire/stage_registry.h"

namespace eventwire::assemble {
namespace {

EVENTWIRE_REGISTER_STAGE(
    assemble,
    {.name = "assemble",
     .summary = "PLOVER events with their parties, place, date and "
                "evidence; quotes with their speakers",
     .port = 7404,
     .chain_position = 3,
     .settings = {{"resources", "",
                   "folder with triggers.tsv (default: $EVENTWIRE_RESOURCES "
                   "or the build's resources/)"}},
     .create = [](const StageSettings& settings)
         -> absl::StatusOr<std::unique_ptr<Stage>> {
       AssembleOptions options;
       options.resource_dir = settings.at("resources");
       auto stage = AssembleStage::Create(options);
       if (!stage.ok()) return stage.status();
       return std::unique_ptr<Stage>(std::move(*stage));
     }});

}  // namespace
}  // namespace eventwire::assemble
