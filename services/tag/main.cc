// The entity tagging stage as a gRPC service.
#include "absl/flags/flag.h"
#include "eventwire/stage_server.h"
#include "tag_stage.h"

ABSL_FLAG(std::string, resources, "",
          "Folder with gazetteer.tsv (default: $EVENTWIRE_RESOURCES or the "
          "build's resources/)");

ABSL_FLAG(bool, parse, true,
          "Tag parts of speech and parse dependencies (syntax.model)");

int main(int argc, char** argv) {
  return eventwire::StageMain(
      argc, argv, "tag",
      []() -> absl::StatusOr<std::unique_ptr<eventwire::Stage>> {
        eventwire::tag::TagOptions options;
        options.resource_dir = absl::GetFlag(FLAGS_resources);
        options.parse = absl::GetFlag(FLAGS_parse);
        auto stage = eventwire::tag::TagStage::Create(options);
        if (!stage.ok()) return stage.status();
        return std::unique_ptr<eventwire::Stage>(std::move(*stage));
      });
}
