// The topic stage as a gRPC service:
//   topic-stage --listen=127.0.0.1:7410
#include "eventwire/stage_server.h"
#include "topic_stage.h"

int main(int argc, char** argv) {
  return eventwire::StageMain(
      argc, argv, "topics",
      []() -> absl::StatusOr<std::unique_ptr<eventwire::Stage>> {
        return std::make_unique<TopicStage>("topics",
                                            TopicStage::DefaultTable());
      });
}
