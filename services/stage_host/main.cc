// eventwire-stage-host --plugin=PATH [--plugin_config=FILE] [--listen=...]
// Loads a plugin shared library and serves it as a stage with everything the
// built-in stages have: Describe, batching and streaming, health, reflection,
// graceful drain. A plugin that crashes takes only this process down; the
// coordinator dead-letters the document and carries on.
#include "absl/flags/flag.h"
#include "eventwire/plugin_loader.h"
#include "eventwire/stage_server.h"

ABSL_FLAG(std::string, plugin, "", "The plugin shared library to serve");
ABSL_FLAG(std::string, plugin_config, "",
          "A file whose text is handed to the plugin as its configuration");

int main(int argc, char** argv) {
  return eventwire::StageMain(
      argc, argv, "stage-host",
      []() -> absl::StatusOr<std::unique_ptr<eventwire::Stage>> {
        const std::string path = absl::GetFlag(FLAGS_plugin);
        if (path.empty())
          return absl::InvalidArgumentError("--plugin is required");
        return eventwire::LoadPluginWithConfigFile(
            path, absl::GetFlag(FLAGS_plugin_config));
      });
}
