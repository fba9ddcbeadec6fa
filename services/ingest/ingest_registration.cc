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
     .settings = {{"extracted", "false",
                   "plain text is already the extracted article: cleaning "
                   "keeps every line (a record's own \"extracted\" field "
                   "decides for it)"}},
     .create = [](const StageSettings& settings)
         -> absl::StatusOr<std::unique_ptr<Stage>> {
       auto extracted = BoolSetting(settings, "extracted");
       if (!extracted.ok()) return extracted.status();
       IngestOptions options;
       options.text_extracted = *extracted;
       return std::make_unique<IngestStage>(options);
     }});

}  // namespace
}  // namespace eventwire::ingest
