// Registers the toy word-count stage (stage_registry.h).
#include "eventwire/stage_registry.h"
#include "word_count_stage.h"

namespace eventwire::toy {
namespace {

EVENTWIRE_REGISTER_STAGE(
    wordcount,
    {.name = "wordcount",
     .summary = "a toy: the number of words of the text, as an attribute",
     .port = 7499,
     .chain_position = -1,
     .settings = {{"attribute", "words", "the attribute the count goes in"}},
     .create = [](const StageSettings& settings)
         -> absl::StatusOr<std::unique_ptr<Stage>> {
       if (settings.at("attribute").empty())
         return absl::InvalidArgumentError("attribute must not be empty");
       return std::make_unique<WordCountStage>(settings.at("attribute"));
     }});

}  // namespace
}  // namespace eventwire::toy
