// The event assembly stage as a gRPC service.
#include "absl/flags/flag.h"
#include "assemble_stage.h"
#include "eventwire/stage_server.h"

ABSL_FLAG(std::string, resources, "",
          "Folder with triggers.tsv (default: $EVENTWIRE_RESOURCES or the "
          "build's resources/)");

int main(int argc, char** argv) {
  return eventwire::StageMain(
      argc, argv, "assemble",
      []() -> absl::StatusOr<std::unique_ptr<eventwire::Stage>> {
        eventwire::assemble::AssembleOptions options;
        options.resource_dir = absl::GetFlag(FLAGS_resources);
        auto stage = eventwire::assemble::AssembleStage::Create(options);
        if (!stage.ok()) return stage.status();
        return std::unique_ptr<eventwire::Stage>(std::move(*stage));
      });
}
