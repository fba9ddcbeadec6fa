// Registers the ingest stage (stage_registry.h).
#include "eventwire/stage_registry.h"
#include "ingest_stage.h"

namespace eventwire::ingest {
namespace {

EVENTWIRE_REGISTER_STAGE(
    ingest,
    {.name = "ingest",
     .summary = "web pages, text dumps and crawler JSON Lines (gzip, any "
                "charset) to documents",
     .port = 7401,
     .chain_position = 0,
     .settings = {},
     .create =
         [](const StageSettings&) -> absl::StatusOr<std::unique_ptr<Stage>> {
       return std::make_unique<IngestStage>();
     }});

}  // namespace
}  // namespace eventwire::ingest
