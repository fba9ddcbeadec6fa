// The ingest stage as a gRPC service.
#include "eventwire/stage_server.h"
#include "ingest_stage.h"

int main(int argc, char** argv) {
  return eventwire::StageMain(
      argc, argv, "ingest",
      []() -> absl::StatusOr<std::unique_ptr<eventwire::Stage>> {
        return std::make_unique<eventwire::ingest::IngestStage>();
      });
}
