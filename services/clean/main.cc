// The cleaning stage as a gRPC service.
#include "clean_stage.h"
#include "eventwire/stage_server.h"

int main(int argc, char** argv) {
  return eventwire::StageMain(
      argc, argv, "clean",
      []() -> absl::StatusOr<std::unique_ptr<eventwire::Stage>> {
        return std::make_unique<eventwire::clean::CleanStage>();
      });
}
