// The topic stage as an in-process plugin. Its configuration text (the
// pipeline file's plugin_config) names the stage; empty means
// "topics-plugin".
#include "eventwire/plugin.h"

#include "topic_stage.h"

namespace {

absl::StatusOr<std::unique_ptr<eventwire::Stage>> MakeTopicStage(
    const std::string& config) {
  std::string name = config.substr(0, config.find_first_of("\r\n"));
  if (name.empty()) name = "topics-plugin";
  return std::make_unique<TopicStage>(name, TopicStage::DefaultTable());
}

}  // namespace

EVENTWIRE_PLUGIN(MakeTopicStage)
