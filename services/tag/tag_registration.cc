// Registers the tag stage (stage_registry.h).
#include "eventwire/stage_registry.h"
#include "tag_stage.h"

namespace eventwire::tag {
namespace {

EVENTWIRE_REGISTER_STAGE(
    tag,
    {.name = "tag",
     .summary = "sentences, tokens, parts of speech and dependencies, names, "
                "entities, countries and dates",
     .port = 7403,
     .chain_position = 2,
     .settings = {{"resources", "",
                   "folder with the gazetteers and models (default: "
                   "$EVENTWIRE_RESOURCES or the build's resources/)"},
                  {"parse", "true",
                   "tag parts of speech and parse dependencies "
                   "(syntax.model)"}},
     .create = [](const StageSettings& settings)
         -> absl::StatusOr<std::unique_ptr<Stage>> {
       TagOptions options;
       options.resource_dir = settings.at("resources");
       auto parse = BoolSetting(settings, "parse");
       if (!parse.ok()) return parse.status();
       options.parse = *parse;
       auto stage = TagStage::Create(options);
       if (!stage.ok()) return stage.status();
       return std::unique_ptr<Stage>(std::move(*stage));
     }});

}  // namespace
}  // namespace eventwire::tag
