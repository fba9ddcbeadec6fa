// Registers the clean stage (stage_registry.h).
#include "clean_stage.h"
#include "eventwire/stage_registry.h"
#include "eventwire/word_list.h"

namespace eventwire::clean {
namespace {

EVENTWIRE_REGISTER_STAGE(
    clean,
    {.name = "clean",
     .summary = "the article's text from HTML or a text dump, with an offset "
                "map to the raw bytes",
     .port = 7402,
     .chain_position = 1,
     .settings = {},
     .create =
         [](const StageSettings&) -> absl::StatusOr<std::unique_ptr<Stage>> {
       // Its class and id words (resources/words): a missing folder fails
       // here, at start.
       if (auto st = LoadWordLists(ResourceDir()); !st.ok()) return st;
       return std::make_unique<CleanStage>();
     }});

}  // namespace
}  // namespace eventwire::clean
